"""Personal links are never written to a log: not by our code, Django's request log or SQL logging."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.links import SALT, link_issue
from clients.models import ClientLink
from tests.factory import make_client, make_program

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parents[2]


@pytest.fixture
def every_log(caplog: pytest.LogCaptureFixture, settings) -> pytest.LogCaptureFixture:
    """Logging as with LOG_LEVEL=DEBUG, plus SQL logging, which production keeps off.

    Django logs queries only with DEBUG on and settings pin its logger at INFO;
    both are lifted here so a token reaching a query would show up.
    """
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    return caplog


def secrets_of(token: str) -> list[str]:
    """The token, its signed payload and the raw secret: none may reach a log."""
    _link_id, secret = signing.loads(token, salt=SALT)
    return [token, token.split(":")[0], secret]


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.append(repr(record.args))
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_opening_a_valid_link_logs_no_part_of_it(
    client: HttpClient, every_log: pytest.LogCaptureFixture
) -> None:
    program = make_program()
    issued = link_issue(client=program.client, user=program.client.coach)
    every_log.clear()
    response = client.get(reverse("links:open", args=[issued.token]))
    assert response.status_code == 302
    text = logged_text(every_log)
    assert f"Personal link {issued.link.pk} opened" in text
    assert "SELECT" in text, "SQL logging should be on for this test to mean anything"
    for secret in secrets_of(issued.token):
        assert secret not in text


@pytest.mark.parametrize("damage", ["tampered", "expired", "revoked"])
def test_refusing_a_link_logs_no_part_of_it(
    client: HttpClient, every_log: pytest.LogCaptureFixture, damage: str
) -> None:
    athlete = make_client()
    issued = link_issue(client=athlete, user=athlete.coach)
    token = issued.token
    if damage == "tampered":
        token = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    elif damage == "expired":
        ClientLink.objects.filter(pk=issued.link.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    else:
        ClientLink.objects.filter(pk=issued.link.pk).update(revoked_at=timezone.now())
    every_log.clear()
    response = client.get(reverse("links:open", args=[token]))
    assert response.status_code in {404, 410}
    text = logged_text(every_log)
    assert "Personal link refused" in text
    for secret in [*secrets_of(issued.token), token]:
        assert secret not in text


def test_issuing_a_link_logs_its_id_only(
    client: HttpClient, every_log: pytest.LogCaptureFixture
) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    every_log.clear()
    response = client.post(reverse("links:panel", args=[athlete.pk]))
    assert response.status_code == 200
    found = re.search(r"/c/([^/\"<]+)/", response.content.decode())
    assert found
    token = found.group(1)
    text = logged_text(every_log)
    assert "Personal link" in text and "issued" in text
    for secret in secrets_of(token):
        assert secret not in text


def test_template_lookups_stay_out_of_the_log_even_at_debug(
    every_log: pytest.LogCaptureFixture,
) -> None:
    # Their DEBUG lines dump the whole template context, a just-issued link included.
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("django.template").isEnabledFor(logging.DEBUG)


def test_the_container_runs_gunicorn_with_a_redacting_access_log() -> None:
    # An access log would hold every /c/<token>/: gunicorn writes one only through
    # config.logs.GunicornLogger, which redacts links (tests/config/test_logs.py).
    # The image starts it through deploy/start.sh.
    dockerfile = (BASE / "Dockerfile").read_text()
    start = (BASE / "deploy" / "start.sh").read_text()
    assert 'CMD ["deploy/start.sh", "web"]' in dockerfile
    assert "-m gunicorn" in start
    assert "--logger-class config.logs.GunicornLogger" in start
    assert "access" not in dockerfile.lower()
