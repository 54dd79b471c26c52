from __future__ import annotations

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from assessments.models import AssessmentSession
from clients.models import Client, User
from programs.models import Completion, Phase, Prescription, Program
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


def test_a_failure_part_way_leaves_nothing_and_if_empty_seeds_again() -> None:
    load_library()
    size = ["--coaches", "1", "--clients-per-coach", "2", "--sessions-per-client", "1"]
    # The completions are among the last rows written: everything before them is undone.
    with (
        mock.patch.object(
            Completion.objects, "bulk_create", side_effect=DatabaseError("disk full")
        ),
        pytest.raises(DatabaseError),
    ):
        call_command("seed_scale", *size, "--if-empty", stdout=StringIO())
    assert not User.objects.exists()
    assert not Client.objects.exists()
    assert not AssessmentSession.objects.exists()
    assert not Program.objects.exists()
    assert not Phase.objects.exists()
    out = StringIO()
    call_command("seed_scale", *size, "--if-empty", stdout=out)
    assert "1 coaches, 2 clients" in out.getvalue()
    assert Client.objects.count() == 2
