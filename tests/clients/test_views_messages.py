"""The message thread pages: the coach's under the client, the client's at /plan/messages/."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.urls import reverse

from clients.messages import message_send, unread_for_coach
from clients.models import Message
from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db

COACH = Message.Sender.COACH
CLIENT = Message.Sender.CLIENT
PHONE = reverse("plan-messages:thread")
HTMX = {"HX-Request": "true"}


def coach_url(client) -> str:
    return reverse("clients:messages", args=[client.pk])


def say(client, sender, body):
    return message_send(
        client=client, sender=sender, body=body, site="http://testserver"
    )


def signed_in_client(browser, **fields):
    profile = make_client(**fields)
    browser.force_login(make_client_user(client=profile))
    return profile


def test_the_client_sends_a_message_without_javascript(client) -> None:
    maya = signed_in_client(client)
    response = client.post(PHONE, {"body": "  Is it normal that my hip clicks?  "})
    assert response.status_code == 302
    assert response["Location"] == f"{PHONE}#message-form"
    message = Message.objects.get(client=maya)
    assert (message.sender, message.body) == (
        CLIENT,
        "Is it normal that my hip clicks?",
    )
    page = client.get(PHONE).content.decode()
    assert "Is it normal that my hip clicks?" in page and "not read yet" in page


def test_htmx_swaps_the_thread_in_place(client) -> None:
    maya = signed_in_client(client)
    response = client.post(PHONE, {"body": "Done today"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="thread"' in html
    assert "Done today" in html and "Sent." in html
    assert Message.objects.filter(client=maya).count() == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("", "Write a message before sending."),
        ("   ", "Write a message before sending."),
        ("x" * 2001, "Keep a message under 2000 characters (this one has 2001)."),
    ],
)
def test_a_bad_message_keeps_the_text_with_a_field_message(client, body, words) -> None:
    signed_in_client(client)
    response = client.post(PHONE, {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    if body.strip():
        assert body in html
    htmx = client.post(PHONE, {"body": body}, headers=HTMX)
    assert htmx.status_code == 200 and words in htmx.content.decode()
    assert not Message.objects.exists()


def test_the_coach_reads_and_replies_and_the_client_sees_it(client) -> None:
    maya = make_client(name="Maya Okafor")
    say(maya, CLIENT, "My knee felt good")
    client.force_login(maya.coach)
    home = client.get(reverse("home")).content.decode()
    assert "Unread messages" in home and "Maya Okafor" in home
    page = client.get(coach_url(maya)).content.decode()
    assert "My knee felt good" in page and "Messages with Maya Okafor" in page
    # Opening the thread read it: the home page count is gone.
    assert Message.objects.get().read_at is not None
    assert "Unread messages" not in client.get(reverse("home")).content.decode()
    response = client.post(coach_url(maya), {"body": "Great, keep going"})
    assert response["Location"] == f"{coach_url(maya)}#message-form"
    phone = Browser()
    phone.force_login(make_client_user(client=maya))
    plan = phone.get(reverse("plan:today")).content.decode()
    assert "data-unread>1<" in plan
    assert "Great, keep going" in phone.get(PHONE).content.decode()
    assert "data-unread" not in phone.get(reverse("plan:today")).content.decode()


def test_the_client_page_shows_the_latest_messages_and_unread_count(client) -> None:
    maya = make_client(name="Maya Okafor")
    say(maya, CLIENT, "Question about bridges")
    client.force_login(maya.coach)
    page = client.get(reverse("clients:detail", args=[maya.pk])).content.decode()
    assert "Question about bridges" in page
    assert "data-unread>1<" in page
    assert f'href="{coach_url(maya)}"' in page
    # Viewing the client page is not reading the thread.
    assert Message.objects.get().read_at is None


def test_a_coach_never_reads_another_coachs_thread(client) -> None:
    maya = make_client()
    say(maya, CLIENT, "private")
    client.force_login(make_coach())
    assert client.get(coach_url(maya)).status_code == 404
    assert client.post(coach_url(maya), {"body": "hi"}).status_code == 404
    assert Message.objects.get().read_at is None
    assert Message.objects.count() == 1


def test_a_client_only_ever_reads_their_own_thread(client) -> None:
    other = make_client()
    say(other, COACH, "For the other client")
    maya = signed_in_client(client)
    say(maya, COACH, "For Maya")
    page = client.get(PHONE).content.decode()
    assert "For Maya" in page and "For the other client" not in page
    assert Message.objects.get(client=other).read_at is None
    # The coach's page for any client is closed to a client.
    assert client.get(coach_url(maya)).status_code == 403


def test_an_archived_client_gets_no_new_messages(client) -> None:
    from django.utils import timezone

    maya = make_client(archived_at=timezone.now())
    client.force_login(maya.coach)
    assert client.post(coach_url(maya), {"body": "hello"}).status_code == 400
    assert not Message.objects.exists()


@pytest.mark.parametrize("count", [2, 40])
def test_the_thread_pages_use_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
) -> None:
    maya = make_client()
    user = make_client_user(client=maya)
    for number in range(count):
        say(maya, CLIENT if number % 2 else COACH, f"message {number}")
    client.force_login(maya.coach)
    # Session, user, client, mark read (+ touch), thread.
    with django_assert_max_num_queries(8):
        assert client.get(coach_url(maya)).status_code == 200
    phone = Browser()
    phone.force_login(user)
    with django_assert_max_num_queries(8):
        assert phone.get(PHONE).status_code == 200


def test_the_home_pages_unread_count_is_one_query_whatever_the_clients(
    django_assert_max_num_queries,
) -> None:
    coach = make_coach()
    for number in range(5):
        say(make_client(coach=coach), CLIENT, f"hello {number}")
    rows = unread_for_coach(coach)
    assert [row.unread for row in rows] == [1] * 5
    with django_assert_max_num_queries(1):
        unread_for_coach(coach)
