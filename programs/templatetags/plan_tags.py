"""Template tags: the coach's activity panel (included with only `client`) and the plan's pain scale."""

from __future__ import annotations

from django import template

from clients.models import Client
from programs.plan.log import ClientActivity, client_activity

register = template.Library()


@register.simple_tag
def recent_activity(client: Client) -> ClientActivity:
    return client_activity(client=client)


@register.simple_tag
def pain_scale() -> range:
    """0 to 10, one tap target each."""
    return range(11)
