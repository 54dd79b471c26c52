"""What a client logs from the plan (drills done, pain) and how their coach sees it.

Every write takes the day's row under a lock, so a double tap or two phones
never make two rows for one drill and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.core.rules import threshold
from assessments.core.wording import SIDE_WORDS, day_words, pain_alert_words
from clients.models import Client, User
from clients.page_cache import touch_clients
from clients.schedule import training_days_between
from programs.models import (
    Completion,
    Drill,
    PainAlert,
    PainReport,
    Prescription,
    Program,
    StepDown,
)

ACTIVITY_DAYS = 14
PAIN_HIGHLIGHT = int(threshold("pain_highlight"))  # stands out for the coach


def plan_prescription(*, user: User, prescription_id: int) -> Prescription | None:
    """A prescription of the published program of the client signed in as ``user``, or None.

    One query brings the drill, phase, program and client: marking a drill done is
    the plan's busiest write.
    """
    return (
        Prescription.objects.select_related("drill", "phase__program__client")
        .filter(
            pk=prescription_id,
            phase__program__client__user=user,
            phase__program__status=Program.Status.PUBLISHED,
        )
        .first()
    )


# One statement flips the day's row and says what it became: the row lock it takes
# makes concurrent taps on the same drill queue, each flipping once.
TOGGLE_SQL = (
    'UPDATE "programs_completion" SET "done" = NOT "done" '
    'WHERE "prescription_id" = %s AND "on_date" = %s RETURNING "done"'
)


@transaction.atomic
def completion_toggle(
    *,
    client: Client,
    prescription: Prescription,
    on_date: date,
    drill: Drill | None = None,
) -> bool:
    """Mark the drill done for the day, or undo it if it was done. Returns the new state.

    ``drill`` is the easier drill the plan showed in its place after a step down
    (stored with the day's first tap; None for the prescribed drill).

    The plan's busiest write, so as few statements as it can be: one UPDATE, or on
    the day's first tap one INSERT, then the client's new data version, in one
    transaction: a page never shows a tap without it, or the new version without
    the tap, even if the database goes away between the two.
    """
    with connection.cursor() as cursor:
        cursor.execute(TOGGLE_SQL, [prescription.pk, on_date])
        row = cursor.fetchone()
    if row is not None:
        done = bool(row[0])
    else:
        # ON CONFLICT DO NOTHING: a double tap that raced us to the row leaves it done either way.
        Completion.objects.bulk_create(
            [
                Completion(
                    prescription=prescription,
                    client=client,
                    on_date=on_date,
                    done=True,
                    drill=drill,
                )
            ],
            ignore_conflicts=True,
        )
        done = True
    touch_clients([client.pk])  # neither statement sends a signal
    return done


@transaction.atomic
def completion_set(
    *,
    client: Client,
    prescription: Prescription,
    on_date: date,
    done: bool,
    drill: Drill | None = None,
) -> bool:
    """Make the drill done (or not) for the day, whatever it was: a mark sent again
    (a queued mark from a phone that was offline) changes nothing the second time."""
    updated = Completion.objects.filter(
        prescription=prescription, on_date=on_date
    ).update(done=done)
    if not updated and done:
        Completion.objects.bulk_create(
            [
                Completion(
                    prescription=prescription,
                    client=client,
                    on_date=on_date,
                    done=True,
                    drill=drill,
                )
            ],
            ignore_conflicts=True,
        )
    touch_clients([client.pk])  # neither statement sends a signal
    return done


@transaction.atomic
def pain_report_save(
    *,
    client: Client,
    on_date: date,
    pain: int,
    note: str = "",
    program: Program | None = None,
) -> PainReport:
    """The day's pain rating: one per client and day, a second report replaces the first."""
    report = (
        PainReport.objects.select_for_update()
        .filter(client=client, on_date=on_date)
        .first()
    )
    if report is None:
        report = PainReport(client=client, on_date=on_date)
    report.pain = pain
    report.note = note
    report.program = program
    report.full_clean()
    report.save()
    return report


# --- what the coach sees ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActivityDay:
    on_date: date
    drills: tuple[str, ...]
    pain: int | None
    pain_note: str

    @property
    def pain_high(self) -> bool:
        return self.pain is not None and self.pain >= PAIN_HIGHLIGHT


@dataclass(frozen=True, slots=True)
class ClientActivity:
    days: tuple[ActivityDay, ...]
    since: date
    drills_done: int
    high_pain_days: int
    sessions: int = 0  # days with a drill done
    planned: int = 0  # the client's training days in the window

    @property
    def schedule(self) -> str:
        """ "4 sessions on 6 training days" (drills on a rest day make a session too)."""
        noun = "session" if self.sessions == 1 else "sessions"
        days = "training day" if self.planned == 1 else "training days"
        return f"{self.sessions} {noun}, {self.planned} {days}"

    high_pain: int = PAIN_HIGHLIGHT  # read from the rule table, shown in the sentence


def client_activity(
    *, client: Client, today: date | None = None, days: int = ACTIVITY_DAYS
) -> ClientActivity:
    """Drills done and pain reported over the last `days` days, newest first. Two queries."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days - 1)
    done: dict[date, list[str]] = {}
    for on_date, name, side in (
        Completion.objects.filter(
            client=client, done=True, on_date__gte=since, on_date__lte=today
        )
        .order_by(
            "-on_date", "prescription__phase__number", "prescription__order", "id"
        )
        # The drill actually done: the easier one while a step down was in force.
        .values_list(
            "on_date",
            Coalesce(F("drill__name"), F("prescription__drill__name")),
            "prescription__side",
        )
    ):
        label = f"{name} ({SIDE_WORDS[side]})" if side in ("left", "right") else name
        done.setdefault(on_date, []).append(label)
    pain = {
        report.on_date: report
        for report in PainReport.objects.filter(
            client=client, on_date__gte=since, on_date__lte=today
        ).only("on_date", "pain", "note")
    }
    activity_days = tuple(
        ActivityDay(
            on_date=day,
            drills=tuple(done.get(day, ())),
            pain=pain[day].pain if day in pain else None,
            pain_note=pain[day].note if day in pain else "",
        )
        for day in sorted(set(done) | set(pain), reverse=True)
    )
    return ClientActivity(
        days=activity_days,
        since=since,
        drills_done=sum(len(names) for names in done.values()),
        high_pain_days=sum(1 for day in activity_days if day.pain_high),
        sessions=len(done),
        planned=training_days_between(client.training_days, since, today),
    )


# --- pain alerts (CLINICAL.md section 10) ------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenPainAlert:
    """One pain alert as the coach reads it."""

    alert: PainAlert
    client: Client
    drills: tuple[str, ...]  # the drills the pain was about
    pain_during: int | None
    pain_next_day: int | None
    note: str
    step_downs: tuple[StepDown, ...]  # still active: the coach can undo them

    @property
    def level(self) -> str:
        return self.alert.level

    @property
    def is_stop(self) -> bool:
        return self.alert.level == PainAlert.Level.STOP

    @property
    def summary(self) -> str:
        """One plain sentence: "Knee 5/10 during Knee-to-wall rocks on Friday 27 November."."""
        return pain_alert_words(
            drills=self.drills,
            on=self.alert.on_date,
            pain_during=self.pain_during,
            pain_next_day=self.pain_next_day,
        )

    @property
    def action(self) -> str:
        if self.is_stop:
            return "The plan is paused until a clinician sees them."
        if self.step_downs:
            names = ", ".join(step.drill.name for step in self.step_downs)
            return f"Stepped down to {names} from {day_words(self.step_downs[0].starts_on)}."
        return "No easier drill was given (none below, or already stepped down)."


def _open_alerts(alerts: QuerySet[PainAlert]) -> list[OpenPainAlert]:
    """Open alerts with their drills and active step downs, in three queries at most."""
    rows = list(
        alerts.filter(reviewed_at__isnull=True)
        .select_related("client", "prescription__drill")
        .order_by("-created_at", "-id")
    )
    if not rows:
        return []
    steps: dict[int | None, list[StepDown]] = {}
    for step in (
        StepDown.objects.filter(alert__in=rows, undone_at__isnull=True)
        .select_related("drill", "prescription__drill")
        .order_by("id")
    ):
        steps.setdefault(step.alert_id, []).append(step)
    # Alerts about a whole day (the next-day question): the drills done that day.
    day_drills: dict[tuple[int, date], list[str]] = {}
    wanted = [row for row in rows if row.prescription_id is None]
    if wanted:
        match = Q()
        for row in wanted:
            match |= Q(client_id=row.client_id, on_date=row.on_date)
        for client_id, on_date, name in (
            Completion.objects.filter(match, done=True)
            .order_by("prescription__phase__number", "prescription__order", "id")
            .values_list(
                "client_id",
                "on_date",
                Coalesce(F("drill__name"), F("prescription__drill__name")),
            )
        ):
            names = day_drills.setdefault((client_id, on_date), [])
            if name not in names:
                names.append(name)
    found = []
    for row in rows:
        if row.prescription is not None:
            drills: tuple[str, ...] = (row.prescription.drill.name,)
        elif row.pain_next_day is not None:
            drills = tuple(day_drills.get((row.client_id, row.on_date), ()))
        else:
            drills = ()
        found.append(
            OpenPainAlert(
                alert=row,
                client=row.client,
                drills=drills,
                pain_during=row.pain_during,
                pain_next_day=row.pain_next_day,
                note=row.note,
                step_downs=tuple(steps.get(row.pk, ())),
            )
        )
    return found


def open_pain_alerts(client: Client) -> list[OpenPainAlert]:
    """The client's pain alerts the coach has not reviewed yet, newest first."""
    return _open_alerts(PainAlert.objects.filter(client=client))


def open_pain_alerts_for_coach(coach: User) -> list[OpenPainAlert]:
    """Every unreviewed pain alert of the coach's clients (archived ones left out), newest first."""
    return _open_alerts(
        PainAlert.objects.filter(client__coach=coach, client__archived_at__isnull=True)
    )
