"""The client's plan: today's phase and drills, progress, the knee-to-wall trend.

Pure helpers (current_window, reason_lines) take plain values; the plan_* functions read the database with a
fixed number of queries whatever the number of completions or sessions. What
the client logs (drills done, pain) is written by programs/plan/log.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from assessments.core.wording import (
    criterion_words,
    dose_words,
    rule_words,
)
from assessments.models import AssessmentSession
from clients.models import Client
from clients.schedule import (
    WEEKDAY_SHORT,
    clean_days,
    is_training_day,
    next_session_words,
)
from programs.exclusions import drills_allowed_now, program_limits
from programs.models import (
    Completion,
    Drill,
    PainReport,
    Phase,
    Prescription,
    Program,
    StepDown,
)
from programs.pain import PAIN_MONITORING, pain_advice, rated_words
from programs.pain_next_day import NextDayQuestion, next_day_question
from programs.plan.progress import (
    KTW_TREND_SESSIONS,
    KtwTrend,
    WeekProgress,
    ktw_trend,
    week_progress,
)
from programs.services import phase_started_on

# --- pure helpers -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseWindow:
    phase: Phase
    number_of_phases: int
    week: int  # week of this phase, 1-based
    past_planned_end: bool


def current_window(
    *,
    phases: Sequence[Phase],
    current_phase: int,
    phase_started_on: date,
    day: date,
) -> PhaseWindow | None:
    """The phase the client is in now and its week, counted from the day it began.

    The phase moves on only when the coach accepts a re-assessment that found its
    exit criteria met, or moves the client on with a reason (CLINICAL.md section 11);
    past its planned weeks the client keeps to it until then.
    """
    if not phases:
        return None
    phase = next((p for p in phases if p.number >= current_phase), phases[-1])
    week = max((day - phase_started_on).days, 0) // 7 + 1
    return PhaseWindow(phase, len(phases), week, past_planned_end=week > phase.weeks)


def reason_lines(
    *, findings: Iterable[dict], reasons: Sequence[str], side: str
) -> list[str]:
    """Plain-language summaries of the findings a prescription answers, for its side."""
    wanted = set(reasons)
    lines: list[str] = []
    for finding in findings:
        if finding.get("code") not in wanted:
            continue
        finding_side = finding.get("side")
        # A left-only drill answers the left finding (or a finding with no side), not the right one.
        if side in ("left", "right") and finding_side not in (None, "both", side):
            continue
        summary = finding.get("summary") or ""
        if summary and summary not in lines:
            lines.append(summary)
    return lines


# --- reading the plan ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanDrill:
    prescription: Prescription
    dose: str
    cues: tuple[str, ...]
    reasons: tuple[str, ...]
    done: bool
    pain: int | None = None  # pain during, once rated today
    step_down: StepDown | None = None  # in force today: the easier drill is shown
    coming_step_down: StepDown | None = None  # starts on a later training day
    advice: str = ""  # what the rating means, in the client's words
    day: date | None = None  # the day the card is for (what its marks are sent for)
    handout_days: tuple[
        str, ...
    ] = ()  # the printed week's tick boxes: the training days

    @property
    def drill(self) -> Drill:
        return self.step_down.drill if self.step_down else self.prescription.drill

    @property
    def hold_seconds(self) -> int | None:
        return self.drill.seconds if self.step_down else self.prescription.seconds

    @property
    def tempo(self) -> str:
        return self.drill.tempo if self.step_down else self.prescription.tempo

    @property
    def asks_pain(self) -> bool:
        return self.done and self.pain is None

    @property
    def pain_over(self) -> bool:
        """Above what the pain rule accepts: the advice line stands out."""
        return self.pain is not None and self.pain > PAIN_MONITORING.acceptable


@dataclass(frozen=True, slots=True)
class KneeLoadCard:
    """The short education card on load for anterior knee pain (CLINICAL.md section 12).

    Its figures are the pain rule's own (CLINICAL.md section 10), never retyped.
    """

    acceptable: int
    stop: int


ANTERIOR_KNEE_PAIN = "anterior_knee_pain"


def program_answers(*, program: Program, code: str) -> bool:
    """True when the program was built to answer this finding (no query).

    Its findings snapshot holds the code and the engine did not leave it
    unaddressed: every other finding gets at least one drill (DESIGN.md).
    """
    found = any(finding.get("code") == code for finding in program.findings or ())
    return found and code not in (program.unaddressed or ())


def knee_load_card(program: Program) -> KneeLoadCard | None:
    """The card, when the client's program answers anterior knee pain."""
    if not program_answers(program=program, code=ANTERIOR_KNEE_PAIN):
        return None
    return KneeLoadCard(
        acceptable=PAIN_MONITORING.acceptable, stop=PAIN_MONITORING.stop
    )


@dataclass(frozen=True, slots=True)
class Plan:
    client: Client
    today: date
    program: Program | None
    window: PhaseWindow | None
    drills: tuple[PlanDrill, ...]
    progress: WeekProgress | None
    pain_today: PainReport | None
    next_reassessment: date | None
    trend: KtwTrend | None
    next_day: NextDayQuestion | None = None
    knee_load: KneeLoadCard | None = None

    @property
    def training_day(self) -> bool:
        return is_training_day(self.client.training_days, self.today)

    @property
    def next_session(self) -> str:
        """The next training day after today, in words ("tomorrow, Thursday")."""
        return next_session_words(self.client.training_days, self.today)

    @property
    def criteria(self) -> tuple[tuple[str, str], ...]:
        """The current phase's exit criteria, each with what the last re-test found."""
        if self.program is None or self.window is None:
            return ()
        return phase_criteria_words(
            proposal=self.program.proposal, phase=self.window.phase
        )


def _criterion_status(status: str) -> str:
    words = criterion_words(status).lower()
    return f"{words} at your last re-test" if status == "not_measured" else words


def phase_criteria_words(
    *, proposal: dict, phase: Phase
) -> tuple[tuple[str, str], ...]:
    """(criterion, where you are) pairs: judged at the re-test that kept the client in
    this phase, else to be checked at the next one."""
    judged = (proposal or {}).get("phase") or {}
    if judged.get("current") == phase.number == judged.get("next"):
        return tuple(
            (rule_words(item["text"]), _criterion_status(item["status"]))
            for item in proposal.get("criteria", [])
        )
    return tuple(
        (rule_words(text), "checked at your next re-test")
        for text in phase.exit_criteria
    )


def plan_program(client: Client) -> Program | None:
    return Program.objects.filter(
        client=client, status=Program.Status.PUBLISHED
    ).first()


def program_window(
    *, program: Program, phases: Sequence[Phase], day: date
) -> PhaseWindow | None:
    return current_window(
        phases=phases,
        current_phase=program.current_phase,
        phase_started_on=phase_started_on(program),
        day=day,
    )


def plan_phases(program: Program) -> list[Phase]:
    return list(
        program.phases.annotate(drill_count=Count("prescriptions")).order_by("number")
    )


def step_down_in_force(
    step_downs: Sequence[StepDown], *, today: date
) -> StepDown | None:
    """The active step down that applies on `today` (the latest started), if any."""
    started = [step for step in step_downs if step.starts_on <= today]
    return max(started, key=lambda step: (step.starts_on, step.pk), default=None)


def plan_drill(
    *,
    prescription: Prescription,
    findings: Iterable[dict],
    done: bool,
    pain: int | None = None,
    step_downs: Sequence[StepDown] = (),
    today: date | None = None,
    training_days: Iterable[object] | None = None,
) -> PlanDrill:
    """One card. ``step_downs`` are the prescription's active ones; the one in force shows its drill."""
    today = today or timezone.localdate()
    step_down = step_down_in_force(step_downs, today=today)
    coming = [step for step in step_downs if step.starts_on > today]
    coming_step_down = min(
        coming, key=lambda step: (step.starts_on, step.pk), default=None
    )
    drill = step_down.drill if step_down else prescription.drill
    if step_down:
        # The easier drill at its own default dose, on the prescription's side.
        dose = dose_words(
            sets=drill.sets,
            reps=drill.reps,
            seconds=drill.seconds,
            side=prescription.side,
            per_side=drill.per_side,
        )
    else:
        dose = dose_words(
            sets=prescription.sets,
            reps=prescription.reps,
            seconds=prescription.seconds,
            side=prescription.side,
            per_side=drill.per_side,
        )
    advice = ""
    if pain is not None:
        advice = rated_words(
            advice=pain_advice(during=pain),
            coming=coming_step_down,
            stepped=step_down is not None,
        )
    return PlanDrill(
        prescription=prescription,
        dose=dose,
        cues=tuple(drill.cues[:3]),
        reasons=tuple(
            reason_lines(
                findings=findings, reasons=prescription.reasons, side=prescription.side
            )
        ),
        done=done,
        pain=pain,
        step_down=step_down,
        coming_step_down=coming_step_down,
        advice=advice,
        day=today,
        handout_days=tuple(WEEKDAY_SHORT[day] for day in clean_days(training_days)),
    )


def plan_step_downs(prescription_ids: Sequence[int]) -> dict[int, list[StepDown]]:
    """Active step downs of these prescriptions, with their drills (one query)."""
    found: dict[int, list[StepDown]] = {}
    for step in (
        StepDown.objects.filter(
            prescription_id__in=prescription_ids, undone_at__isnull=True
        )
        .select_related("drill")
        .order_by("starts_on", "id")
    ):
        found.setdefault(step.prescription_id, []).append(step)
    return found


def plan_card(*, prescription: Prescription, today: date) -> PlanDrill:
    """One card of today, after a write (two queries)."""
    row = (
        Completion.objects.filter(prescription=prescription, on_date=today)
        .values_list("done", "pain")
        .first()
    )
    done, pain = row if row else (False, None)
    return plan_drill(
        prescription=prescription,
        findings=prescription.phase.program.findings,
        done=done,
        pain=pain,
        step_downs=plan_step_downs([prescription.pk]).get(prescription.pk, ()),
        today=today,
        training_days=prescription.phase.program.client.training_days,
    )


def plan_today(*, client: Client, today: date | None = None) -> Plan:
    """Everything the plan page shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    sessions = list(
        AssessmentSession.objects.current()
        .filter(client=client, status=AssessmentSession.Status.FINAL)
        .order_by("-assessed_on", "-id")
        .values_list("assessed_on", "ktw_left_cm", "ktw_right_cm")[:KTW_TREND_SESSIONS]
    )
    next_reassessment = (
        sessions[0][0] + timedelta(weeks=client.reassess_every_weeks)
        if sessions
        else None
    )
    trend = ktw_trend(measures=list(reversed(sessions)))
    program = plan_program(client)
    if program is None:
        return Plan(client, today, None, None, (), None, None, next_reassessment, trend)
    phases = plan_phases(program)
    window = program_window(program=program, phases=phases, day=today)
    drills: tuple[PlanDrill, ...] = ()
    if window is not None:
        # A drill the client must not do never reaches them (CLINICAL.md section 9).
        prescriptions = drills_allowed_now(
            window.phase.prescriptions.select_related("drill").order_by("order", "id"),
            drill_of=lambda p: p.drill,
            limits=program_limits(
                program=program,
                client_codes=client.contraindication_codes,
                session_pain=False,
            ),
            kept=lambda p: bool(p.override_reason),
        )
        logged = {
            prescription_id: (done, pain)
            for prescription_id, done, pain in Completion.objects.filter(
                client=client,
                on_date=today,
                prescription__in=[p.pk for p in prescriptions],
            ).values_list("prescription_id", "done", "pain")
        }
        steps = plan_step_downs([p.pk for p in prescriptions])
        for prescription in prescriptions:
            prescription.phase = window.phase
        window.phase.program = program
        drills = tuple(
            plan_drill(
                prescription=p,
                findings=program.findings,
                done=logged.get(p.pk, (False, None))[0],
                pain=logged.get(p.pk, (False, None))[1],
                step_downs=steps.get(p.pk, ()),
                today=today,
                training_days=client.training_days,
            )
            for p in prescriptions
        )
    progress = week_progress(client=client, program=program, phases=phases, today=today)
    pain_today = PainReport.objects.filter(client=client, on_date=today).first()
    return Plan(
        client,
        today,
        program,
        window,
        drills,
        progress,
        pain_today,
        next_reassessment,
        trend,
        next_day_question(client=client, today=today),
        knee_load_card(program),
    )
