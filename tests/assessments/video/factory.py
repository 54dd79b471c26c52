"""Squat video rows for tests: analysed from a synthetic landmarks document, no model needed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.landmarks import parse_landmarks
from assessments.video.models import SquatVideo
from clients.models import Client
from tests.assessments.video.synthetic import Squats, squat_document

# Left knee caves in by 14 deg at the bottom of each rep: flags knee_valgus left.
VALGUS_LEFT = Squats(fppa_bottom=(14.0, 0.0))


def valgus_document(squats: Squats = VALGUS_LEFT) -> dict[str, Any]:
    return squat_document(squats)


def make_analysed_video(
    *,
    client: Client,
    squats: Squats = VALGUS_LEFT,
    uploaded_at: datetime | None = None,
    **fields: Any,
) -> SquatVideo:
    document = squat_document(squats)
    analysis = analysis_to_json(analyse_squat(document=parse_landmarks(document)))
    ok = analysis["quality"]["ok"]
    return SquatVideo.objects.create(
        client=client,
        view=squats.view,
        uploaded_at=uploaded_at or timezone.now(),
        state=SquatVideo.State.DONE if ok else SquatVideo.State.POOR_QUALITY,
        landmarks=document,
        analysis=analysis,
        analysed_at=timezone.now(),
        **fields,
    )
