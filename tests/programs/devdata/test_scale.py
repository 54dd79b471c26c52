from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import AssessmentSession
from clients.models import Client, User
from programs.models import Completion, Prescription, Program
from tests.factory import load_library

pytestmark = pytest.mark.django_db


def test_it_seeds_the_requested_size_with_varied_trends() -> None:
    load_library()
    out = StringIO()
    call_command(
        "seed_scale",
        "--coaches",
        "2",
        "--clients-per-coach",
        "5",
        "--sessions-per-client",
        "3",
        stdout=out,
    )
    assert "2 coaches, 10 clients, 30 sessions" in out.getvalue()
    assert User.objects.filter(role=User.Role.COACH).count() == 2
    assert Client.objects.count() == 10
    assert AssessmentSession.objects.filter(status="final").count() == 30
    assert (
        len(set(AssessmentSession.objects.values_list("ktw_left_cm", flat=True))) > 10
    )
    assert Program.objects.filter(status="published").exists()
    assert Prescription.objects.exists() and Completion.objects.exists()
    # Stored verdicts match the engine (bulk inserts skip save(), so check them).
    assert AssessmentSession.objects.exclude(finding_codes=[]).exists()


def test_it_refuses_an_empty_library() -> None:
    with pytest.raises(CommandError, match="drill library is empty"):
        call_command(
            "seed_scale",
            "--coaches",
            "1",
            "--clients-per-coach",
            "1",
            "--sessions-per-client",
            "1",
        )


def test_if_empty_seeds_once() -> None:
    load_library()
    size = ["--coaches", "1", "--clients-per-coach", "2", "--sessions-per-client", "1"]
    call_command("seed_scale", *size, "--if-empty", stdout=StringIO())
    assert Client.objects.count() == 2
    out = StringIO()
    call_command("seed_scale", *size, "--if-empty", stdout=out)
    assert "Already seeded: 1 coaches" in out.getvalue()
    assert Client.objects.count() == 2
    # Without the flag a second run adds more.
    call_command("seed_scale", *size, stdout=StringIO())
    assert Client.objects.count() == 4
