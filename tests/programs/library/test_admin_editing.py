"""The drill admin as the library editor's home: list, filters, in-place dose, cues, ladder, preview."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from assessments.core.types import CONTRAINDICATIONS
from programs.library.forms import PAIN_CEILING_RULE
from programs.models import Drill
from tests.factory import PASSWORD, make_coach, make_library_editor
from tests.programs.library.admin_helpers import (
    change_payload,
    code_names_shown,
    visible_text,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/programs/drill/"


def editor_browser() -> HttpClient:
    browser = HttpClient()
    assert browser.login(username=make_library_editor().username, password=PASSWORD)
    return browser


def make_drill(slug: str, **fields: Any) -> Drill:
    values: dict[str, object] = {
        "name": slug.replace("-", " ").capitalize(),
        "ladder": "test",
        "region": "ankle",
        "purpose": "mobility",
        "sets": 2,
        "seconds": 30,
        "instructions": "Do it slowly.",
        "cues": ["Slow down"],
        "finding_codes": ["heel_rise"],
    }
    values.update(fields)
    return Drill.objects.create(slug=slug, **values)


def make_ladder(*slugs: str, ladder: str = "test") -> list[Drill]:
    """Drills linked easiest first: slugs[0] -> slugs[1] -> ..."""
    drills = [
        make_drill(slug, ladder=ladder, rung=i + 1) for i, slug in enumerate(slugs)
    ]
    for lower, upper in zip(drills, drills[1:], strict=False):
        lower.next_rung = upper
        lower.save(update_fields=["next_rung"])
    return drills


def listed_slugs(response) -> set[str]:
    return {drill.slug for drill in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("finding=knee_valgus", {"valgus-drill"}),
        ("finding=heel_rise", {"heel-drill", "both-drill"}),
        # A coach's private drills are never listed to editors.
        ("library=private", set()),
        (
            "library=shared",
            {"valgus-drill", "heel-drill", "both-drill", "retired-drill"},
        ),
        ("status=retired", {"retired-drill"}),
        ("region__exact=hip", {"valgus-drill"}),
        ("q=valgus", {"valgus-drill"}),
    ],
)
def test_it_filters_the_drill_list(query: str, expected: set[str]) -> None:
    from django.utils import timezone

    make_drill("valgus-drill", region="hip", finding_codes=["knee_valgus"])
    make_drill("heel-drill", finding_codes=["heel_rise"])
    make_drill("both-drill", finding_codes=["quad_dominance", "heel_rise"])
    make_drill("retired-drill", finding_codes=[], retired_at=timezone.now())
    make_drill("private-drill", finding_codes=["heel_rise_x"], owner=make_coach())
    response = editor_browser().get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert listed_slugs(response) == expected


def test_the_list_shows_the_dose_and_the_ladder_in_words() -> None:
    make_drill(
        "dose-drill",
        ladder="adductor_mobility",
        rung=2,
        sets=2,
        reps=None,
        seconds=30,
        max_pain=3,
        region="hip",
        purpose="strength",
        loaded=True,
    )
    page = editor_browser().get(LIST_URL).content.decode()
    assert ">2 sets × 30 s<" in page
    assert ">Adductor mobility, rung 2<" in page
    assert ">Hip strength, loaded<" in page
    assert ">3/10<" in page
    assert "adductor_mobility<" not in page
    # One dose column instead of sets, reps and seconds; no library column.
    assert "column-dose" in page
    for gone in ("column-sets", "column-reps", "column-seconds", "column-library"):
        assert gone not in page


def test_a_retired_drill_says_so_in_the_list() -> None:
    make_drill("old-drill", retired_at=timezone.now())
    page = editor_browser().get(f"{LIST_URL}?status=retired").content.decode()
    assert "(retired)</a>" in page


def test_it_edits_cues_one_per_line() -> None:
    drill = make_drill("cue-drill", cues=["Old cue"])
    browser = editor_browser()
    page = browser.get(f"{LIST_URL}{drill.pk}/change/")
    assert "Old cue</textarea>" in page.content.decode()
    response = browser.post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(
            drill, cues="  Knee over the middle toe \n\n Breathe out on the way up\n"
        ),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.cues == ["Knee over the middle toe", "Breathe out on the way up"]


def test_it_keeps_the_input_and_names_the_field_on_a_bad_dose() -> None:
    drill = make_drill("bad-dose")
    response = editor_browser().post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(drill, sets="12", cues="Typed cue"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "sets" in form.errors
    assert "Typed cue</textarea>" in response.content.decode()


def test_it_shows_the_ladder_in_order_with_the_rungs_below_and_above() -> None:
    low, middle, high = make_ladder("low-rung", "middle-rung", "high-rung")
    page = editor_browser().get(f"{LIST_URL}{middle.pk}/change/").content.decode()
    assert f'Rung below: <a href="{LIST_URL}{low.pk}/change/">Low rung</a>' in page
    assert f'Rung above: <a href="{LIST_URL}{high.pk}/change/">High rung</a>' in page
    assert (
        page.index("1. Low rung")
        < page.index("2. Middle rung")
        < page.index("3. High rung")
    )
    assert "Move one rung up" in page and "Move one rung down" in page


def test_it_previews_the_client_card() -> None:
    drill = make_drill(
        "preview-drill",
        sets=3,
        reps=None,
        seconds=45,
        per_side=True,
        cues=["First cue", "Second cue", "Third cue", "Fourth cue"],
    )
    page = editor_browser().get(f"{LIST_URL}{drill.pk}/change/").content.decode()
    preview = page[page.index('class="drill-card-preview"') :]
    preview = preview[: preview.index("</article>")]
    assert "3 sets × 45 s, each side" in preview
    assert "Third cue" in preview and "Fourth cue" not in preview


def test_it_moves_a_drill_one_rung_up_from_the_change_form() -> None:
    low, middle, high = make_ladder("low-rung", "middle-rung", "high-rung")
    response = editor_browser().post(f"{LIST_URL}{middle.pk}/move/up/")
    assert response.status_code == 302
    order = list(
        Drill.objects.filter(ladder="test")
        .order_by("rung")
        .values_list("slug", flat=True)
    )
    assert order == ["low-rung", "high-rung", "middle-rung"]


def test_it_refuses_a_get_on_the_move_url() -> None:
    _, middle, _ = make_ladder("low-rung", "middle-rung", "high-rung")
    assert editor_browser().get(f"{LIST_URL}{middle.pk}/move/up/").status_code == 405


def test_the_list_query_count_does_not_grow_with_the_library(
    django_assert_max_num_queries,
) -> None:
    browser = editor_browser()
    coach = make_coach()
    for number in range(5):
        make_drill(f"few-{number}", owner=coach if number % 2 else None)
    with django_assert_max_num_queries(10):
        assert browser.get(LIST_URL).status_code == 200
    for number in range(45):
        make_drill(f"many-{number}", owner=coach if number % 2 else None)
    with django_assert_max_num_queries(10):
        assert browser.get(LIST_URL).status_code == 200


def test_it_adds_a_shared_drill_at_the_top_of_a_ladder() -> None:
    low, high = make_ladder("low-rung", "high-rung")
    browser = editor_browser()
    assert browser.get(f"{LIST_URL}add/").status_code == 200
    new = Drill(
        slug="new-bottom",
        name="New bottom",
        ladder="test",
        region="ankle",
        purpose="mobility",
        sets=2,
        seconds=20,
        instructions="Gently.",
    )
    response = browser.post(f"{LIST_URL}add/", change_payload(new, next_rung=low.pk))
    assert response.status_code == 302
    created = Drill.objects.get(slug="new-bottom")
    assert created.owner is None and created.rung == 1
    assert list(
        Drill.objects.filter(ladder="test")
        .order_by("rung")
        .values_list("slug", flat=True)
    ) == ["new-bottom", "low-rung", "high-rung"]
    assert created.revisions.get().created


# --- contraindication codes and the pain ceiling --------------------------------------


def test_it_saves_the_restrictions_and_the_pain_ceiling() -> None:
    drill = make_drill("safety-drill")
    response = editor_browser().post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(
            drill, contraindication_codes=["no_loading", "no_kneeling"], max_pain="3"
        ),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    # Kept in the vocabulary's order, whatever order the boxes were sent in.
    assert drill.contraindication_codes == ["no_kneeling", "no_loading"]
    assert drill.max_pain == 3
    assert drill.revisions.get().changes == {
        "contraindication_codes": [[], ["no_kneeling", "no_loading"]],
        "max_pain": [None, 3],
    }


def test_it_clears_the_restrictions_and_the_ceiling() -> None:
    drill = make_drill("safety-drill", contraindication_codes=["no_impact"], max_pain=4)
    response = editor_browser().post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(drill, contraindication_codes=[], max_pain=""),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert (drill.contraindication_codes, drill.max_pain) == ([], None)


def test_it_offers_the_restrictions_in_words_on_the_change_form() -> None:
    drill = make_drill(
        "safety-drill", contraindication_codes=["no_single_leg"], max_pain=2
    )
    page = editor_browser().get(f"{LIST_URL}{drill.pk}/change/").content.decode()
    text = visible_text(page)
    for words in CONTRAINDICATIONS.values():
        assert words in text
    assert "Ruled out for clients with" in text and "Pain ceiling (0-10)" in text
    assert "Tick every restriction that rules this drill out" in text
    assert 'value="no_single_leg" id="id_contraindication_codes_3" checked' in page
    assert code_names_shown(page) == []


@pytest.mark.parametrize("typed", ["11", "-1", "two"])
def test_it_keeps_the_input_and_names_the_field_on_a_bad_pain_ceiling(
    typed: str,
) -> None:
    drill = make_drill("safety-drill")
    response = editor_browser().post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(drill, contraindication_codes=["no_impact"], max_pain=typed),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["max_pain"] == [PAIN_CEILING_RULE]
    page = response.content.decode()
    assert f'value="{typed}"' in page
    assert 'value="no_impact" id="id_contraindication_codes_4" checked' in page
    drill.refresh_from_db()
    assert (drill.contraindication_codes, drill.max_pain) == ([], None)


def test_it_refuses_a_code_that_is_not_offered() -> None:
    drill = make_drill("safety-drill")
    response = editor_browser().post(
        f"{LIST_URL}{drill.pk}/change/",
        change_payload(drill, contraindication_codes=["no_running"]),
    )
    assert response.status_code == 200
    assert "contraindication_codes" in response.context["adminform"].form.errors
    drill.refresh_from_db()
    assert drill.contraindication_codes == []


def test_it_filters_the_list_by_restriction_and_shows_words_only() -> None:
    make_drill("kneeling-drill", contraindication_codes=["no_kneeling"], max_pain=3)
    make_drill("loaded-drill", contraindication_codes=["no_loading", "no_kneeling"])
    make_drill("free-drill")
    browser = editor_browser()
    response = browser.get(f"{LIST_URL}?ruled_out=no_loading")
    assert listed_slugs(response) == {"loaded-drill"}
    response = browser.get(f"{LIST_URL}?ruled_out=no_kneeling")
    assert listed_slugs(response) == {"kneeling-drill", "loaded-drill"}
    assert listed_slugs(browser.get(f"{LIST_URL}?ruled_out=no_running")) == set()
    page = browser.get(LIST_URL).content.decode()
    text = visible_text(page)
    assert ">3/10<" in page and "No external load" in text
    assert code_names_shown(page) == []


def test_it_reads_code_names_in_text_and_not_in_attributes() -> None:
    # Guards the checks above against passing for the wrong reason.
    assert code_names_shown('<input value="no_kneeling"><p>no_loading</p>') == [
        "no_loading"
    ]
