"""`manage.py analyse_squat` as a script would call it: a real process, good and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.assessments.video import real_media
from tests.assessments.video.synthetic import Squats, squat_document

BASE = Path(__file__).resolve().parents[3]
CLIP = Squats(reps=2, fppa_bottom=(14.0, 0.0))


def run(
    tmp_path: Path, *arguments: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "analyse_squat", *arguments],
        cwd=BASE,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_prints_the_analysis_of_a_landmarks_file(tmp_path: Path) -> None:
    path = tmp_path / "landmarks.json"
    path.write_text(json.dumps(squat_document(CLIP)), encoding="utf-8")
    result = run(tmp_path, str(path))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["quality"] == {"ok": True, "reasons": []}
    assert len(document["reps"]) == 2
    assert [(f["code"], f["side"]) for f in document["flags"]] == [
        ("knee_valgus", "left")
    ]


def test_it_reads_standard_input(tmp_path: Path) -> None:
    result = run(tmp_path, "-", stdin=json.dumps(squat_document(CLIP)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["frames"] == len(squat_document(CLIP)["frames"])


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("{not json", ["$: malformed JSON at line 1 column 2"]),
        ('{"fps": 30}', ["width:", "height:", "view:", "frames:"]),
        (
            '{"fps": -1, "view": "top", "width": 720, "height": 1280, "frames": [{"t": 0, "landmarks": []}], "zoom": 2}',
            ["zoom: unknown key", "fps:", "view:", "frames[0].landmarks:"],
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(
    tmp_path: Path, payload: str, expected: list[str]
) -> None:
    result = run(tmp_path, "-", stdin=payload)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected), lines
    for prefix in expected:
        assert any(line.startswith(prefix) for line in lines), lines


def test_a_view_that_contradicts_the_document_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "landmarks.json"
    path.write_text(json.dumps(squat_document(CLIP)), encoding="utf-8")
    result = run(tmp_path, str(path), "--view", "side")
    assert result.returncode == 2
    assert result.stderr.startswith("--view:")


def test_a_video_needs_a_view(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    result = run(tmp_path, str(clip))
    assert result.returncode == 2
    assert result.stderr.strip() == "--view: required for a video (front or side)"


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(tmp_path, str(tmp_path / "nowhere.mp4"), "--view", "front")
    assert result.returncode == 2
    assert "cannot read" in result.stderr


@pytest.mark.pose
def test_a_file_that_is_not_a_video_exits_2_with_a_plain_message(
    tmp_path: Path,
) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(b"\x00\x01 not a video" * 50)
    result = run(tmp_path, str(fake), "--view", "front")
    assert result.returncode == 2
    assert result.stdout == ""
    # Native libraries may log a start-up line of their own; ours comes last.
    assert (
        result.stderr.strip().splitlines()[-1] == f"{fake}: cannot be read as a video"
    )


@pytest.mark.pose
def test_it_analyses_a_real_clip(tmp_path: Path) -> None:
    try:
        person = real_media.standing_person_bgr()
    except real_media.MediaUnavailable as error:
        pytest.skip(f"test photograph unavailable: {error}")
    clip = real_media.write_still_clip(person, tmp_path / "still.mp4", seconds=2)
    result = run(tmp_path, str(clip), "--view", "front", "--fps", "15")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["view"] == "front"
    assert document["frames"] == 30
    assert document["reps"] == []  # a person standing still squats no rep
    assert document["flags"] == []


def test_a_server_without_the_pose_model_says_so_and_exits_1(tmp_path: Path) -> None:
    # A mediapipe that cannot be imported, shadowing the installed one.
    broken = tmp_path / "shadow" / "mediapipe"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('no pose model here')\n")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(broken.parent),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "analyse_squat", str(clip), "--view", "front"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("The pose model is not available on this server")
