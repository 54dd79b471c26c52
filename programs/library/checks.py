"""The drill library's rules, read-only: ladder links, deletes and safety fields, and who uses a drill.

programs/library/services.py runs them before every write; the library file
(programs/library/files.py) and the forms run the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.core.types import CONTRAINDICATION_CODES
from assessments.core.wording import ladder_words
from programs.models import Drill, Program

PAIN_CEILING_RANGE = (0, 10)


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
                    f"{next_rung.name} is on the ladder “{ladder_words(next_rung.ladder)}”, "
                    f"not “{ladder_words(ladder)}”: "
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
                    f"“{ladder_words(original.ladder)}”: take it out of that ladder first.",
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
