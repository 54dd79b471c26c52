"""Every page a coach, a client or a library editor opens reads as words, not code.

The pages are the authorization matrix's (tests/security/matrix.py), so a new
page is checked as soon as it is declared there. Each one is requested as the
role that may open it, on tenant A's data plus a re-assessment typed in
inches (2.75 in is 6.985 cm), and its visible text (tags, attributes and
scripts stripped) must hold no field path, no Python value, no code name, no
comparison sign and no cm figure past one decimal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from assessments.core.rules import RULES, SOURCES
from assessments.core.types import CONTRAINDICATIONS
from tests.factory import make_session
from tests.security.matrix import Case, cases
from tests.security.tenants import Tenants, make_tenants

READERS = ("coach_a", "client_a", "editor")
PAGES = [
    case
    for case in cases()
    if case.role in READERS
    and case.method in ("GET", "HX-GET")
    and case.expect is not None
    and case.expect.status == 200
]

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
FIELD_PATH = re.compile(
    r"\b(?:dorsiflexion|squat|hip|pain|log|current_program|clearance|client)\.[a-z_]+"
)
# "None" as an English word ("None (5)" in a questionnaire, "None available") is fine.
PYTHON_VALUE = re.compile(r"\b(?:True|False)\b|\bNone\b(?! ?[a-z(])")
COMPARISON = re.compile(r"[<>!]=|(?<![\w-])[<>](?=\s*\d)")
# A model field's default label: its name with spaces ("Media url" for media_url).
FIELD_NAME = re.compile(r"\b(?:Media url|Finding codes|Contraindication codes)\b", re.I)
CM_PAST_ONE_DECIMAL = re.compile(r"\d\.\d{2,}\s*cm\b")
MANY_DECIMALS = re.compile(r"\d\.\d{3,}")
ONE_PLURAL = re.compile(
    r"(?<![\d.,])\b1 (?:grades|sets|reps|points|days|weeks|seconds|drills)\b"
)
CODES = (
    set(SOURCES)
    | {rule.key for rule in RULES}
    | {rule.code for rule in RULES if rule.code}
    | set(CONTRAINDICATIONS)
)
CODE_NAMES = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(code) for code in sorted(CODES, key=len, reverse=True))
    + r")(?![\w-])"
)


class VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes (but a box's value), scripts or styles."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    # Inputs whose value a person reads in the box (a ladder typed as its key).
    SHOWN_INPUTS = {"text", "url", "number", "email", "tel", "search", "submit"}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        values = dict(attrs)
        if tag == "input" and (values.get("type") or "text") in self.SHOWN_INPUTS:
            shown = " ".join((values.get("value") or "").split())
            if shown and not self.hidden:
                self.parts.append(shown)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.parts


def problems(lines: list[str]) -> list[str]:
    checks = (
        ("field path", FIELD_PATH),
        ("code name", SNAKE_CASE),
        ("code name", CODE_NAMES),
        ("field name", FIELD_NAME),
        ("Python value", PYTHON_VALUE),
        ("comparison sign", COMPARISON),
        ("cm past one decimal", CM_PAST_ONE_DECIMAL),
        ("number past two decimals", MANY_DECIMALS),
        ("plural after 1", ONE_PLURAL),
    )
    found = []
    for line in lines:
        for what, pattern in checks:
            for match in pattern.finditer(line):
                found.append(f"{what} {match[0]!r} in {line[:160]!r}")
    return found


INCH_SESSION: list[int] = []


@pytest.fixture(scope="module")
def tenants(django_db_setup, django_db_blocker) -> Iterator[Tenants]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ):
            built = make_tenants()
            # A re-assessment typed in inches, between the final session and the draft.
            inches = make_session(
                client=built.a.client,
                assessed_on=date(2026, 1, 15),
                ktw_unit="in",
                ktw_left_cm=6.985,
                ktw_right_cm=11.43,
                heels_rise=True,
                knees_cave_left=True,
                abduction_mmt_left=4,
                stance_left_s=9.5,
                knee_pain_nrs=5,
            )
        INCH_SESSION.append(inches.pk)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def http() -> HttpClient:
    return HttpClient()


@pytest.mark.parametrize(
    "unchecked",
    [
        "Left heel: squat.heels_rise = True",
        "ktw_left_cm is 6.985 cm",
        "source seed-ktw-4in: >= 10 cm",
        "changed 1 grades",
        "Red flags: None",
        "rule stance_poor for no_kneeling",
        "Ladder: adductor_mobility",
        "Media url:",
    ],
)
def test_it_catches_code_on_a_page(unchecked: str) -> None:
    assert problems([unchecked])


@pytest.mark.parametrize(
    "plain",
    [
        "Left knee-to-wall 7.0 cm is under 10 cm (Seed article, project default)",
        "2 sets × 10 reps, left leg only. Pain 3/10 yesterday",
        "Hip abduction up 1 grade (3 to 4 of 5); none of the red flags",
    ],
)
def test_it_lets_plain_words_through(plain: str) -> None:
    assert problems([plain]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGES, ids=[case.id for case in PAGES])
def test_every_page_reads_as_words(
    case: Case, tenants: Tenants, http: HttpClient
) -> None:
    http.cookies = SimpleCookie()
    user = tenants.user(case.role)
    assert user is not None
    http.force_login(user)
    headers = {"HX-Request": "true"} if case.method == "HX-GET" else {}
    response = http.get(case.url(tenants), headers=headers)
    assert response.status_code == 200, case.id
    if "html" not in response.get("Content-Type", ""):
        return
    found = problems(lines_of(response, tenants))
    assert found == [], f"{case.id}:\n" + "\n".join(found)


def lines_of(response, tenants: Tenants) -> list[str]:
    # A username is what the person typed, not a code name.
    usernames = [user.username for role in READERS if (user := tenants.user(role))]
    return [
        re.sub("|".join(map(re.escape, usernames)), "someone", line)
        for line in visible_text(response.content.decode())
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["assessments:session-detail", "assessments:session-compare"]
)
def test_a_session_typed_in_inches_reads_as_words(
    name: str, tenants: Tenants, http: HttpClient
) -> None:
    http.cookies = SimpleCookie()
    http.force_login(tenants.a.coach)
    response = http.get(reverse(name, args=[INCH_SESSION[0]]))
    assert response.status_code == 200
    lines = lines_of(response, tenants)
    assert problems(lines) == []
    # Typed in inches, read in this coach's unit (cm): one figure, a tape's precision.
    assert any("7.0 cm" in line for line in lines)
    assert not any("2.75 in" in line for line in lines)
