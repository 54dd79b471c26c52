"""The findings contract from outside: `manage.py assess` as a script would call it."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from programs.models import Drill
from tests.assessments.core.test_contract import DESIGN_EXAMPLE
from tests.factory import load_library

pytestmark = pytest.mark.django_db

# The example session of DESIGN.md's findings contract.
EXAMPLE = DESIGN_EXAMPLE


def assess(payload: object, tmp_path: Path) -> tuple[int, str, str]:
    path = tmp_path / "session.json"
    path.write_text(
        payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    try:
        call_command("assess", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        assert isinstance(exit_.code, int)
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_prints_the_contract_document(tmp_path: Path) -> None:
    load_library()
    code, out, err = assess(EXAMPLE, tmp_path)
    assert code == 0, err
    document = json.loads(out)
    assert set(document) == {
        "findings",
        "refer_out",
        "status",
        "progression",
        "skipped",
        "unaddressed",
        "ladders",
        "dropped",
        "phase",
        "changes",
    }
    assert document["status"] == "program"
    # Without a current program every ladder starts, and there is no phase gate.
    assert document["phase"] is None
    assert document["dropped"] == []
    assert {entry["move"] for entry in document["ladders"]} == {"start"}
    codes = {(f["code"], f["side"]) for f in document["findings"]}
    assert ("ankle_dorsiflexion_restricted", "left") in codes
    assert ("knee_valgus", "left") in codes
    left = next(
        f for f in document["findings"] if f["code"] == "ankle_dorsiflexion_restricted"
    )
    assert left["severity"] == "moderate"
    assert left["evidence"][0] == {
        "field": "dorsiflexion.left_cm",
        "value": 6.0,
        "rule": left["evidence"][0]["rule"],
        "source": "seed-ktw-4in",
    }
    assert "10" in left["evidence"][0]["rule"]
    assert document["refer_out"] is False
    finding_codes = {f["code"] for f in document["findings"]}
    for phase in document["progression"]:
        assert set(phase) >= {"phase", "name", "weeks", "exit_criteria", "drills"}
        for drill in phase["drills"]:
            assert set(drill) >= {
                "slug",
                "name",
                "region",
                "purpose",
                "loaded",
                "side",
                "sets",
                "reps",
                "seconds",
                "tempo",
                "reasons",
                "cues",
            }
            assert drill["reasons"] and set(drill["reasons"]) <= finding_codes
    change = next(
        c for c in document["changes"] if c["field"] == "dorsiflexion.left_cm"
    )
    assert (
        change["from"],
        change["to"],
        change["delta"],
        change["mdc"],
        change["verdict"],
    ) == (4.0, 6.0, 2.0, 1.9, "improved")
    right = next(
        c for c in document["changes"] if c["field"] == "dorsiflexion.right_cm"
    )
    assert right["verdict"] == "within_error"


def test_the_same_input_gives_the_same_output(tmp_path: Path) -> None:
    load_library()
    assert assess(EXAMPLE, tmp_path)[1] == assess(EXAMPLE, tmp_path)[1]


def test_red_flags_refer_out_with_no_drill_at_all(tmp_path: Path) -> None:
    load_library()
    code, out, _ = assess({**EXAMPLE, "red_flags": ["swelling"]}, tmp_path)
    document = json.loads(out)
    assert code == 0 and document["refer_out"] is True
    assert document["status"] == "refer_out"
    assert document["progression"] == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"dorsiflexion": {"left_cm": 45}}, "dorsiflexion.left_cm:"),
        ({"dorsiflexion": {"left_cm": -1}}, "dorsiflexion.left_cm:"),
        ({"dorsiflexion": {"left_cm": "six"}}, "dorsiflexion.left_cm:"),
        ({"squat": {"knees_cave": {"left": "yes"}}}, "squat.knees_cave.left:"),
        ({"hip": {"abduction_mmt": {"right": 6}}}, "hip.abduction_mmt.right:"),
        ({"pain": {"knee_nrs": 11}}, "pain.knee_nrs:"),
        ({"colour": "blue"}, "colour:"),
        ({"red_flags": ["headache"]}, "red_flags[0]:"),
        ("{not json", "$: malformed JSON"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, payload: object, expected: str
) -> None:
    load_library()
    code, out, err = assess(payload, tmp_path)
    assert code == 2
    assert out == ""
    assert any(line.startswith(expected) for line in err.splitlines()), err


def test_it_reports_every_problem_one_line_each(tmp_path: Path) -> None:
    load_library()
    code, _, err = assess(
        {"dorsiflexion": {"left_cm": 99, "right_cm": -3}, "pain": {"knee_nrs": 20}},
        tmp_path,
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 3


def test_an_empty_drill_library_exits_2(tmp_path: Path) -> None:
    code, _, err = assess(EXAMPLE, tmp_path)
    assert code == 2
    assert "drill library: empty" in err


def test_it_reads_standard_input_as_a_real_process(tmp_path: Path) -> None:
    # A real process, on a fresh database file: migrate + load_drill_library must be enough.
    base = Path(__file__).resolve().parents[2]
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3",
        "HOME": str(tmp_path),
    }
    for command in (["migrate", "-v0"], ["load_drill_library"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=base,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    result = subprocess.run(
        [sys.executable, "manage.py", "assess", "-"],
        cwd=base,
        env=env,
        input=json.dumps(EXAMPLE),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"]
    bad = subprocess.run(
        [sys.executable, "manage.py", "assess", "-"],
        cwd=base,
        env=env,
        input='{"pain": {"knee_nrs": -2}}',
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("pain.knee_nrs:")


# --- version 2: contraindications, pain ceilings, clearance -------------------------


def drills_of(document: dict) -> list[dict]:
    return [drill for phase in document["progression"] for drill in phase["drills"]]


def test_it_skips_a_drill_the_client_contraindications_exclude(
    tmp_path: Path,
) -> None:
    load_library()
    # Only the codes this test sets, not the shipped ones.
    Drill.objects.update(contraindication_codes=[], max_pain=None)
    Drill.objects.filter(slug="banded-ankle-distraction").update(
        contraindication_codes=["no_kneeling"]
    )
    free = json.loads(assess(EXAMPLE, tmp_path)[1])
    assert "banded-ankle-distraction" in {d["slug"] for d in drills_of(free)}

    payload = {**EXAMPLE, "client": {"age": 34, "contraindications": ["no_kneeling"]}}
    code, out, err = assess(payload, tmp_path)

    assert code == 0, err
    document = json.loads(out)
    assert document["status"] == "program"
    assert "banded-ankle-distraction" not in {d["slug"] for d in drills_of(document)}
    assert document["skipped"] == [
        {
            "slug": "banded-ankle-distraction",
            "ladder": "ankle",
            "reason": "contraindication:no_kneeling",
        }
    ]
    assert document["unaddressed"] == []


@pytest.mark.parametrize(("knee_nrs", "given"), [(2, True), (3, False)])
def test_it_never_gives_a_drill_above_its_pain_ceiling(
    tmp_path: Path, knee_nrs: int, given: bool
) -> None:
    load_library()
    # Only the codes this test sets, not the shipped ones.
    Drill.objects.update(contraindication_codes=[], max_pain=None)
    Drill.objects.filter(slug="banded-ankle-distraction").update(max_pain=2)

    code, out, err = assess({**EXAMPLE, "pain": {"knee_nrs": knee_nrs}}, tmp_path)

    assert code == 0, err
    document = json.loads(out)
    slugs = {d["slug"] for d in drills_of(document)}
    assert ("banded-ankle-distraction" in slugs) is given
    assert (
        {"slug": "banded-ankle-distraction", "ladder": "ankle", "reason": "max_pain:2"}
        in document["skipped"]
    ) is not given


@pytest.mark.parametrize(
    ("red_flags", "cleared_on", "status", "built"),
    [
        (["swelling"], "2026-11-21", "cleared", True),
        (["swelling"], "2026-12-01", "cleared", True),
        (["swelling"], "2026-11-20", "refer_out", False),
        ([], "2026-10-01", "program", True),
    ],
)
def test_it_builds_from_red_flags_only_with_a_clearance_dated_on_or_after(
    tmp_path: Path,
    red_flags: list[str],
    cleared_on: str,
    status: str,
    built: bool,
) -> None:
    load_library()
    # Only the codes this test sets, not the shipped ones.
    Drill.objects.update(contraindication_codes=[], max_pain=None)
    Drill.objects.filter(slug="knee-to-wall-rocks").update(
        contraindication_codes=["no_deep_knee_flexion"]
    )
    payload = {
        **EXAMPLE,
        "red_flags": red_flags,
        "clearance": {
            "cleared_on": cleared_on,
            "by": "Dr A. Patel",
            "restrictions": ["no_deep_knee_flexion"],
        },
    }

    code, out, err = assess(payload, tmp_path)

    assert code == 0, err
    document = json.loads(out)
    assert document["status"] == status
    assert document["refer_out"] is bool(red_flags)
    assert bool(document["progression"]) is built
    if built:
        assert "knee-to-wall-rocks" not in {d["slug"] for d in drills_of(document)}
        assert {
            "slug": "knee-to-wall-rocks",
            "ladder": "ankle",
            "reason": "contraindication:no_deep_knee_flexion",
        } in document["skipped"]
    else:
        assert (document["skipped"], document["unaddressed"]) == ([], [])
    if status == "cleared":
        early = document["progression"][:2]
        assert not [d for p in early for d in p["drills"] if d["loaded"]]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"client": {"contraindications": ["no_running"]}},
            "client.contraindications[0]: must be one of no_kneeling,",
        ),
        (
            {"clearance": {"cleared_on": "2026-12-01", "restrictions": ["nope"]}},
            "clearance.restrictions[0]: must be one of no_kneeling,",
        ),
        (
            {"clearance": {"cleared_on": "1 Dec 2026"}},
            "clearance.cleared_on: must be a date as YYYY-MM-DD",
        ),
    ],
)
def test_bad_codes_and_clearances_exit_2_naming_the_field(
    tmp_path: Path, payload: dict, expected: str
) -> None:
    load_library()
    code, out, err = assess({**EXAMPLE, **payload}, tmp_path)
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith(expected), err


def test_the_same_input_with_codes_and_clearance_gives_the_same_output(
    tmp_path: Path,
) -> None:
    load_library()
    # Only the codes this test sets, not the shipped ones.
    Drill.objects.update(contraindication_codes=[], max_pain=None)
    Drill.objects.filter(slug="clamshell").update(
        contraindication_codes=["no_kneeling"], max_pain=1
    )
    payload = {
        **EXAMPLE,
        "client": {"contraindications": ["no_kneeling", "no_loading"]},
        "red_flags": ["locking"],
        "clearance": {"cleared_on": "2026-11-22", "restrictions": ["no_single_leg"]},
    }
    first = assess(payload, tmp_path)[1]
    assert json.loads(first)["status"] == "cleared"
    assert first == assess(payload, tmp_path)[1]


# --- version 2: current program, log, ladders and phase, as a real process ----------

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh database file: `migrate` and `load_drill_library`, nothing else."""
    home = tmp_path_factory.mktemp("assess-v2")
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{home}/fresh.sqlite3",
        "HOME": str(home),
    }
    for command in (["migrate", "-v0"], ["load_drill_library"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return env


def assess_process(env: dict[str, str], text: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "assess", "-"],
        cwd=BASE_DIR,
        env=env,
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
    )


V2_EXAMPLE = {
    **EXAMPLE,
    "client": {"age": 34, "contraindications": ["no_kneeling"]},
    "current_program": {
        "phase": 2,
        "started_on": "2026-11-01",
        "rungs": {"ankle": "calf-soleus-stretch", "knee_control": "lateral-step-down"},
    },
    "log": [
        {
            "date": "2026-11-18",
            "drill": "lateral-step-down",
            "pain_during": 5,
            "pain_next_day": 4,
        }
    ],
}


def test_version_2_fields_come_out_of_a_real_process(fresh_env: dict[str, str]) -> None:
    result = assess_process(fresh_env, json.dumps(V2_EXAMPLE))

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    moves = {entry["ladder"]: entry for entry in document["ladders"]}
    knee = moves["knee_control"]
    assert (knee["from"], knee["to"], knee["move"]) == (
        "lateral-step-down",
        "supported-step-down",
        "down",
    )
    assert (
        knee["reasons"][0] == "knee pain 5/10 during Lateral step-down on 18 November"
    )
    assert moves["ankle"]["from"] == "calf-soleus-stretch"
    assert moves["ankle"]["move"] in ("up", "hold")
    assert document["phase"]["current"] == 2
    assert document["phase"]["next"] == 2  # 20 days in, criteria unmet
    assert document["phase"]["unmet"]
    assert document["progression"][0]["phase"] == 2


def test_keys_reordered_give_the_same_output_from_a_real_process(
    fresh_env: dict[str, str],
) -> None:
    def reordered(value: object) -> object:
        if isinstance(value, dict):
            return {key: reordered(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return [reordered(item) for item in value]
        return value

    first = assess_process(fresh_env, json.dumps(V2_EXAMPLE))
    second = assess_process(fresh_env, json.dumps(reordered(V2_EXAMPLE)))

    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_a_footwear_change_gives_not_comparable_rows(fresh_env: dict[str, str]) -> None:
    payload = {
        **EXAMPLE,
        "previous": {
            "assessed_on": "2026-10-20",
            "dorsiflexion": {"left_cm": 4.0, "right_cm": 11.0, "footwear": "shoes"},
        },
    }

    document = json.loads(assess_process(fresh_env, json.dumps(payload)).stdout)

    assert [(c["field"], c["verdict"]) for c in document["changes"]] == [
        ("dorsiflexion.left_cm", "not_comparable"),
        ("dorsiflexion.right_cm", "not_comparable"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2]", ["(document): must be an object"]),
        (
            '{"assessed_on": "2026-11-21", "pain": {"knee_nrs": 1, "knee_nrs": 2}}',
            ["pain.knee_nrs: duplicate key"],
        ),
        (
            json.dumps(
                {"assessed_on": "2026-11-21", "previous": {"assessed_on": "2026-11-22"}}
            ),
            ["previous.assessed_on: must be on or before assessed_on (2026-11-21)"],
        ),
        (
            json.dumps({"client": {"contraindications": ["no_running"]}}),
            [
                "client.contraindications[0]: must be one of no_kneeling, no_deep_knee_flexion, "
                "no_loading, no_single_leg, no_impact, irritable_anterior_knee"
            ],
        ),
        (
            json.dumps(
                {
                    "current_program": {
                        "phase": 1,
                        "started_on": "2026-11-01",
                        "rungs": {"ankle": "moon-walk", "knee_control": "clamshell"},
                    }
                }
            ),
            [
                "current_program.rungs.ankle: moon-walk is not a drill of the library",
                "current_program.rungs.knee_control: clamshell is not on the knee_control ladder",
            ],
        ),
        (
            json.dumps(
                {
                    "log": [
                        {"date": "2026-11-18", "drill": "moon-walk"},
                        {"date": "2026-11-18", "drill": "clamshell", "pain_during": 11},
                    ]
                }
            ),
            [
                "log[0].drill: moon-walk is not a drill of the library",
                "log[1].pain_during: must be between 0 and 10",
            ],
        ),
    ],
)
def test_each_new_kind_of_bad_input_exits_2_one_line_per_problem(
    fresh_env: dict[str, str], text: str, expected: list[str]
) -> None:
    result = assess_process(fresh_env, text)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == expected
