"""The coach's home page: which clients need attention and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from clients.views.home_page import adherence_expected, coach_dashboard
from programs.models import Completion, PainReport, Prescription, Program
from tests.factory import (
    make_clearance,
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def days_ago(days: int) -> date:
    return today() - timedelta(days=days)


def make_pain_report(*, client: Client, on_date: date, pain: int) -> PainReport:
    return PainReport.objects.create(client=client, on_date=on_date, pain=pain)


def make_completion(
    *,
    prescription: Prescription,
    client: Client,
    on_date: date,
    done: bool = True,
    pain: int | None = None,
) -> Completion:
    return Completion.objects.create(
        prescription=prescription, client=client, on_date=on_date, done=done, pain=pain
    )


def make_assessed_client(
    *, coach, name: str = "Maya", weeks_ago: int = 1, **measurements: Any
) -> Client:
    client = make_client(coach=coach, name=name)
    make_session(client=client, assessed_on=days_ago(7 * weeks_ago), **measurements)
    return client


def publish_days_ago(program: Program, days: int) -> Program:
    Program.objects.filter(pk=program.pk).update(
        published_at=timezone.now() - timedelta(days=days)
    )
    program.refresh_from_db()
    return program


def phase_one(program: Program) -> list[Prescription]:
    return list(Prescription.objects.filter(phase__program=program, phase__number=1))


def reasons_for(coach, client: Client) -> dict[str, str]:
    dashboard = coach_dashboard(coach=coach, today=today())
    for item in dashboard.attention:
        if item.client.pk == client.pk:
            return {reason.kind: reason.text for reason in item.reasons}
    return {}


def home(http: HttpClient, coach) -> str:
    http.force_login(coach)
    response = http.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_a_client_never_assessed() -> None:
    coach = make_coach()
    client = make_client(coach=coach, name="Tom")
    assert reasons_for(coach, client) == {"unassessed": "Not assessed yet."}


def test_it_leaves_out_a_client_assessed_recently_with_nothing_wrong() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach, weeks_ago=2)
    assert reasons_for(coach, client) == {}


def test_it_says_when_a_re_assessment_is_due() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach, weeks_ago=5)
    text = reasons_for(coach, client)["reassess"]
    assert "5 weeks ago" in text and "every 4 weeks" in text


def test_it_uses_the_clients_own_re_assessment_interval() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach, weeks_ago=5)
    Client.objects.filter(pk=client.pk).update(reassess_every_weeks=8)
    assert "reassess" not in reasons_for(coach, client)


def test_it_ignores_draft_sessions_when_judging_the_last_assessment() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach, weeks_ago=6)
    make_session(client=client, assessed_on=days_ago(1), final=False)
    reasons = reasons_for(coach, client)
    assert "reassess" in reasons
    assert reasons["draft"].startswith("1 draft session not finalised")


def test_it_lists_a_referred_client_with_the_red_flags() -> None:
    coach = make_coach()
    client = make_assessed_client(
        coach=coach, weeks_ago=1, red_flags=["swelling", "giving_way"]
    )
    text = reasons_for(coach, client)["refer_out"]
    assert "Referred to a clinician since" in text
    assert "(swelling, giving way)" in text


def test_it_keeps_listing_a_referred_client_until_cleared() -> None:

    coach = make_coach()
    client = make_client(coach=coach)
    session = make_session(
        client=client, assessed_on=days_ago(20), red_flags=["swelling"]
    )
    make_session(client=client, assessed_on=days_ago(30))  # older: ends nothing
    assert "refer_out" in reasons_for(coach, client)
    make_clearance(session=session)
    assert "refer_out" not in reasons_for(coach, client)


def test_it_lists_a_client_who_reported_a_symptom_with_their_note() -> None:
    from assessments.referrals import referral_report

    coach = make_coach()
    client = make_assessed_client(coach=coach)
    referral_report(client=client, red_flags=["giving_way"], note="gave way on stairs")
    text = reasons_for(coach, client)["refer_out"]
    assert "giving way" in text and "“gave way on stairs”" in text


def test_it_drops_the_red_flag_once_a_later_session_is_clear() -> None:
    coach = make_coach()
    client = make_client(coach=coach)
    make_session(client=client, assessed_on=days_ago(20), red_flags=["swelling"])
    make_session(client=client, assessed_on=days_ago(3))
    assert "refer_out" not in reasons_for(coach, client)


@pytest.mark.parametrize(
    ("pain", "days", "shown"),
    [(5, 0, True), (9, 6, True), (4, 1, False), (8, 7, False)],
)
def test_it_surfaces_pain_of_five_or_more_in_the_last_seven_days(
    pain: int, days: int, shown: bool
) -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    make_pain_report(client=client, on_date=days_ago(days), pain=pain)
    reasons = reasons_for(coach, client)
    assert ("pain" in reasons) is shown
    if shown:
        assert f"{pain}/10" in reasons["pain"]


def test_it_surfaces_pain_reported_on_a_drill() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = make_program(session=client.sessions.get())
    make_completion(
        prescription=phase_one(program)[0], client=client, on_date=days_ago(2), pain=6
    )
    make_pain_report(client=client, on_date=days_ago(2), pain=2)
    assert "6/10" in reasons_for(coach, client)["pain"]


def test_it_flags_low_adherence_on_a_program_out_for_two_weeks() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = publish_days_ago(make_program(session=client.sessions.get()), 20)
    drills = phase_one(program)
    today = timezone.localdate()
    expected = adherence_expected(
        phase_one_drills=len(drills),
        training_days=client.training_days,
        start=today - timedelta(days=13),
        end=today,
    )
    assert expected == pytest.approx(len(drills) * 6)  # Mon, Wed, Fri for two weeks
    # Just under half done: one short of the floor.
    needed = int(expected / 2)
    done_days = [days_ago(day) for day in range(14)]
    pairs = [(drill, day) for day in done_days for drill in drills][: needed - 1]
    for drill, day in pairs:
        make_completion(prescription=drill, client=client, on_date=day)
    # Not done, and too old: neither counts.
    make_completion(prescription=drills[0], client=client, on_date=days_ago(15))
    text = reasons_for(coach, client)["adherence"]
    assert f"{needed - 1} drills done in the last 14 days" in text


def test_it_is_satisfied_with_half_of_the_expected_drills() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = publish_days_ago(make_program(session=client.sessions.get()), 20)
    drills = phase_one(program)
    needed = len(drills) * 6 // 2  # half of three days a week for two weeks
    pairs = [(drill, days_ago(day)) for day in range(14) for drill in drills][:needed]
    for drill, day in pairs:
        make_completion(prescription=drill, client=client, on_date=day)
    assert "adherence" not in reasons_for(coach, client)


def test_it_does_not_count_undone_drills() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = publish_days_ago(make_program(session=client.sessions.get()), 20)
    drills = phase_one(program)
    for drill in drills:
        for day in range(14):
            make_completion(
                prescription=drill, client=client, on_date=days_ago(day), done=False
            )
    assert "0 drills done" in reasons_for(coach, client)["adherence"]


def test_it_waits_a_week_before_judging_adherence() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    publish_days_ago(make_program(session=client.sessions.get()), 3)
    assert "adherence" not in reasons_for(coach, client)


def test_it_ignores_draft_programs_for_adherence() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    make_program(session=client.sessions.get(), publish=False)
    assert "adherence" not in reasons_for(coach, client)


def test_it_puts_red_flags_before_paperwork() -> None:
    coach = make_coach()
    make_client(coach=coach, name="Aaron")  # not assessed
    make_assessed_client(coach=coach, name="Zoe", red_flags=["locking"])
    names = [
        item.client.name
        for item in coach_dashboard(coach=coach, today=today()).attention
    ]
    assert names == ["Zoe", "Aaron"]


def test_it_hides_other_coaches_and_archived_clients(client: HttpClient) -> None:
    coach = make_coach()
    other = make_coach()
    make_client(coach=other, name="Someone Else")
    archived = make_client(coach=coach, name="Old Client")
    Client.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    mine = make_client(coach=coach, name="Maya Okafor")
    page = home(client, coach)
    assert "Maya Okafor" in page
    assert reverse("clients:detail", args=[mine.pk]) in page
    assert "Someone Else" not in page
    assert "Old Client" not in page
    assert "1 active client" in page


def test_it_shows_each_reason_with_a_link_to_the_client(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_assessed_client(coach=coach, name="Maya", red_flags=["swelling"])
    make_pain_report(client=maya, on_date=today(), pain=7)
    page = home(client, coach)
    assert reverse("clients:detail", args=[maya.pk]) in page
    assert "no program can be published until you record a clearance" in page
    assert "Reported pain 7/10 in the last 7 days" in page
    assert "project default" in page


def test_it_says_when_nothing_needs_attention(client: HttpClient) -> None:
    coach = make_coach()
    make_assessed_client(coach=coach, weeks_ago=1)
    assert "Nothing needs your attention" in home(client, coach)


def test_it_sends_a_client_user_to_their_plan(client: HttpClient) -> None:
    user = make_client_user(client=make_client())
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("plan:today")


def test_it_sends_a_library_editor_to_the_admin(client: HttpClient) -> None:
    client.force_login(make_library_editor())
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def fill(coach, count: int) -> None:
    """`count` clients each with sessions, a draft, a published program, completions and pain."""
    for index in range(count):
        client = make_client(coach=coach, name=f"Client {index:03}")
        first = make_session(client=client, assessed_on=days_ago(60))
        flagged = index % 3 == 0
        # A red flag after publishing: the program stays, paused (CLINICAL.md section 8).
        program = publish_days_ago(make_program(session=first), 20)
        make_session(
            client=client,
            assessed_on=days_ago(40),
            red_flags=["swelling"] if flagged else [],
        )
        make_session(client=client, assessed_on=days_ago(1), final=False)
        drill = phase_one(program)[0]
        make_completion(
            prescription=drill, client=client, on_date=days_ago(1), pain=index % 10
        )
        make_pain_report(client=client, on_date=days_ago(2), pain=6)


@pytest.mark.parametrize("count", [2, 20])
def test_it_uses_a_fixed_number_of_queries(
    client: HttpClient, django_assert_max_num_queries, count: int
) -> None:
    coach = make_coach()
    fill(coach, count)
    client.force_login(coach)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card attention"') == count


def test_it_shows_the_most_urgent_first_and_counts_the_rest(
    client: HttpClient,
) -> None:
    from clients.views.home_page import ATTENTION_SHOWN

    coach = make_coach()
    for n in range(ATTENTION_SHOWN + 3):
        make_client(coach=coach, name=f"Never assessed {n:02d}")
    flagged = make_client(coach=coach, name="Zed Red Flag")
    make_session(client=flagged, red_flags=["swelling"])
    client.force_login(coach)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card attention"') == ATTENTION_SHOWN
    assert f"{ATTENTION_SHOWN + 4} need attention" in html
    assert f"Showing the {ATTENTION_SHOWN} most urgent of {ATTENTION_SHOWN + 4}" in html
    # The red flag outranks paperwork even though its name sorts last.
    assert html.index("Zed Red Flag") < html.index("Never assessed 00")


# --- rows kept per client for the day (clients.views.home_page.coach_dashboard) ---


def test_after_one_change_only_that_client_is_looked_at_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import clients.views.home_page as dashboard

    coach = make_coach()
    quiet = make_assessed_client(coach=coach, name="Quiet")
    hurting = make_assessed_client(coach=coach, name="Hurting")
    asked: list[set[int]] = []
    real = dashboard._attention

    def spy(clients, *, today):
        rows = real(clients, today=today)
        asked.append(set(rows))
        return rows

    monkeypatch.setattr(dashboard, "_attention", spy)
    first = coach_dashboard(coach=coach, today=today())
    assert asked == [{quiet.pk, hurting.pk}]
    assert first.attention == ()
    assert coach_dashboard(coach=coach, today=today()).attention == ()
    assert len(asked) == 1  # nothing changed: no client looked at again
    make_pain_report(client=hurting, on_date=today(), pain=7)
    third = coach_dashboard(coach=coach, today=today())
    assert asked[-1] == {hurting.pk}
    assert [item.client.name for item in third.attention] == ["Hurting"]
    assert third.active_clients == 2


def test_a_new_day_looks_at_every_client_again() -> None:
    coach = make_coach()
    make_assessed_client(coach=coach, name="Due soon", weeks_ago=3)
    assert coach_dashboard(coach=coach, today=today()).attention == ()
    later = coach_dashboard(coach=coach, today=today() + timedelta(days=14))
    assert [reason.kind for reason in later.attention[0].reasons] == ["reassess"]


def test_an_archived_client_leaves_the_kept_rows() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach, name="Leaving")
    make_pain_report(client=client, on_date=today(), pain=8)
    assert coach_dashboard(coach=coach, today=today()).attention_total == 1
    client.archived_at = timezone.now()
    client.save()
    gone = coach_dashboard(coach=coach, today=today())
    assert (gone.attention_total, gone.active_clients) == (0, 0)


def test_it_shows_an_unreviewed_pain_alert_with_the_drill_and_the_note() -> None:
    from programs.models import PainAlert

    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = make_program(session=client.sessions.get())
    drill = phase_one(program)[0]
    alert = PainAlert.objects.create(
        client=client,
        program=program,
        prescription=drill,
        level=PainAlert.Level.STEP_DOWN,
        on_date=days_ago(1),
        pain_during=6,
        note="sharp on step-downs",
    )
    text = reasons_for(coach, client)["pain_alert"]
    assert drill.drill.name in text
    assert "6/10 during" in text and "“sharp on step-downs”" in text
    alert.reviewed_at = timezone.now()
    alert.save()
    assert "pain_alert" not in reasons_for(coach, client)


def test_it_judges_adherence_on_a_proposal_that_starts_at_a_later_phase() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    program = publish_days_ago(make_program(session=client.sessions.get()), 20)
    # A proposal after a re-assessment starts at the phase the client is in
    # (publishing puts the client in the program's first phase).
    program.phases.filter(number=1).delete()
    Program.objects.filter(pk=program.pk).update(current_phase=2)
    program.client.save()  # a new data version: the dashboard reads it again
    assert not phase_one(program)
    assert "0 drills done" in reasons_for(coach, client)["adherence"]


def test_adherence_follows_the_clients_training_days() -> None:
    coach = make_coach()
    client = make_assessed_client(coach=coach)
    client.training_days = [0, 1, 2, 3, 4, 5]  # six days a week
    client.save()
    program = publish_days_ago(make_program(session=client.sessions.get()), 20)
    drills = phase_one(program)
    # Half of three days a week: enough by the default, too few at six days a week.
    pairs = [(drill, days_ago(day)) for day in range(14) for drill in drills]
    for drill, day in pairs[: len(drills) * 6 // 2]:
        make_completion(prescription=drill, client=client, on_date=day)
    text = reasons_for(coach, client)["adherence"]
    assert f"about {len(drills) * 12} expected" in text
    assert "(Mon, Tue, Wed, Thu, Fri, Sat)" in text
