from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments.models import AssessmentSession, Referral
        from clients.page_cache import touch_on_change

        touch_on_change(AssessmentSession, lambda session: [session.client_id])
        touch_on_change(Referral, lambda referral: [referral.client_id])
