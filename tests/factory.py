"""Plain make_* factories (djangoproject.com style): explicit, no magic."""

from __future__ import annotations

from itertools import count
from typing import Any

from clients.models import Client, User

PASSWORD = "correct horse battery"
_serial = count(1)


def make_user(
    *, username: str | None = None, role: str = User.Role.COACH, **fields: Any
) -> User:
    username = username or f"user{next(_serial)}"
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, **fields
    )


def make_coach(**fields: Any) -> User:
    return make_user(role=User.Role.COACH, **fields)


def make_library_editor(**fields: Any) -> User:
    from programs.library.services import library_editor_group

    user = make_user(role=User.Role.LIBRARY_EDITOR, is_staff=True, **fields)
    user.groups.add(library_editor_group())
    return user


def make_client(
    *, coach: User | None = None, name: str | None = None, **fields: Any
) -> Client:
    coach = coach or make_coach()
    return Client.objects.create(
        coach=coach, name=name or f"Client {next(_serial)}", **fields
    )


def make_client_user(*, client: Client) -> User:
    """Give a client their own sign-in (as opening a personal link does)."""
    user = make_user(role=User.Role.CLIENT)
    client.user = user
    client.save(update_fields=["user"])
    return user


def make_session(
    *, client: Client | None = None, final: bool = True, **measurements: Any
):
    """An AssessmentSession saved through the service (findings stored)."""
    from datetime import date

    from assessments.models import AssessmentSession
    from assessments.services import session_finalise, session_save

    client = client or make_client()
    fields = {
        "assessed_on": date(2026, 11, 2),
        "ktw_left_cm": 7.0,
        "ktw_right_cm": 11.0,
        "heels_rise": True,
    }
    fields.update(measurements)
    session = AssessmentSession(client=client, coach=client.coach, **fields)
    if final:
        return session_finalise(session=session, user=client.coach)
    return session_save(session=session, user=client.coach)


def load_library() -> None:
    from programs.library.files import library_load, read_library

    library_load(read_library())


def make_program(*, session=None, publish: bool = True):
    """A program generated from a final session (library loaded if empty), published by default."""
    from programs.models import Drill
    from programs.services import program_generate, program_publish

    if not Drill.objects.exists():
        load_library()
    session = session or make_session()
    program = program_generate(session=session, user=session.coach)
    if publish:
        program = program_publish(
            program=program, seen_version=program.version, user=session.coach
        )
    return program


def make_clearance(*, session, restrictions=(), cleared_on=None, note=""):
    """A clinician's clearance of the client's open referral, dated the session's day by default."""
    from assessments.models import Referral
    from assessments.referrals import referral_clear

    referral = Referral.objects.open().get(client_id=session.client_id)
    return referral_clear(
        referral=referral,
        user=session.coach,
        cleared_on=cleared_on or session.assessed_on,
        cleared_by="Dr A. Patel, sports physician",
        restrictions=list(restrictions),
        note=note,
    )
