from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def validate_url(client_id: int, field: str | None = None) -> str:
    url = reverse("assessments:field-validate", args=[client_id])
    return f"{url}?field={field}" if field else url


def test_it_returns_the_field_with_its_message(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    response = client.post(
        validate_url(athlete.pk, "ktw_left_cm"),
        {"unit": "cm", "ktw_left_cm": "31"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div class="field has-error')
    assert 'id="field-ktw_left_cm"' in html
    assert "Knee-to-wall must be between 0 and 30 cm" in html
    assert 'value="31"' in html
    assert 'aria-invalid="true"' in html


def test_it_uses_the_inches_limit_when_the_unit_is_inches(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        validate_url(athlete.pk, "ktw_right_cm"),
        {"unit": "in", "ktw_right_cm": "12"},
        headers=HTMX,
    ).content.decode()
    assert "Knee-to-wall must be between 0 and 11.8 in" in html
    assert '<span class="suffix" data-unit-suffix>in</span>' in html


def test_it_clears_the_message_for_a_good_value(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        validate_url(athlete.pk, "ktw_right_cm"),
        {"unit": "in", "ktw_right_cm": "4.5"},
        headers=HTMX,
    ).content.decode()
    assert "has-error" not in html
    assert 'class="error"' not in html
    assert 'value="4.5"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ktw_left_deg", "91", "Tibial angle must be between 0 and 90 degrees"),
        ("stance_right_s", "-1", "Single-leg stance must be between 0 and 600 seconds"),
        (
            "abduction_mmt_left",
            "3.5",
            "Hip abduction grade must be a whole number from 0 to 5",
        ),
        (
            "abduction_dyn_right",
            "2000",
            "Dynamometer reading must be between 0 and 1000",
        ),
        ("knee_pain_nrs", "11", "Knee pain must be a whole number from 0 to 10"),
        ("stance_left_s", "ten", "Enter a number, like 7.5."),
        ("assessed_on", "2999-01-01", "The date cannot be in the future."),
    ],
)
def test_it_names_the_rule_of_each_field(
    client, field: str, value: str, message: str
) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        validate_url(athlete.pk, field), {field: value}, headers=HTMX
    ).content.decode()
    assert message in html
    assert f'id="field-{field}"' in html


def test_it_only_shows_the_field_asked_for(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        validate_url(athlete.pk, "stance_left_s"),
        {"stance_left_s": "30", "knee_pain_nrs": "99"},
        headers=HTMX,
    ).content.decode()
    assert "Knee pain" not in html
    assert "has-error" not in html


def test_it_falls_back_to_the_htmx_trigger_name(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        validate_url(athlete.pk),
        {"knee_pain_nrs": "11"},
        headers={**HTMX, "HX-Trigger-Name": "knee_pain_nrs"},
    ).content.decode()
    assert "Knee pain must be a whole number from 0 to 10" in html


def test_it_rejects_an_unknown_field(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    response = client.post(validate_url(athlete.pk, "coach"), {}, headers=HTMX)
    assert response.status_code == 400


def test_it_hides_other_coaches_clients(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_coach())
    response = client.post(
        validate_url(athlete.pk, "ktw_left_cm"), {"ktw_left_cm": "3"}, headers=HTMX
    )
    assert response.status_code == 404


def test_it_forbids_client_users(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_client_user(client=athlete))
    response = client.post(
        validate_url(athlete.pk, "ktw_left_cm"), {"ktw_left_cm": "3"}, headers=HTMX
    )
    assert response.status_code == 403


def test_it_issues_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    with django_assert_max_num_queries(3):
        client.post(
            validate_url(athlete.pk, "ktw_left_cm"), {"ktw_left_cm": "3"}, headers=HTMX
        )
