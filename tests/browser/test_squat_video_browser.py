"""A client films their squat on a 360 px phone; the worker measures it; the coach confirms a flag.

Tasks run at once in tests (the immediate backend), so the analysis runs when
the upload commits. The upload is a real MP4 written by OpenCV, checked by
content like any phone clip; the pose model is then replaced, through the
`video_landmarks` test hook (monkeypatched: assessments.video.services), by
a synthetic landmarks document whose left knee caves in 14 degrees, because
no real photograph we may use shows a knee caving in. The real model's own
path is tested in tests/assessments/video/test_task_real_clip.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from assessments.video import services
from assessments.video.models import SquatVideo
from clients.links import link_issue
from tests.assessments.video.factory import (
    use_tmp_video_storage,
    valgus_document,
    write_test_clip,
)
from tests.factory import PASSWORD, make_client, make_coach, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44
PHONE = {"width": 360, "height": 740}


def serious(page: Page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_filmed_squat_reaches_the_next_assessment_through_the_coach(
    live_server,
    browser,
    phone_context_args: dict,
    desktop_page: Page,
    settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_tmp_video_storage(settings, tmp_path / "private")
    monkeypatch.setattr(services, "video_landmarks", lambda video: valgus_document())
    coach = make_coach(username="dana")
    athlete = make_client(coach=coach, name="Maya Okafor")
    make_program(session=make_session(client=athlete))
    token = link_issue(client=athlete, user=coach).token
    clip = write_test_clip(tmp_path / "IMG_2041.mp4", seconds=10)

    context = browser.new_context(**{**phone_context_args, "viewport": PHONE})
    phone = context.new_page()
    phone.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    phone.get_by_role("link", name="Send your coach a squat video").click()
    expect(phone.get_by_role("heading", name="Film your squat")).to_be_visible()
    expect(phone.get_by_text("Only your coach sees your video")).to_be_visible()
    assert serious(phone) == []
    # A radio's target is its whole label row.
    targets = phone.locator(
        "main button:visible, main input:not([type=radio]):visible,"
        " main .button:visible, main label.check-option:visible"
    )
    assert targets.count() >= 4  # two view choices, the file, the send button
    small = []
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        if box["height"] < TAP or box["width"] < TAP:
            small.append(targets.nth(index).evaluate("e => e.outerHTML.slice(0, 80)"))
    assert small == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_label("Front").check()
    phone.get_by_label("Your squat video").set_input_files(str(clip))
    phone.get_by_role("button", name="Send to my coach").click()
    expect(phone.get_by_text("Video sent.")).to_be_visible()
    expect(phone.locator(".video-row")).to_contain_text("Analysed")
    context.close()
    assert SquatVideo.objects.get().state == SquatVideo.State.DONE

    page = desktop_page
    page.goto(f"{live_server.url}{reverse('clients:detail', args=[athlete.pk])}")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    videos = page.get_by_role("region", name="Squat videos")
    expect(videos).to_contain_text("Analysed")
    videos.get_by_role("link", name="Front view").click()
    flags = page.locator("#flags")
    expect(flags).to_contain_text("Left knee caves in")
    # A rep's time seeks the player in place (video-seek.js) instead of leaving the page.
    review_url = page.url
    bottom = page.locator("a[data-seek]").first
    seek = bottom.get_attribute("data-seek")
    assert seek is not None
    seconds = float(seek)
    bottom.click()
    assert page.url == review_url
    assert page.evaluate(
        "document.getElementById('squat-clip').currentTime"
    ) == pytest.approx(seconds)
    assert serious(page) == []

    flags.locator("article", has_text="Left knee caves in").get_by_role(
        "button", name="Confirm"
    ).click()
    expect(page.locator("#flags")).to_contain_text("Confirmed")

    page.get_by_role("link", name="Maya Okafor").click()
    page.get_by_role("link", name="New assessment").first.click()
    left = page.locator("#id_knees_cave_left")
    expect(left).to_be_checked()
    expect(page.locator("#id_knees_cave_right")).not_to_be_checked()
    expect(page.locator("#field-knees_cave_left")).to_contain_text(
        "From video, confirmed by the coach"
    )
