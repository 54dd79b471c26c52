"""Records of one client: the audit log, the data-protection export and the erase.

These read and write the client's sessions, programs, completions and pain
reports through the reverse relations on Client (`client.sessions`,
`client.programs`, ...), so the clients app still imports nothing from
assessments or programs.

Erase keeps anonymous counts: the client row, sessions, programs, completions
and pain reports stay (with their numbers, dates and finding codes) so a
coach's statistics and the audit log still add up, but every name, birth date,
free-text note and the client's sign-in are removed. See docs/security.md.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import partial
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.utils import timezone

from clients.links import link_revoke
from clients.models import AuditEvent, Client, User

EXPORT_FORMAT = "weaklink-client-export/1"
AUDIT_PER_PAGE = 50

# Free text on the client's rows: whatever a coach or client typed may identify them.
ERASED_SESSION_TEXT = ("notes", "glute_notes", "amendment_reason")
ERASED_PROFILE = {
    "date_of_birth": None,
    "sex": "",
    "activity": "",
    "goals": "",
    "injury_history": "",
    "contraindications": "",
    "email": "",
    "phone": "",
    # Where they live narrows down who they are; no email, no reminders.
    "reminders_on": False,
    "time_zone": "",
}


def audit_record(
    *,
    actor: User,
    client: Client | int,
    action: AuditEvent.Action,
    object_id: int | None = None,
) -> AuditEvent:
    """Add one line to the client's audit log (one INSERT)."""
    client_id = client if isinstance(client, int) else client.pk
    return AuditEvent.objects.create(
        actor=actor, client_id=client_id, action=action, object_id=object_id
    )


def plan_previewed(*, client: Client, user: User) -> None:
    """The coach previewed the client's plan as the client sees it: one audit line."""
    audit_record(actor=user, client=client, action=AuditEvent.Action.PREVIEWED_PLAN)


def audit_page(*, client: Client, number: str | int | None) -> Page:
    """One page of the client's audit log, newest first (two queries: count and page)."""
    events = (
        AuditEvent.objects.filter(client=client)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return Paginator(events, AUDIT_PER_PAGE).get_page(number)


def _row(instance: models.Model, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every stored column of a row (foreign keys as ids), so new fields are exported too."""
    return {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.attname not in leave_out
    }


def client_export(
    *, client: Client, exported_by: User, now: datetime | None = None
) -> dict[str, Any]:
    """Everything held about one client, for a data-protection request.

    All sessions including the originals that amendments superseded, programs
    with phases and prescriptions, completions, pain reports, personal links
    (never their secrets), messages and the audit log. A fixed number of queries.
    """
    now = now or timezone.now()
    audit_record(actor=exported_by, client=client, action=AuditEvent.Action.EXPORTED)
    # Phases and prescriptions come in their model order (number; order, id).
    programs = client.programs.order_by("created_at", "id").prefetch_related(
        "phases__prescriptions__drill"
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now,
        "exported_by": exported_by.get_username(),
        "client": _row(client),
        "sessions": [
            _row(session) for session in client.sessions.order_by("assessed_on", "id")
        ],
        "programs": [
            {
                **_row(program),
                "phases": [
                    {
                        **_row(phase),
                        "prescriptions": [
                            {
                                **_row(prescription),
                                "drill": {
                                    "slug": prescription.drill.slug,
                                    "name": prescription.drill.name,
                                },
                            }
                            for prescription in phase.prescriptions.all()
                        ],
                    }
                    for phase in program.phases.all()
                ],
            }
            for program in programs
        ],
        "completions": [
            _row(completion)
            for completion in client.completions.order_by("on_date", "id")
        ],
        "pain_reports": [
            _row(report) for report in client.pain_reports.order_by("on_date", "id")
        ],
        # Squat videos: what was measured (the clips themselves are never exported).
        "squat_videos": [
            {
                **_row(video, leave_out=("file", "stills")),
                "flag_reviews": [_row(review) for review in video.flag_reviews.all()],
            }
            for video in client.squat_videos.order_by(
                "uploaded_at", "id"
            ).prefetch_related("flag_reviews")
        ],
        "personal_links": [
            _row(link, leave_out=("secret_hash", "secret_nonce"))
            for link in client.links.order_by("created_at", "id")
        ],
        "messages": [
            _row(message) for message in client.messages.order_by("created_at", "id")
        ],
        "audit_log": [
            {
                "at": event.at,
                "actor": event.actor.get_username(),
                "action": event.action,
                "object_id": event.object_id,
            }
            for event in client.audit_events.select_related("actor").order_by(
                "at", "id"
            )
        ],
    }


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(text.split())).casefold()


def erase_confirmed(*, client: Client, typed_name: str) -> bool:
    """The coach typed the client's name (spacing and letter case aside)."""
    return bool(typed_name.strip()) and _folded(typed_name) == _folded(client.name)


def erased_name(client: Client) -> str:
    return f"Erased client #{client.pk}"


@transaction.atomic
def client_erase(
    *, client: Client, erased_by: User, now: datetime | None = None
) -> Client:
    """Remove the client's personal data and keep anonymous counts.

    Identity (name, birth date, sex, activity, goals, injury history,
    contraindications, email, phone) and every free-text note are blanked,
    messages deleted; personal links
    are revoked and the client's own sign-in is deleted (their phone is signed
    out); the client is archived. Measurements, dates, finding codes, doses,
    done marks and pain numbers stay, attached to "Erased client #id".
    """
    now = now or timezone.now()
    client = Client.objects.select_for_update().get(pk=client.pk)
    link_revoke(client=client, now=now)
    sign_in = client.user
    client.name = erased_name(client)
    for field, blank in ERASED_PROFILE.items():
        setattr(client, field, blank)
    client.user = None
    if client.archived_at is None:
        client.archived_at = now
    client.save()
    if sign_in is not None and sign_in.is_client:
        sign_in.delete()
    client.sessions.update(
        **dict.fromkeys(ERASED_SESSION_TEXT, ""), updated_at=timezone.now()
    )
    client.completions.update(note="", updated_at=timezone.now())
    client.pain_reports.update(note="", updated_at=timezone.now())
    # Messages are free text between the two of them: nothing of them is kept.
    client.messages.all().delete()
    _erase_squat_videos(client)
    audit_record(actor=erased_by, client=client, action=AuditEvent.Action.ERASED)
    return client


def _erase_squat_videos(client: Client) -> None:
    """The clips, the stills and the landmarks of the body go; the rows go with them.

    Files are deleted after the erase commits, so a failed erase keeps them.
    """
    for video in client.squat_videos.all():
        storage = video.file.storage
        names = [video.file.name] if video.file else []
        names += [still.get("name", "") for still in video.stills]
        for name in filter(None, names):
            transaction.on_commit(partial(storage.delete, name))
    client.squat_videos.all().delete()


def is_erased(client: Client) -> bool:
    return AuditEvent.objects.filter(
        client=client, action=AuditEvent.Action.ERASED
    ).exists()
