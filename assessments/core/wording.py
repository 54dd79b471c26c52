"""What a coach or a client reads: one place for words and number formats.

Pure (no Django): pages, services and the plan all format through here.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from assessments.core.numbers import shown_number
from assessments.core.rules import threshold

SIDE_WORDS = {"left": "left leg only", "right": "right leg only", "both": "each side"}

# --- distances: stored in cm, read in the coach's unit (clients.models.DistanceUnit) ---

CM_PER_INCH = Decimal("2.54")
INCH_PLACES = Decimal(
    "0.01"
)  # a tape in inches reads to about a quarter of a millimetre


def inches_text(cm: float) -> str:
    """cm as inches, to the hundredth, trailing zeros dropped (6.985 -> "2.75", 10.16 -> "4.0")."""
    inches = (Decimal(repr(cm)) / CM_PER_INCH).quantize(INCH_PLACES, ROUND_HALF_UP)
    text = f"{inches:f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def distance_number(cm: float | None, unit: str) -> str:
    """The number alone, in ``unit`` ("in" or "cm"): what a form field shows."""
    if cm is None:
        return ""
    if unit == "in":
        return inches_text(cm)
    # Whole centimetres read as typed ("6 cm"); 6.985 (from inches) reads "7.0".
    return f"{cm:g}" if float(cm).is_integer() else shown_number(cm)


def distance_words(cm: float | None, unit: str) -> str:
    """A stored cm distance as the coach reads it: "2.75 in" or "7.0 cm" ("—" when missing)."""
    if cm is None:
        return "—"
    return f"{distance_number(cm, unit)} {'in' if unit == 'in' else 'cm'}"


_CM_IN_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) cm\b")


def distances_in_text(text: str, unit: str) -> str:
    """Stored sentences ("left knee-to-wall >= 10 cm") with their cm read in ``unit``."""
    if unit != "in":
        return text
    return _CM_IN_TEXT.sub(lambda match: distance_words(float(match[1]), unit), text)


def inches_beside(cm: float, *, limit_cm: float, below: bool) -> str:
    """Inches next to a limit, never rounded onto its other side (as numbers.shown_beside does)."""
    exact = Decimal(repr(float(cm))) / CM_PER_INCH
    limit = Decimal(repr(float(limit_cm))) / CM_PER_INCH
    rounded = exact.quantize(INCH_PLACES, ROUND_HALF_UP)
    if below and rounded >= limit:
        rounded = exact.quantize(INCH_PLACES, ROUND_FLOOR)
    elif not below and rounded < limit:
        rounded = exact.quantize(INCH_PLACES, ROUND_CEILING)
    text = f"{rounded:f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def ankle_summary_in_inches(
    *, code: str, side: str, left_cm: float | None, right_cm: float | None
) -> str | None:
    """The two knee-to-wall findings' sentences in inches, from the measured cm (no double rounding).

    The same words as the findings core's summaries (assessments/core/findings.py);
    None for any other finding, which keeps the core's sentence.
    """
    restricted = float(threshold("ktw_restricted_cm"))
    if code == "ankle_dorsiflexion_restricted":
        cm = left_cm if side == "left" else right_cm
        if cm is None:
            return None
        shown = inches_beside(cm, limit_cm=restricted, below=True)
        return (
            f"Your {side} ankle bends less than it should: knee-to-wall {shown} in, "
            f"we aim for {inches_text(restricted)} in."
        )
    if (
        code == "dorsiflexion_asymmetry"
        and left_cm is not None
        and right_cm is not None
    ):
        limit = float(threshold("ktw_asymmetry_cm"))
        low, high = (left_cm, right_cm) if side == "left" else (right_cm, left_cm)
        other = "right" if side == "left" else "left"
        gap = inches_beside(high - low, limit_cm=limit, below=False)
        return (
            f"Your {side} ankle bends {gap} in less than your {other} "
            f"(knee-to-wall {inches_text(low)} against {inches_text(high)} in); "
            f"a difference of {inches_text(limit)} in or more is more than measurement error."
        )
    return None
