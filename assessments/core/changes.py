"""Change between two sessions: the change table with MDC verdicts, and rising pain.

Pure (no Django import). A change smaller than the minimal detectable change is
`within_error` and never called progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from assessments.core.rules import exact_number, threshold
from assessments.core.types import Change, Dorsiflexion, SessionInput
from assessments.core.wording import amount


@dataclass(frozen=True, slots=True)
class Measure:
    """A numeric measure the change table compares."""

    field: str
    mdc_rule: str
    lower_is_better: bool = False
    # Knee-to-wall: method and footwear must match; the unit picks the
    # protocol method assumed when none was recorded.
    setup_unit: str = ""  # "cm" | "deg" | "" (no setup)
    relative_mdc: bool = False  # the MDC is a fraction of the earlier value
    # Only knee-to-wall has a published MDC (CLINICAL.md section 11); the others
    # are judged by direction (improved, worse, unchanged) with no MDC.
    published_mdc: bool = False


MEASURES: tuple[Measure, ...] = (
    Measure("dorsiflexion.left_cm", "mdc_ktw_cm", setup_unit="cm", published_mdc=True),
    Measure("dorsiflexion.right_cm", "mdc_ktw_cm", setup_unit="cm", published_mdc=True),
    Measure(
        "dorsiflexion.left_deg", "mdc_ktw_deg", setup_unit="deg", published_mdc=True
    ),
    Measure(
        "dorsiflexion.right_deg", "mdc_ktw_deg", setup_unit="deg", published_mdc=True
    ),
    Measure("hip.single_leg_stance_s.left", "mdc_stance_s"),
    Measure("hip.single_leg_stance_s.right", "mdc_stance_s"),
    Measure("hip.abduction_mmt.left", "mdc_mmt"),
    Measure("hip.abduction_mmt.right", "mdc_mmt"),
    Measure("hip.abduction_dynamometer.left", "mdc_dynamometer", relative_mdc=True),
    Measure("hip.abduction_dynamometer.right", "mdc_dynamometer", relative_mdc=True),
    Measure("pain.knee_nrs", "pain_rising", lower_is_better=True),
)


def measure_value(session: SessionInput, path: str) -> float | int | None:
    """The value at a contract path of MEASURES, e.g. "hip.abduction_mmt.left"."""
    if path == "pain.knee_nrs":
        return session.knee_pain_nrs
    section, name, *side = path.split(".")
    value = getattr(getattr(session, section), name)
    return value.get(side[0]) if side else value


# The knee-to-wall protocol (CLINICAL.md section 1) is barefoot, a tape for
# cm and an inclinometer for degrees. A setup left blank is read as the
# protocol one, so two sessions compare unless a recorded setup differs from
# it (the DESIGN.md example compares a session without a setup to a tape,
# barefoot one).
_PROTOCOL_METHOD = {"cm": "tape", "deg": "inclinometer"}
_PROTOCOL_FOOTWEAR = "barefoot"


def _setup_difference(
    current: Dorsiflexion, previous: Dorsiflexion, *, unit: str
) -> str:
    notes = []
    for label, now, before, protocol in (
        ("method", current.method, previous.method, _PROTOCOL_METHOD[unit]),
        ("footwear", current.footwear, previous.footwear, _PROTOCOL_FOOTWEAR),
    ):
        if (now or protocol) != (before or protocol):
            shown_before = before or f"not recorded ({protocol} assumed)"
            shown_now = now or f"not recorded ({protocol} assumed)"
            notes.append(f"{label} was {shown_before}, now {shown_now}")
    if not notes:
        return ""
    return "Not comparable: " + "; ".join(notes) + "."


def _asexact_number(value: Fraction, *, whole: bool) -> float | int:
    # Grades and pain scores stay whole numbers in the output.
    return int(value) if whole and value.denominator == 1 else float(value)


def _unit_switch(
    current: SessionInput, previous: SessionInput, measure: Measure
) -> Change | None:
    """A knee-to-wall side measured in cm one time and in degrees the other: not comparable.

    The row carries the unit measured now (its earlier value in the other unit is
    in the note), so a method change never leaves the table silent.
    """
    if not measure.setup_unit:
        return None
    other = "deg" if measure.setup_unit == "cm" else "cm"
    other_field = measure.field.rsplit("_", 1)[0] + f"_{other}"
    now = measure_value(current, measure.field)
    before_here = measure_value(previous, measure.field)
    before_other = measure_value(previous, other_field)
    if now is None or before_here is not None or before_other is None:
        return None
    if measure_value(current, other_field) is not None:
        return None  # the other unit is compared on its own row
    words = {"cm": "cm (tape)", "deg": "degrees (inclinometer)"}
    return Change(
        measure.field,
        None,
        now,
        None,
        None,
        "not_comparable",
        note=(
            f"Not comparable: measured in {words[other]} before ({amount(before_other, other)}), "
            f"in {words[measure.setup_unit]} now."
        ),
    )


def _dynamometer_units(current: SessionInput, previous: SessionInput) -> str:
    now, before = (
        current.hip.abduction_dynamometer_unit,
        previous.hip.abduction_dynamometer_unit,
    )
    if now and before and now != before:
        # Never compare N with kg (CLINICAL.md section 12).
        return f"Not comparable: measured in {before} before, in {now} now."
    return ""


def compare_sessions(
    *, current: SessionInput, previous: SessionInput
) -> tuple[Change, ...]:
    """The change table for every measure present in both sessions.

    Knee-to-wall is improved or worse only when it reaches the published MDC;
    anything smaller is within measurement error, never progress. The other
    measures have no published MDC: improved, worse or unchanged by direction,
    with no MDC and no claim about error (CLINICAL.md section 11). A change of
    method or footwear gives a not comparable row for each changed measure.
    """
    changes: list[Change] = []
    for measure in MEASURES:
        before_raw = measure_value(previous, measure.field)
        after_raw = measure_value(current, measure.field)
        before, after = exact_number(before_raw), exact_number(after_raw)
        if before is None or after is None:
            switched = _unit_switch(current, previous, measure)
            if switched is not None and after is not None:
                changes.append(switched)
            continue
        whole = isinstance(before_raw, int) and isinstance(after_raw, int)
        mdc: Fraction | None = None
        if measure.published_mdc:
            mdc = threshold(measure.mdc_rule)
        mdc_shown = None if mdc is None else _asexact_number(mdc, whole=whole)
        setup_note = ""
        if measure.setup_unit:
            setup_note = _setup_difference(
                current.dorsiflexion, previous.dorsiflexion, unit=measure.setup_unit
            )
        elif measure.relative_mdc:
            setup_note = _dynamometer_units(current, previous)
        if setup_note:
            changes.append(
                Change(
                    measure.field,
                    before_raw,
                    after_raw,
                    None,
                    mdc_shown,
                    "not_comparable",
                    note=setup_note,
                )
            )
            continue
        delta = after - before
        gain = -delta if measure.lower_is_better else delta
        if mdc is None:
            verdict = "improved" if gain > 0 else "worse" if gain < 0 else "unchanged"
        elif gain != 0 and gain >= mdc:
            verdict = "improved"
        elif gain != 0 and -gain >= mdc:
            verdict = "worse"
        else:
            verdict = "within_error"
        delta_shown = _asexact_number(delta, whole=whole)
        changes.append(
            Change(
                measure.field, before_raw, after_raw, delta_shown, mdc_shown, verdict
            )
        )
    return tuple(changes)


def pain_rising(*, current: SessionInput, previous: SessionInput) -> bool:
    """True when knee pain went up by at least 2 points (CLINICAL.md pain rule)."""
    before, after = (
        exact_number(previous.knee_pain_nrs),
        exact_number(current.knee_pain_nrs),
    )
    if before is None or after is None:
        return False
    return after - before >= threshold("pain_rising")
