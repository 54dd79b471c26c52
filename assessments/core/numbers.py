"""Numbers as a coach or client reads them, pure: the precision measured, never across a threshold.

No Django and no app imports. One decimal at most; "-0.0" never appears; a value
shown beside its threshold is never rounded onto the wrong side of it (9.99 cm
under 10 cm reads "9.9 cm", not "10.0 cm").
"""

from __future__ import annotations

import math
from fractions import Fraction

MAX_PLACES = 1


def _exact(value: float | int | Fraction) -> Fraction:
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _places(value: float | int | Fraction) -> int:
    # A float keeps its written decimals (6.0 stays "6.0"), one at most.
    if isinstance(value, float):
        written = repr(value)
        if "e" in written or "E" in written:
            return MAX_PLACES
        return min(MAX_PLACES, max(len(written.partition(".")[2]), 1))
    exact = Fraction(value)
    return 0 if exact.denominator == 1 else MAX_PLACES


def _text(value: Fraction, places: int) -> str:
    if value == 0:
        value = Fraction(0)  # no "-0.0"
    return f"{float(value):.{places}f}"


def shown_number(value: float | int | Fraction) -> str:
    """A measure at the precision measured, one decimal at most, halves rounded up."""
    exact, places = _exact(value), _places(value)
    step = Fraction(1, 10**places)
    return _text(math.floor(exact / step + Fraction(1, 2)) * step, places)


def shown_beside(
    value: float | int | Fraction, *, limit: float | Fraction, below: bool
) -> str:
    """`value` shown next to a threshold it is `below` (or at or above), on the same side of it."""
    exact, places = _exact(value), _places(value)
    step = Fraction(1, 10**places)
    limit = _exact(limit)
    rounded = math.floor(exact / step + Fraction(1, 2)) * step
    if below and rounded >= limit:
        rounded = math.floor(exact / step) * step
    elif not below and rounded < limit:
        rounded = math.ceil(exact / step) * step
    return _text(rounded, places)
