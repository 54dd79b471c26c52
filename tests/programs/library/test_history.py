"""Who changed what and when on every drill, with the previous values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from programs.library.files import read_library
from programs.library.history import revision_views
from programs.library.services import UP, drill_move
from programs.models import Drill, DrillRevision
from tests.factory import load_library, make_library_editor
from tests.programs.library.admin_helpers import (
    change_payload,
    code_names_shown,
    signed_in,
    visible_text,
)

pytestmark = pytest.mark.django_db


def test_an_admin_edit_records_its_author_and_the_previous_values() -> None:
    load_library()
    editor = make_library_editor(first_name="Lee", last_name="Chan")
    drill = Drill.objects.get(slug="glute-bridge")
    old_cues, old_sets = list(drill.cues), drill.sets
    response = signed_in(editor).post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(drill, cues="Ribs down\nSqueeze at the top", sets=old_sets + 1),
    )
    assert response.status_code == 302
    revision = drill.revisions.filter(source=DrillRevision.Source.ADMIN).get()
    assert revision.author == editor
    assert revision.changes == {
        "sets": [old_sets, old_sets + 1],
        "cues": [old_cues, ["Ribs down", "Squeeze at the top"]],
    }


def test_a_save_without_changes_records_nothing() -> None:
    load_library()
    drill = Drill.objects.get(slug="glute-bridge")
    before = DrillRevision.objects.count()
    signed_in(make_library_editor()).post(
        f"/admin/programs/drill/{drill.pk}/change/", change_payload(drill)
    )
    assert DrillRevision.objects.count() == before


def test_the_history_page_shows_who_changed_what() -> None:
    load_library()
    editor = make_library_editor(first_name="Lee", last_name="Chan")
    drill = Drill.objects.get(slug="glute-bridge")
    browser = signed_in(editor)
    browser.post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(drill, name="Glute bridge, paused"),
    )
    page = browser.get(f"/admin/programs/drill/{drill.pk}/history/").content.decode()
    assert "Lee Chan" in page
    assert "<td>Glute bridge</td><td>Glute bridge, paused</td>" in page
    assert "library file" in page  # the load that created it
    change_page = browser.get(
        f"/admin/programs/drill/{drill.pk}/change/"
    ).content.decode()
    assert "Glute bridge, paused" in change_page and "Full history" in change_page


def test_the_library_file_is_the_author_of_a_command_load(tmp_path: Path) -> None:
    load_library()
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "glute-bridge")["name"] = (
        "Bridge"
    )
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("load_drill_library", str(path), stdout=None)
    revision = (
        Drill.objects.get(slug="glute-bridge").revisions.exclude(created=True).get()
    )
    assert revision.author is None
    assert revision.source == DrillRevision.Source.LIBRARY_FILE
    assert revision.changes == {"name": ["Glute bridge", "Bridge"]}
    [view] = revision_views([revision])
    assert view.who == "library file"


def test_a_load_records_relinked_rungs(tmp_path: Path) -> None:
    load_library()
    data = read_library()
    rows = {row["slug"]: row for row in data["drills"]}
    rows["calf-soleus-stretch"]["next"] = "knee-to-wall-rocks"
    rows["banded-ankle-distraction"]["next"] = "calf-soleus-stretch"
    rows["knee-to-wall-rocks"]["next"] = "weighted-dorsiflexion-pulses"
    data["drills"] = [rows.pop("banded-ankle-distraction"), *rows.values()]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("load_drill_library", str(path), stdout=None)
    revision = (
        Drill.objects.get(slug="calf-soleus-stretch")
        .revisions.exclude(created=True)
        .get()
    )
    assert revision.changes["next_rung"] == [
        "banded-ankle-distraction",
        "knee-to-wall-rocks",
    ]
    assert revision.changes["rung"] == [1, 2]


def test_a_move_records_every_drill_it_relinked() -> None:
    load_library()
    editor = make_library_editor()
    drill = Drill.objects.get(slug="banded-ankle-distraction")
    drill_move(
        drill=drill, direction=UP, author=editor, source=DrillRevision.Source.ADMIN
    )
    moved = DrillRevision.objects.filter(author=editor)
    by_slug = {revision.drill.slug: revision.changes for revision in moved}
    assert by_slug["banded-ankle-distraction"]["rung"] == [2, 3]
    assert by_slug["knee-to-wall-rocks"]["rung"] == [3, 2]
    assert by_slug["calf-soleus-stretch"]["next_rung"] == [
        "banded-ankle-distraction",
        "knee-to-wall-rocks",
    ]
    # The history names the rungs, not their slugs.
    [view] = revision_views(moved.filter(drill__slug="calf-soleus-stretch"))
    [line] = [line for line in view.lines if line.field.startswith("Next rung")]
    assert (line.before, line.after) == (
        "Banded ankle distraction",
        "Knee-to-wall rocks",
    )


def test_the_history_view_is_for_library_editors_only() -> None:
    from tests.factory import make_coach

    load_library()
    drill = Drill.objects.get(slug="glute-bridge")
    response = signed_in(make_coach()).get(f"/admin/programs/drill/{drill.pk}/history/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


def test_it_shows_restrictions_and_ceilings_in_words_in_the_history() -> None:
    load_library()
    drill = Drill.objects.get(slug="couch-stretch")
    browser = signed_in(make_library_editor())
    browser.post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(
            drill,
            contraindication_codes=["no_kneeling", "no_impact"],
            max_pain="1",
        ),
    )
    revision = drill.revisions.filter(source=DrillRevision.Source.ADMIN).get()
    assert revision.changes == {
        "contraindication_codes": [
            ["no_kneeling", "no_deep_knee_flexion", "irritable_anterior_knee"],
            ["no_kneeling", "no_impact"],
        ],
        "max_pain": [3, 1],
    }
    [view] = revision_views([revision])
    assert [(line.field, line.before, line.after) for line in view.lines] == [
        (
            "Ruled out for clients with",
            "No kneeling · No deep knee bending (past about 90 degrees) · "
            "Irritable front of the knee: no kneeling stretch, no deep loaded bending",
            "No kneeling · No impact (jumping, hopping, running)",
        ),
        ("Pain ceiling", "up to 3/10", "up to 1/10"),
    ]
    for url in (
        f"/admin/programs/drill/{drill.pk}/history/",
        f"/admin/programs/drill/{drill.pk}/change/",
    ):
        page = browser.get(url).content.decode()
        assert "No impact (jumping, hopping, running)" in visible_text(page)
        assert code_names_shown(page) == []


def test_the_change_page_and_history_show_ladders_regions_and_purposes_in_words() -> (
    None
):
    load_library()
    # The ladder's first rung: no drill names it as its next rung.
    drill = Drill.objects.get(ladder="hip_flexors", rung=1)
    browser = signed_in(make_library_editor())
    response = browser.post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(
            drill,
            ladder="adductor_mobility",
            purpose="strength",
            next_rung="",
        ),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.ladder == "adductor_mobility"
    revision = drill.revisions.filter(source=DrillRevision.Source.ADMIN).get()
    [view] = revision_views([revision])
    lines = {line.field: (line.before, line.after) for line in view.lines}
    assert lines["Ladder"] == ("Hip flexors", "Adductor mobility")
    assert lines["Purpose"] == ("Mobility", "Strength")
    for url in (
        f"/admin/programs/drill/{drill.pk}/history/",
        f"/admin/programs/drill/{drill.pk}/change/",
    ):
        text = visible_text(browser.get(url).content.decode())
        assert "Adductor mobility" in text
        for code in ("adductor_mobility", "hip_flexors", "Media url", "Finding codes"):
            assert code not in text, (url, code)
    change = browser.get(f"/admin/programs/drill/{drill.pk}/change/").content.decode()
    assert "Findings it addresses" in change and "Video or image link" in change
    # The stored key stays the option's value.
    assert (
        '<option value="adductor_mobility" selected>Adductor mobility</option>'
        in change
    )


def test_a_new_ladder_is_named_in_words_and_stored_as_a_key() -> None:
    load_library()
    drill = Drill.objects.get(ladder="hip_flexors", rung=1)
    response = signed_in(make_library_editor()).post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(drill, ladder="", new_ladder="Calf strength", next_rung=""),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.ladder == "calf_strength"


def test_a_drill_without_a_ladder_gets_a_field_message() -> None:
    load_library()
    drill = Drill.objects.get(slug="couch-stretch")
    response = signed_in(make_library_editor()).post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(drill, ladder="", new_ladder="  "),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ladder"] == [
        "Pick the drill's ladder, or name a new one below."
    ]


def test_a_ladder_move_refused_names_the_ladder_in_words() -> None:
    load_library()
    drill = Drill.objects.get(slug="couch-stretch")
    response = signed_in(make_library_editor()).post(
        f"/admin/programs/drill/{drill.pk}/change/",
        change_payload(drill, ladder="adductor_mobility", next_rung=""),
    )
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["ladder"]
    assert "on the ladder “Hip flexors”: take it out" in message
