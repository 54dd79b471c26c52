"""Delete the raw squat clips that are due: reviewed by the coach, or older than the keep period.

Run it daily beside the worker (docs/video.md), e.g. in cron:
    17 3 * * *  cd /app && python manage.py purge_squat_videos
Landmarks, the analysis and the blurred stills stay.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.video.services import squat_videos_purge


class Command(BaseCommand):
    help = "Delete squat video clips reviewed by the coach or older than SQUAT_VIDEO_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = squat_videos_purge()
        self.stdout.write(
            f"{count} squat video clip{'s' if count != 1 else ''} deleted."
        )
