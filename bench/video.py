"""CPU cost of the squat video analysis: seconds per 10 s clip at 10 and 15 frames per second.

The clip is made at run time (nothing is committed): a real photograph of a
man standing, from the sports2d demo clip (tests/assessments/video/real_media.py
says where it comes from and its licence), scaled into a 720 x 1280 portrait
frame like a phone's, 30 frames per second, moving up and down as a squatting
body does, with a pixel or two of hand shake. Run with `make bench-video`.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import numpy

from assessments.video import model
from assessments.video.analysis import SquatAnalysis, analyse_squat
from assessments.video.landmarks import parse_landmarks
from tests.assessments.video import real_media

WIDTH, HEIGHT, FPS, SECONDS = 720, 1280, 30, 10
RUNS = 3


def phone_clip(path: Path) -> Path:
    person = real_media.standing_person_bgr()
    scale = 1000 / person.shape[0]
    person = cv2.resize(person, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    canvas = cv2.resize(person[:, :1].copy(), (WIDTH, HEIGHT + 200))  # a plain backdrop
    top, left = 150, (WIDTH - person.shape[1]) // 2
    canvas[top : top + person.shape[0], left : left + person.shape[1]] = person
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, (WIDTH, HEIGHT)
    )
    for index in range(FPS * SECONDS):
        t = index / FPS
        bob = 80 * (1 - math.cos(2 * math.pi * t / 2.5)) / 2 if t > 1 else 0
        shake = numpy.array(
            [[1, 0, index % 5 - 2], [0, 1, index % 3 - 1 - bob]], dtype=numpy.float32
        )
        frame = cv2.warpAffine(canvas, shake, (WIDTH, HEIGHT + 200))[:HEIGHT]
        writer.write(frame)
    writer.release()
    return path


def cpu[T](action: Callable[[], T]) -> tuple[float, float, T]:
    """CPU seconds of this process (every thread, user and system) and wall seconds."""
    wall, start = time.perf_counter(), time.process_time()
    result = action()
    return time.process_time() - start, time.perf_counter() - wall, result


def _analysed(data: object) -> SquatAnalysis:
    return analyse_squat(document=parse_landmarks(data))


def decode_only(path: Path) -> int:
    capture = cv2.VideoCapture(str(path))
    frames = 0
    while capture.grab():
        frames += 1
    capture.release()
    return frames


def model_per_frame(path: Path, step: int) -> list[float]:
    """CPU milliseconds of pose.process alone for each sampled frame, in tracking mode."""
    capture = cv2.VideoCapture(str(path))
    images = []
    index = 0
    while capture.grab():
        if index % step == 0:
            images.append(cv2.cvtColor(capture.retrieve()[1], cv2.COLOR_BGR2RGB))
        index += 1
    capture.release()
    costs = []
    with model.open_pose() as pose:
        for image in images:
            start = time.process_time()
            pose.process(image)
            costs.append((time.process_time() - start) * 1000)
    return costs


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        clip = phone_clip(Path(scratch) / "squat.mp4")
        with model.open_pose():
            pass  # load the model once so the first run is not charged for it
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, OpenCV {cv2.__version__}"
        )
        print(
            f"clip: {SECONDS} s, {FPS} fps, {WIDTH} x {HEIGHT}, MPEG-4 part 2; {RUNS} runs each, median"
        )
        decode = [cpu(lambda: decode_only(clip)) for _ in range(RUNS)]
        print(
            f"decode only, all {decode[0][2]} frames: "
            f"{statistics.median(c for c, _, _ in decode):.2f} s CPU"
        )
        for sample_fps in (10.0, 15.0):
            runs = []
            for _ in range(RUNS):
                cpu_s, wall_s, data = cpu(
                    partial(
                        model.landmarks_from_video,
                        path=clip,
                        view="front",
                        sample_fps=sample_fps,
                    )
                )
                analysis_cpu, _, analysis = cpu(partial(_analysed, data))
                runs.append(
                    (cpu_s + analysis_cpu, wall_s, len(data["frames"]), analysis)
                )
            frames = runs[0][2]
            per_frame = model_per_frame(clip, round(FPS / sample_fps))
            print(
                f"{sample_fps:g} fps ({frames} frames): "
                f"{statistics.median(r[0] for r in runs):.2f} s CPU per 10 s clip "
                f"(wall {statistics.median(r[1] for r in runs):.2f} s), "
                f"model alone {statistics.median(per_frame):.1f} ms CPU per frame "
                f"(p95 {statistics.quantiles(per_frame, n=20)[-1]:.1f} ms); "
                f"quality ok: {runs[0][3].quality.ok}"
            )


if __name__ == "__main__":
    main()
