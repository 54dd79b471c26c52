"""The plan page must stay light on a phone: page + CSS + JS + images under 60 KB gzipped."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from programs.plan.log import completion_toggle, pain_report_save
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


class AssetFinder(HTMLParser):
    """The same-origin files a browser fetches on first load: stylesheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value for name, value in attrs if value}
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"])
        elif (
            tag == "link"
            and found.get("rel") in ("stylesheet", "icon")
            and found.get("href")
        ):
            self.urls.append(found["href"])
        elif tag in ("img", "source") and found.get("src"):
            self.urls.append(found["src"])


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=9))


def static_file(url: str) -> bytes:
    assert url.startswith(settings.STATIC_URL), (
        f"{url} is not a same-origin static file"
    )
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} not found in static files"
    return Path(path).read_bytes()


def plan_page_weight(client) -> tuple[int, dict[str, int]]:
    response = client.get(reverse("plan:today"))
    assert response.status_code == 200
    finder = AssetFinder()
    finder.feed(response.content.decode())
    sizes = {"page": gzipped(response.content)}
    for url in finder.urls:
        sizes[url] = gzipped(static_file(url))
    return sum(sizes.values()), sizes


def test_it_keeps_the_plan_page_under_60_kb_compressed(client) -> None:
    client_profile = make_client()
    program = make_program(session=make_session(client=client_profile))
    for prescription in program.phases.get(number=1).prescriptions.all():
        completion_toggle(
            client=client_profile,
            prescription=prescription,
            on_date=program.published_at.date(),
        )
    pain_report_save(client=client_profile, on_date=program.published_at.date(), pain=3)
    client.force_login(make_client_user(client=client_profile))
    total, sizes = plan_page_weight(client)
    print(
        "plan page first load, gzipped bytes:", sizes, "total", total
    )  # the figure in docs/client-plan.md
    assert {
        "/static/css/plan.css",
        "/static/js/timer.js",
        "/static/js/sw-register.js",
    } <= set(sizes)
    assert any("htmx" in url for url in sizes)
    assert total < BUDGET, f"{total} bytes gzipped: {sizes}"
