"""Writing drills safely: ladder integrity, in-use protection, rung moves, history.

Every write to a drill from a person (admin, coach UI) goes through here so the
same rules hold everywhere: no ladder cycle, no rung used by a published program
cut out of its ladder, no drill in use deleted (retire it instead), and every
change recorded with its author (programs/library/history.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from assessments.core.types import CONTRAINDICATION_CODES
from clients.models import User
from programs.library.history import (
    drill_snapshot,
    ladder_revisions,
    revision_record,
    snapshot_changes,
)
from programs.models import Drill, Program

UP = "up"
DOWN = "down"
PAIN_CEILING_RANGE = (0, 10)
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


@dataclass(frozen=True, slots=True)
class Problem:
    field: str | None
    message: str


# --- who depends on a drill ----------------------------------------------------


def programs_using(
    drill_ids: Iterable[int], *, published_only: bool = False
) -> QuerySet[Program]:
    programs = Program.objects.filter(
        phases__prescriptions__drill__in=list(drill_ids)
    ).select_related("client")
    if published_only:
        programs = programs.filter(status=Program.Status.PUBLISHED)
    return programs.distinct().order_by("client__name", "id")


def describe_programs(programs: Iterable[Program], *, with_status: bool = False) -> str:
    """ "Maya Okafor (program 12), Tom Brennan (program 15)"."""
    parts = []
    for program in programs:
        status = f", {program.get_status_display().lower()}" if with_status else ""
        parts.append(f"{program.client.name} (program {program.pk}{status})")
    return ", ".join(parts)


# --- checks --------------------------------------------------------------------


def link_problems(
    *,
    drill: Drill | None,
    ladder: str,
    next_rung: Drill | None,
    owner_id: int | None,
) -> list[Problem]:
    """What is wrong with saving `drill` (None: a new one) on `ladder` followed by `next_rung`."""
    problems: list[Problem] = []
    original = (
        Drill.objects.select_related("next_rung").get(pk=drill.pk)
        if drill is not None and drill.pk
        else None
    )
    if next_rung is not None:
        if original is not None and next_rung.pk == original.pk:
            problems.append(
                Problem("next_rung", "A drill cannot be its own next rung.")
            )
            return problems
        if next_rung.owner_id != owner_id:
            problems.append(
                Problem(
                    "next_rung",
                    "The next rung must come from the same library (shared drills link to "
                    "shared drills, a coach's own drills to that coach's drills).",
                )
            )
        if next_rung.ladder != ladder:
            problems.append(
                Problem(
                    "next_rung",
                    f"{next_rung.name} is on the ladder '{next_rung.ladder}', not '{ladder}': "
                    "a next rung must be on the same ladder.",
                )
            )
        holders = Drill.objects.filter(next_rung=next_rung)
        if original is not None:
            holders = holders.exclude(pk=original.pk)
        holder = holders.first()
        if holder is not None:
            problems.append(
                Problem(
                    "next_rung",
                    f"{next_rung.name} already follows {holder.name}. Unlink it there first, "
                    "or use the move buttons to reorder the ladder.",
                )
            )
        if original is not None:
            cycle = _cycle_through(original=original, next_rung=next_rung)
            if cycle:
                problems.append(
                    Problem(
                        "next_rung",
                        "This would make the ladder a loop: "
                        + " → ".join(cycle)
                        + ". A ladder must run from an easiest to a hardest rung.",
                    )
                )
    if original is None:
        return problems
    ladder_changed = original.ladder != ladder
    if ladder_changed:
        previous = Drill.objects.filter(next_rung=original).first()
        if previous is not None:
            problems.append(
                Problem(
                    "ladder",
                    f"{previous.name} names this drill as its next rung on the ladder "
                    f"'{original.ladder}': take it out of that ladder first.",
                )
            )
    in_use = list(programs_using([original.pk], published_only=True))
    if in_use and ladder_changed:
        problems.append(
            Problem(
                "ladder",
                "Moving this drill to another ladder would orphan a rung that published "
                f"programs use: {describe_programs(in_use)}. Retire it and add a new drill instead.",
            )
        )
    if in_use and original.next_rung_id and next_rung is None:
        problems.append(
            Problem(
                "next_rung",
                "Unlinking the rung above would leave this drill, which published programs use, "
                f"without its next step: {describe_programs(in_use)}.",
            )
        )
    old_next = original.next_rung
    if old_next is not None and (next_rung is None or next_rung.pk != old_next.pk):
        next_in_use = list(programs_using([old_next.pk], published_only=True))
        if next_in_use:
            problems.append(
                Problem(
                    "next_rung",
                    f"{old_next.name} would lose the rung below it, and published programs use it: "
                    f"{describe_programs(next_in_use)}. Use the move buttons to reorder instead.",
                )
            )
    return problems


def _cycle_through(*, original: Drill, next_rung: Drill) -> list[str]:
    """The loop's drill names if `original` -> `next_rung` -> ... comes back to `original`."""
    names = [original.name]
    seen = {original.pk}
    cursor: Drill | None = next_rung
    while cursor is not None:
        names.append(cursor.name)
        if cursor.pk == original.pk:
            return names
        if cursor.pk in seen:
            return []  # an old loop elsewhere, not through this drill
        seen.add(cursor.pk)
        cursor = (
            Drill.objects.select_related("next_rung").get(pk=cursor.pk).next_rung
            if cursor.next_rung_id
            else None
        )
    return []


def delete_problems(drill: Drill) -> list[str]:
    using = list(programs_using([drill.pk]))
    if not using:
        return []
    return [
        f"{drill.name} is used by {describe_programs(using, with_status=True)}. "
        "Retire it instead: a retired drill stays in those programs and is left out of new ones."
    ]


def safety_problems(
    *, contraindication_codes: object, max_pain: object
) -> list[Problem]:
    """What is wrong with a drill's contraindication codes and pain ceiling (CLINICAL.md section 9).

    One check for every way a drill is written (library file, dry run included,
    admin, coach pages), so each says the same thing about the same value.
    """
    problems: list[Problem] = []
    field = "contraindication_codes"
    if not isinstance(contraindication_codes, list | tuple) or not all(
        isinstance(code, str) for code in contraindication_codes
    ):
        problems.append(Problem(field, 'must be a list of codes, like ["no_kneeling"]'))
    else:
        seen: set[str] = set()
        for code in contraindication_codes:
            if code not in CONTRAINDICATION_CODES:
                problems.append(
                    Problem(
                        field,
                        f"unknown code {code!r}; the codes are "
                        + ", ".join(CONTRAINDICATION_CODES),
                    )
                )
            elif code in seen:
                problems.append(Problem(field, f"{code!r} is listed twice"))
            seen.add(code)
    low, high = PAIN_CEILING_RANGE
    if max_pain is not None and (
        isinstance(max_pain, bool)
        or not isinstance(max_pain, int)
        or not low <= max_pain <= high
    ):
        problems.append(
            Problem(
                "max_pain",
                f"{max_pain!r} is not a pain ceiling; give a whole number from {low} to {high}, "
                "or null for none",
            )
        )
    return problems


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
