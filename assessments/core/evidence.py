"""Shared parts of the findings rules: evidence from the rule table, severity bands, numbers.

Pure (no Django); used by assessments/core/findings.py and findings_hip.py.
"""

from __future__ import annotations

from fractions import Fraction

from assessments.core.numbers import shown_beside, shown_number
from assessments.core.rules import RULES_BY_KEY, threshold
from assessments.core.types import SEVERITIES, Evidence

# The other leg.
_OTHER = {"left": "right", "right": "left"}


def _evidence(
    rule_key: str, *, value: float | int | bool | str | None, side: str | None = None
) -> Evidence:
    rule = RULES_BY_KEY[rule_key]
    path = rule.field.format(side=side) if side else rule.field
    return Evidence(field=path, value=value, rule=rule.comparison, source=rule.source)


def _worst(*severities: str) -> str:
    return max(severities, key=SEVERITIES.index)


def _band_low_is_worse(value: Fraction, key: str) -> str:
    # thresholds: (cut-off, mild floor, moderate floor)
    if value >= threshold(key, 1):
        return "mild"
    if value >= threshold(key, 2):
        return "moderate"
    return "severe"


def _band_high_is_worse(value: Fraction, key: str) -> str:
    # thresholds: (cut-off, moderate from, severe from)
    if value >= threshold(key, 2):
        return "severe"
    if value >= threshold(key, 1):
        return "moderate"
    return "mild"


def _fmt(value: float | int) -> str:
    # One decimal, as the contract has always shown centimetres and degrees.
    return shown_number(float(value))


def _fmt_short(value: float | int, *, limit: Fraction | None = None) -> str:
    # Seconds: whole seconds without a decimal, never rounded across `limit`.
    if float(value).is_integer():
        return f"{int(value)}"
    if limit is None:
        return shown_number(float(value))
    return shown_beside(float(value), limit=limit, below=value < limit)
