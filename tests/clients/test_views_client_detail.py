"""The client page: profile, current program, timeline and trend charts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentSession
from assessments.services import session_amend
from tests.factory import make_client, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db


def page_of(http: HttpClient, client) -> str:
    http.force_login(client.coach)
    response = http.get(reverse("clients:detail", args=[client.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_profile(client: HttpClient) -> None:
    maya = make_client(
        name="Maya Okafor",
        activity="Trail running",
        goals="Run 10 km",
        contraindications="No jumping",
        date_of_birth=date(1990, 1, 1),
    )
    page = page_of(client, maya)
    assert "<h1>Maya Okafor</h1>" in page
    for text in (
        "Trail running",
        "Run 10 km",
        "No jumping",
        "1 Jan 1990",
        "every 4 weeks",
    ):
        assert text in page
    assert reverse("clients:edit", args=[maya.pk]) in page
    assert reverse("assessments:session-create", args=[maya.pk]) in page


def test_it_includes_the_link_panel_and_the_activity(client: HttpClient) -> None:
    page = page_of(client, make_client())
    assert 'id="link-panel"' in page
    assert 'id="client-activity"' in page


def test_it_shows_the_timeline_with_badges_and_links(client: HttpClient) -> None:
    maya = make_client()
    first = make_session(client=maya, assessed_on=date(2026, 9, 1))
    second = make_session(
        client=maya, assessed_on=date(2026, 10, 1), red_flags=["swelling"]
    )
    draft = make_session(client=maya, assessed_on=date(2026, 10, 20), final=False)
    page = page_of(client, maya)
    for session in (first, second, draft):
        assert reverse("assessments:session-detail", args=[session.pk]) in page
    # Only a final session with an earlier final one has something to compare with.
    assert reverse("assessments:session-compare", args=[second.pk]) in page
    assert reverse("assessments:session-compare", args=[first.pk]) not in page
    assert reverse("assessments:session-compare", args=[draft.pk]) not in page
    timeline = page[page.index('id="timeline-heading"') :]
    assert (
        timeline.index("20 Oct 2026")
        < timeline.index("1 Oct 2026")
        < timeline.index("1 Sep 2026")
    )
    assert (
        ">Draft</span>" in page
        and ">Final</span>" in page
        and ">Refer out</span>" in page
    )


def test_it_shows_only_the_current_version_of_an_amended_session(
    client: HttpClient,
) -> None:
    maya = make_client()
    original = make_session(client=maya, assessed_on=date(2026, 9, 1), ktw_left_cm=4.0)
    corrected = AssessmentSession.objects.get(pk=original.pk)
    corrected.ktw_left_cm = 6.5
    amended = session_amend(
        original=original, corrected=corrected, user=maya.coach, reason="typo"
    )
    page = page_of(client, maya)
    assert reverse("assessments:session-detail", args=[amended.pk]) in page
    assert reverse("assessments:session-detail", args=[original.pk]) not in page
    assert ">Amended</span>" in page
    assert "6.5" in page


def test_it_summarises_the_published_program(client: HttpClient) -> None:
    maya = make_client()
    program = make_program(session=make_session(client=maya))
    page = page_of(client, maya)
    assert reverse("programs:program-detail", args=[program.pk]) in page
    assert "Phase 1: Restore" in page
    assert "drill" in page


def test_it_points_to_a_draft_program_waiting_for_review(client: HttpClient) -> None:
    maya = make_client()
    draft = make_program(session=make_session(client=maya), publish=False)
    page = page_of(client, maya)
    assert "No published program" in page
    assert reverse("programs:program-detail", args=[draft.pk]) in page
    assert "waiting for review" in page


def test_it_draws_the_trends_with_a_table_beside_each_chart(client: HttpClient) -> None:
    maya = make_client()
    make_session(
        client=maya,
        assessed_on=date(2026, 9, 1),
        ktw_left_cm=6.0,
        stance_left_s=5,
        knee_pain_nrs=4,
    )
    make_session(
        client=maya,
        assessed_on=date(2026, 10, 1),
        ktw_left_cm=8.5,
        stance_left_s=12,
        knee_pain_nrs=2,
    )
    make_session(
        client=maya, assessed_on=date(2026, 10, 20), final=False, ktw_left_cm=29.0
    )
    page = page_of(client, maya)
    assert page.count('role="img"') == 3
    for chart_id in ("ktw-chart", "stance-chart", "pain-chart"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in page
    assert "<svg" in page and "&lt;svg" not in page  # rendered, not escaped
    assert "+2.5 cm, beyond error" in page
    assert "10 cm target" in page
    assert (
        "29" not in page.split('id="ktw-chart"')[1].split("</figure>")[0]
    )  # drafts stay out of trends


def test_it_says_when_there_is_nothing_to_chart(client: HttpClient) -> None:
    page = page_of(client, make_client())
    assert "No assessments yet" in page
    assert "Not measured in a final assessment yet" in page
    assert "<svg" not in page


def test_it_says_when_a_re_assessment_is_due(client: HttpClient) -> None:
    maya = make_client()
    make_session(client=maya, assessed_on=timezone.localdate() - timedelta(weeks=6))
    assert "Re-assessment due" in page_of(client, maya)


def test_it_says_an_archived_client_is_archived(client: HttpClient) -> None:
    maya = make_client(archived_at=timezone.now())
    page = page_of(client, maya)
    assert "Archived on" in page
    assert reverse("clients:restore", args=[maya.pk]) in page
    assert reverse("clients:archive", args=[maya.pk]) not in page


def fill(client, count: int) -> None:
    for index in range(count):
        make_session(
            client=client,
            assessed_on=date(2025, 1, 1) + timedelta(days=7 * index),
            ktw_left_cm=5 + index % 5,
        )
    make_session(client=client, assessed_on=date(2026, 11, 1), final=False)
    make_program(session=client.sessions.filter(status="final").first())


@pytest.mark.parametrize("count", [2, 20])
def test_it_uses_a_fixed_number_of_queries(
    client: HttpClient, django_assert_max_num_queries, count: int
) -> None:
    maya = make_client(coach=make_coach())
    fill(maya, count)
    client.force_login(maya.coach)
    # 15: the squat videos are one of them; the messages card two more (unread, latest).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("clients:detail", args=[maya.pk]))
    assert response.status_code == 200
    assert (
        response.content.decode().count(
            reverse("assessments:session-detail", args=[0])[:-2]
        )
        >= count
    )


def test_it_draws_the_kujala_trend_from_final_sessions(client: HttpClient) -> None:
    maya = make_client()
    make_session(client=maya, assessed_on=date(2026, 9, 1), kujala_score=55)
    make_session(client=maya, assessed_on=date(2026, 10, 1), kujala_score=68)
    make_session(
        client=maya, assessed_on=date(2026, 10, 20), final=False, kujala_score=99
    )
    page = page_of(client, maya)
    figure = page.split('id="kujala-chart"')[1].split("</figure>")[0]
    assert "<h3>Anterior Knee Pain Scale (Kujala)</h3>" in figure
    assert 'aria-labelledby="kujala-chart-title kujala-chart-desc"' in figure
    assert "+13 points, meaningful change" in figure
    assert "99" not in figure  # drafts stay out of trends
    assert "kujala_score" not in figure


def test_it_shows_the_training_days_and_sessions_against_them(
    client: HttpClient,
) -> None:
    maya = make_client(training_days=[1, 3])
    page = page_of(client, maya)
    assert "<dt>Training days</dt><dd>Tuesday and Thursday</dd>" in page
    # 14 days hold two Tuesdays and two Thursdays.
    assert "0 sessions, 4 training days: Tuesday and Thursday" in page
