from __future__ import annotations

import pytest
from django.core.management import call_command

from assessments.models import AssessmentSession
from clients.models import Client, User
from programs.devdata.demo import DEMO_COACH_PASSWORD, DEMO_COACH_USERNAME
from programs.models import Completion, PainReport, Program

pytestmark = pytest.mark.django_db


def test_demo_data_fills_every_page_and_loads_twice_safely() -> None:
    call_command("load_drill_library", verbosity=0)
    call_command("load_demo")
    counts = (
        Client.objects.count(),
        AssessmentSession.objects.count(),
        Program.objects.count(),
        Completion.objects.count(),
    )
    call_command("load_demo")
    assert (
        Client.objects.count(),
        AssessmentSession.objects.count(),
        Program.objects.count(),
        Completion.objects.count(),
    ) == counts
    coach = User.objects.get(username=DEMO_COACH_USERNAME)
    assert coach.check_password(DEMO_COACH_PASSWORD) and coach.is_coach
    editor = User.objects.get(username="editor")
    assert editor.has_perm("programs.change_drill") and not coach.is_staff
    assert Program.objects.filter(status=Program.Status.PUBLISHED).count() >= 3
    assert (
        AssessmentSession.objects.filter(
            client__name="Maya Okafor", status="final"
        ).count()
        >= 3
    )
    assert AssessmentSession.objects.filter(refer_out=True).exists()
    assert AssessmentSession.objects.filter(status="draft").exists()
    assert PainReport.objects.filter(pain__gte=5).exists()
    assert Completion.objects.exists()


def test_demo_history_fits_inside_each_published_program() -> None:
    """Drills done are never dated before the program that holds them was published."""
    from django.utils import timezone

    call_command("load_drill_library", verbosity=0)
    call_command("load_demo")
    for completion in Completion.objects.select_related("prescription__phase__program"):
        published = timezone.localdate(
            completion.prescription.phase.program.published_at
        )
        assert completion.on_date >= published
