from __future__ import annotations

from pathlib import Path

import pytest

from tests.assessments.video.factory import use_tmp_video_storage


@pytest.fixture
def video_dir(settings, tmp_path: Path) -> Path:
    root = tmp_path / "private"
    root.mkdir()
    use_tmp_video_storage(settings, root)
    return root
