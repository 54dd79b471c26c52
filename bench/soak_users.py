"""Virtual coaches and clients of a soak run (bench/soak.py).

Each one is a thread with its own keep-alive connection, cookie jar and CSRF
token, doing what a person does in the browser (real login form, real personal
link, real forms) and recording every request and every write it sent.
"""

from __future__ import annotations

import http.client
import itertools
import random
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import soak_checks as checks
from soak_servers import HOST

COACH_PASSWORD = "weaklink-scale"  # what seed_scale gives its coaches
CLIENT_TIMEOUT_S = 40  # longer than nginx's 30 s read timeout (see soak_servers)
SEARCH_WORDS = ("maya", "tom", "running", "rugby", "okafor", "hall", "sam", "dance")


@dataclass(slots=True)
class Answer:
    status: int
    body: str
    location: str


class Run:
    """What every virtual user shares: the clock, the request budget and the records."""

    def __init__(self, *, duration: float, max_requests: int) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + duration
        self.max_requests = max_requests
        self._issued = itertools.count()
        self.samples: list[checks.Sample] = []
        self.assessments: list[checks.AssessmentWrite] = []
        self.doses: list[checks.DoseWrite] = []
        self.toggles: list[checks.ToggleEvent] = []
        self.pains: list[checks.PainWrite] = []
        self.stop = threading.Event()

    def take(self) -> bool:
        """May one more request be sent? (list.append and next() are atomic under the GIL.)"""
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            return False
        if next(self._issued) >= self.max_requests:
            self.stop.set()
            return False
        return True


class Browser:
    """One person's browser: a keep-alive connection, a cookie jar and the page's CSRF token."""

    def __init__(self, port: int, run: Run | None = None) -> None:
        self.port = port
        self.run = run
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self,
        method: str,
        path: str,
        *,
        label: str,
        form: dict[str, object] | None = None,
        htmx: bool = False,
    ) -> Answer | None:
        headers = {"User-Agent": "weaklink-soak", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        started = time.monotonic()
        status: int | None = None
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    HOST, self.port, timeout=CLIENT_TIMEOUT_S
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep_cookie(header)
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            return None
        finally:
            if self.run is not None:
                self.run.samples.append(
                    checks.Sample(label, method, started, time.monotonic(), status)
                )
        token = checks.csrf_token(text)
        if token:
            self.csrf = token
        return Answer(status, text, response.headers.get("Location", ""))

    def _keep_cookie(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def sign_in(browser: Browser, username: str) -> bool:
    """The real login form: GET for the CSRF cookie and token, POST, then a page for the rotated token."""
    page = browser.request("GET", "/accounts/login/", label="login page")
    if page is None or page.status != 200:
        return False
    answer = browser.request(
        "POST",
        "/accounts/login/",
        label="login",
        form={
            "username": username,
            "password": COACH_PASSWORD,
            "csrfmiddlewaretoken": browser.csrf,
        },
    )
    if answer is None or answer.status != 302:
        return False
    home = browser.request("GET", "/", label="dashboard")
    return home is not None and home.status == 200


@dataclass(frozen=True, slots=True)
class DoseTarget:
    prescription_id: int
    program_id: int
    reps: int | None
    seconds: int | None
    side: str


@dataclass(slots=True)
class CoachPool:
    username: str
    client_ids: list[int]
    program_ids: list[int]
    doses: list[DoseTarget]


@dataclass(slots=True)
class ClientSeat:
    client_id: int
    link_path: str
    browser: Browser | None = None


def think(rng: random.Random, think_ms: float) -> None:
    if think_ms > 0:
        time.sleep(rng.uniform(0, 2 * think_ms) / 1000)


def coach_user(
    number: int, pool: CoachPool, run: Run, port: int, think_ms: float
) -> None:
    rng = random.Random(1000 + number)
    browser = Browser(port, run)
    while run.take() and not sign_in(browser, pool.username):
        time.sleep(0.5)
    writes = itertools.count()
    actions = ["dashboard", "search", "client", "program", "assessment", "dose"]
    weights = [20, 15, 15, 15, 15, 20]
    while run.take():
        action = rng.choices(actions, weights)[0]
        if action == "dashboard":
            browser.request("GET", "/", label="dashboard")
        elif action == "search":
            browser.request(
                "GET", f"/clients/?q={rng.choice(SEARCH_WORDS)}", label="client search"
            )
        elif action == "client":
            browser.request(
                "GET", f"/clients/{rng.choice(pool.client_ids)}/", label="client page"
            )
        elif action == "program":
            browser.request(
                "GET",
                f"/programs/{rng.choice(pool.program_ids)}/",
                label="program page",
            )
        elif action == "assessment":
            save_assessment(browser, rng, pool, run, f"soak-{number}-{next(writes)}")
        else:
            edit_dose(browser, rng, pool, run, f"t{number:02d}x{next(writes):05d}")
        think(rng, think_ms)
    browser.close()


def save_assessment(
    browser: Browser, rng: random.Random, pool: CoachPool, run: Run, token: str
) -> None:
    client_id = rng.choice(pool.client_ids)
    path = f"/sessions/new/{client_id}/"
    page = browser.request("GET", path, label="assessment form")
    if page is None or page.status != 200 or not run.take():
        return
    form = {
        "csrfmiddlewaretoken": browser.csrf,
        "assessed_on": checks.assessed_on(page.body) or "",
        "ktw_method": "tape",
        "ktw_footwear": "barefoot",
        "unit": "cm",
        "ktw_left_cm": round(rng.uniform(3, 14), 1),
        "ktw_right_cm": round(rng.uniform(3, 14), 1),
        "stance_left_s": round(rng.uniform(3, 40), 1),
        "stance_right_s": round(rng.uniform(3, 40), 1),
        "abduction_mmt_left": rng.randint(2, 5),
        "abduction_mmt_right": rng.randint(2, 5),
        "knee_pain_nrs": rng.randint(0, 6),
        "notes": f"Soak check {token}",
        "action": "draft",
    }
    answer = browser.request("POST", path, label="assessment save", form=form)
    run.assessments.append(
        checks.AssessmentWrite(
            f"Soak check {token}",
            client_id,
            checks.write_outcome(answer.status if answer else None),
        )
    )


def edit_dose(
    browser: Browser, rng: random.Random, pool: CoachPool, run: Run, tempo: str
) -> None:
    target = rng.choice(pool.doses)
    page = browser.request(
        "GET", f"/programs/{target.program_id}/", label="program page"
    )
    version = checks.program_version(page.body) if page and page.status == 200 else None
    if version is None or not run.take():
        return
    form = {
        "csrfmiddlewaretoken": browser.csrf,
        "version": version,
        "sets": rng.randint(1, 5),
        "reps": target.reps or "",
        "seconds": target.seconds or "",
        "tempo": tempo,
        "side": target.side,
    }
    answer = browser.request(
        "POST",
        f"/programs/prescriptions/{target.prescription_id}/",
        label="dose save",
        form=form,
    )
    run.doses.append(
        checks.DoseWrite(
            target.prescription_id,
            target.program_id,
            version,
            tempo,
            checks.write_outcome(answer.status if answer else None),
        )
    )


def client_user(
    number: int, seat: ClientSeat, run: Run, port: int, think_ms: float
) -> None:
    rng = random.Random(2000 + number)
    browser = Browser(port, run)
    seat.browser = browser
    drills: list[int] = []
    opened = False
    notes = itertools.count()
    while run.take():
        if not opened:
            answer = browser.request("GET", seat.link_path, label="personal link")
            opened = answer is not None and answer.status == 302
            if not opened:
                time.sleep(0.5)
                continue
        action = rng.choices(["plan", "done", "pain"], [45, 40, 15])[0]
        if action == "plan" or not drills:
            page = browser.request("GET", "/plan/", label="plan")
            if page is not None and page.status == 200:
                states = checks.drill_states(page.body)
                drills = sorted(states)
                run.toggles.extend(
                    checks.ToggleEvent(pk, checks.OBSERVED, done)
                    for pk, done in states.items()
                )
        elif action == "done":
            pk = rng.choice(drills)
            answer = browser.request(
                "POST",
                f"/plan/done/{pk}/",
                label="drill done",
                form={"csrfmiddlewaretoken": browser.csrf},
                htmx=True,
            )
            result = checks.write_outcome(answer.status if answer else None)
            done = checks.drill_states(answer.body).get(pk) if answer else None
            if result == checks.ACKED and done is None:
                # A success answer without the drill's card: the state is not known.
                result = checks.UNKNOWN
            run.toggles.append(checks.ToggleEvent(pk, result, done))
        else:
            note = f"soak {number}-{next(notes)}"
            answer = browser.request(
                "POST",
                "/plan/pain/",
                label="pain report",
                form={
                    "csrfmiddlewaretoken": browser.csrf,
                    "pain": rng.randint(0, 5),
                    "note": note,
                },
            )
            run.pains.append(
                checks.PainWrite(
                    seat.client_id,
                    note,
                    checks.write_outcome(answer.status if answer else None),
                )
            )
        think(rng, think_ms)
    browser.close()


# --- After the run: nothing restarted, every request must succeed -----------------------


def final_round(
    *,
    proxy_port: int,
    direct_ports: list[int],
    coach: CoachPool,
    seats: list[ClientSeat],
) -> tuple[int, list[str]]:
    """After the faults, without restarting anything: every request must succeed."""
    failures: list[str] = []
    sent = 0

    def expect(browser: Browser, path: str) -> None:
        nonlocal sent
        sent += 1
        answer = browser.request("GET", path, label="final")
        if answer is None or answer.status != 200:
            failures.append(
                f"{path} on port {browser.port}: {answer.status if answer else 'no answer'}"
            )

    for port in [proxy_port, *direct_ports]:
        browser = Browser(port)
        expect(browser, "/healthz")
        if not sign_in(browser, coach.username):
            failures.append(f"sign-in on port {port} failed")
            continue
        for path in [
            "/",
            "/clients/",
            f"/clients/{coach.client_ids[0]}/",
            f"/programs/{coach.program_ids[0]}/",
        ]:
            expect(browser, path)
        browser.close()
    for seat in seats:
        if seat.browser is None:
            continue
        browser = Browser(proxy_port)
        browser.cookies = dict(seat.browser.cookies)
        expect(browser, "/plan/")
        browser.close()
    return sent, failures


def session_across(first: int, second: int, username: str) -> tuple[bool, str]:
    """Sign in on one instance directly, then use that cookie on the other directly."""
    one = Browser(first)
    if not sign_in(one, username):
        return False, f"sign-in on port {first} failed"
    other = Browser(second)
    other.cookies = dict(one.cookies)
    answer = other.request("GET", "/", label="cross-instance")
    one.close()
    other.close()
    if answer is None or answer.status != 200 or "sessionid" not in one.cookies:
        return (
            False,
            f"dashboard on port {second}: {answer.status if answer else 'no answer'}",
        )
    return True, f"signed in on :{first}, dashboard on :{second}: 200"
