"""Writes on the coach's client list: create, update, archive, restore.

No hard delete: archiving hides a client from the list and the dashboard and
keeps every session and program.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clients.links import link_revoke
from clients.models import Client, User


@transaction.atomic
def client_create(*, coach: User, client: Client) -> Client:
    client.coach = coach
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client) -> Client:
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_archive(*, client: Client) -> Client:
    """Hide the client and end all their access: links, password, signed-in phones."""
    if client.archived_at is None:
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at", "updated_at"])
    link_revoke(client=client)
    return client


@transaction.atomic
def client_restore(*, client: Client) -> Client:
    if client.archived_at is not None:
        client.archived_at = None
        client.save(update_fields=["archived_at", "updated_at"])
    return client
