"""Template tags for the coach's client page, which includes the activity panel with only `client`."""

from __future__ import annotations

from django import template

from clients.models import Client
from programs.client_log import ClientActivity, client_activity

register = template.Library()


@register.simple_tag
def recent_activity(client: Client) -> ClientActivity:
    return client_activity(client=client)
