"""What the coach sees first: who needs attention, and each client's status in the list.

Every function here issues a fixed number of queries whatever the number of
clients, sessions or completions: per-client facts come from correlated
subqueries on one client query, never from a loop of queries. The client page's
own overview is clients/views/client_page.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.core.cache import caches
from django.db.models import (
    F,
    Func,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone

from assessments.core.rules import threshold
from assessments.core.wording import date_words, pain_alert_words, plural
from assessments.models import AssessmentSession, Referral
from clients.models import Client, User
from clients.page_cache import CACHE_ALIAS
from clients.schedule import DEFAULT_TRAINING_DAYS, days_words, training_days_between
from programs.models import (
    Completion,
    PainAlert,
    PainReport,
    Phase,
    Prescription,
    Program,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Status(TypedDict):
    """What `_session_status` annotates on each client."""

    last_assessed_on: date | None
    referred_since: datetime | None
    referral_flags: list[str] | None
    referral_pain: int | None
    referral_note: str | None
    draft_count: int
    oldest_draft_on: date | None


class _Listed(_Status):
    """A row of the client list (`with_status`)."""

    has_program: bool


class _Watched(_Status):
    """A dashboard row (`_attention`)."""

    pain_alerts_open: int
    alert_drill: str | None
    alert_during: int | None
    alert_next_day: int | None
    alert_note: str | None
    alert_on: date | None
    pain_reported: int | None
    pain_in_drills: int | None
    published_at: datetime | None
    phase_started_on: date | None
    current_phase_name: str | None
    current_phase_weeks: int | None
    phase_one_drills: int
    done_recently: int


if TYPE_CHECKING:
    StatusClient = WithAnnotations[Client, _Status]
    ListedClient = WithAnnotations[Client, _Listed]
    WatchedClient = WithAnnotations[Client, _Watched]

# Project defaults, shown as such in the UI (not validated norms).
PAIN_ALERT = int(
    threshold("pain_highlight")
)  # surfaced when reported in the last PAIN_DAYS
PAIN_DAYS = 7
ADHERENCE_DAYS = 14
TRAINING_DAYS_PER_WEEK = len(
    DEFAULT_TRAINING_DAYS
)  # the default schedule, for the help text
ADHERENCE_FLOOR = 0.5  # under half of the expected drills done
ADHERENCE_MIN_DAYS = 7  # a program out for less than a week is too new to judge
# A coach with hundreds of clients reads the most urgent first; the rest wait a click.
ATTENTION_SHOWN = 25


# The dashboard's short badge for each reason kind.
_LABELS = {
    "refer_out": "Referred",
    "pain_alert": "Pain alert",
    "pain": "Pain",
    "adherence": "Adherence",
    "retest": "Re-test due",
    "draft": "Draft",
    "unassessed": "No assessment",
}


@dataclass(frozen=True, slots=True)
class Reason:
    kind: str  # refer_out | pain | adherence | draft | reassess | unassessed
    text: str
    tone: str  # bad | warn: the badge class

    @property
    def label(self) -> str:
        return _LABELS.get(self.kind, "Re-assess")


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """What a dashboard row shows of a client (small, so rows cache cheaply)."""

    pk: int
    name: str
    activity: str


@dataclass(frozen=True, slots=True)
class Attention:
    client: ClientSummary
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    attention: tuple[Attention, ...]  # the most urgent, at most ATTENTION_SHOWN
    active_clients: int
    today: date
    attention_total: int = 0  # how many need attention in all


# Most urgent first: a red flag or real pain outranks paperwork.
_ORDER = {
    "refer_out": 0,
    "pain_alert": 1,
    "pain": 1,
    "adherence": 2,
    "retest": 3,
    "unassessed": 3,
    "reassess": 4,
    "draft": 5,
}


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as a scalar subquery (no GROUP BY)."""
    counted = (
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _current_final() -> QuerySet[AssessmentSession]:
    return (
        AssessmentSession.objects.current()
        .filter(client=OuterRef("pk"), status=AssessmentSession.Status.FINAL)
        .order_by("-assessed_on", "-id")
    )


def _drafts() -> QuerySet[AssessmentSession]:
    return AssessmentSession.objects.current().filter(
        client=OuterRef("pk"), status=AssessmentSession.Status.DRAFT
    )


def _open_referral() -> QuerySet[Referral]:
    return Referral.objects.open().filter(client=OuterRef("pk")).order_by("opened_at")


def _session_status(clients: QuerySet[Client]) -> QuerySet[StatusClient]:
    # Referred until cleared (CLINICAL.md section 8): the oldest open referral.
    return clients.annotate(
        last_assessed_on=Subquery(_current_final().values("assessed_on")[:1]),
        referred_since=Subquery(_open_referral().values("opened_at")[:1]),
        referral_flags=Subquery(
            _open_referral().values("red_flags")[:1], output_field=JSONField()
        ),
        referral_pain=Subquery(_open_referral().values("knee_pain")[:1]),
        referral_note=Subquery(_open_referral().values("client_note")[:1]),
        draft_count=_count(_drafts()),
        oldest_draft_on=Subquery(
            _drafts().order_by("assessed_on", "id").values("assessed_on")[:1]
        ),
    )


def with_status(clients: QuerySet[Client]) -> QuerySet[ListedClient]:
    """Clients annotated with what the list and the dashboard show about them."""
    published = Program.objects.filter(
        client=OuterRef("pk"), status=Program.Status.PUBLISHED
    )
    # `(SELECT ... LIMIT 1) IS NOT NULL` rather than EXISTS: PostgreSQL turns an
    # EXISTS here into a hash of every published program in the database, while
    # this probes the index once per listed client.
    return _session_status(clients).annotate(
        has_program=IsNull(Subquery(published.values("pk")[:1]), False)
    )


def reassess_due_on(client: StatusClient) -> date | None:
    """When the next assessment is due (needs `last_assessed_on` from `with_status`)."""
    if client.last_assessed_on is None:
        return None
    return client.last_assessed_on + timedelta(weeks=client.reassess_every_weeks)


def client_badges(client: ListedClient, *, today: date) -> list[Reason]:
    """Short status badges for a row of the client list (no queries)."""
    badges = []
    if client.archived_at is not None:
        badges.append(Reason("archived", "Archived", "muted"))
    if client.referred_since is not None:
        badges.append(Reason("refer_out", "Referred", "bad"))
    if client.last_assessed_on is None:
        badges.append(Reason("unassessed", "Not assessed", "warn"))
    elif (due := reassess_due_on(client)) is not None and due < today:
        badges.append(Reason("reassess", "Re-assessment due", "warn"))
    if client.draft_count:
        badges.append(Reason("draft", "Draft session", "warn"))
    if client.has_program:
        badges.append(Reason("program", "Program published", "ok"))
    return badges


def adherence_expected(
    *, phase_one_drills: int, training_days: Iterable[object], start: date, end: date
) -> float:
    """Expected drill completions from `start` to `end` (both included): the drills of
    the client's current phase x the client's training days in that window.

    The one place adherence is judged (the dashboard and the client page read it);
    simple on purpose, so the coach can check it by hand.
    """
    return phase_one_drills * training_days_between(training_days, start, end)


def _reasons(client: WatchedClient, *, today: date) -> list[Reason]:
    reasons = []
    if client.referred_since is not None:
        labels = dict(AssessmentSession.RedFlag.choices)
        why = [labels.get(flag, flag).lower() for flag in client.referral_flags or ()]
        if client.referral_pain is not None and client.referral_pain >= 7:
            why.append(f"knee pain {client.referral_pain}/10")
        note = f" They wrote: “{client.referral_note}”." if client.referral_note else ""
        reasons.append(
            Reason(
                "refer_out",
                f"Referred to a clinician since {date_words(timezone.localdate(client.referred_since))}"
                f"{' (' + ', '.join(why) + ')' if why else ''}: the plan is paused and no program "
                f"can be published until you record a clearance.{note}",
                "bad",
            )
        )
    if client.pain_alerts_open:
        reasons.append(
            Reason(
                "pain_alert",
                _pain_alert_words(client),
                "bad",
            )
        )
    worst_pain = max(client.pain_reported or 0, client.pain_in_drills or 0)
    if worst_pain >= PAIN_ALERT:
        reasons.append(
            Reason(
                "pain",
                f"Reported pain {worst_pain}/10 in the last {PAIN_DAYS} days.",
                "bad",
            )
        )
    if client.published_at is not None and client.phase_one_drills:
        published_on = timezone.localdate(client.published_at)
        days_live = (today - published_on).days + 1
        if days_live >= ADHERENCE_MIN_DAYS:
            window = min(ADHERENCE_DAYS, days_live)
            expected = adherence_expected(
                phase_one_drills=client.phase_one_drills,
                training_days=client.training_days,
                start=today - timedelta(days=window - 1),
                end=today,
            )
            if expected and client.done_recently < ADHERENCE_FLOOR * expected:
                share = round(100 * client.done_recently / expected)
                reasons.append(
                    Reason(
                        "adherence",
                        f"Low adherence: {client.done_recently} drills done in the last {window} days, "
                        f"about {round(expected)} expected ({share} %) on their training days "
                        f"({days_words(client.training_days, short=True)}).",
                        "warn",
                    )
                )
    if (retest := _retest_due(client, today=today)) is not None:
        reasons.append(retest)
    if client.last_assessed_on is None:
        reasons.append(Reason("unassessed", "Not assessed yet.", "warn"))
    else:
        due = reassess_due_on(client)
        if due is not None and due < today:
            weeks_ago = (today - client.last_assessed_on).days // 7
            reasons.append(
                Reason(
                    "reassess",
                    f"Re-assessment due: last assessed {date_words(client.last_assessed_on)}, {weeks_ago} weeks ago "
                    f"(every {client.reassess_every_weeks} weeks).",
                    "warn",
                )
            )
    if client.draft_count and client.oldest_draft_on is not None:
        plural = "s" if client.draft_count > 1 else ""
        reasons.append(
            Reason(
                "draft",
                f"{client.draft_count} draft session{plural} not finalised (oldest {date_words(client.oldest_draft_on)}).",
                "warn",
            )
        )
    return sorted(reasons, key=lambda reason: _ORDER[reason.kind])


def coach_dashboard(*, coach: User, today: date) -> Dashboard:
    """The coach's active clients that need attention, most urgent first.

    Each client's row is kept for the day under its data version, so after one
    client changes only that client is looked at again: one light query for the
    versions, then the heavy one for the changed clients alone (none on a repeat).
    """
    versions = dict(
        Client.objects.for_coach(coach)
        .active()
        .order_by()
        .values_list("pk", "data_version")
    )
    cache = caches[CACHE_ALIAS]
    key = f"dashboard-rows:{coach.pk}:{today.isoformat()}"
    known: dict[int, tuple[int, Attention | None]] = cache.get(key) or {}
    stale = [
        pk for pk, version in versions.items() if known.get(pk, (None,))[0] != version
    ]
    if stale:
        for pk, (version, item) in _attention(
            Client.objects.filter(pk__in=stale), today=today
        ).items():
            known[pk] = (version, item)
    rows = {pk: known[pk] for pk in versions if pk in known}
    if stale or len(rows) != len(known):
        cache.set(key, rows)
    attention = [item for _, item in rows.values() if item is not None]
    attention.sort(
        key=lambda item: (
            _ORDER[item.reasons[0].kind],
            item.client.name.lower(),
            item.client.pk,
        )
    )
    return Dashboard(
        tuple(attention[:ATTENTION_SHOWN]), len(versions), today, len(attention)
    )


def _current_phase() -> QuerySet[Phase]:
    return Phase.objects.filter(
        program__client=OuterRef("pk"),
        program__status=Program.Status.PUBLISHED,
        number=F("program__current_phase"),
    )


def _retest_due(client: WatchedClient, *, today: date) -> Reason | None:
    """The current phase's weeks have passed: only a re-test can move the client on."""
    if client.published_at is None or not client.current_phase_weeks:
        return None
    started = client.phase_started_on or timezone.localdate(client.published_at)
    due = started + timedelta(weeks=client.current_phase_weeks)
    if due > today:
        return None
    return Reason(
        "retest",
        f"Re-test due: {client.current_phase_name} has run its {client.current_phase_weeks} "
        f"weeks (since {date_words(started)}); the client stays in it until a re-test finds its exit criteria met.",
        "warn",
    )


def _open_alerts() -> QuerySet[PainAlert]:
    return PainAlert.objects.filter(
        client=OuterRef("pk"), reviewed_at__isnull=True
    ).order_by("-created_at", "-id")


def _pain_alert_words(client: WatchedClient) -> str:
    """The latest unreviewed pain alert in words, with the client's note."""
    assert client.alert_on is not None  # called only when an alert is open
    text = pain_alert_words(
        drills=[client.alert_drill] if client.alert_drill else [],
        on=client.alert_on,
        pain_during=client.alert_during,
        pain_next_day=client.alert_next_day,
    )
    if client.alert_note:
        text += f" They wrote: “{client.alert_note}”."
    more = client.pain_alerts_open - 1
    if more:
        text += f" And {plural(more, 'more alert')} to review."
    return text


def _attention(
    clients: QuerySet[Client], *, today: date
) -> dict[int, tuple[int, Attention | None]]:
    """Each client's data version and dashboard row (None: nothing needs attention), one query."""
    pain_since = today - timedelta(days=PAIN_DAYS - 1)
    done_since = today - timedelta(days=ADHERENCE_DAYS - 1)
    published = Program.objects.filter(
        client=OuterRef("pk"), status=Program.Status.PUBLISHED
    )

    def worst(model: type[PainReport] | type[Completion]) -> Subquery:
        rows = model.objects.filter(
            client=OuterRef("pk"),
            on_date__gte=pain_since,
            on_date__lte=today,
            pain__isnull=False,
        )
        return Subquery(
            rows.order_by().values("client").annotate(worst=Max("pain")).values("worst")
        )

    # Only the columns the dashboard shows, in no particular order (sorted below),
    # and no has_program: PostgreSQL answers that EXISTS by hashing every
    # published program in the database, and the dashboard does not use it.
    clients = _session_status(
        clients.only(
            "id",
            "name",
            "activity",
            "reassess_every_weeks",
            "training_days",
            "data_version",
        ).order_by()
    ).annotate(
        pain_alerts_open=_count(_open_alerts()),
        alert_drill=Subquery(_open_alerts().values("prescription__drill__name")[:1]),
        alert_during=Subquery(_open_alerts().values("pain_during")[:1]),
        alert_next_day=Subquery(_open_alerts().values("pain_next_day")[:1]),
        alert_note=Subquery(_open_alerts().values("note")[:1]),
        alert_on=Subquery(_open_alerts().values("on_date")[:1]),
        pain_reported=worst(PainReport),
        pain_in_drills=worst(Completion),
        published_at=Subquery(published.values("published_at")[:1]),
        phase_started_on=Subquery(published.values("phase_started_on")[:1]),
        current_phase_name=Subquery(_current_phase().values("name")[:1]),
        current_phase_weeks=Subquery(_current_phase().values("weeks")[:1]),
        # Drills of the phase the client is in now (the coach moves it on).
        phase_one_drills=_count(
            Prescription.objects.filter(
                phase__program__client=OuterRef("pk"),
                phase__program__status=Program.Status.PUBLISHED,
                phase__number=F("phase__program__current_phase"),
            )
        ),
        done_recently=_count(
            Completion.objects.filter(
                client=OuterRef("pk"),
                done=True,
                on_date__gte=done_since,
                on_date__lte=today,
                prescription__phase__program__status=Program.Status.PUBLISHED,
            )
        ),
    )
    rows: dict[int, tuple[int, Attention | None]] = {}
    for client in clients:
        reasons = _reasons(client, today=today)
        summary = ClientSummary(client.pk, client.name, client.activity)
        rows[client.pk] = (
            client.data_version,
            Attention(summary, tuple(reasons)) if reasons else None,
        )
    return rows
