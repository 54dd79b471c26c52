"""The squat video's analysis, run by the task worker (`manage.py db_worker`), never in a request."""

from __future__ import annotations

from django.tasks import task

from assessments.video.models import SquatVideo
from assessments.video.services import squat_video_analyse, squat_videos_purge


@task()
def analyse_squat_video(*, video_id: int) -> str:
    """Landmarks with the bundled pose model, then the pure analysis; the video's new state.

    A video the client deleted before the worker got to it is simply gone.
    """
    try:
        return squat_video_analyse(video_id=video_id).state
    except SquatVideo.DoesNotExist:
        return "deleted"


@task()
def purge_squat_videos() -> int:
    """Delete raw clips the coach has reviewed or that are past the keep period."""
    return squat_videos_purge()
