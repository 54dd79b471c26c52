"""The library file through the admin: download, upload with a dry-run preview, apply."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programs.library.files import library_export, read_library
from programs.models import Drill, DrillRevision
from tests.factory import load_library, make_coach, make_library_editor
from tests.programs.library.admin_helpers import signed_in

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/programs/drill/export/"
IMPORT_URL = "/admin/programs/drill/import/"


def library_file(data: dict, name: str = "library.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, json.dumps(data).encode(), content_type="application/json"
    )


def test_it_downloads_the_shared_library_as_the_command_writes_it() -> None:
    load_library()
    Drill.objects.create(
        slug="private-one",
        name="Private",
        ladder="mine",
        region="hip",
        purpose="control",
        sets=2,
        reps=8,
        instructions="x",
        owner=make_coach(),
    )
    response = signed_in(make_library_editor()).get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="drill-library-'
    )
    downloaded = json.loads(response.content)
    assert downloaded == library_export()
    assert "private-one" not in {row["slug"] for row in downloaded["drills"]}
    original = {row["slug"]: row for row in read_library()["drills"]}
    assert {row["slug"]: row for row in downloaded["drills"]} == original


def test_the_downloaded_file_loads_back_into_an_identical_library() -> None:
    load_library()
    browser = signed_in(make_library_editor())
    downloaded = json.loads(browser.get(EXPORT_URL).content)
    Drill.objects.update(next_rung=None)
    Drill.objects.all().delete()
    preview = browser.post(IMPORT_URL, {"library": library_file(downloaded)})
    applied = browser.post(
        IMPORT_URL, {"text": preview.context["apply_form"].initial["text"]}
    )
    assert applied.status_code == 302
    assert library_export() == downloaded


def test_the_upload_shows_a_dry_run_and_writes_nothing() -> None:
    load_library()
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "glute-bridge")["cues"] = [
        "New cue"
    ]
    response = signed_in(make_library_editor()).post(
        IMPORT_URL, {"library": library_file(data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 drills would be added, 1 would be changed" in page
    assert "changed glute-bridge: cues" in page
    assert "Apply these changes" in page
    assert Drill.objects.get(slug="glute-bridge").cues != ["New cue"]
    assert (
        not DrillRevision.objects.filter(drill__slug="glute-bridge")
        .exclude(created=True)
        .exists()
    )


def test_apply_writes_the_file_and_records_who_uploaded_it() -> None:
    load_library()
    editor = make_library_editor()
    browser = signed_in(editor)
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "glute-bridge")["cues"] = [
        "New cue"
    ]
    preview = browser.post(IMPORT_URL, {"library": library_file(data)})
    response = browser.post(
        IMPORT_URL, {"text": preview.context["apply_form"].initial["text"]}, follow=True
    )
    assert "0 drills were added, 1 were changed" in response.content.decode()
    drill = Drill.objects.get(slug="glute-bridge")
    assert drill.cues == ["New cue"]
    revision = drill.revisions.exclude(created=True).get()
    assert revision.author == editor
    assert revision.source == DrillRevision.Source.LIBRARY_FILE
    assert revision.changes["cues"][1] == ["New cue"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not valid JSON"),
        (json.dumps({"drills": []}).encode(), "not a Weaklink drill library"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_it_explains_a_bad_file(content: bytes, words: str) -> None:
    response = signed_in(make_library_editor()).post(
        IMPORT_URL, {"library": SimpleUploadedFile("bad.json", content)}
    )
    assert response.status_code == 400
    assert words in response.content.decode()


def test_it_refuses_a_broken_ladder_before_anything_is_written() -> None:
    data = read_library()
    by_slug = {row["slug"]: row for row in data["drills"]}
    by_slug["split-squat-forward-knee-travel"]["next"] = "calf-soleus-stretch"
    browser = signed_in(make_library_editor())
    response = browser.post(IMPORT_URL, {"text": json.dumps(data)})
    assert response.status_code == 400
    assert "broken ladder" in response.content.decode()
    assert Drill.objects.count() == 0


def test_coaches_cannot_import() -> None:
    response = signed_in(make_coach()).post(IMPORT_URL, {"text": "{}"})
    assert response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


def test_it_refuses_an_unknown_code_in_preview_and_apply_with_the_same_message() -> (
    None
):
    load_library()
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "couch-stretch")[
        "contraindication_codes"
    ] = ["no_running"]
    browser = signed_in(make_library_editor())
    preview = browser.post(IMPORT_URL, {"library": library_file(data)})
    applied = browser.post(IMPORT_URL, {"text": json.dumps(data)})
    assert preview.status_code == applied.status_code == 400
    [preview_error] = preview.context["upload_form"].errors["library"]
    assert applied.context["apply_error"] == preview_error
    assert "couch-stretch: contraindication_codes: unknown code 'no_running'" in (
        preview_error
    )
    assert "Apply these changes" not in preview.content.decode()
    assert (
        "no_running"
        not in Drill.objects.get(slug="couch-stretch").contraindication_codes
    )


def test_it_refuses_a_pain_ceiling_above_10_in_preview_and_apply() -> None:
    data = read_library()
    next(row for row in data["drills"] if row["slug"] == "loaded-front-squat")[
        "max_pain"
    ] = 12
    browser = signed_in(make_library_editor())
    preview = browser.post(IMPORT_URL, {"library": library_file(data)})
    applied = browser.post(IMPORT_URL, {"text": json.dumps(data)})
    assert preview.status_code == applied.status_code == 400
    words = "loaded-front-squat: max_pain: 12 is not a pain ceiling"
    assert words in preview.content.decode() and words in applied.content.decode()
    assert Drill.objects.count() == 0


def test_it_previews_and_applies_an_uploaded_change_of_codes() -> None:
    load_library()
    data = read_library()
    row = next(row for row in data["drills"] if row["slug"] == "glute-bridge")
    row["contraindication_codes"], row["max_pain"] = ["no_impact"], 5
    browser = signed_in(make_library_editor())
    preview = browser.post(IMPORT_URL, {"library": library_file(data)})
    assert "changed glute-bridge: contraindication_codes, max_pain" in (
        preview.content.decode()
    )
    browser.post(IMPORT_URL, {"text": preview.context["apply_form"].initial["text"]})
    drill = Drill.objects.get(slug="glute-bridge")
    assert (drill.contraindication_codes, drill.max_pain) == (["no_impact"], 5)
