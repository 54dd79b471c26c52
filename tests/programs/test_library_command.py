from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from programs.library import LIBRARY_PATH, library_export, read_library
from programs.models import Drill

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_drill_library", *args, stdout=out)
    return out.getvalue()


def write_library(tmp_path: Path, data: dict) -> str:
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_it_loads_the_bundled_library_with_every_ladder_linked() -> None:
    output = run()
    data = read_library()
    assert f"{len(data['drills'])} drills were added" in output
    assert Drill.objects.count() == len(data["drills"]) >= 40
    ankle = list(
        Drill.objects.filter(ladder="ankle")
        .order_by("rung")
        .values_list("slug", flat=True)
    )
    assert ankle == [
        "calf-soleus-stretch",
        "banded-ankle-distraction",
        "knee-to-wall-rocks",
        "weighted-dorsiflexion-pulses",
        "split-squat-forward-knee-travel",
    ]
    assert (
        Drill.objects.get(slug="banded-ankle-distraction").next_rung.slug
        == "knee-to-wall-rocks"
    )


def test_it_is_idempotent() -> None:
    run()
    before = list(Drill.objects.order_by("slug").values())
    output = run()
    assert "0 drills were added, 0 were changed" in output
    assert list(Drill.objects.order_by("slug").values()) == before


def test_it_updates_by_slug_and_reports_the_change(tmp_path: Path) -> None:
    run()
    data = read_library()
    row = next(d for d in data["drills"] if d["slug"] == "glute-bridge")
    row["cues"] = ["Drive through the heel", "Ribs down"]
    output = run(write_library(tmp_path, data))
    assert "changed glute-bridge: cues" in output
    assert Drill.objects.get(slug="glute-bridge").cues == [
        "Drive through the heel",
        "Ribs down",
    ]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    run()
    data = read_library()
    next(d for d in data["drills"] if d["slug"] == "glute-bridge")["name"] = (
        "Bridge, renamed"
    )
    output = run(write_library(tmp_path, data), "--dry-run")
    assert "would be changed" in output and "glute-bridge: name" in output
    assert Drill.objects.get(slug="glute-bridge").name != "Bridge, renamed"


def test_it_refuses_a_ladder_with_a_cycle(tmp_path: Path) -> None:
    data = read_library()
    by_slug = {d["slug"]: d for d in data["drills"]}
    by_slug["split-squat-forward-knee-travel"]["next"] = "calf-soleus-stretch"
    with pytest.raises(CommandError, match="broken ladder"):
        run(write_library(tmp_path, data))
    assert Drill.objects.count() == 0


def test_it_refuses_a_link_to_an_unknown_slug(tmp_path: Path) -> None:
    data = read_library()
    data["drills"][0]["next"] = "no-such-drill"
    with pytest.raises(CommandError, match="no-such-drill"):
        run(write_library(tmp_path, data))


def test_it_refuses_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a Weaklink drill library"):
        run(write_library(tmp_path, {"drills": []}))


def test_export_then_import_gives_an_identical_library(tmp_path: Path) -> None:
    run()
    exported = library_export()
    original = read_library()
    assert sorted(exported["drills"], key=lambda d: d["slug"]) == sorted(
        original["drills"], key=lambda d: d["slug"]
    )
    Drill.objects.all().update(next_rung=None)
    Drill.objects.all().delete()
    run(write_library(tmp_path, exported))
    assert library_export() == exported


def test_the_bundled_file_is_the_default_path() -> None:
    assert LIBRARY_PATH.name == "drill_library.json" and LIBRARY_PATH.exists()


# --- published programs pin their drills' places, as in the admin -----------------


def used_slug(*, publish: bool) -> tuple[str, str]:
    """A drill a program uses, and that program's client's name."""
    from tests.factory import make_program

    program = make_program(publish=publish)
    prescription = (
        program.phases.get(number=1).prescriptions.select_related("drill").first()
    )
    return prescription.drill.slug, program.client.name


def moved_to_another_ladder(data: dict, slug: str) -> dict:
    """The file with `slug` taken out of its ladder (the gap closed) onto a ladder of its own."""
    rows = {row["slug"]: row for row in data["drills"]}
    moved = rows[slug]
    for row in rows.values():
        if row.get("next") == slug:
            row["next"] = moved.get("next")
    moved["ladder"] = "elsewhere"
    moved["next"] = None
    return data


def test_it_refuses_to_move_a_drill_that_published_programs_use(
    tmp_path: Path,
) -> None:
    slug, client_name = used_slug(publish=True)
    before = Drill.objects.get(slug=slug)
    path = write_library(tmp_path, moved_to_another_ladder(read_library(), slug))
    with pytest.raises(CommandError) as refused:
        run(path)
    message = str(refused.value)
    assert f"{slug}: moving it to the ladder 'elsewhere' would orphan a rung" in message
    assert client_name in message
    after = Drill.objects.get(slug=slug)
    assert (after.ladder, after.next_rung_id) == (before.ladder, before.next_rung_id)
    # A dry run says the same.
    with pytest.raises(CommandError, match="would orphan a rung"):
        run(path, "--dry-run")


def test_a_draft_does_not_pin_a_drill(tmp_path: Path) -> None:
    slug, _ = used_slug(publish=False)
    path = write_library(tmp_path, moved_to_another_ladder(read_library(), slug))
    run(path)
    assert Drill.objects.get(slug=slug).ladder == "elsewhere"


def test_unlinking_the_next_rung_of_a_used_drill_is_refused(tmp_path: Path) -> None:
    slug, _ = used_slug(publish=True)
    data = read_library()
    rows = {row["slug"]: row for row in data["drills"]}
    if not rows[slug].get("next"):
        pytest.skip("the program's first drill is the top of its ladder")
    # Cut the ladder above the drill: its old next rung starts a ladder of its own.
    rows[slug]["next"] = None
    with pytest.raises(CommandError, match=f"{slug}: it would lose its next rung"):
        run(write_library(tmp_path, data))


def test_cue_changes_to_used_drills_load(tmp_path: Path) -> None:
    slug, _ = used_slug(publish=True)
    data = read_library()
    row = next(row for row in data["drills"] if row["slug"] == slug)
    row["cues"] = ["A clearer cue", *row["cues"][1:]]
    assert f"changed {slug}: cues" in run(write_library(tmp_path, data))
    assert Drill.objects.get(slug=slug).cues[0] == "A clearer cue"
