"""The squat video's analysis, run by the task worker (`manage.py db_worker`), never in a request."""

from __future__ import annotations

from django.tasks import task

from assessments.video.services import squat_video_analyse, squat_videos_purge


@task()
def analyse_squat_video(*, video_id: int) -> str:
    """Landmarks with the bundled pose model, then the pure analysis; the video's new state."""
    return squat_video_analyse(video_id=video_id).state


@task()
def purge_squat_videos() -> int:
    """Delete raw clips the coach has reviewed or that are past the keep period."""
    return squat_videos_purge()
