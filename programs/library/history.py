"""Drill change history: who changed which field of a drill, when, from what to what.

A small own model (DrillRevision) rather than django-simple-history: one table,
only the fields a library editor cares about, the author of a library-file load
recorded as "library file", and no extra dependency (docs/drill-library.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from assessments.core.wording import (
    contraindication_words,
    finding_name,
    ladder_words,
    pain_ceiling_words,
)
from clients.models import User
from programs.models import Drill, DrillRevision
from programs.models.drills import Purpose, Region

# Every field a person edits, in the order the history shows them.
TRACKED_FIELDS = (
    "slug",
    "name",
    "ladder",
    "rung",
    "next_rung",
    "region",
    "purpose",
    "loaded",
    "sets",
    "reps",
    "seconds",
    "tempo",
    "per_side",
    "cues",
    "contraindications",
    "contraindication_codes",
    "max_pain",
    "finding_codes",
    "instructions",
    "media_url",
    "image",
    "media_alt",
    "video",
    "video_poster",
    "video_captions",
    "retired_at",
)

Snapshot = dict[str, object]


def drill_snapshot(
    drill: Drill, *, next_slugs: dict[int, str] | None = None
) -> Snapshot:
    """The tracked fields as JSON values (the next rung by slug, files by name)."""
    values: Snapshot = {}
    for name in TRACKED_FIELDS:
        value: object
        if name == "next_rung":
            if drill.next_rung_id is None:
                value = None
            elif next_slugs is not None and drill.next_rung_id in next_slugs:
                value = next_slugs[drill.next_rung_id]
            else:
                value = drill.next_rung.slug if drill.next_rung else None
        elif name in ("image", "video", "video_poster", "video_captions"):
            value = getattr(drill, name).name or ""
        elif name == "retired_at":
            value = drill.retired_at.isoformat() if drill.retired_at else None
        elif name in (
            "cues",
            "contraindications",
            "contraindication_codes",
            "finding_codes",
        ):
            value = list(getattr(drill, name) or [])
        else:
            value = getattr(drill, name)
        values[name] = value
    return values


def snapshot_changes(before: Snapshot, after: Snapshot) -> dict[str, list[object]]:
    return {
        name: [before.get(name), after.get(name)]
        for name in TRACKED_FIELDS
        if before.get(name) != after.get(name)
    }


def revision_record(
    *,
    drill: Drill,
    changes: dict[str, list[object]],
    author: User | None,
    source: str,
    created: bool = False,
) -> DrillRevision | None:
    """One revision for a save that changed something (nothing is written otherwise)."""
    if not changes and not created:
        return None
    return DrillRevision.objects.create(
        drill=drill,
        author=author,
        source=source,
        created=created,
        changes=changes,
    )


def ladder_snapshots(
    *, ladders: Iterable[tuple[str, int | None]]
) -> dict[int, Snapshot]:
    """Snapshots of every drill on the given (ladder, owner id) pairs, by pk: two queries."""
    pairs = set(ladders)
    if not pairs:
        return {}
    drills = []
    for ladder, owner_id in pairs:
        drills += list(Drill.objects.filter(ladder=ladder, owner_id=owner_id))
    slugs = dict(
        Drill.objects.filter(
            pk__in={d.next_rung_id for d in drills if d.next_rung_id}
        ).values_list("pk", "slug")
    )
    return {drill.pk: drill_snapshot(drill, next_slugs=slugs) for drill in drills}


@contextmanager
def ladder_revisions(
    *,
    ladders: Iterable[tuple[str, int | None]],
    author: User | None,
    source: str,
    skip: Iterable[int] = (),
) -> Iterator[set[tuple[str, int | None]]]:
    """Record a revision for every drill of these ladders that the block changed.

    The block may add (ladder, owner id) pairs to the yielded set (a drill moved
    to another ladder); `skip` leaves out drills whose revision the caller writes.
    """
    watched = set(ladders)
    before = ladder_snapshots(ladders=watched)
    yield watched
    after = ladder_snapshots(ladders=watched)
    skipped = set(skip)
    for pk, values in after.items():
        if pk in skipped or pk not in before:
            continue
        changes = snapshot_changes(before[pk], values)
        if changes:
            DrillRevision.objects.create(
                drill_id=pk, author=author, source=source, changes=changes
            )


# --- showing history ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeLine:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RevisionView:
    revision: DrillRevision
    who: str
    lines: tuple[ChangeLine, ...]


# Labels people read where the model's own verbose name is a developer's word
# (the admin form uses the same words).
LABELS = {
    "slug": "Short name in links",
    "next_rung": "Next rung (one step harder)",
    "per_side": "Each side",
    "contraindication_codes": "Ruled out for clients with",
    "max_pain": "Pain ceiling",
    "finding_codes": "Findings it addresses",
    "media_url": "Video or image link",
    "retired_at": "Retired",
}

CHOICE_WORDS: dict[str, dict[str, str]] = {
    "region": dict(Region.choices),
    "purpose": dict(Purpose.choices),
}


def _field_words(name: str, value: object, names: dict[str, str]) -> str:
    if name == "next_rung" and isinstance(value, str):
        # The next rung is stored by slug: shown by its name while it exists.
        return names.get(value, value)
    if name == "contraindication_codes" and isinstance(value, list):
        return _words(contraindication_words(value))
    if name == "finding_codes" and isinstance(value, list):
        return _words([finding_name(code) for code in value])
    if name == "ladder" and isinstance(value, str):
        return ladder_words(value)
    if name in CHOICE_WORDS and isinstance(value, str):
        # A choice dropped since the revision was written still reads as words.
        return CHOICE_WORDS[name].get(value) or ladder_words(value)
    if name == "max_pain":
        return pain_ceiling_words(value) if isinstance(value, int) else _words(value)
    return _words(value)


def _words(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return " · ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _label(name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    try:
        field = Drill._meta.get_field(name)
        return str(getattr(field, "verbose_name", name)).capitalize()
    except FieldDoesNotExist:  # a field removed since the revision was written
        return name


def revision_author(revision: DrillRevision) -> str:
    if revision.author is None:
        return (
            "library file"
            if revision.source == DrillRevision.Source.LIBRARY_FILE
            else "unknown"
        )
    author = revision.author
    name = author.get_full_name() or author.username
    if revision.source == DrillRevision.Source.LIBRARY_FILE:
        return f"{name} (library file upload)"
    return name


def _field_order(name: str) -> tuple[int, str]:
    order = list(TRACKED_FIELDS)
    return (order.index(name) if name in order else len(order), name)


def revision_views(revisions: Iterable[DrillRevision]) -> list[RevisionView]:
    """Revisions as lines a person reads: field, previous value, new value."""
    revisions = list(revisions)
    slugs = {
        value
        for revision in revisions
        for value in revision.changes.get("next_rung", [])
        if isinstance(value, str)
    }
    names = (
        dict(Drill.objects.filter(slug__in=slugs).values_list("slug", "name"))
        if slugs
        else {}
    )
    return [
        RevisionView(
            revision=revision,
            who=revision_author(revision),
            lines=tuple(
                ChangeLine(
                    field=_label(name),
                    before=_field_words(name, values[0], names),
                    after=_field_words(name, values[1], names),
                )
                # PostgreSQL's jsonb keeps no key order: show fields in the form's order.
                for name, values in sorted(
                    revision.changes.items(), key=lambda item: _field_order(item[0])
                )
            ),
        )
        for revision in revisions
    ]
