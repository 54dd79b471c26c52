"""Writing drills safely: ladder integrity, in-use protection, rung moves, history.

Every write to a drill from a person (admin, coach UI) goes through here so the
same rules hold everywhere: no ladder cycle, no rung used by a published program
cut out of its ladder, no drill in use deleted (retire it instead), and every
change recorded with its author (programs/library/history.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clients.models import User
from programs.library.checks import delete_problems, link_problems, safety_problems
from programs.library.history import (
    drill_snapshot,
    ladder_revisions,
    revision_record,
    snapshot_changes,
)
from programs.models import Drill

UP = "up"
DOWN = "down"
LIBRARY_EDITORS = "Library editors"
# What the group may do (migration programs/0003 creates the same group).
LIBRARY_EDITOR_PERMISSIONS = (
    "add_drill",
    "change_drill",
    "delete_drill",
    "view_drill",
    "view_drillrevision",
)


class DrillProtected(Exception):
    """The write would break a ladder or a program; the message says which and why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- writes ----------------------------------------------------------------------


def ladder_renumber(*, ladder: str, owner_id: int | None) -> None:
    """Rung numbers from the next-rung chains: 1 at the bottom of each chain."""
    rows = list(
        Drill.objects.filter(ladder=ladder, owner_id=owner_id).values_list(
            "pk", "next_rung_id", "rung", "slug"
        )
    )
    following = {pk: next_id for pk, next_id, _, _ in rows}
    has_previous = {next_id for next_id in following.values() if next_id}
    rung_now = {pk: rung for pk, _, rung, _ in rows}
    wanted: dict[int, int] = {}
    for pk, _, _, _ in sorted(rows, key=lambda row: row[3]):
        if pk in has_previous:
            continue
        cursor, rung = pk, 1
        while cursor is not None and cursor in following and cursor not in wanted:
            wanted[cursor] = rung
            cursor, rung = following[cursor], rung + 1
    for pk, rung in wanted.items():
        if rung_now[pk] != rung:
            Drill.objects.filter(pk=pk).update(rung=rung, updated_at=timezone.now())


@transaction.atomic
def drill_save(*, drill: Drill, author: User | None, source: str) -> Drill:
    """Create or update a drill after the ladder checks; renumbers its ladder and records history."""
    problems = link_problems(
        drill=drill if drill.pk else None,
        ladder=drill.ladder,
        next_rung=drill.next_rung,
        owner_id=drill.owner_id,
    )
    if problems:
        raise DrillProtected(
            " ".join(problem.message for problem in problems), field=problems[0].field
        )
    safety = safety_problems(
        contraindication_codes=drill.contraindication_codes, max_pain=drill.max_pain
    )
    if safety:
        errors: dict[str, list[str]] = {}
        for problem in safety:
            errors.setdefault(problem.field or "__all__", []).append(problem.message)
        raise ValidationError(errors)
    created = drill.pk is None
    original = (
        None if created else Drill.objects.select_related("next_rung").get(pk=drill.pk)
    )
    ladders = {(drill.ladder, drill.owner_id)}
    if original is not None:
        ladders.add((original.ladder, original.owner_id))
    before = drill_snapshot(original) if original is not None else {}
    with ladder_revisions(
        ladders=ladders,
        author=author,
        source=source,
        skip=[drill.pk] if drill.pk else [],
    ):
        drill.full_clean()
        drill.save()
        for ladder, owner_id in ladders:
            ladder_renumber(ladder=ladder, owner_id=owner_id)
        drill.refresh_from_db(fields=["rung"])
    after = drill_snapshot(drill)
    changes = (
        {
            name: [None, value]
            for name, value in after.items()
            if value not in (None, "", [])
        }
        if created
        else snapshot_changes(before, after)
    )
    revision_record(
        drill=drill, changes=changes, author=author, source=source, created=created
    )
    return drill


@transaction.atomic
def drill_move(
    *, drill: Drill, direction: str, author: User | None, source: str
) -> Drill:
    """Swap a drill with the rung above (up) or below (down); the ladder stays whole.

    Allowed for drills in published programs: every rung keeps a place on the ladder.
    """
    if direction == DOWN:
        below = Drill.objects.filter(next_rung=drill).first()
        if below is None:
            raise DrillProtected(
                f"{drill.name} is already the first rung of its ladder."
            )
        drill_move(drill=below, direction=UP, author=author, source=source)
        drill.refresh_from_db()
        return drill
    if direction != UP:
        raise ValueError(f"direction must be {UP!r} or {DOWN!r}")
    above = drill.next_rung
    if above is None:
        raise DrillProtected(f"{drill.name} is already the top rung of its ladder.")
    below = Drill.objects.filter(next_rung=drill).first()
    with ladder_revisions(
        ladders=[(drill.ladder, drill.owner_id)], author=author, source=source
    ):
        # ... below -> drill -> above -> beyond  becomes  below -> above -> drill -> beyond.
        # Clear the links first: next_rung is one-to-one, so no two rungs may point at
        # the same drill even for a moment.
        beyond_id = above.next_rung_id
        moved = [drill.pk, above.pk] + ([below.pk] if below else [])
        now = timezone.now()
        Drill.objects.filter(pk__in=moved).update(next_rung=None, updated_at=now)
        if below is not None:
            Drill.objects.filter(pk=below.pk).update(
                next_rung=above.pk, updated_at=timezone.now()
            )
        Drill.objects.filter(pk=above.pk).update(
            next_rung=drill.pk, updated_at=timezone.now()
        )
        Drill.objects.filter(pk=drill.pk).update(
            next_rung=beyond_id, updated_at=timezone.now()
        )
        ladder_renumber(ladder=drill.ladder, owner_id=drill.owner_id)
    drill.refresh_from_db()
    return drill


@transaction.atomic
def drill_delete(*, drill: Drill, author: User | None, source: str) -> None:
    """Delete a drill no program uses, closing the gap it leaves in its ladder."""
    problems = delete_problems(drill)
    if problems:
        raise DrillProtected(" ".join(problems))
    with ladder_revisions(
        ladders=[(drill.ladder, drill.owner_id)],
        author=author,
        source=source,
        skip=[drill.pk],
    ):
        below = Drill.objects.filter(next_rung=drill).first()
        following = drill.next_rung_id
        Drill.objects.filter(pk=drill.pk).update(
            next_rung=None, updated_at=timezone.now()
        )
        if below is not None:
            Drill.objects.filter(pk=below.pk).update(
                next_rung=following, updated_at=timezone.now()
            )
        drill.delete()
        ladder_renumber(ladder=drill.ladder, owner_id=drill.owner_id)


@transaction.atomic
def drills_retire(
    *, drills: Iterable[Drill], retired: bool, author: User | None, source: str
) -> int:
    """Retire (or bring back) drills: retired ones stay in old programs, out of new ones."""
    count = 0
    for drill in drills:
        if (drill.retired_at is not None) == retired:
            continue
        before = drill_snapshot(drill)
        drill.retired_at = timezone.now() if retired else None
        drill.save(update_fields=["retired_at", "updated_at"])
        revision_record(
            drill=drill,
            changes=snapshot_changes(before, drill_snapshot(drill)),
            author=author,
            source=source,
        )
        count += 1
    return count


def private_slug(*, owner: User, name: str) -> str:
    """A unique slug for a coach's own drill: "<coach id>-<name>", numbered if taken."""
    base = f"{owner.pk}-{slugify(name) or 'drill'}"[:72].rstrip("-")
    slug, number = base, 2
    while Drill.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def ladder_rungs(drill: Drill) -> list[Drill]:
    """The drill's ladder from the easiest rung up (chains in order), one query."""
    rows = list(
        Drill.objects.filter(ladder=drill.ladder, owner_id=drill.owner_id).order_by(
            "rung", "slug"
        )
    )
    return rows


def library_editor_group() -> Group:
    """The "Library editors" group with its permissions, made again if it is missing."""
    group, _ = Group.objects.get_or_create(name=LIBRARY_EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="programs", codename__in=LIBRARY_EDITOR_PERMISSIONS
        )
    )
    return group


def library_editor_grant(user: User) -> User:
    """Make a user a library editor: the role, staff (for the admin) and the group."""
    user.role = User.Role.LIBRARY_EDITOR
    user.is_staff = True
    user.save(update_fields=["role", "is_staff"])
    user.groups.add(library_editor_group())
    return user
