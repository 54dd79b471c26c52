"""Writes on the coach's client list: create, update, archive, restore.

No hard delete: archiving hides a client from the list and the dashboard and
keeps every session and program.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clients.links import link_revoke
from clients.models import Client, DistanceUnit, User
from clients.time_zones import validate_time_zone


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
    client_time_zone_sync(client=client)
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


@transaction.atomic
def client_time_zone_sync(*, client: Client) -> None:
    """A client's own sign-in follows the zone the coach set for them (the middleware reads the user)."""
    if client.user_id is None:
        return
    User.objects.filter(pk=client.user_id).exclude(time_zone=client.time_zone).update(
        time_zone=client.time_zone
    )


@transaction.atomic
def user_preferences_set(*, user: User, time_zone: str, distance_unit: str) -> User:
    user.time_zone = time_zone
    user.distance_unit = distance_unit
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["time_zone", "distance_unit"])
    return user


@transaction.atomic
def user_distance_unit_remember(*, user: User, distance_unit: str) -> None:
    """The unit a coach just typed in becomes the one their pages show."""
    if distance_unit != user.distance_unit and distance_unit in DistanceUnit.values:
        user.distance_unit = distance_unit
        user.save(update_fields=["distance_unit"])


@transaction.atomic
def time_zone_default_set(*, user: User, name: str) -> bool:
    """The browser's zone on first sign-in; never over a zone someone chose. True if set.

    For a client, their profile takes it too when the coach has not set one.
    """
    validate_time_zone(name)
    if not name or user.time_zone:
        return False
    user.time_zone = name
    client = Client.objects.filter(user=user).first() if user.is_client else None
    if client is not None:
        if client.time_zone:
            # The coach chose the client's zone: the client's pages follow that choice.
            user.time_zone = client.time_zone
        else:
            client.time_zone = name
            client.save(update_fields=["time_zone", "updated_at"])
    user.save(update_fields=["time_zone"])
    return True
