"""Distances in the coach's unit on any page: ``{% load distances %}``.

``{{ session.ktw_left_cm|distance:user.distance_unit }}`` reads "2.75 in" or "7.0 cm";
``{{ criterion|distances:user.distance_unit }}`` converts the cm inside a stored sentence.
"""

from __future__ import annotations

from django import template

from assessments.core.wording import distance_words, distances_in_text

register = template.Library()


@register.filter
def distance(cm: float | None, unit: str = "cm") -> str:
    return distance_words(cm, unit)


@register.filter
def distances(text: str, unit: str = "cm") -> str:
    return distances_in_text(str(text), unit)
