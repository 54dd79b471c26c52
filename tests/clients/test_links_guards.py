"""Each refusal of link_verify, one by one: remove a guard and a test here fails."""

from __future__ import annotations

import pytest
from django.core import signing

from clients.links import SALT, LinkInvalid, link_issue, link_use, link_verify
from clients.models import User
from tests.factory import make_client, make_coach

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", [["7", "secret"], [7, 7], [None, "secret"]])
def test_a_signed_payload_of_the_wrong_shape_is_refused(payload: list) -> None:
    token = signing.dumps(payload, salt=SALT)
    with pytest.raises(LinkInvalid) as refused:
        link_verify(token)
    assert refused.value.reason == "malformed"
    assert not refused.value.gone


def test_a_signed_token_for_a_link_that_does_not_exist_is_refused() -> None:
    issued = link_issue(client=make_client(), user=make_coach())
    _, secret = signing.loads(issued.token, salt=SALT)
    token = signing.dumps([issued.link.pk + 1000, secret], salt=SALT)
    with pytest.raises(LinkInvalid) as refused:
        link_verify(token)
    assert refused.value.reason == "unknown link"
    assert not refused.value.gone


def test_a_link_whose_sign_in_was_deactivated_is_refused() -> None:
    client = make_client()
    issued = link_issue(client=client, user=client.coach)
    user = link_use(link=link_verify(issued.token))
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(LinkInvalid) as refused:
        link_verify(issued.token)
    assert refused.value.gone


def test_a_link_never_signs_in_a_staff_or_coach_account() -> None:
    client = make_client()
    issued = link_issue(client=client, user=client.coach)
    # A client row pointing at a coach's account (an admin's slip) must not sign the coach in.
    client.user = make_coach()
    client.save(update_fields=["user"])
    with pytest.raises(LinkInvalid) as refused:
        link_verify(issued.token)
    assert refused.value.gone
