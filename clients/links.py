"""Personal links: how a client signs in on their phone without a password.

A link is a signed (link id, secret) pair. The secret is never stored: it is
an HMAC of a random nonce under SECRET_KEY (Django's salted_hmac), and only the
nonce and the SHA-256 of the secret are kept. So a database dump alone does not
leak working links, yet the server can rebuild the same link to show it again
(QR code, email) without issuing a new one. Links issued before the nonce
existed (empty nonce), or under a SECRET_KEY since rotated away, cannot be
rebuilt: the coach issues a new one. docs/security.md explains the choice.
Never log a token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clients.models import AuditEvent, Client, ClientLink, User

SALT = "weaklink.client-link"
SECRET_SALT = "weaklink.client-link.secret"
LINK_LIFETIME = timedelta(days=90)
CLIENT_SESSION_SECONDS = 60 * 24 * 60 * 60  # 60 days: the phone stays signed in.


class LinkInvalid(Exception):
    """The link cannot sign anyone in. `gone` is True for a real link that expired or was revoked."""

    def __init__(self, reason: str, *, gone: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.gone = gone


@dataclass(frozen=True, slots=True)
class IssuedLink:
    link: ClientLink
    token: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _secret(nonce: str) -> str:
    return salted_hmac(SECRET_SALT, nonce, algorithm="sha256").hexdigest()


def _token(link: ClientLink, secret: str) -> str:
    return signing.dumps([link.pk, secret], salt=SALT, compress=False)


def link_token(link: ClientLink, *, now: datetime | None = None) -> str | None:
    """The working link's token rebuilt (to show it again), or None when it cannot be.

    None for a revoked or expired link, a link issued before links could be
    shown again, or one whose secret was derived under a key since rotated.
    """
    now = now or timezone.now()
    if link.revoked_at is not None or link.expires_at <= now or not link.secret_nonce:
        return None
    secret = _secret(link.secret_nonce)
    if not hmac.compare_digest(_hash(secret), link.secret_hash):
        return None
    return _token(link, secret)


def link_active(client: Client, *, now: datetime | None = None) -> ClientLink | None:
    """The client's working link, if any (one query)."""
    now = now or timezone.now()
    return (
        ClientLink.objects.filter(
            client=client, revoked_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def link_issue(
    *,
    client: Client,
    user: User,
    lifetime: timedelta = LINK_LIFETIME,
    now: datetime | None = None,
) -> IssuedLink:
    """A new link for the client; any older link stops working (one working link at a time)."""
    if client.is_archived:
        raise ValueError("An archived client cannot get a personal link.")
    now = now or timezone.now()
    ClientLink.objects.filter(client=client, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    # Whoever opened an older link (or set a password on the plan) is signed
    # out: "any older link has stopped working" must include its phone.
    _sign_out_client(client)
    nonce = secrets.token_urlsafe(32)
    secret = _secret(nonce)
    link = ClientLink(
        client=client,
        secret_nonce=nonce,
        secret_hash=_hash(secret),
        created_by=user,
        expires_at=now + lifetime,
    )
    link.full_clean()
    link.save()
    return IssuedLink(link=link, token=_token(link, secret))


@transaction.atomic
def link_revoke(*, client: Client, now: datetime | None = None) -> int:
    """Stop the client's links at once and sign out the phones they opened.

    A fresh unusable password changes the session auth hash, which ends every
    session of that user, and removes any password the client set on the plan
    (programs/plan/views.py, set_password): revoking cuts off every way in.
    """
    now = now or timezone.now()
    revoked = ClientLink.objects.filter(client=client, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    _sign_out_client(client)
    return revoked


def _sign_out_client(client: Client) -> None:
    """End every way the client's own user is in: password and every session.

    A fresh unusable password changes the session auth hash, so every session
    of that user fails Django's check on its next request and is flushed
    there, whatever the session store (database, or Redis in front of it).
    """
    # From the database: the caller's Client may predate the user's creation.
    for user in User.objects.filter(
        client_profile__pk=client.pk, role=User.Role.CLIENT
    ).select_for_update():
        user.set_unusable_password()
        user.save(update_fields=["password"])


def link_verify(token: str, *, now: datetime | None = None) -> ClientLink:
    """The link behind a token, or LinkInvalid. Checks signature, secret, revocation and expiry."""
    now = now or timezone.now()
    try:
        link_id, secret = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid("bad signature") from error
    if not isinstance(link_id, int) or not isinstance(secret, str):
        raise LinkInvalid("malformed")
    link = (
        ClientLink.objects.select_related("client", "client__user")
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise LinkInvalid("unknown link")
    if not hmac.compare_digest(_hash(secret), link.secret_hash):
        raise LinkInvalid("wrong secret")
    if link.revoked_at is not None:
        raise LinkInvalid("revoked", gone=True)
    if link.expires_at <= now:
        raise LinkInvalid("expired", gone=True)
    if link.client.is_archived:
        raise LinkInvalid("client archived", gone=True)
    user = link.client.user
    if user is not None and (not user.is_active or not user.is_client):
        raise LinkInvalid("user cannot sign in this way", gone=True)
    return link


@transaction.atomic
def link_use(*, link: ClientLink, now: datetime | None = None) -> User:
    """The client's own user (created on first use), and the link marked as used."""
    now = now or timezone.now()
    client = link.client
    user = client.user
    if user is None:
        user = User(
            username=f"client-{client.pk}-{secrets.token_hex(4)}",
            role=User.Role.CLIENT,
            time_zone=client.time_zone,
        )
        user.set_unusable_password()
        user.save()
        client.user = user
        client.save(update_fields=["user", "updated_at"])
    link.last_used_at = now
    link.save(update_fields=["last_used_at", "updated_at"])
    return user


def link_shown(*, link: ClientLink, user: User) -> None:
    """The coach showed the working link (and its QR code) again: one audit line."""
    from clients.records import audit_record  # records imports this module

    audit_record(
        actor=user,
        client=link.client_id,
        action=AuditEvent.Action.SHOWED_LINK,
        object_id=link.pk,
    )


@transaction.atomic
def link_email_queue(*, link: ClientLink, user: User, site: str) -> None:
    """Send the working link to the client's email address through the worker, once committed; audited."""
    from clients.records import audit_record  # records imports this module
    from clients.tasks import link_email_send  # the task reads this module

    audit_record(
        actor=user,
        client=link.client_id,
        action=AuditEvent.Action.EMAILED_LINK,
        object_id=link.pk,
    )
    link_id = link.pk
    transaction.on_commit(lambda: link_email_send.enqueue(link_id=link_id, site=site))
