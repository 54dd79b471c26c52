"""The coach's weekly digest email: what needs them, in one place, once a week.

Built from the same reasons as the home page (home_page.py), so the digest and
the dashboard never disagree. ``manage.py send_digests`` claims the week's
``DigestSent`` row for each coach, then enqueues the email for the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from clients.models import DigestSent, User
from clients.reminders import EmailParts, site_url
from clients.views.home_page import Attention, attention_all
from programs.models import Program

# The reasons the digest lists, in this order, and the heading of each.
SECTIONS = (
    ({"pain_alert"}, "Pain alerts to review"),
    ({"refer_out"}, "Referred to a clinician"),
    ({"adherence"}, "Low adherence"),
    # A phase's re-test and the regular re-assessment read as one list for the coach.
    ({"retest", "reassess"}, "Re-tests due"),
)


@dataclass(frozen=True, slots=True)
class DigestLine:
    name: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Digest:
    coach: User
    week_of: date
    sections: tuple[tuple[str, tuple[DigestLine, ...]], ...]
    drafts: tuple[DigestLine, ...]

    @property
    def is_empty(self) -> bool:
        return not self.drafts and not any(lines for _, lines in self.sections)


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: one digest per coach per week."""
    return day - timedelta(days=day.weekday())


def coach_digest(*, coach: User, today: date) -> Digest:
    attention: list[Attention] = sorted(
        attention_all(coach=coach, today=today),
        key=lambda item: (item.client.name.lower(), item.client.pk),
    )
    sections = []
    for kinds, heading in SECTIONS:
        # Names and links only: an email is not the place for pain scores or the
        # client's own words (the page behind the link has them).
        lines = tuple(
            DigestLine(
                item.client.name,
                "",
                site_url(reverse("clients:detail", args=[item.client.pk])),
            )
            for item in attention
            if any(reason.kind in kinds for reason in item.reasons)
        )
        sections.append((heading, lines))
    drafts = tuple(
        DigestLine(
            program.client.name,
            f"draft from {program.created_at.day} {program.created_at:%b %Y}",
            site_url(reverse("programs:program-detail", args=[program.pk])),
        )
        for program in Program.objects.filter(
            client__coach=coach,
            client__archived_at__isnull=True,
            status=Program.Status.DRAFT,
        )
        .select_related("client")
        .order_by("client__name", "pk")
    )
    return Digest(coach, week_of(today), tuple(sections), drafts)


def digest_claim(*, coach: User, week: date) -> bool:
    """Take this week's digest for the coach: True once, False ever after."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(coach=coach, week_of=week)
    except IntegrityError:
        return False
    return True


def digest_email(digest: Digest) -> EmailParts:
    context = {"digest": digest, "home_url": site_url(reverse("home"))}
    return {
        "subject": f"Your week at Weaklink: {digest.week_of.day} {digest.week_of:%b %Y}",
        "body": render_to_string("clients/email/digest.txt", context),
        "to": [digest.coach.email],
    }
