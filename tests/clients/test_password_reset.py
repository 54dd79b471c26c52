"""Coach password reset: Django's views, the email sent by a task."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import Client
from clients.tasks import email_send
from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a-brand-new-gym-password"


def ask_for_reset(client: HttpClient, email: str):
    return client.post(RESET, {"email": email})


def test_it_emails_a_coach_a_link_that_sets_a_new_password(client: HttpClient) -> None:
    coach = make_coach(email="maria@gym.example")
    response = ask_for_reset(client, "maria@gym.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@gym.example"]
    assert message.subject == "Reset your Weaklink password"
    found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(message.body))
    assert found
    link = found.group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    coach.refresh_from_db()
    assert coach.check_password(NEW_PASSWORD)


def test_it_says_the_same_for_an_unknown_address_and_sends_nothing(
    client: HttpClient,
) -> None:
    response = ask_for_reset(client, "nobody@gym.example")
    assert response.status_code == 302
    assert mail.outbox == []


def test_clients_cannot_reset_a_password_by_email(client: HttpClient) -> None:
    coach = make_coach()
    user = make_client_user(client=make_client(coach=coach))
    user.email = "runner@home.example"
    user.set_password("a-client-password-1")
    user.save()
    ask_for_reset(client, "runner@home.example")
    assert mail.outbox == []
    assert Client.objects.filter(user=user).exists()


def test_the_email_goes_through_the_task_queue(client: HttpClient, settings) -> None:
    """With a queue that runs nothing, the request sends nothing itself."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    make_coach(email="maria@gym.example")
    assert ask_for_reset(client, "maria@gym.example").status_code == 302
    assert mail.outbox == []
    from django.tasks import task_backends
    from django.tasks.backends.dummy import DummyBackend

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    (queued,) = backend.results
    assert queued.task.func is email_send.func
    assert queued.kwargs["to"] == ["maria@gym.example"]
    assert "/accounts/reset/" in queued.kwargs["body"]


def test_the_task_sends_one_email() -> None:
    result = email_send.enqueue(subject="Hi", body="Body", to=["a@b.example"])
    assert result.return_value == 1
    assert mail.outbox[0].subject == "Hi"
    assert mail.outbox[0].from_email == "Weaklink <weaklink@localhost>"


def test_the_login_page_links_to_the_reset(client: HttpClient) -> None:
    assert RESET in client.get("/accounts/login/").content.decode()


def test_one_address_cannot_flood_a_coachs_inbox(client: HttpClient) -> None:
    make_coach(email="maria@gym.example")
    for _ in range(5):
        assert ask_for_reset(client, "maria@gym.example").status_code == 302
    response = ask_for_reset(client, "maria@gym.example")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 5
