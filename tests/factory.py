"""Plain make_* factories (djangoproject.com style): explicit, no magic."""

from __future__ import annotations

from itertools import count

from clients.models import Client, User

PASSWORD = "correct horse battery"
_serial = count(1)


def make_user(
    *, username: str | None = None, role: str = User.Role.COACH, **fields: object
) -> User:
    username = username or f"user{next(_serial)}"
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, **fields
    )


def make_coach(**fields: object) -> User:
    return make_user(role=User.Role.COACH, **fields)


def make_library_editor(**fields: object) -> User:
    return make_user(role=User.Role.LIBRARY_EDITOR, is_staff=True, **fields)


def make_client(
    *, coach: User | None = None, name: str | None = None, **fields: object
) -> Client:
    coach = coach or make_coach()
    return Client.objects.create(
        coach=coach, name=name or f"Client {next(_serial)}", **fields
    )
