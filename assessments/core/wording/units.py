"""Numbers as a coach or client reads them: the precision measured, the unit typed.

Pure (no Django). Centimetres to one decimal (a tape measure's), degrees whole,
seconds, newtons and kilograms to one decimal at most, grades and pain scores
whole; halves round up exactly as written (8.25 reads 8.3 everywhere).
"""

from __future__ import annotations

from fractions import Fraction

from assessments.core.numbers import shown_number

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


def distance(cm: float | None, unit: str = "cm") -> str:
    """A knee-to-wall distance in the unit the coach typed: "2.75 in (7.0 cm)", "7.0 cm"."""
    if cm is None or unit != "in":
        return amount(cm, "cm")
    inches = _half_up(Fraction(repr(float(cm))) / CM_PER_INCH, 2)
    typed = f"{float(inches):.2f}".rstrip("0").rstrip(".")
    return f"{typed} in ({amount(cm, 'cm')})"


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
