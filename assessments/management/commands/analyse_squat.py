"""The squat video contract on the command line (DESIGN.md): a clip or a landmarks document in, JSON out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.landmarks import VIEWS, LandmarksError, parse_landmarks


def _looks_like_json(path: Path) -> bool:
    # Sniffed, not guessed from the name: a clip saved as .json is still a clip.
    with path.open("rb") as handle:
        return handle.read(64).lstrip()[:1] in (b"{", b"[")


class Command(BaseCommand):
    help = (
        "Analyse a squat: VIDEO --view front|side (a phone clip), or LANDMARKS.json "
        "(or - for standard input) already extracted. Prints one JSON document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", help="VIDEO, LANDMARKS.json, or - for standard input"
        )
        parser.add_argument(
            "--view", choices=VIEWS, help="front or side (a video only)"
        )
        parser.add_argument(
            "--fps",
            type=float,
            default=10.0,
            help="frames per second sampled from a video (10-15)",
        )

    def fail(self, problems: list[str], code: int = 2) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(code)

    def handle(
        self,
        *args: object,
        source: str,
        view: str | None,
        fps: float,
        **options: object,
    ) -> None:
        if source == "-":
            document = self.read_json(sys.stdin.read(), view=view)
        else:
            path = Path(source)
            try:
                is_json = _looks_like_json(path)
            except OSError as error:
                self.fail([f"{source}: cannot read ({error.strerror})"])
            if is_json:
                try:
                    text = path.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    self.fail([f"{source}: not UTF-8 text"])
                document = self.read_json(text, view=view)
            else:
                document = self.read_video(path, view=view, fps=fps)
        analysis = analyse_squat(document=document)
        self.stdout.write(json.dumps(analysis_to_json(analysis), indent=2))

    def read_json(self, text: str, *, view: str | None) -> Any:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(
                [
                    f"$: malformed JSON at line {error.lineno} column {error.colno} ({error.msg})"
                ]
            )
        try:
            document = parse_landmarks(data)
        except LandmarksError as error:
            self.fail(error.problems)
        if view is not None and view != document.view:
            self.fail(
                [
                    f"--view: {view} given, but the landmarks document says {document.view}"
                ]
            )
        return document

    def read_video(self, path: Path, *, view: str | None, fps: float) -> Any:
        # Imported here: reading a landmarks document needs neither OpenCV nor MediaPipe.
        from assessments.video.model import (
            PoseModelUnavailable,
            VideoUnreadable,
            landmarks_from_video,
        )

        problems = []
        if view is None:
            problems.append("--view: required for a video (front or side)")
        if not 10 <= fps <= 15:
            problems.append("--fps: must be between 10 and 15")
        if problems or view is None:
            self.fail(problems)
        try:
            data = landmarks_from_video(path=path, view=view, sample_fps=fps)
        except VideoUnreadable as error:
            self.fail([str(error)])
        except PoseModelUnavailable as error:
            # Not the input's fault: exit 1, as for any server problem.
            self.fail(
                [f"{error} ({error.detail})" if error.detail else str(error)], code=1
            )
        return parse_landmarks(data)
