"""Adding and editing a client: the coach comes from the session, bad input is kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from tests.factory import make_client, make_coach

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Maya Okafor",
    "date_of_birth": "1991-04-12",
    "sex": "female",
    "activity": "Trail running",
    "goals": "Run 10 km without knee pain",
    "injury_history": "Left ankle sprain 2019",
    "contraindications": "No deep loaded knee flexion",
    "reassess_every_weeks": "6",
    "training_days": ["0", "2", "4"],
}


def test_it_shows_an_empty_form(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.get(reverse("clients:create"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="name"' in page and 'type="date"' in page
    assert 'value="4"' in page  # the default re-assessment interval


def test_it_creates_a_client_for_the_signed_in_coach(client: HttpClient) -> None:
    coach = make_coach()
    someone_else = make_coach()
    client.force_login(coach)
    response = client.post(
        reverse("clients:create"), {**VALID, "coach": someone_else.pk}
    )
    created = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[created.pk])
    assert created.coach == coach
    assert created.name == "Maya Okafor"
    assert created.date_of_birth == date(1991, 4, 12)
    assert created.reassess_every_weeks == 6
    assert created.contraindications == "No deep loaded knee flexion"


def test_it_answers_htmx_with_a_client_side_redirect(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.post(
        reverse("clients:create"), VALID, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(
        "clients:detail", args=[Client.objects.get().pk]
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "This field is required."),
        ("date_of_birth", "not a date", "Enter a valid date."),
        (
            "date_of_birth",
            (date.today() + timedelta(days=400)).isoformat(),
            "cannot be in the future",
        ),
        ("sex", "robot", "Select a valid choice."),
        ("reassess_every_weeks", "0", "greater than or equal to 1"),
        ("reassess_every_weeks", "27", "less than or equal to 26"),
        ("reassess_every_weeks", "four", "Enter a whole number."),
        ("email", "maya@", "Enter an email address like name@example.com."),
        ("phone", "call me", "Enter a phone number of 6 to 15 digits"),
        ("phone", "12345", "Enter a phone number of 6 to 15 digits"),
        ("phone", "+44 7700 900123 1234", "Enter a phone number of 6 to 15 digits"),
    ],
)
def test_it_keeps_bad_input_and_says_what_is_wrong_on_the_field(
    client: HttpClient, field: str, value: str, message: str
) -> None:
    client.force_login(make_coach())
    response = client.post(reverse("clients:create"), {**VALID, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert not Client.objects.exists()
    assert message in page
    assert f'id="id_{field}_error"' in page  # the message sits on its field
    assert 'value="Trail running"' in page  # the rest of the input is kept
    if field != "sex" and value.strip():
        assert f'value="{value}"' in page


def test_it_edits_a_client(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, name="Maya", activity="Running")
    client.force_login(coach)
    form = client.get(reverse("clients:edit", args=[maya.pk])).content.decode()
    assert 'value="Maya"' in form and 'value="Running"' in form
    response = client.post(
        reverse("clients:edit", args=[maya.pk]), {**VALID, "name": "Maya O."}
    )
    assert response.status_code == 302
    maya.refresh_from_db()
    assert maya.name == "Maya O." and maya.activity == "Trail running"
    assert maya.coach == coach


def test_it_keeps_bad_input_when_editing(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, name="Maya")
    client.force_login(coach)
    response = client.post(
        reverse("clients:edit", args=[maya.pk]),
        {**VALID, "name": "Maya O.", "reassess_every_weeks": "99"},
    )
    assert response.status_code == 400
    assert 'value="Maya O."' in response.content.decode()
    maya.refresh_from_db()
    assert maya.name == "Maya"


def test_it_never_moves_a_client_to_another_coach(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach)
    client.force_login(coach)
    client.post(
        reverse("clients:edit", args=[maya.pk]), {**VALID, "coach": make_coach().pk}
    )
    maya.refresh_from_db()
    assert maya.coach == coach


def test_it_does_not_unarchive_on_edit(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, archived_at=timezone.now())
    client.force_login(coach)
    client.post(reverse("clients:edit", args=[maya.pk]), VALID)
    maya.refresh_from_db()
    assert maya.archived_at is not None


def test_it_saves_contraindication_codes_and_shows_them_in_words(
    client: HttpClient,
) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    form = client.get(reverse("clients:edit", args=[athlete.pk])).content.decode()
    assert 'value="no_kneeling"' in form and "No kneeling" in form
    response = client.post(
        reverse("clients:edit", args=[athlete.pk]),
        {**VALID, "contraindication_codes": ["no_kneeling", "no_impact"]},
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.contraindication_codes == ["no_kneeling", "no_impact"]
    page = client.get(reverse("clients:detail", args=[athlete.pk])).content.decode()
    assert "No kneeling" in page and "No impact (jumping, hopping, running)" in page
    assert "no_kneeling" not in page


def test_it_refuses_an_unknown_contraindication_code_on_the_field(
    client: HttpClient,
) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    response = client.post(
        reverse("clients:edit", args=[athlete.pk]),
        {**VALID, "name": "Typed Name", "contraindication_codes": ["no_swimming"]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a valid choice" in body and "Typed Name" in body
    athlete.refresh_from_db()
    assert athlete.contraindication_codes == []


def test_it_keeps_an_optional_email_and_phone(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.post(
        reverse("clients:create"),
        {**VALID, "email": "maya@home.example", "phone": "+44 (0)7700 900-123"},
    )
    assert response.status_code == 302
    maya = Client.objects.get()
    assert (maya.email, maya.phone) == ("maya@home.example", "+44 (0)7700 900-123")
    page = client.get(reverse("clients:detail", args=[maya.pk])).content.decode()
    assert "maya@home.example" in page and "+44 (0)7700 900-123" in page


def test_it_saves_the_training_days_the_coach_ticks(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.post(
        reverse("clients:create"), {**VALID, "training_days": ["5", "1", "3"]}
    )
    assert response.status_code == 302
    assert Client.objects.get().training_days == [1, 3, 5]


def test_it_refuses_a_client_without_a_training_day(client: HttpClient) -> None:
    client.force_login(make_coach())
    data = {key: value for key, value in VALID.items() if key != "training_days"}
    response = client.post(reverse("clients:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert not Client.objects.exists()
    assert "Choose at least one training day" in page
    assert 'id="id_training_days_error"' in page
    assert 'value="Trail running"' in page


def test_it_refuses_a_weekday_that_does_not_exist(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.post(
        reverse("clients:create"), {**VALID, "training_days": ["0", "9"]}
    )
    assert response.status_code == 400
    assert not Client.objects.exists()


def test_the_form_ticks_monday_wednesday_friday_for_a_new_client(
    client: HttpClient,
) -> None:
    client.force_login(make_coach())
    page = client.get(reverse("clients:create")).content.decode()
    ticked = [
        day
        for day in range(7)
        if f'name="training_days" value="{day}" id="id_training_days_{day}" checked'
        in page
    ]
    assert ticked == [0, 2, 4]
