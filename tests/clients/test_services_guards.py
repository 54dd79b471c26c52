"""The client-list services validate before they write: remove the check and a test here fails."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clients.models import Client
from clients.services import client_create, client_update
from tests.factory import make_client, make_coach

pytestmark = pytest.mark.django_db


def test_a_new_client_is_validated_before_it_is_saved() -> None:
    coach = make_coach()
    with pytest.raises(ValidationError) as error:
        client_create(
            coach=coach, client=Client(name="Maya Okafor", reassess_every_weeks=27)
        )
    assert list(error.value.message_dict) == ["reassess_every_weeks"]
    assert not Client.objects.filter(coach=coach).exists()


def test_a_change_is_validated_before_it_is_saved() -> None:
    client = make_client(name="Maya Okafor")
    client.name = ""
    client.reassess_every_weeks = 0
    with pytest.raises(ValidationError) as error:
        client_update(client=client)
    assert set(error.value.message_dict) == {"name", "reassess_every_weeks"}
    stored = Client.objects.get(pk=client.pk)
    assert stored.name == "Maya Okafor"
    assert stored.reassess_every_weeks != 0
