from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factory import PASSWORD, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_logs_in_and_sees_the_home_page(
    live_server, desktop_page: Page
) -> None:
    make_coach(username="dana", first_name="Dana")
    desktop_page.goto(f"{live_server.url}/")
    expect(desktop_page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    desktop_page.get_by_label("Username").fill("dana")
    desktop_page.get_by_label("Password").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Sign in").click()
    expect(desktop_page.get_by_role("heading", name="Hello, Dana")).to_be_visible()
    expect(desktop_page.get_by_role("button", name="Sign out")).to_be_visible()
