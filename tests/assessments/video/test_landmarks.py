"""The landmarks document: every problem reported as `path: rule`, good documents read back."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from assessments.video.landmarks import (
    MAX_PROBLEMS,
    LandmarksError,
    landmarks_to_json,
    parse_landmarks,
)
from tests.assessments.video.synthetic import Squats, squat_document


def good() -> dict[str, Any]:
    return squat_document(Squats(reps=1))


def problems_of(document: object) -> list[str]:
    with pytest.raises(LandmarksError) as caught:
        parse_landmarks(document)
    return caught.value.problems


def test_it_reads_a_good_document_back_unchanged() -> None:
    document = good()
    parsed = parse_landmarks(document)
    assert parsed.view == "front" and parsed.width == 720 and parsed.height == 1280
    assert len(parsed.frames) == len(document["frames"])
    assert landmarks_to_json(parsed) == document


def test_it_accepts_points_out_of_frame() -> None:
    document = good()
    document["frames"][0]["landmarks"][27] = [1.4, -0.2, 0.0, 0.9]
    assert parse_landmarks(document).frames[0].landmarks[27].x == 1.4


def _with(path: str, value: object) -> dict[str, Any]:
    document = good()
    target: Any = document
    *parents, last = path.split("/")
    for part in parents:
        target = target[int(part) if part.isdigit() else part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return document


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("fps", 0, "fps:"),
        ("fps", -3, "fps:"),
        ("fps", "30", "fps:"),
        ("fps", True, "fps:"),
        ("fps", _DELETE, "fps: required"),
        ("width", 0, "width:"),
        ("width", 720.5, "width:"),
        ("height", _DELETE, "height: required"),
        ("view", "top", "view: must be one of front, side"),
        ("view", _DELETE, "view:"),
        ("colour", "blue", "colour: unknown key"),
        ("frames", [], "frames:"),
        ("frames", "many", "frames:"),
        ("frames/0", [], "frames[0]:"),
        ("frames/0/t", -1, "frames[0].t:"),
        ("frames/0/t", float("nan"), "frames[0].t:"),
        ("frames/0/t", _DELETE, "frames[0].t: required"),
        ("frames/0/t", 10**400, "frames[0].t:"),
        ("fps", 10**400, "fps:"),
        ("frames/0/speed", 2, "frames[0].speed: unknown key"),
        ("frames/0/landmarks", [[0, 0, 0, 1]] * 32, "frames[0].landmarks:"),
        ("frames/0/landmarks/5", [0.1, 0.2, 0.3], "frames[0].landmarks[5]:"),
        ("frames/0/landmarks/5", [0.1, 0.2, 0.3, "0.9"], "frames[0].landmarks[5]:"),
        (
            "frames/0/landmarks/5",
            [0.1, float("inf"), 0.3, 0.9],
            "frames[0].landmarks[5]:",
        ),
        ("frames/0/landmarks/5", [0.1, 0.2, 0.3, 1.5], "frames[0].landmarks[5][3]:"),
        ("frames/0/landmarks/5", [0.1, 0.2, 10**400, 0.9], "frames[0].landmarks[5]:"),
        ("frames/3/t", 0.0, "frames[3].t: must be later"),
    ],
)
def test_it_names_the_path_of_each_problem(
    path: str, value: object, expected: str
) -> None:
    problems = problems_of(_with(path, value))
    assert any(line.startswith(expected) for line in problems), problems


@pytest.mark.parametrize("document", [None, [], "frames", 3])
def test_it_rejects_a_document_that_is_not_an_object(document: object) -> None:
    assert problems_of(document) == ["(document): must be an object"]


def test_it_reports_every_problem_one_line_each() -> None:
    document = good()
    document["fps"] = 0
    document["view"] = "back"
    document["frames"][2]["landmarks"][0] = [0, 0, 0, 2]
    document["frames"][4]["t"] = "soon"
    assert [line.split(":")[0] for line in problems_of(document)] == [
        "fps",
        "view",
        "frames[2].landmarks[0][3]",
        "frames[4].t",
    ]


def test_it_caps_the_list_of_problems_for_a_corrupt_clip() -> None:
    document = good()
    for frame in document["frames"]:
        frame["landmarks"] = [[0, 0, 0, 7]] * 33
    problems = problems_of(copy.deepcopy(document))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].endswith("more problems not listed")
