"""Library editors never see or touch a coach's private drills (admin, library file)."""

from __future__ import annotations

from typing import Any

import pytest

from programs.library.files import (
    LibraryError,
    library_export,
    library_load,
    read_library,
)
from programs.models import Drill
from tests.factory import load_library, make_coach, make_library_editor
from tests.programs.library.admin_helpers import change_payload, signed_in

pytestmark = pytest.mark.django_db


def private_drill(**fields: Any) -> Drill:
    values = {
        "slug": "my-own-stretch",
        "name": "My own stretch",
        "ladder": "own",
        "region": "ankle",
        "purpose": "mobility",
        "sets": 2,
        "seconds": 30,
        "instructions": "Slowly.",
        "owner": make_coach(),
        **fields,
    }
    return Drill.objects.create(**values)


def test_the_admin_list_and_pages_leave_private_drills_out() -> None:
    load_library()
    mine = private_drill()
    browser = signed_in(make_library_editor())
    listing = browser.get("/admin/programs/drill/?q=own").content.decode()
    assert "My own stretch" not in listing
    page = browser.get(f"/admin/programs/drill/{mine.pk}/change/")
    assert page.status_code == 302  # "doesn't exist" for the editor
    delete = browser.post(f"/admin/programs/drill/{mine.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    assert Drill.objects.filter(pk=mine.pk).exists()


def test_a_shared_drill_cannot_be_linked_to_a_private_next_rung() -> None:
    load_library()
    shared = Drill.objects.filter(owner__isnull=True, next_rung__isnull=True).first()
    assert shared is not None
    # On the same ladder, one rung up: only its owner makes it unfit.
    mine = private_drill(ladder=shared.ladder, rung=shared.rung + 1)
    browser = signed_in(make_library_editor())
    form = browser.get(f"/admin/programs/drill/{shared.pk}/change/").content.decode()
    assert f'value="{mine.pk}"' not in form
    response = browser.post(
        f"/admin/programs/drill/{shared.pk}/change/",
        change_payload(shared, next_rung=str(mine.pk)),
    )
    assert response.status_code == 200  # the form again, with the field's error
    shared.refresh_from_db()
    assert shared.next_rung_id is None


def test_a_library_file_never_overwrites_a_private_drill() -> None:
    load_library()
    mine = private_drill(name="Coach's version")
    data = read_library()
    row = dict(data["drills"][0], slug=mine.slug, name="Library version")
    row.pop("next", None)
    data = {**data, "drills": [*data["drills"], row]}
    with pytest.raises(LibraryError, match="taken by a coach's private drill"):
        library_load(data, dry_run=True)
    with pytest.raises(LibraryError, match="taken by a coach's private drill"):
        library_load(data)
    mine.refresh_from_db()
    assert (mine.name, mine.owner_id is not None) == ("Coach's version", True)
    assert mine.slug not in {item["slug"] for item in library_export()["drills"]}
