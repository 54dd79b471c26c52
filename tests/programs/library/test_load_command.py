from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from programs.library.files import LIBRARY_PATH, library_export, read_library
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
        Drill.objects.get(previous_rung__slug="banded-ankle-distraction").slug
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


# --- contraindication codes and pain ceilings (CLINICAL.md section 9) ----------------


def test_it_loads_the_codes_and_the_pain_ceiling_of_every_drill() -> None:
    run()
    couch = Drill.objects.get(slug="couch-stretch")
    assert {"irritable_anterior_knee", "no_kneeling"} <= set(
        couch.contraindication_codes
    )
    squat = Drill.objects.get(slug="loaded-front-squat")
    assert "no_loading" in squat.contraindication_codes and squat.max_pain == 2
    assert Drill.objects.get(slug="glute-bridge").max_pain is None


def test_it_keeps_the_codes_and_the_ceiling_through_export_and_load(
    tmp_path: Path,
) -> None:
    run()
    Drill.objects.filter(slug="glute-bridge").update(
        contraindication_codes=["no_impact"], max_pain=0
    )
    exported = library_export()
    row = next(row for row in exported["drills"] if row["slug"] == "glute-bridge")
    assert (row["contraindication_codes"], row["max_pain"]) == (["no_impact"], 0)
    out = tmp_path / "export.json"
    call_command("export_drill_library", "-o", str(out), stderr=StringIO())
    Drill.objects.all().update(next_rung=None)
    Drill.objects.all().delete()
    run(str(out))
    drill = Drill.objects.get(slug="glute-bridge")
    assert (drill.contraindication_codes, drill.max_pain) == (["no_impact"], 0)
    assert library_export() == exported


def test_it_loads_a_file_from_before_the_codes_with_none(tmp_path: Path) -> None:
    data = read_library()
    for row in data["drills"]:
        del row["contraindication_codes"], row["max_pain"]
    run(write_library(tmp_path, data))
    drill = Drill.objects.get(slug="couch-stretch")
    assert (drill.contraindication_codes, drill.max_pain) == ([], None)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        (
            "contraindication_codes",
            ["no_kneeling", "no_running"],
            "couch-stretch: contraindication_codes: unknown code 'no_running'",
        ),
        (
            "contraindication_codes",
            "no_kneeling",
            "couch-stretch: contraindication_codes: must be a list of codes",
        ),
        (
            "contraindication_codes",
            ["no_kneeling", "no_kneeling"],
            "couch-stretch: contraindication_codes: 'no_kneeling' is listed twice",
        ),
        ("max_pain", 11, "couch-stretch: max_pain: 11 is not a pain ceiling"),
        ("max_pain", -1, "couch-stretch: max_pain: -1 is not a pain ceiling"),
        ("max_pain", "3", "couch-stretch: max_pain: '3' is not a pain ceiling"),
        ("max_pain", 2.5, "couch-stretch: max_pain: 2.5 is not a pain ceiling"),
        ("max_pain", True, "couch-stretch: max_pain: True is not a pain ceiling"),
    ],
)
@pytest.mark.parametrize("loaded_before", [False, True])
def test_it_refuses_a_bad_code_or_ceiling_in_dry_run_and_load_with_the_same_message(
    tmp_path: Path, field: str, value: object, words: str, loaded_before: bool
) -> None:
    if loaded_before:
        run()
    before = list(Drill.objects.order_by("slug").values())
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "couch-stretch")[field] = value
    path = write_library(tmp_path, data)
    with pytest.raises(CommandError) as dry_run:
        run(path, "--dry-run")
    with pytest.raises(CommandError) as load:
        run(path)
    assert words in str(load.value)
    assert str(dry_run.value) == str(load.value)
    assert list(Drill.objects.order_by("slug").values()) == before


def test_it_runs_the_model_checks_in_the_dry_run_too(tmp_path: Path) -> None:
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "glute-bridge")["region"] = (
        "elbow"
    )
    path = write_library(tmp_path, data)
    with pytest.raises(CommandError) as dry_run:
        run(path, "--dry-run")
    with pytest.raises(CommandError) as load:
        run(path)
    assert "glute-bridge: region: Value 'elbow' is not a valid choice." in str(
        load.value
    )
    assert str(dry_run.value) == str(load.value)
    assert Drill.objects.count() == 0


def test_it_reports_a_changed_code_and_keeps_it_in_the_history(tmp_path: Path) -> None:
    run()
    data = read_library()
    row = next(row for row in data["drills"] if row["slug"] == "glute-bridge")
    row["contraindication_codes"] = ["no_impact"]
    row["max_pain"] = 4
    path = write_library(tmp_path, data)
    assert "changed glute-bridge: contraindication_codes, max_pain" in run(
        path, "--dry-run"
    )
    assert "changed glute-bridge: contraindication_codes, max_pain" in run(path)
    drill = Drill.objects.get(slug="glute-bridge")
    assert drill.revisions.exclude(created=True).get().changes == {
        "contraindication_codes": [[], ["no_impact"]],
        "max_pain": [None, 4],
    }
