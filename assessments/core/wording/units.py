"""Numbers as a coach or client reads them: the precision measured, the unit typed.

Pure (no Django). Centimetres to one decimal (a tape measure's), degrees whole,
seconds, newtons and kilograms to one decimal at most, grades and pain scores
whole; halves round up exactly as written (8.25 reads 8.3 everywhere).
"""

from __future__ import annotations

import re
from fractions import Fraction

from assessments.core.numbers import shown_number
from assessments.core.rules import threshold

NO_VALUE = "—"

UNIT_PLACES = {"cm": 1, "in": 1, "degrees": 0, "deg": 0}


def _half_up(value: float | int | Fraction, places: int) -> Fraction:
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    step = Fraction(1, 10**places)
    return (exact / step + Fraction(1, 2)).__floor__() * step


def number(value: float | int | Fraction | None) -> str:
    """One decimal at most, no trailing ".0": 7.0 -> "7", 8.25 -> "8.3"."""
    if value is None:
        return NO_VALUE
    if isinstance(value, bool):
        return "yes" if value else "no"
    rounded = _half_up(value, 1)
    if rounded.denominator == 1:
        return str(int(rounded))
    return shown_number(rounded)


def fixed(value: float | int | Fraction, places: int) -> str:
    """Exactly `places` decimals, halves up: fixed(6.985, 1) -> "7.0"."""
    rounded = _half_up(value, places) + 0
    return f"{float(rounded):.{places}f}" if places else str(int(rounded))


def amount(value: float | int | Fraction | None, unit: str = "") -> str:
    """A measure with its unit at the precision measured: "7.0 cm", "38 degrees", "9.5 s"."""
    if value is None or isinstance(value, bool):
        return number(value)
    places = UNIT_PLACES.get(unit)
    shown = number(value) if places is None else fixed(value, places)
    if unit in ("", "grade", "points"):
        return shown
    if unit == "deg":
        unit = "degrees"
    return f"{shown} {unit}"


CM_PER_INCH = Fraction(254, 100)
INCH_PLACES = 2  # a tape in inches reads to about a quarter of a millimetre

# --- distances: stored in cm, read in the coach's unit (clients.models.DistanceUnit) ---
# One family: distance() is the only way a distance is written with its unit;
# distance_number() is its number alone (a form field), the rest build on them.


def _inches_from(value: Fraction) -> str:
    """Inches to the hundredth, trailing zeros dropped but one decimal kept: "2.75", "4.0"."""
    text = f"{float(value):.{INCH_PLACES}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _exact_inches(cm: float) -> Fraction:
    return Fraction(repr(float(cm))) / CM_PER_INCH


def inches_text(cm: float) -> str:
    """cm as inches, to the hundredth: 6.985 -> "2.75", 10.16 -> "4.0"."""
    return _inches_from(_half_up(_exact_inches(cm), INCH_PLACES))


def distance_number(cm: float | None, unit: str = "cm") -> str:
    """The number alone, in ``unit`` ("in" or "cm"): what a form field shows."""
    if cm is None:
        return ""
    return inches_text(cm) if unit == "in" else fixed(cm, UNIT_PLACES["cm"])


def distance(cm: float | None, unit: str = "cm") -> str:
    """A stored cm distance in the coach's unit: "2.75 in" or "7.0 cm" ("—" when missing)."""
    if cm is None or isinstance(cm, bool):
        return NO_VALUE
    return f"{distance_number(cm, unit)} {'in' if unit == 'in' else 'cm'}"


def rule_distance(cm: float, unit: str = "cm") -> str:
    """A rule's distance (a target, a measurement error) as the rule table writes it:
    whole cm stay whole ("10 cm"); in inches, as any distance ("3.94 in")."""
    return distance(cm, unit) if unit == "in" else f"{number(cm)} cm"


def signed_distance(cm: float | None, unit: str = "cm") -> str:
    """A change in distance: "+0.59 in", "-1.5 cm", "0"."""
    if cm is None:
        return NO_VALUE
    if cm == 0:
        return "0"
    return ("+" if cm > 0 else "-") + distance(abs(cm), unit)


_CM_IN_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) cm\b")


def distances_in_text(text: str, unit: str) -> str:
    """Stored sentences ("left knee-to-wall >= 10 cm") with their cm read in ``unit``."""
    if unit != "in":
        return text
    return _CM_IN_TEXT.sub(lambda match: rule_distance(float(match[1]), unit), text)


def inches_beside(cm: float, *, limit_cm: float, below: bool) -> str:
    """Inches next to a limit, never rounded onto its other side (as numbers.shown_beside does)."""
    exact = _exact_inches(cm)
    limit = _exact_inches(limit_cm)
    step = Fraction(1, 10**INCH_PLACES)
    rounded = _half_up(exact, INCH_PLACES)
    if below and rounded >= limit:
        rounded = (exact / step).__floor__() * step
    elif not below and rounded < limit:
        rounded = (exact / step).__ceil__() * step
    return _inches_from(rounded)


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


def signed(value: float | int | Fraction | None, unit: str = "") -> str:
    """A change: "+1.5 cm", "-2 s", "0"."""
    if value is None:
        return NO_VALUE
    if value == 0:
        return "0"
    size = -value if value < 0 else value
    return ("+" if value > 0 else "-") + amount(size, unit)


def per_kg(value: float | None, unit: str) -> str:
    """Strength per kg of body mass, to two decimals (a ratio near 0.3 needs them)."""
    if value is None:
        return NO_VALUE
    return f"{fixed(value, 2)} {unit} per kg"


def plural(count: int, word: str, words: str = "") -> str:
    """ "1 grade", "2 grades"; `words` for an irregular plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


_SHARES = {
    Fraction(1, 2): "half",
    Fraction(2, 3): "two thirds",
    Fraction(3, 4): "three quarters",
}


def share_words(share: Fraction) -> str:
    """A share of the other side in words: 2/3 -> "two thirds", 0.9 -> "90 %"."""
    return _SHARES.get(share) or f"{number(share * 100)} %"


def pain_words(pain: int | None) -> str:
    return NO_VALUE if pain is None else f"{pain}/10"
