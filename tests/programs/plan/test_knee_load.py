"""The phone plan's education card on load, for a client whose program answers anterior knee pain."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from clients.page_cache import touch_clients
from programs.pain import PAIN_MONITORING
from programs.plan.page import KneeLoadCard, knee_load_card, program_answers
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def plan_client(**session_fields: Any):
    client = make_client()
    program = make_program(session=make_session(client=client, **session_fields))
    return client, program, make_client_user(client=client)


def card_of(html: str) -> str:
    start = html.index('<section id="knee-load"')
    return html[start : html.index("</section>", start)]


def test_a_program_answering_anterior_knee_pain_shows_the_card(client) -> None:
    _, program, user = plan_client(anterior_knee_pain=True, knee_pain_nrs=3)
    assert any(f["code"] == "anterior_knee_pain" for f in program.findings)
    client.force_login(user)
    html = client.get(PLAN).content.decode()
    card = card_of(html)
    assert '<h2 id="knee-load-title">Your knee and load</h2>' in card
    assert "<strong>Load</strong> is how much work your knee does" in card
    assert (
        "Pain up to 3 out of 10 during a drill is OK, as long as it has settled "
        "back to 3 or less by the next day." in card
    )
    assert "If it flares up" in card
    assert "7 out of 10 or more" in card
    # It links to the pain features already on the page.
    assert '<a href="#pain-form">pain today</a>' in card
    assert '<a href="#symptoms">report a worrying symptom</a>' in card
    assert 'id="pain-form"' in html and 'id="symptoms"' in html


def test_it_needs_no_javascript(client) -> None:
    _, _, user = plan_client(anterior_knee_pain=True)
    client.force_login(user)
    card = card_of(client.get(PLAN).content.decode())
    assert "<script" not in card
    assert "hx-" not in card
    assert not re.search(r"\son[a-z]+=", card)


def test_a_program_without_anterior_knee_pain_has_no_card(client) -> None:
    _, program, user = plan_client()
    assert not any(f["code"] == "anterior_knee_pain" for f in program.findings)
    client.force_login(user)
    html = client.get(PLAN).content.decode()
    assert 'id="knee-load"' not in html
    assert "Your knee and load" not in html


def test_no_card_when_the_engine_left_anterior_knee_pain_unaddressed(client) -> None:
    athlete, program, user = plan_client(anterior_knee_pain=True)
    program.unaddressed = ["anterior_knee_pain"]
    program.save(update_fields=["unaddressed"])
    touch_clients([athlete.pk])
    client.force_login(user)
    assert 'id="knee-load"' not in client.get(PLAN).content.decode()


def test_the_card_reads_its_figures_from_the_pain_rule() -> None:
    _, program, _ = plan_client(anterior_knee_pain=True)
    assert knee_load_card(program) == KneeLoadCard(
        acceptable=PAIN_MONITORING.acceptable, stop=PAIN_MONITORING.stop
    )
    assert program_answers(program=program, code="anterior_knee_pain")
    assert not program_answers(program=program, code="quad_dominance")


def test_the_card_adds_no_query_to_the_plan_page(
    client, django_assert_max_num_queries
) -> None:
    _, _, user = plan_client(anterior_knee_pain=True)
    client.force_login(user)
    # The plan page's own pin (tests/programs/test_plan_views.py).
    with django_assert_max_num_queries(14):
        html = client.get(PLAN).content.decode()
    assert 'id="knee-load"' in html
