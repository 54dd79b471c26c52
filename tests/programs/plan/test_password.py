"""The optional client password: sign in without the link, cut off with the link."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.urls import reverse

from clients.links import link_issue, link_revoke
from clients.models import User
from tests.factory import make_client, make_client_user

pytestmark = pytest.mark.django_db

PASSWORD_PAGE = reverse("plan:password")
NEW = "a-long-gym-password"


def phone_of(client) -> tuple[Browser, User]:
    user = make_client_user(client=client)
    user.set_unusable_password()
    user.save()
    browser = Browser()
    browser.force_login(user)
    return browser, user


def test_the_plan_links_to_the_page_and_the_page_names_the_username() -> None:
    phone, user = phone_of(make_client())
    assert PASSWORD_PAGE in phone.get(reverse("plan:today")).content.decode()
    page = phone.get(PASSWORD_PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Set a password (optional)" in html
    assert user.username in html


def test_a_client_sets_a_password_stays_signed_in_and_can_sign_in_with_it() -> None:
    phone, user = phone_of(make_client())
    response = phone.post(
        PASSWORD_PAGE, {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert response.redirect_chain[-1][0] == PASSWORD_PAGE
    assert f"You can now also sign in as {user.username}" in response.content.decode()
    assert "Change your password" in response.content.decode()
    # The phone that set it is still signed in.
    assert phone.get(reverse("plan:today")).status_code == 200
    laptop = Browser()
    signed = laptop.post(
        reverse("login"), {"username": user.username, "password": NEW}, follow=True
    )
    assert signed.redirect_chain[-1][0] == reverse("plan:today")


def test_a_weak_or_mismatched_password_is_refused_on_the_field() -> None:
    phone, user = phone_of(make_client())
    short = phone.post(
        PASSWORD_PAGE, {"new_password1": "short", "new_password2": "short"}
    )
    assert short.status_code == 400
    assert short.context["form"].errors["new_password2"] == [
        "This password is too short. It must contain at least 10 characters."
    ]
    assert 'id="id_new_password2_error"' in short.content.decode()
    other = phone.post(
        PASSWORD_PAGE, {"new_password1": NEW, "new_password2": NEW + "x"}
    )
    assert other.status_code == 400
    assert 'id="id_new_password2_error"' in other.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_revoking_the_link_removes_the_password_and_signs_everyone_out() -> None:
    client = make_client()
    link_issue(client=client, user=client.coach)
    phone, user = phone_of(client)
    phone.post(PASSWORD_PAGE, {"new_password1": NEW, "new_password2": NEW})
    user.refresh_from_db()
    assert user.has_usable_password()
    link_revoke(client=client)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert phone.get(reverse("plan:today")).status_code == 302  # signed out
    assert not Browser().login(username=user.username, password=NEW)


def test_only_a_client_reaches_the_page() -> None:
    client = make_client()
    coach = Browser()
    coach.force_login(client.coach)
    assert coach.get(PASSWORD_PAGE).status_code == 403
    assert Browser().get(PASSWORD_PAGE).status_code == 302


def test_changing_an_existing_password_asks_for_the_current_one() -> None:
    http, user = phone_of(make_client())
    user.set_password("first-long-password-9")
    user.save()
    http.force_login(user)
    refused = http.post(
        reverse("plan:password"),
        {
            "new_password1": "second-long-password-7",
            "new_password2": "second-long-password-7",
        },
    )
    assert refused.status_code == 400
    assert 'name="old_password"' in refused.content.decode()
    user.refresh_from_db()
    assert user.check_password("first-long-password-9")
    changed = http.post(
        reverse("plan:password"),
        {
            "old_password": "first-long-password-9",
            "new_password1": "second-long-password-7",
            "new_password2": "second-long-password-7",
        },
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("second-long-password-7")
