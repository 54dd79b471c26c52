"""Development media serving (DEBUG) never hands out the private squat videos."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory

from config.views import serve_public_media


def test_it_serves_public_media_and_refuses_private_ones(
    settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "drills").mkdir()
    (tmp_path / "drills/knee.png").write_bytes(b"png")
    (tmp_path / "private/videos").mkdir(parents=True)
    (tmp_path / "private/videos/clip.mp4").write_bytes(b"clip")
    request = RequestFactory().get("/media/drills/knee.png")
    assert (
        b"".join(serve_public_media(request, "drills/knee.png").streaming_content)
        == b"png"
    )
    for path in ("private/videos/clip.mp4", "drills/../private/videos/clip.mp4"):
        with pytest.raises(Http404):
            serve_public_media(RequestFactory().get(f"/media/{path}"), path)
