"""One target to leave a phase, wherever it is stated (the demo's Maya, kept in Restore)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.test import Client as Browser
from django.urls import reverse

from assessments.core.wording import rule_words
from clients.models import User
from programs.devdata.demo import DEMO_COACH_USERNAME
from programs.models import Program
from programs.plan.page import phase_criteria_words

pytestmark = pytest.mark.django_db

KTW = re.compile(r"left knee-to-wall at least [0-9.]+ cm")


def _targets(texts: list[str]) -> set[str]:
    return {match for text in texts for match in KTW.findall(text)}


def test_the_program_page_the_verdict_and_the_phone_name_one_target() -> None:
    call_command("load_drill_library", verbosity=0)
    call_command("load_demo")
    program = Program.objects.get(
        client__name="Maya Okafor", status=Program.Status.PUBLISHED
    )
    phase = program.phases.get(number=program.current_phase)
    judged = [rule_words(item["text"]) for item in program.proposal["criteria"]]
    listed = [rule_words(text) for text in phase.exit_criteria]
    phone = [
        text for text, _ in phase_criteria_words(proposal=program.proposal, phase=phase)
    ]

    # Maya is kept in the phase the re-test judged, with its knee-to-wall target.
    assert program.proposal["phase"]["current"] == program.proposal["phase"]["next"]
    assert _targets(judged) and _targets(listed) == _targets(judged)
    assert _targets(phone) == _targets(judged)

    browser = Browser()
    browser.force_login(User.objects.get(username=DEMO_COACH_USERNAME))
    page = html.unescape(
        browser.get(
            reverse("programs:program-detail", args=[program.pk])
        ).content.decode()
    )
    block = page.split('<p class="label">Move on when</p>', 1)[1].split("</ul>", 1)[0]
    assert _targets([block]) == _targets(judged)
    assert _targets(judged) <= _targets([page])  # the verdict table
