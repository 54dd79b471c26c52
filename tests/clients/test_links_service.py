from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from clients.links import (
    SALT,
    LinkInvalid,
    link_active,
    link_issue,
    link_revoke,
    link_use,
    link_verify,
)
from clients.models import ClientLink, User
from tests.factory import make_client

pytestmark = pytest.mark.django_db


def issue(client=None, **kwargs):
    client = client or make_client()
    return link_issue(client=client, user=client.coach, **kwargs)


def test_it_stores_only_a_hash_of_the_secret() -> None:
    issued = issue()
    link_id, secret = signing.loads(issued.token, salt=SALT)
    assert link_id == issued.link.pk
    assert len(secret) >= 43  # 32 random bytes
    stored = ClientLink.objects.get(pk=link_id)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in stored.secret_hash


def test_it_expires_links_after_ninety_days_by_default() -> None:
    now = timezone.now()
    issued = issue(now=now)
    assert issued.link.expires_at == now + timedelta(days=90)


def test_it_accepts_a_fresh_link() -> None:
    issued = issue()
    assert link_verify(issued.token) == issued.link


def test_it_refuses_an_expired_link() -> None:
    issued = issue()
    with pytest.raises(LinkInvalid) as refused:
        link_verify(issued.token, now=issued.link.expires_at + timedelta(seconds=1))
    assert refused.value.gone


def test_it_refuses_a_revoked_link_at_once() -> None:
    issued = issue()
    link_revoke(client=issued.link.client)
    with pytest.raises(LinkInvalid) as refused:
        link_verify(issued.token)
    assert refused.value.gone
    assert link_active(issued.link.client) is None


def test_it_keeps_one_working_link_per_client() -> None:
    client = make_client()
    old = issue(client)
    new = issue(client)
    with pytest.raises(LinkInvalid):
        link_verify(old.token)
    assert link_verify(new.token) == new.link
    assert link_active(client) == new.link


@pytest.mark.parametrize("position", [0, 10, -5, -1])
def test_it_refuses_a_tampered_token(position: int) -> None:
    token = issue().token
    swapped = "A" if token[position] != "A" else "B"
    tampered = (
        token[:position] + swapped + (token[position + 1 :] if position != -1 else "")
    )
    with pytest.raises(LinkInvalid) as refused:
        link_verify(tampered)
    assert not refused.value.gone


def test_it_refuses_a_correctly_signed_token_with_the_wrong_secret() -> None:
    issued = issue()
    forged = signing.dumps([issued.link.pk, "a-guess"], salt=SALT, compress=False)
    with pytest.raises(LinkInvalid):
        link_verify(forged)


def test_it_refuses_a_token_signed_for_something_else() -> None:
    issued = issue()
    _, secret = signing.loads(issued.token, salt=SALT)
    with pytest.raises(LinkInvalid):
        link_verify(signing.dumps([issued.link.pk, secret], salt="another.purpose"))


@pytest.mark.parametrize("garbage", ["", "x", "not:a:token", "WzEsMl0:1abc:def"])
def test_it_refuses_garbage(garbage: str) -> None:
    with pytest.raises(LinkInvalid):
        link_verify(garbage)


def test_it_refuses_links_of_an_archived_client() -> None:
    issued = issue()
    client = issued.link.client
    client.archived_at = timezone.now()
    client.save(update_fields=["archived_at"])
    with pytest.raises(LinkInvalid):
        link_verify(issued.token)
    with pytest.raises(ValueError):
        issue(client)


def test_it_creates_the_clients_sign_in_on_first_use() -> None:
    issued = issue()
    user = link_use(link=issued.link)
    assert user.role == User.Role.CLIENT
    assert not user.has_usable_password()
    issued.link.refresh_from_db()
    assert issued.link.last_used_at is not None
    assert issued.link.client.user == user
    again = link_use(link=link_verify(issued.token))
    assert again == user
    assert User.objects.filter(role=User.Role.CLIENT).count() == 1


def test_it_signs_out_link_sessions_when_revoking() -> None:
    issued = issue()
    user = link_use(link=issued.link)
    before = user.get_session_auth_hash()
    link_revoke(client=issued.link.client)
    user.refresh_from_db()
    assert user.get_session_auth_hash() != before
    assert not user.has_usable_password()
