"""The client page's overview: timeline, current program, charts and the re-assessment date.

Four queries whatever the number of sessions; the charts are drawn here, in the
view's work, not by the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Count, F
from django.urls import reverse
from django.utils.safestring import mark_safe

from assessments.core.charts import Chart
from assessments.core.clinical_charts import (
    knee_to_wall_chart,
    kujala_chart,
    pain_chart,
    stance_chart,
)
from assessments.core.wording import contraindication_words
from assessments.models import AssessmentSession, Referral
from assessments.video.models import SquatVideo
from clients.models import Client
from programs.models import Phase, Program, StepDown
from programs.plan.log import OpenPainAlert, open_pain_alerts


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    session: AssessmentSession
    comparable: bool  # there is an earlier final session to compare with
    # Built once per page from one reverse() each, not by a {% url %} per row.
    detail_url: str = ""
    compare_url: str = ""


@dataclass(frozen=True, slots=True)
class ClientPage:
    client: Client
    timeline: tuple[TimelineEntry, ...]
    program: Program | None
    phases: tuple[Phase, ...]
    draft_programs: tuple[Program, ...]
    charts: tuple[Chart, ...]
    reassess_due_on: date | None
    overdue: bool
    # Open referrals first, then the closed ones (clearances and overrides) newest first.
    referrals: tuple[Referral, ...] = ()
    pain_alerts: tuple[OpenPainAlert, ...] = ()
    # Easier drills shown in place of the prescribed ones (CLINICAL.md section 10).
    step_downs: tuple[StepDown, ...] = ()
    # The latest squat videos with their state (the clip itself is never loaded here).
    squat_videos: tuple[SquatVideo, ...] = ()

    @property
    def avoid_words(self) -> list[str]:
        return contraindication_words(self.client.contraindication_codes)

    @property
    def open_referrals(self) -> tuple[Referral, ...]:
        return tuple(r for r in self.referrals if r.is_open)

    @property
    def closed_referrals(self) -> tuple[Referral, ...]:
        return tuple(r for r in self.referrals if not r.is_open)


# What the client page's timeline and charts read from each session.
_TIMELINE_FIELDS = (
    "id",
    "client_id",
    "assessed_on",
    "status",
    "amends_id",
    "refer_out",
    "ktw_left_cm",
    "ktw_right_cm",
    "ktw_unit",
    "stance_left_s",
    "stance_right_s",
    "knee_pain_nrs",
    "kujala_score",
)
_PK_MARK = 2_147_483_647  # no real pk: its digits cannot appear in the rest of a URL


def url_for_each(name: str, *rest: str) -> Callable[[int], str]:
    """One reverse() for a URL taking a pk (then `rest`), then string replacement per row."""
    url = reverse(name, args=[_PK_MARK, *rest])
    return lambda pk: url.replace(str(_PK_MARK), str(pk), 1)


def client_page(*, client: Client, today: date) -> ClientPage:
    """Everything on the client page in five queries, whatever the number of sessions."""
    # Only the columns the timeline and the charts show: the notes and JSON
    # columns are the bulk of each row.
    sessions = list(
        client.sessions.current()
        .only(*_TIMELINE_FIELDS)
        .order_by("-assessed_on", "-id")
    )
    finals = [session for session in reversed(sessions) if session.is_final]
    earliest_final = finals[0] if finals else None
    detail_url = url_for_each("assessments:session-detail")
    compare_url = url_for_each("assessments:session-compare")
    timeline = tuple(
        TimelineEntry(
            session,
            comparable=session.is_final
            and earliest_final is not None
            and session.pk != earliest_final.pk,
            detail_url=detail_url(session.pk),
            compare_url=compare_url(session.pk),
        )
        for session in sessions
    )
    programs = list(
        Program.objects.filter(
            client=client, status__in=[Program.Status.PUBLISHED, Program.Status.DRAFT]
        )
        .select_related("source_session")
        .only(
            "id",
            "client_id",
            "status",
            "refer_out",
            "published_at",
            "created_at",
            "source_session_id",
            "source_session__assessed_on",
        )
        .order_by("-created_at", "-id")
    )
    program = next(
        (item for item in programs if item.status == Program.Status.PUBLISHED), None
    )
    phases: tuple[Phase, ...] = ()
    if program is not None:
        phases = tuple(
            Phase.objects.filter(program=program).annotate(
                drill_count=Count("prescriptions")
            )
        )
    dates = [session.assessed_on for session in finals]
    charts: tuple[Chart, ...] = (
        knee_to_wall_chart(
            dates=dates,
            left=[session.ktw_left_cm for session in finals],
            right=[session.ktw_right_cm for session in finals],
        ),
        stance_chart(
            dates=dates,
            left=[session.stance_left_s for session in finals],
            right=[session.stance_right_s for session in finals],
        ),
        pain_chart(dates=dates, pain=[session.knee_pain_nrs for session in finals]),
        kujala_chart(dates=dates, scores=[session.kujala_score for session in finals]),
    )
    charts = tuple(_safe(chart) for chart in charts)
    due = (
        finals[-1].assessed_on + timedelta(weeks=client.reassess_every_weeks)
        if finals
        else None
    )
    return ClientPage(
        client=client,
        timeline=timeline,
        program=program,
        phases=phases,
        draft_programs=tuple(
            item for item in programs if item.status == Program.Status.DRAFT
        ),
        charts=charts,
        reassess_due_on=due,
        overdue=due is not None and due < today,
        referrals=_referrals(client),
        pain_alerts=tuple(open_pain_alerts(client)),
        step_downs=tuple(
            StepDown.objects.filter(client=client, undone_at__isnull=True)
            .filter(prescription__phase__program__status=Program.Status.PUBLISHED)
            .select_related("drill", "prescription__drill")
            .order_by("-starts_on", "-id")
        ),
        squat_videos=tuple(
            SquatVideo.objects.filter(client=client).only(
                "id", "client_id", "view", "uploaded_at", "state", "reviewed_at"
            )[:VIDEOS_SHOWN]
        ),
    )


REFERRALS_SHOWN = 10
VIDEOS_SHOWN = 10


def _referrals(client: Client) -> tuple[Referral, ...]:
    """Open referrals first, then the latest closed ones, with their sessions (one query)."""
    rows = (
        Referral.objects.filter(client=client)
        .select_related("session", "closed_by", "resolving_session")
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at", "-id")
    )
    return tuple(rows[:REFERRALS_SHOWN])


def _safe(chart: Chart) -> Chart:
    # charts.py escapes every label it writes, so its markup is safe to render.
    return replace(chart, svg=mark_safe(chart.svg))
