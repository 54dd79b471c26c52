"""Real photographs for the pose model tests, taken from installed or registry packages.

Nothing is committed to this repository:

- Upper body: `grace_hopper.jpg` in matplotlib's sample data (matplotlib is
  installed with mediapipe). The US Navy portrait of Rear Admiral Grace
  Hopper: a work of the US government, public domain.
- Full body: the first frame of `Sports2D/Demo/demo.mp4` inside the wheel of
  the PyPI package `sports2d` 0.8.34 (BSD-3-Clause, filmed by its authors): a
  man standing facing the camera, head to feet. Its dependencies are far too
  heavy to install for one clip, so the wheel is fetched with `pip download
  --no-deps` into a cache (the package registry is the one network place
  allowed) and the clip is checked against its SHA-256.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SPORTS2D = "sports2d==0.8.34"
DEMO_MEMBER = "Sports2D/Demo/demo.mp4"
DEMO_SHA256 = "d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039"
# The standing man in the first frame: rows 40-540, columns 480-780 of 1768 x 994.
PERSON_CROP = (slice(40, 540), slice(480, 780))


class MediaUnavailable(RuntimeError):
    pass


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "weaklink-test-media"


def grace_hopper_path() -> Path:
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    if not path.is_file():
        raise MediaUnavailable(f"{path} is missing")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sports2d_demo_clip() -> Path:
    """The demo clip of sports2d, downloaded once and verified."""
    target = cache_dir() / "sports2d-0.8.34-demo.mp4"
    if target.is_file() and _sha256(target) == DEMO_SHA256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        fetched = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--disable-pip-version-check",
                "--quiet",
                "--dest",
                scratch,
                SPORTS2D,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        wheels = list(Path(scratch).glob("sports2d-*.whl"))
        if fetched.returncode != 0 or not wheels:
            raise MediaUnavailable(
                f"pip download {SPORTS2D} failed: {fetched.stderr.strip()[-300:]}"
            )
        with zipfile.ZipFile(wheels[0]) as wheel:
            # Per process: parallel test workers may fetch at the same time.
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            partial.write_bytes(wheel.read(DEMO_MEMBER))
    if _sha256(partial) != DEMO_SHA256:
        partial.unlink()
        raise MediaUnavailable(f"{DEMO_MEMBER} in {SPORTS2D} is not the clip expected")
    partial.replace(target)
    return target


def standing_person_bgr():
    """The full-body photograph: the standing man of the clip's first frame, cropped."""
    import cv2

    capture = cv2.VideoCapture(str(sports2d_demo_clip()))
    ok, frame = capture.read()
    capture.release()
    if not ok:
        raise MediaUnavailable("the sports2d demo clip cannot be decoded")
    return frame[PERSON_CROP].copy()


def write_still_clip(image, path: Path, *, seconds: float, fps: int = 30) -> Path:
    """A clip of a photograph held by an unsteady hand: a pixel or two of shake a frame."""
    import cv2
    import numpy

    height, width = image.shape[:2]
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height)
    )
    for index in range(round(seconds * fps)):
        shake = numpy.array(
            [[1, 0, index % 5 - 2], [0, 1, index % 3 - 1]], dtype=numpy.float32
        )
        writer.write(
            cv2.warpAffine(
                image, shake, (width, height), borderMode=cv2.BORDER_REPLICATE
            )
        )
    writer.release()
    return path
