"""The vocabulary module's formats as template filters: `{% load words %}`."""

from __future__ import annotations

from django import template

from assessments.core import wording

register = template.Library()


@register.filter
def rule_words(text: str) -> str:
    """ "left knee-to-wall >= 10 cm" -> "left knee-to-wall at least 10 cm"."""
    return wording.rule_words(str(text))


@register.filter
def amount(value: float | int | None, unit: str = "") -> str:
    """A measure at its precision: `{{ session.ktw_left_cm|amount:"cm" }}` -> "7.0 cm"."""
    return wording.amount(value, unit)


@register.filter
def number(value: float | int | None) -> str:
    """One decimal at most: `{{ value|number }}`."""
    return wording.number(value)


@register.filter
def distance(cm: float | None, unit: str = "cm") -> str:
    """`{{ session.ktw_left_cm|distance:session.ktw_unit }}` -> "2.75 in (7.0 cm)"."""
    return wording.distance(cm, unit)
