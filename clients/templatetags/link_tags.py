"""Template tags for the coach's link panel, which the client page includes with only `client`."""

from __future__ import annotations

from django import template

from clients.links import LINK_LIFETIME, link_active
from clients.models import Client, ClientLink

register = template.Library()


@register.simple_tag
def active_personal_link(client: Client) -> ClientLink | None:
    return link_active(client)


@register.simple_tag
def link_lifetime_days() -> int:
    return LINK_LIFETIME.days
