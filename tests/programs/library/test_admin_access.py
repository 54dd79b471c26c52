"""Only library editors reach the drill admin; coaches and clients never do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client as HttpClient

from clients.models import User
from programs.library.services import library_editor_grant
from programs.models import Drill
from tests.factory import (
    load_library,
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_user,
)
from tests.programs.library.admin_helpers import change_payload, signed_in

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/programs/drill/"
EDITOR_GROUP = "Library editors"


def a_drill() -> Drill:
    load_library()
    return Drill.objects.get(slug="glute-bridge")


def test_it_has_a_library_editors_group_with_drill_permissions() -> None:
    codenames = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "add_drill",
        "change_drill",
        "delete_drill",
        "view_drill",
        "view_drillrevision",
    }


@pytest.mark.parametrize("role", ["coach", "client"])
def test_it_sends_coaches_and_clients_to_the_admin_login(role: str) -> None:
    drill = a_drill()
    user = make_coach() if role == "coach" else make_client_user(client=make_client())
    assert not user.is_staff
    browser = signed_in(user)
    for url in (LIST_URL, f"{LIST_URL}{drill.pk}/change/", f"{LIST_URL}export/"):
        response = browser.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    response = browser.post(
        f"{LIST_URL}{drill.pk}/change/", change_payload(drill, name="Hijacked")
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    drill.refresh_from_db()
    assert drill.name != "Hijacked"


def test_it_refuses_a_staff_coach_even_with_the_group() -> None:
    drill = a_drill()
    coach = make_coach(is_staff=True)
    coach.groups.add(Group.objects.get(name=EDITOR_GROUP))
    browser = signed_in(coach)
    assert browser.get(LIST_URL).status_code == 403
    assert browser.get(f"{LIST_URL}{drill.pk}/change/").status_code == 403
    response = browser.post(
        f"{LIST_URL}{drill.pk}/change/", change_payload(drill, name="Hijacked")
    )
    assert response.status_code == 403
    assert browser.post(f"{LIST_URL}{drill.pk}/move/up/").status_code == 403
    drill.refresh_from_db()
    assert drill.name != "Hijacked"


def test_it_refuses_an_editor_role_without_the_group_permissions() -> None:
    drill = a_drill()
    editor = make_library_editor()
    editor.groups.clear()
    browser = signed_in(User.objects.get(pk=editor.pk))
    assert browser.get(LIST_URL).status_code == 403
    response = browser.post(
        f"{LIST_URL}{drill.pk}/change/", change_payload(drill, name="Hijacked")
    )
    assert response.status_code == 403


def test_it_lets_a_library_editor_change_a_shared_drill() -> None:
    drill = a_drill()
    browser = signed_in(make_library_editor())
    assert browser.get(LIST_URL).status_code == 200
    response = browser.post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(drill, name="Glute bridge, slow"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    drill.refresh_from_db()
    assert drill.name == "Glute bridge, slow"


def test_it_lets_a_superuser_in() -> None:
    a_drill()
    admin_user = make_user(username="root", is_staff=True, is_superuser=True)
    assert signed_in(admin_user).get(LIST_URL).status_code == 200


def test_it_sends_a_visitor_to_the_login_page() -> None:
    response = HttpClient().get(LIST_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_granting_the_role_makes_a_working_editor_even_without_the_group() -> None:
    drill = a_drill()
    Group.objects.filter(name=EDITOR_GROUP).delete()
    editor = library_editor_grant(make_coach())
    assert signed_in(editor).get(f"{LIST_URL}{drill.pk}/change/").status_code == 200
