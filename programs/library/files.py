"""The drill library file <-> the Drill table (load with a report, export round-trip)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import User
from programs.library.checks import describe_programs, programs_using, safety_problems
from programs.models import Drill, DrillRevision, Program
from programs.progression.catalogue import catalogue_from_library

LIBRARY_PATH = Path(__file__).resolve().parent / "drill_library.json"
LIBRARY_FORMAT = "weaklink-drill-library"
# Fields copied as they are between the file and a Drill row.
PLAIN_FIELDS = (
    "name",
    "ladder",
    "region",
    "purpose",
    "loaded",
    "cues",
    "contraindications",
    "contraindication_codes",
    "max_pain",
    "finding_codes",
    "instructions",
    "media_url",
)
DOSE_FIELDS = ("sets", "reps", "seconds", "tempo", "per_side")


class LibraryError(ValueError):
    """The library file is not usable; the message says where."""


@dataclass(slots=True)
class LoadReport:
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        out = [
            f"{len(self.added)} drills {verb} added, {len(self.changed)} {verb} changed, {self.unchanged} unchanged."
        ]
        out += [f"  added {slug}" for slug in self.added]
        out += [
            f"  changed {slug}: {', '.join(fields)}"
            for slug, fields in sorted(self.changed.items())
        ]
        return out


def read_library(path: Path = LIBRARY_PATH) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise LibraryError(f"{path}: no such file") from error
    return parse_library(text, name=str(path))


def parse_library(text: str, *, name: str = "library file") -> dict:
    """The parsed library from its text (an uploaded file, say); LibraryError if unusable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LibraryError(
            f"{name}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    if not isinstance(data, dict) or data.get("format") != LIBRARY_FORMAT:
        raise LibraryError(
            f'{name}: not a Weaklink drill library ("format": "{LIBRARY_FORMAT}" missing)'
        )
    if not isinstance(data.get("drills"), list) or not all(
        isinstance(row, dict) for row in data["drills"]
    ):
        raise LibraryError(f'{name}: "drills" must be a list of drills')
    return data


def _row_values(row: dict, rung: int) -> dict[str, object]:
    dose = row.get("dose") or {}
    values: dict[str, object] = {name: row.get(name) for name in PLAIN_FIELDS}
    values["media_url"] = values["media_url"] or ""
    # Files written before issue 12 have neither field: no codes, no ceiling.
    if values["contraindication_codes"] is None:
        values["contraindication_codes"] = []
    values.update({name: dose.get(name) for name in DOSE_FIELDS})
    values["tempo"] = values["tempo"] or ""
    values["per_side"] = bool(values["per_side"])
    values["rung"] = rung
    return values


@transaction.atomic
def library_load(
    data: dict, *, dry_run: bool = False, author: User | None = None
) -> LoadReport:
    """Create or update shared drills by slug; ladders checked before anything is written.

    Every added or changed drill gets a history revision; `author` is who uploaded
    the file in the admin (None: the management command, shown as "library file").
    """
    # The safety fields first: the engine's own reader refuses a bad ceiling too,
    # and the editor should read the field's message, not a ladder error.
    unsafe = [
        f"{row.get('slug')}: {problem.field}: {problem.message}"
        for row in data.get("drills", [])
        for problem in safety_problems(
            contraindication_codes=row.get("contraindication_codes") or [],
            max_pain=row.get("max_pain"),
        )
    ]
    if unsafe:
        raise LibraryError(
            "some drills of the file cannot be saved:\n" + "\n".join(unsafe)
        )
    try:
        catalogue = catalogue_from_library(data)
    except ValueError as error:
        raise LibraryError(f"broken ladder: {error}") from error
    rung_of = {drill.slug: drill.rung for drill in catalogue}
    rows = {row["slug"]: row for row in data["drills"]}
    existing = {drill.slug: drill for drill in Drill.objects.filter(slug__in=rows)}
    # A library file writes the shared library only: a slug a coach's private drill
    # holds is refused, so the file can neither overwrite it nor link a shared rung to it.
    private = sorted(slug for slug, drill in existing.items() if drill.owner_id)
    if private:
        raise LibraryError(
            "some drills of the file cannot be saved:\n"
            + "\n".join(
                f"{slug}: the name is taken by a coach's private drill; choose another slug"
                for slug in private
            )
        )
    problems = published_problems(rows=rows, existing=existing)
    if problems:
        raise LibraryError(
            "the file would break programs clients follow now:\n" + "\n".join(problems)
        )
    report = LoadReport(dry_run=dry_run)
    history: dict[str, dict[str, list[object]]] = {}
    # Every added or changed drill, checked here in a dry run and a real load alike.
    checked: dict[str, Drill] = {}
    refused: list[str] = []
    for slug, row in rows.items():
        values = _row_values(row, rung_of[slug])
        drill = existing.get(slug)
        if drill is None:
            report.added.append(slug)
            candidate = Drill(slug=slug, **values)
        else:
            changed = [
                name for name, value in values.items() if getattr(drill, name) != value
            ]
            current_next = drill.next_rung.slug if drill.next_rung else None
            history[slug] = {
                name: [_json_value(getattr(drill, name)), _json_value(values[name])]
                for name in changed
            }
            if current_next != (row.get("next") or None):
                changed.append("next")
                history[slug]["next_rung"] = [current_next, row.get("next") or None]
            if not changed:
                report.unchanged += 1
                continue
            report.changed[slug] = changed
            # A copy, so a dry run leaves the loaded drill as the database has it.
            candidate = copy.copy(drill)
            for name, value in values.items():
                setattr(candidate, name, value)
        refused += _clean_problems(slug, candidate)
        checked[slug] = candidate
    if refused:
        raise LibraryError(
            "some drills of the file cannot be saved:\n" + "\n".join(refused)
        )
    if not dry_run:
        for slug, drill in checked.items():
            drill.save()
            existing[slug] = drill
        # Unlink first: next_rung is one-to-one, so a reordered ladder would
        # briefly point two rungs at the same drill.
        relinked = [
            slug for slug in rows if slug in report.changed or slug in report.added
        ]
        Drill.objects.filter(slug__in=relinked).update(
            next_rung=None, updated_at=timezone.now()
        )
        for slug in relinked:
            following = rows[slug].get("next")
            if following:
                Drill.objects.filter(slug=slug).update(
                    next_rung=existing[following], updated_at=timezone.now()
                )
        _record_history(
            rows=rows, report=report, history=history, existing=existing, author=author
        )
    return report


def _clean_problems(slug: str, drill: Drill) -> list[str]:
    """The model's own checks (full_clean) as lines naming the drill and the field."""
    try:
        drill.full_clean(exclude=["next_rung"])
    except ValidationError as error:
        return [
            f"{slug}: {message}"
            if name == NON_FIELD_ERRORS
            else f"{slug}: {name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def published_problems(
    *, rows: dict[str, dict], existing: dict[str, Drill]
) -> list[str]:
    """What the file would break for drills published programs use: the admin's rules.

    Such a drill must stay on its ladder, keep its next rung, and keep a rung below it
    if it had one (swapping easier or harder relies on both). Reordering a ladder is
    fine as long as every one of them keeps its neighbours' places filled.
    """
    in_use: dict[str, list[Program]] = {}
    for program in programs_using(
        [drill.pk for drill in existing.values()], published_only=True
    ).prefetch_related("phases__prescriptions__drill"):
        for phase in program.phases.all():
            for prescription in phase.prescriptions.all():
                if prescription.drill.slug in existing:
                    in_use.setdefault(prescription.drill.slug, []).append(program)
    if not in_use:
        return []
    # Who sits below each drill after the load: the file's links, plus drills the
    # file leaves alone.
    below_after = {row.get("next") for row in rows.values() if row.get("next")}
    below_after |= set(
        Drill.objects.exclude(slug__in=rows)
        .filter(next_rung__slug__in=in_use)
        .values_list("next_rung__slug", flat=True)
    )
    had_below = set(
        Drill.objects.filter(next_rung__slug__in=in_use).values_list(
            "next_rung__slug", flat=True
        )
    )
    problems = []
    for slug in sorted(in_use):
        drill, row = existing[slug], rows[slug]
        using = describe_programs(dict.fromkeys(in_use[slug]))
        if row.get("ladder") != drill.ladder:
            problems.append(
                f"{slug}: moving it to the ladder '{row.get('ladder')}' would orphan a rung "
                f"that published programs use ({using}); retire it and add a new drill instead"
            )
        if drill.next_rung_id and not row.get("next"):
            problems.append(
                f"{slug}: it would lose its next rung, and published programs use it ({using})"
            )
        if slug in had_below and slug not in below_after:
            problems.append(
                f"{slug}: it would lose the rung below it, and published programs use it ({using})"
            )
    return problems


def _json_value(value: object) -> object:
    return list(value) if isinstance(value, list | tuple) else value


def _record_history(
    *,
    rows: dict[str, dict],
    report: LoadReport,
    history: dict[str, dict[str, list[object]]],
    existing: dict[str, Drill],
    author: User | None,
) -> None:
    revisions = []
    for slug in report.added:
        drill = existing[slug]
        after = {
            name: value
            for name, value in _row_values(rows[slug], drill.rung).items()
            if value not in (None, "", [])
        }
        if rows[slug].get("next"):
            after["next_rung"] = rows[slug]["next"]
        revisions.append(
            DrillRevision(
                drill=drill,
                author=author,
                source=DrillRevision.Source.LIBRARY_FILE,
                created=True,
                changes={
                    name: [None, _json_value(value)] for name, value in after.items()
                },
            )
        )
    for slug in report.changed:
        revisions.append(
            DrillRevision(
                drill=existing[slug],
                author=author,
                source=DrillRevision.Source.LIBRARY_FILE,
                changes=history[slug],
            )
        )
    DrillRevision.objects.bulk_create(revisions)


def library_export_text() -> str:
    """The export as the file export_drill_library writes."""
    return json.dumps(library_export(), indent=2, ensure_ascii=False) + "\n"


def library_export() -> dict:
    """The shared library in the same format load reads (round-trip exact)."""
    drills = (
        Drill.objects.shared()
        .select_related("next_rung")
        .order_by("ladder", "rung", "slug")
    )
    ladders = sorted({drill.ladder for drill in drills})
    return {
        "format": LIBRARY_FORMAT,
        "version": 1,
        "ladders": [{"key": key} for key in ladders],
        "drills": [
            {
                "slug": drill.slug,
                "name": drill.name,
                "ladder": drill.ladder,
                "next": drill.next_rung.slug if drill.next_rung else None,
                "region": drill.region,
                "purpose": drill.purpose,
                "loaded": drill.loaded,
                "dose": {
                    "sets": drill.sets,
                    "reps": drill.reps,
                    "seconds": drill.seconds,
                    "tempo": drill.tempo or None,
                    "per_side": drill.per_side,
                },
                "cues": list(drill.cues),
                "contraindications": list(drill.contraindications),
                "contraindication_codes": list(drill.contraindication_codes),
                "max_pain": drill.max_pain,
                "finding_codes": list(drill.finding_codes),
                "instructions": drill.instructions,
                "media_url": drill.media_url,
            }
            for drill in drills
        ],
    }
