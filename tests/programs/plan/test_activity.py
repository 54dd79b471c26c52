"""The coach's view of what a client did: the fragment the client page includes with only `client`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from programs.plan.log import completion_toggle, pain_report_save
from tests.factory import make_program

pytestmark = pytest.mark.django_db


def render_activity(client) -> str:
    request = RequestFactory().get("/")
    request.user = client.coach
    return render_to_string(
        "clients/_client_activity.html", {"client": client}, request=request
    )


def log_days(program, *, days: int, pain: int = 2) -> None:
    today = timezone.localdate()
    prescriptions = list(program.phases.get(number=1).prescriptions.all())
    for offset in range(days):
        for prescription in prescriptions:
            completion_toggle(
                client=program.client,
                prescription=prescription,
                on_date=today - timedelta(days=offset),
            )
        pain_report_save(
            client=program.client, on_date=today - timedelta(days=offset), pain=pain
        )


def test_it_lists_drills_done_and_pain_with_high_pain_highlighted() -> None:
    program = make_program()
    client = program.client
    today = timezone.localdate()
    prescription = (
        program.phases.get(number=1).prescriptions.select_related("drill").first()
    )
    completion_toggle(client=client, prescription=prescription, on_date=today)
    pain_report_save(client=client, on_date=today, pain=6, note="sore after the stairs")
    pain_report_save(client=client, on_date=today - timedelta(days=2), pain=2)
    html = render_activity(client)
    assert 'id="client-activity"' in html
    assert prescription.drill.name in html
    assert "left leg only" in html
    assert '<span class="badge badge-bad">pain 6/10 · high</span>' in html
    assert '<span class="badge badge-ok">pain 2/10</span>' in html
    assert "sore after the stairs" in html
    assert "1 day with pain of 5/10 or more" in html


def test_it_leaves_out_what_is_older_than_fourteen_days() -> None:
    program = make_program()
    client = program.client
    old = timezone.localdate() - timedelta(days=14)
    prescription = (
        program.phases.get(number=1).prescriptions.select_related("drill").first()
    )
    completion_toggle(client=client, prescription=prescription, on_date=old)
    pain_report_save(client=client, on_date=old, pain=9)
    html = render_activity(client)
    assert "Nothing logged in the last 14 days" in html
    assert "9/10" not in html


def test_it_does_not_show_undone_drills() -> None:
    program = make_program()
    prescription = program.phases.get(number=1).prescriptions.first()
    today = timezone.localdate()
    completion_toggle(client=program.client, prescription=prescription, on_date=today)
    completion_toggle(client=program.client, prescription=prescription, on_date=today)
    assert "Nothing logged" in render_activity(program.client)


def test_it_pins_the_activity_queries(django_assert_max_num_queries) -> None:
    program = make_program()
    log_days(program, days=1)
    with django_assert_max_num_queries(2):
        render_activity(program.client)
    log_days(program, days=14, pain=7)
    with django_assert_max_num_queries(2):
        html = render_activity(program.client)
    assert html.count("badge-bad") == 14
