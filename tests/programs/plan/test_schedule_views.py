"""The phone on training and rest days, the printed week, and how each drill is done."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.schedule import WEEKDAY_NAMES, WEEKDAY_SHORT
from programs.models import Drill, Prescription, Program
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def make_plan_client(*, training_days: list[int]):
    client = make_client(training_days=training_days)
    program = make_program(session=make_session(client=client))
    started = timezone.localdate() - timedelta(days=14)
    program.published_at = timezone.make_aware(
        datetime.combine(started, datetime.min.time().replace(hour=9))
    )
    program.save(update_fields=["published_at"])
    return client, program, make_client_user(client=client)


def first_prescription(program: Program) -> Prescription:
    first = program.phases.get(number=1).prescriptions.select_related("drill").first()
    assert first is not None
    return first


def test_a_training_day_shows_todays_drills(client) -> None:
    today = timezone.localdate().weekday()
    _, program, user = make_plan_client(training_days=[today])
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "Today’s drills" in page
    assert "Rest day" not in page
    assert first_prescription(program).drill.name in page


def test_a_rest_day_names_the_next_session_and_keeps_the_drills(client) -> None:
    today = timezone.localdate().weekday()
    tomorrow = (today + 1) % 7
    day_after = (today + 2) % 7
    _, program, user = make_plan_client(training_days=[day_after])
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert f"Rest day — next session {WEEKDAY_NAMES[day_after]}." in page
    # The drills stay on the page: the client may still do them.
    prescription = first_prescription(program)
    assert prescription.drill.name in page
    assert reverse("plan:toggle-done", args=[prescription.pk]) in page
    # A session tomorrow says so.
    user.client_profile.training_days = [tomorrow]
    user.client_profile.save()
    page = client.get(PLAN).content.decode()
    assert f"Rest day — next session tomorrow, {WEEKDAY_NAMES[tomorrow]}." in page


def test_the_week_counts_sessions_against_the_training_days(client) -> None:
    client_profile, program, user = make_plan_client(
        training_days=[0, 1, 2, 3, 4, 5, 6]
    )
    client.force_login(user)
    prescription = first_prescription(program)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    page = client.get(PLAN).content.decode()
    # Published a fortnight ago, training every day: all seven days of this week count.
    assert "<dd>1 of 7 sessions</dd>" in page
    assert "1 session in a row" in page


def test_the_printed_week_has_a_box_for_each_training_day(client) -> None:
    _, _, user = make_plan_client(training_days=[1, 3])
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "Done: ☐ Tue ☐ Thu </p>" in page
    assert "☐ Mon" not in page
    assert "Your training days: Tuesday and Thursday." in page
    assert all(
        f"☐ {day}" not in page for day in WEEKDAY_SHORT if day not in ("Tue", "Thu")
    )


def test_each_card_folds_the_instructions_and_shows_the_media(client) -> None:
    _, program, user = make_plan_client(training_days=list(range(7)))
    prescription = first_prescription(program)
    Drill.objects.filter(pk=prescription.drill_id).update(
        instructions="Stand tall.\n\nLower slowly.",
        image="drills/images/stand.png",
        media_alt="A woman lunging towards a wall",
        video="drills/videos/stand.mp4",
        video_poster="drills/posters/stand.jpg",
        video_captions="drills/captions/stand.vtt",
    )
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    card = page[page.index(f'id="drill-card-{prescription.pk}"') :]
    card = card[: card.index("</article>")]
    assert f'<details class="how" id="how-{prescription.pk}">' in card
    assert "<summary>How to do it" in card
    assert "<p>Stand tall.</p>" in card and "<p>Lower slowly.</p>" in card
    assert 'alt="A woman lunging towards a wall" loading="lazy"' in card
    assert 'preload="none" poster="/media/drills/posters/stand.jpg"' in card
    assert '<track kind="captions" src="/media/drills/captions/stand.vtt"' in card
    # Folded: the details element is not open until tapped.
    assert '<details class="how" open' not in card


def test_the_film_your_squat_card_has_a_filming_guide(client) -> None:
    _, program, user = make_plan_client(training_days=list(range(7)))
    prescription = first_prescription(program)
    prescription.drill = Drill.objects.get(slug="film-your-squat")
    prescription.save(update_fields=["drill"])
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "Prop your phone at hip height" in page
    assert "whole body is in the frame" in page
    assert "from the front, then five from the side" in page
    assert reverse("squat-video:film") in page


def test_it_pins_the_plan_page_queries_on_a_rest_day(
    client, django_assert_max_num_queries
) -> None:
    today = timezone.localdate().weekday()
    _, _, user = make_plan_client(training_days=[(today + 3) % 7])
    client.force_login(user)
    with django_assert_max_num_queries(14):  # 13 + the unread messages count
        page = client.get(PLAN).content.decode()
    assert "Rest day" in page
