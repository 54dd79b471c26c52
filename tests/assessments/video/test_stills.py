"""Stills of flagged reps: the face is blurred before anything is stored, or no still is kept."""

from __future__ import annotations

import pytest

numpy = pytest.importorskip("numpy")
pytest.importorskip("cv2")

from assessments.video.stills import blur_face  # noqa: E402

WIDTH, HEIGHT = 200, 300


def face_landmarks(seen: float = 0.9) -> list[list[float]]:
    points = [[0.5, 0.8, 0.0, 0.9] for _ in range(33)]
    # Nose, eyes, ears and mouth around (100, 40) px.
    for index, (x, y) in enumerate(
        [
            (100, 40),
            (95, 35),
            (92, 35),
            (90, 35),
            (105, 35),
            (108, 35),
            (110, 35),
            (85, 38),
            (115, 38),
            (97, 48),
            (103, 48),
        ]
    ):
        points[index] = [x / WIDTH, y / HEIGHT, 0.0, seen]
    return points


def noisy_image() -> numpy.ndarray:
    return numpy.random.default_rng(1).integers(
        0, 255, (HEIGHT, WIDTH, 3), dtype=numpy.uint8
    )


def test_it_blurs_the_head_and_leaves_the_knees_alone() -> None:
    original = noisy_image()
    blurred = blur_face(original.copy(), face_landmarks())
    head = (slice(30, 50), slice(90, 110))
    knees = (slice(200, 260), slice(50, 150))
    # Random noise has a large spread; a blurred patch almost none.
    assert original[head].std() > 50
    assert blurred[head].std() < 10
    assert numpy.array_equal(blurred[knees], original[knees])


def test_no_still_without_a_face_to_blur() -> None:
    assert blur_face(noisy_image(), face_landmarks(seen=0.1)) is None
