"""Development media serving (DEBUG) never hands out the private squat videos."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.test import RequestFactory

from config.http import AuthenticatedHttpRequest
from config.views import serve_public_media


def media(path: str) -> HttpResponseBase:
    # Signed in behind LoginRequiredMiddleware in a real request; the view reads only the path.
    request = cast(AuthenticatedHttpRequest, RequestFactory().get(f"/media/{path}"))
    return serve_public_media(request, path)


def test_it_serves_public_media_and_refuses_private_ones(
    settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "drills").mkdir()
    (tmp_path / "drills/knee.png").write_bytes(b"png")
    (tmp_path / "private/videos").mkdir(parents=True)
    (tmp_path / "private/videos/clip.mp4").write_bytes(b"clip")
    served = media("drills/knee.png")
    assert isinstance(served, FileResponse)
    assert served.getvalue() == b"png"
    for path in ("private/videos/clip.mp4", "drills/../private/videos/clip.mp4"):
        with pytest.raises(Http404):
            media(path)
