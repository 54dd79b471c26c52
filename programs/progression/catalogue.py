"""The drill library file as the progression builder's catalogue.

Pure: turns the parsed drill_library.json into CatalogueDrills, rung numbers
and previous/next slugs worked out from the `next` chains.
"""

from __future__ import annotations

from programs.progression.builder import CatalogueDrill


def catalogue_from_library(data: dict) -> tuple[CatalogueDrill, ...]:
    """CatalogueDrills from the parsed drill_library.json, rungs from the `next` chains.

    A drill without a ladder is a one-rung ladder keyed by its slug. The
    engine reads `contraindication_codes` and `max_pain` (missing: none);
    `contraindications` stays words for people. Raises ValueError naming the
    slug for a duplicate, an unknown or cross-ladder `next`, two drills
    sharing one `next`, a cycle, or a pain ceiling outside 0-10.
    """
    by_slug: dict[str, dict] = {}
    for row in data.get("drills", []):
        slug = row.get("slug")
        if not slug:
            raise ValueError(f"a drill has no slug: {row.get('name')!r}")
        if slug in by_slug:
            raise ValueError(f"{slug}: duplicate slug")
        by_slug[slug] = row
    previous: dict[str, str] = {}
    for slug in sorted(by_slug):
        following = by_slug[slug].get("next")
        if not following:
            continue
        if following not in by_slug:
            raise ValueError(
                f"{slug}: next {following!r} is not a drill of the library"
            )
        if _ladder_key(by_slug[following]) != _ladder_key(by_slug[slug]):
            raise ValueError(f"{slug}: next {following!r} is on another ladder")
        if following in previous:
            raise ValueError(
                f"{following}: named as next by both {previous[following]} and {slug}"
            )
        previous[following] = slug
    drills = []
    for slug in sorted(by_slug):
        rung, seen, cursor = 1, {slug}, slug
        while cursor in previous:
            cursor = previous[cursor]
            if cursor in seen:
                raise ValueError(f"{slug}: its ladder's next chain is a cycle")
            seen.add(cursor)
            rung += 1
        row = by_slug[slug]
        dose = row.get("dose") or {}
        drills.append(
            CatalogueDrill(
                slug=slug,
                name=row.get("name") or slug,
                ladder=_ladder_key(row),
                rung=rung,
                region=row.get("region") or "",
                purpose=row.get("purpose") or "",
                loaded=bool(row.get("loaded")),
                sets=int(dose.get("sets") or 1),
                reps=dose.get("reps"),
                seconds=dose.get("seconds"),
                tempo=dose.get("tempo"),
                per_side=bool(dose.get("per_side")),
                cues=tuple(row.get("cues") or ()),
                finding_codes=tuple(row.get("finding_codes") or ()),
                # Codes for the engine; the `contraindications` key holds words for people.
                contraindications=tuple(row.get("contraindication_codes") or ()),
                max_pain=_pain_ceiling(row.get("max_pain"), slug=slug),
                previous_slug=previous.get(slug),
                next_slug=row.get("next") or None,
            )
        )
    return tuple(sorted(drills, key=lambda d: (d.ladder, d.rung, d.slug)))


def _pain_ceiling(value: object, *, slug: str) -> int | None:
    # JSON null or a missing key: no ceiling. A bool is a typing mistake, not 0 or 1.
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(
            f"{slug}: max_pain {value!r} is not a whole number from 0 to 10"
        )
    return value


def _ladder_key(row: dict) -> str:
    return row.get("ladder") or row["slug"]
