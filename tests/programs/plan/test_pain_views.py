"""The phone's pain pages: a rating after each drill, the next-day question, symptoms, the pause."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Referral
from assessments.referrals import client_referred, referral_override, referral_report
from programs.models import Completion, PainAlert, Prescription, Program, StepDown
from programs.pain import PAIN_MONITORING, completion_pain_record
from programs.pain_review import step_down_undo
from programs.plan.log import client_activity, completion_toggle
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")
NEXT_DAY = reverse("plan:next-day")
SYMPTOMS = reverse("plan:symptoms")
HTMX = {"HX-Request": "true"}
OK = PAIN_MONITORING.acceptable
STOP = PAIN_MONITORING.stop


def make_phase_two_client(name: str = "Maya Okafor"):
    """A client in week 1 of phase 2, whose first drill has an easier rung below it."""
    # Every day a training day: "yesterday" and "today" are both, whatever today is.
    client = make_client(name=name, training_days=list(range(7)))
    program = make_program(session=make_session(client=client))
    started = timezone.localdate() - timedelta(days=14)
    program.published_at = timezone.make_aware(
        datetime.combine(started, datetime.min.time().replace(hour=9))
    )
    # The coach moved them on to phase 2 a fortnight in (phases never move by the calendar).
    program.current_phase = 2
    program.save(update_fields=["published_at", "current_phase"])
    user = make_client_user(client=client)
    return client, program, user


def card_prescription(program: Program) -> Prescription:
    return Prescription.objects.select_related("drill", "phase__program").get(
        phase__program=program, phase__number=2, drill__slug="banded-ankle-distraction"
    )


def pain_url(prescription: Prescription) -> str:
    return reverse("plan:drill-pain", args=[prescription.pk])


def test_it_offers_the_pain_picker_once_a_drill_is_done(client) -> None:
    _, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    assert pain_url(prescription) not in client.get(PLAN).content.decode()
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    page = client.get(PLAN).content.decode()
    assert f'action="{pain_url(prescription)}"' in page
    assert "Any pain during it?" in page
    # One tap: each number is its own submit button, no JavaScript needed.
    for value in range(11):
        assert f'name="pain" value="{value}"' in page


@pytest.mark.parametrize(
    ("pain", "advice"),
    [
        (OK, "Fine, carry on."),
        (OK + 1, "Use the easier drill from your next training day"),
        (STOP - 1, "Use the easier drill from your next training day"),
    ],
)
def test_it_rates_pain_without_javascript_and_shows_the_advice(
    client,
    pain: int,
    advice: str,
) -> None:
    _, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    response = client.post(pain_url(prescription), {"pain": str(pain), "note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#drill-card-{prescription.pk}"
    page = client.get(PLAN).content.decode()
    assert f"Pain during: {pain}/10." in page
    assert advice in page
    assert pain_url(prescription) not in page  # rated once
    assert Completion.objects.get(prescription=prescription).pain == pain


def test_it_returns_the_rated_card_to_htmx(client) -> None:
    _, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    response = client.post(
        pain_url(prescription), {"pain": "5", "note": "sharp"}, headers=HTMX
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert f'id="drill-card-{prescription.pk}"' in fragment
    assert "Pain during: 5/10." in fragment
    assert "Use the easier drill from your next training day: Calf" in fragment
    assert 'id="plan-status" hx-swap-oob="innerHTML"' in fragment
    alert = PainAlert.objects.get()
    assert (alert.pain_during, alert.note) == (5, "sharp")


def test_it_shows_the_easier_drill_on_the_next_training_day(client) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    yesterday = timezone.localdate() - timedelta(days=1)
    completion_pain_record(
        client=client_profile, prescription=prescription, on_date=yesterday, pain=5
    )
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    step = StepDown.objects.get()
    assert step.starts_on == timezone.localdate()
    card = page[page.index(f'id="drill-card-{prescription.pk}"') :]
    card = card[: card.index("</article>")]
    assert step.drill.name in card and "Easier drill for now" in card
    assert f"in place of {prescription.drill.name}" in card
    assert step.drill.cues[0] in card
    assert "5/10 during" in card  # the plain line why
    # Marking it done stores the drill actually done.
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    completion = Completion.objects.get(
        prescription=prescription, on_date=timezone.localdate()
    )
    assert completion.drill == step.drill


def test_a_rating_of_7_pauses_the_plan(client) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    response = client.post(pain_url(prescription), {"pain": str(STOP)}, headers=HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == PLAN
    assert client_referred(client_profile)
    page = client.get(PLAN).content.decode()
    assert "Stop, your coach is told." in page
    assert "Please see a clinician before you carry on" in page
    assert "drill-card-" not in page


def test_it_refuses_a_second_rating_kindly(client) -> None:
    _, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    client.post(pain_url(prescription), {"pain": "2"})
    response = client.post(pain_url(prescription), {"pain": "6"}, headers=HTMX)
    assert response.status_code == 200
    assert "You already rated this drill today." in response.content.decode()
    assert Completion.objects.get(prescription=prescription).pain == 2
    assert not PainAlert.objects.exists()


@pytest.mark.parametrize("pain", ["", "11", "-1", "lots"])
def test_it_answers_a_bad_rating_with_a_message_not_an_error(client, pain: str) -> None:
    _, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    response = client.post(pain_url(prescription), {"pain": pain})
    assert response.status_code == 302
    assert "Choose a number from 0" in client.get(PLAN).content.decode()
    htmx = client.post(pain_url(prescription), {"pain": pain}, headers=HTMX)
    assert htmx.status_code == 200 and "Choose a number from 0" in htmx.content.decode()
    assert Completion.objects.get(prescription=prescription).pain is None


def test_another_clients_drill_cannot_be_rated(client) -> None:
    _, _, user = make_phase_two_client()
    _, other, _ = make_phase_two_client("Someone Else")
    client.force_login(user)
    response = client.post(pain_url(card_prescription(other)), {"pain": "5"})
    assert response.status_code == 404
    assert not Completion.objects.exists() and not PainAlert.objects.exists()


# --- the next day ---------------------------------------------------------------------


def did_yesterday(client_profile, program: Program) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    completion_toggle(
        client=client_profile,
        prescription=card_prescription(program),
        on_date=yesterday,
    )


def test_it_asks_the_next_day_question_once(client) -> None:
    client_profile, program, user = make_phase_two_client()
    client.force_login(user)
    assert "after yesterday" not in client.get(PLAN).content.decode()
    did_yesterday(client_profile, program)
    page = client.get(PLAN).content.decode()
    assert "How does your knee feel today, after yesterday’s drills?" in page or (
        "How does your knee feel today, after yesterday&#x27;s drills?" in page
    )
    assert f'action="{NEXT_DAY}"' in page
    response = client.post(NEXT_DAY, {"pain": "2"}, headers=HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment and 'id="next-day"' in fragment
    assert "Thank you. Fine, carry on." in fragment
    assert f'action="{NEXT_DAY}"' not in client.get(PLAN).content.decode()
    assert Completion.objects.get().pain_next_day == 2


def test_a_sore_next_day_shows_the_easier_drill_today(client) -> None:
    client_profile, program, user = make_phase_two_client()
    did_yesterday(client_profile, program)
    client.force_login(user)
    response = client.post(NEXT_DAY, {"pain": str(OK + 1), "note": "stairs"})
    assert response.status_code == 302 and response["Location"] == PLAN
    page = client.get(PLAN).content.decode()
    assert "Use the easier drill from today. Your coach is told." in page
    step = StepDown.objects.get()
    assert step.starts_on == timezone.localdate()
    assert "Easier drill for now" in page and step.drill.name in page
    assert PainAlert.objects.get().note == "stairs"


def test_a_next_day_answer_without_drills_is_turned_away_kindly(client) -> None:
    _, _, user = make_phase_two_client()
    client.force_login(user)
    response = client.post(NEXT_DAY, {"pain": "5"})
    assert response.status_code == 302
    assert "There is nothing to rate today" in client.get(PLAN).content.decode()
    assert not PainAlert.objects.exists()


# --- symptoms and the pause ------------------------------------------------------------


def test_the_symptom_form_is_on_the_plan_and_works_without_javascript(client) -> None:
    client_profile, _, user = make_phase_two_client()
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "<details" in page and "Report a worrying symptom" in page
    assert f'action="{SYMPTOMS}"' in page and "My knee gives way" in page
    response = client.post(SYMPTOMS, {"symptoms": ["giving_way"], "note": "on stairs"})
    assert response.status_code == 302 and response["Location"] == PLAN
    referral = Referral.objects.get(client=client_profile)
    assert referral.red_flags == ["giving_way"]
    assert referral.client_note == "on stairs"
    page = client.get(PLAN).content.decode()
    assert "Thank you for telling us. Your coach knows." in page
    assert "Please see a clinician before you carry on" in page


def test_an_empty_symptom_report_comes_back_with_a_message(client) -> None:
    _, _, user = make_phase_two_client()
    client.force_login(user)
    response = client.post(SYMPTOMS, {"note": "not sure"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick at least one symptom" in page and 'value="not sure"' in page
    assert "<details open" in page
    assert not Referral.objects.exists()


def test_the_pause_page_names_the_coach_and_lists_no_drill(client) -> None:
    client_profile, _, user = make_phase_two_client()
    client.force_login(user)
    assert "drill-card-" in client.get(PLAN).content.decode()  # cached now
    referral_report(client=client_profile, red_flags=["locking"])
    page = client.get(PLAN).content.decode()
    username = client_profile.coach.get_username()
    assert (
        f"Please see a clinician (your doctor or a physiotherapist) before you carry on; "
        f"your coach {username} knows." in page
    )
    assert "drill-card-" not in page and "Mark done" not in page
    assert 'action="/plan/pain/"' not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_it_refuses_every_write_while_paused(client, htmx: bool) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    did_yesterday(client_profile, program)
    referral_report(client=client_profile, red_flags=["swelling"])
    client.force_login(user)
    headers = HTMX if htmx else {}
    before = list(Completion.objects.values_list("pk", "done", "pain", "pain_next_day"))
    for url, data in [
        (reverse("plan:toggle-done", args=[prescription.pk]), {}),
        (pain_url(prescription), {"pain": "2"}),
        (NEXT_DAY, {"pain": "2"}),
        (reverse("plan:pain"), {"pain": "2"}),
        (SYMPTOMS, {"symptoms": ["locking"]}),
    ]:
        response = client.post(url, data, headers=headers)
        if htmx:
            assert response.status_code == 200 and response["HX-Redirect"] == PLAN
        else:
            assert response.status_code == 302 and response["Location"] == PLAN
    assert (
        list(Completion.objects.values_list("pk", "done", "pain", "pain_next_day"))
        == before
    )
    assert Referral.objects.count() == 1 and not PainAlert.objects.exists()
    assert (
        "Your plan is paused until you have seen a clinician, so nothing was saved"
        in (client.get(PLAN).content.decode())
    )


def test_a_day_pain_report_of_7_pauses_the_plan(client) -> None:
    client_profile, _, user = make_phase_two_client()
    client.force_login(user)
    response = client.post(reverse("plan:pain"), {"pain": str(STOP), "note": "bad"})
    assert response.status_code == 302
    assert client_referred(client_profile)
    assert PainAlert.objects.get().level == PainAlert.Level.STOP


# --- queries ----------------------------------------------------------------------------


def test_it_pins_the_rating_queries(client, django_assert_max_num_queries) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    with django_assert_max_num_queries(24):
        response = client.post(pain_url(prescription), {"pain": "5"}, headers=HTMX)
    assert response.status_code == 200
    # History does not add queries.
    for offset in range(2, 20):
        completion_pain_record(
            client=client_profile,
            prescription=prescription,
            on_date=timezone.localdate() - timedelta(days=offset),
            pain=1,
        )
    other = (
        Prescription.objects.filter(phase=prescription.phase)
        .exclude(pk=prescription.pk)
        .get()
    )
    client.post(reverse("plan:toggle-done", args=[other.pk]))
    with django_assert_max_num_queries(24):
        response = client.post(pain_url(other), {"pain": "5"}, headers=HTMX)
    assert response.status_code == 200


def test_it_pins_the_next_day_queries(client, django_assert_max_num_queries) -> None:
    client_profile, program, user = make_phase_two_client()
    did_yesterday(client_profile, program)
    client.force_login(user)
    with django_assert_max_num_queries(11):
        response = client.post(NEXT_DAY, {"pain": "2"}, headers=HTMX)
    assert response.status_code == 200


def test_the_coach_undoing_a_step_down_brings_the_drill_back_at_once(client) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    completion_pain_record(
        client=client_profile,
        prescription=prescription,
        on_date=timezone.localdate() - timedelta(days=1),
        pain=5,
    )
    client.force_login(user)
    assert "Easier drill for now" in client.get(PLAN).content.decode()  # cached now
    step_down_undo(step_down=StepDown.objects.get(), user=client_profile.coach)
    page = client.get(PLAN).content.decode()
    assert "Easier drill for now" not in page
    assert prescription.drill.name in page


def test_the_drills_come_back_when_the_referral_closes(client) -> None:
    client_profile, _, user = make_phase_two_client()
    referral = referral_report(client=client_profile, red_flags=["night_pain"])
    client.force_login(user)
    assert "drill-card-" not in client.get(PLAN).content.decode()  # cached now
    referral_override(
        referral=referral,
        user=client_profile.coach,
        reason="Night pain was from a fall, seen by the GP.",
    )
    assert "drill-card-" in client.get(PLAN).content.decode()


def test_the_coach_sees_the_easier_drill_in_the_activity_panel(client) -> None:
    client_profile, program, user = make_phase_two_client()
    prescription = card_prescription(program)
    completion_pain_record(
        client=client_profile,
        prescription=prescription,
        on_date=timezone.localdate() - timedelta(days=1),
        pain=5,
    )
    client.force_login(user)
    client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    today = client_activity(client=client_profile).days[0]
    assert today.drills == (f"{StepDown.objects.get().drill.name} (left leg only)",)
