"""The pure helpers of bench/soak.py: page parsing, nginx config, statistics, lost-write checks."""

from __future__ import annotations

import importlib.util
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "bench" / "soak_checks.py"
_spec = importlib.util.spec_from_file_location("soak_checks", SOURCE)
assert _spec is not None and _spec.loader is not None
checks = importlib.util.module_from_spec(_spec)
sys.modules["soak_checks"] = checks
_spec.loader.exec_module(checks)

ACKED, UNKNOWN, REJECTED, OBSERVED = (
    checks.ACKED,
    checks.UNKNOWN,
    checks.REJECTED,
    checks.OBSERVED,
)


# --- parsing ---------------------------------------------------------------------


def test_it_reads_the_csrf_token_from_a_form_or_the_htmx_header() -> None:
    form = '<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
    body = '<body hx-headers=\'{"X-CSRFToken": "xyz789"}\' class="">'
    assert checks.csrf_token(form) == "abc123"
    assert checks.csrf_token(body) == "xyz789"
    assert checks.csrf_token("<p>no token</p>") is None


def test_it_reads_the_program_version_and_the_session_date() -> None:
    html = '<input type="hidden" name="version" value="17"><input type="date" name="assessed_on" value="2026-11-21">'
    assert checks.program_version(html) == 17
    assert checks.assessed_on(html) == "2026-11-21"
    assert checks.program_version("<p></p>") is None


def test_it_reads_which_drills_are_done_from_the_cards() -> None:
    html = (
        '<article id="drill-card-12" class="card drill is-done" aria-labelledby="x">'
        '<article id="drill-card-13" class="card drill" aria-labelledby="y">'
    )
    assert checks.drill_states(html) == {12: True, 13: False}


# --- outcomes and statistics -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "write"),
    [
        (200, checks.OK, ACKED),
        (302, checks.OK, ACKED),
        (409, checks.CONFLICT, REJECTED),
        (400, checks.CLIENT_ERROR, REJECTED),
        (500, checks.SERVER_ERROR, UNKNOWN),
        (502, checks.SERVER_ERROR, UNKNOWN),
        (None, checks.CONNECTION, UNKNOWN),
    ],
)
def test_it_classifies_answers(status: int | None, kind: str, write: str) -> None:
    assert checks.outcome(status) == kind
    assert checks.write_outcome(status) == write


@pytest.mark.parametrize(
    ("fraction", "expected"), [(0.5, 50), (0.95, 95), (0.99, 99), (1.0, 100)]
)
def test_it_takes_nearest_rank_percentiles(fraction: float, expected: int) -> None:
    values = list(range(100, 0, -1))
    assert checks.percentile(values, fraction) == expected


def test_it_has_no_percentile_of_nothing() -> None:
    assert math.isnan(checks.percentile([], 0.5))


def sample(start: float, end: float, status: int | None) -> object:
    return checks.Sample("plan", "GET", start, end, status)


def test_it_measures_recovery_to_the_end_of_the_last_failure_in_the_window() -> None:
    samples = [
        sample(9.0, 10.2, 500),  # in flight when the fault began
        sample(10.5, 11.0, 502),
        sample(11.0, 13.5, None),  # the last failure of the window
        sample(12.0, 12.5, 409),  # a correct answer, not a failure
        sample(14.0, 14.1, 200),
        sample(19.0, 20.5, 502),  # ends after the window: the next fault's
    ]
    assert checks.recovery_seconds(
        samples, fault_at=10.0, window_end=20.0
    ) == pytest.approx(3.5)


def test_it_counts_no_recovery_when_nothing_failed() -> None:
    samples = [sample(10.0, 10.4, 200), sample(10.1, 10.3, 409)]
    assert checks.recovery_seconds(samples, fault_at=10.0, window_end=20.0) == 0.0


# --- nginx -------------------------------------------------------------------------


def test_it_never_lets_nginx_retry_a_post_that_was_sent() -> None:
    conf = checks.nginx_config(
        prefix="/tmp/run/nginx", listen_port=8080, upstream_ports=[9001, 9002]
    )
    assert "listen 127.0.0.1:8080;" in conf
    assert "server 127.0.0.1:9001 " in conf
    assert "server 127.0.0.1:9002 " in conf
    assert "proxy_next_upstream error timeout http_502;" in conf
    assert "non_idempotent" not in conf.replace("`non_idempotent`", "")
    assert "daemon off;" in conf


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_it_writes_a_configuration_nginx_accepts(tmp_path: Path) -> None:
    prefix = tmp_path / "nginx"
    (prefix / "tmp").mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(
        checks.nginx_config(prefix=str(prefix), listen_port=8080, upstream_ports=[9001])
    )
    error_log = str(prefix / "error.log")
    done = subprocess.run(
        ["nginx", "-t", "-q", "-e", error_log, "-c", str(conf), "-p", str(prefix)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


# --- lost writes -------------------------------------------------------------------


def test_it_finds_every_acknowledged_session() -> None:
    writes = [
        checks.AssessmentWrite("a", 1, ACKED),
        checks.AssessmentWrite("b", 2, UNKNOWN),
        checks.AssessmentWrite("c", 3, REJECTED),
    ]
    result = checks.check_assessments(writes, {"a": [1], "b": [2]})
    assert (result.acked, result.lost, result.unknown, result.unknown_landed) == (
        1,
        0,
        1,
        1,
    )
    assert result.problems == []


def test_it_reports_a_lost_session() -> None:
    writes = [checks.AssessmentWrite("a", 1, ACKED)]
    assert checks.check_assessments(writes, {}).lost == 1


@pytest.mark.parametrize(
    ("write", "stored"),
    [
        (checks.AssessmentWrite("a", 1, ACKED), {"a": [1, 1]}),  # applied twice
        (checks.AssessmentWrite("a", 1, ACKED), {"a": [2]}),  # wrong client
        (checks.AssessmentWrite("a", 1, REJECTED), {"a": [1]}),  # refused yet stored
        (checks.AssessmentWrite("a", 1, UNKNOWN), {"a": [1, 1]}),  # retried silently
    ],
)
def test_it_flags_sessions_stored_wrongly(write: object, stored: dict) -> None:
    assert checks.check_assessments([write], stored).problems


def dose(rx: int, version: int, tempo: str, outcome: str, program: int = 7) -> object:
    return checks.DoseWrite(rx, program, version, tempo, outcome)


def test_it_expects_the_last_acknowledged_dose() -> None:
    writes = [
        dose(1, 1, "t1", ACKED),
        dose(2, 2, "t2", ACKED),
        dose(1, 3, "t3", ACKED),
        dose(1, 3, "t4", REJECTED),  # stale: refused with 409
    ]
    result = checks.check_doses(
        writes, final_tempo={1: "t3", 2: "t2"}, version_moves={7: 3}
    )
    assert (result.acked, result.rejected, result.lost) == (3, 1, 0)
    assert result.problems == []


def test_it_accepts_a_later_unanswered_dose_in_place_of_the_last_acknowledged() -> None:
    writes = [dose(1, 1, "t1", ACKED), dose(1, 2, "t2", UNKNOWN)]
    result = checks.check_doses(writes, final_tempo={1: "t2"}, version_moves={7: 2})
    assert result.lost == 0
    assert result.unknown_landed == 1


def test_it_reports_a_dose_overwritten_by_an_older_one() -> None:
    writes = [dose(1, 1, "t1", ACKED), dose(1, 2, "t2", ACKED)]
    result = checks.check_doses(writes, final_tempo={1: "t1"}, version_moves={7: 2})
    assert result.lost == 1


def test_it_reports_an_acknowledged_edit_that_never_moved_the_version() -> None:
    # The second edit was overwritten later, so only the version count shows it was lost.
    writes = [dose(1, 1, "t1", ACKED), dose(1, 2, "t2", ACKED), dose(1, 3, "t3", ACKED)]
    result = checks.check_doses(writes, final_tempo={1: "t3"}, version_moves={7: 2})
    assert result.lost == 1


def test_it_reports_two_edits_acknowledged_at_one_version() -> None:
    writes = [dose(1, 4, "t1", ACKED), dose(2, 4, "t2", ACKED)]
    result = checks.check_doses(
        writes, final_tempo={1: "t1", 2: "t2"}, version_moves={7: 2}
    )
    assert any("same version" in problem for problem in result.problems)


def tap(rx: int, event: str, done: bool | None = None) -> object:
    return checks.ToggleEvent(rx, event, done)


def test_it_follows_each_drill_through_its_taps() -> None:
    events = [
        tap(1, OBSERVED, False),
        tap(1, ACKED, True),
        tap(1, ACKED, False),
        tap(1, OBSERVED, False),
        tap(1, ACKED, True),
        tap(2, ACKED, True),
    ]
    result = checks.check_toggles(events, final_done={1: True, 2: True})
    assert (result.acked, result.lost) == (4, 0)


@pytest.mark.parametrize(
    ("events", "final"),
    [
        # a tap answered "done" twice in a row: one was lost, or applied twice
        ([tap(1, OBSERVED, False), tap(1, ACKED, True), tap(1, ACKED, True)], True),
        # the page no longer shows an acknowledged tap
        ([tap(1, ACKED, True), tap(1, OBSERVED, False)], False),
        # the database does not hold the last acknowledged state
        ([tap(1, ACKED, True)], False),
    ],
)
def test_it_reports_a_lost_tap(events: list, final: bool) -> None:
    assert checks.check_toggles(events, final_done={1: final}).lost == 1


def test_it_learns_from_the_next_page_whether_an_unanswered_tap_landed() -> None:
    events = [
        tap(1, OBSERVED, False),
        tap(1, UNKNOWN),
        tap(1, OBSERVED, True),  # it landed
        tap(1, UNKNOWN),
        tap(1, ACKED, False),  # it did not land: the tap flipped True to False
    ]
    result = checks.check_toggles(events, final_done={1: False})
    assert (result.lost, result.unknown, result.unknown_landed) == (0, 2, 1)


def test_it_accepts_either_state_after_a_last_unanswered_tap() -> None:
    events = [tap(1, ACKED, True), tap(1, UNKNOWN)]
    assert checks.check_toggles(events, final_done={1: False}).lost == 0
    assert checks.check_toggles(events, final_done={1: True}).lost == 0


def test_it_expects_the_last_acknowledged_pain_note() -> None:
    writes = [
        checks.PainWrite(5, "n1", ACKED),
        checks.PainWrite(5, "n2", ACKED),
        checks.PainWrite(5, "n3", UNKNOWN),
        checks.PainWrite(5, "n4", REJECTED),
    ]
    assert checks.check_pain(writes, final_note={5: "n2"}).lost == 0
    assert checks.check_pain(writes, final_note={5: "n3"}).lost == 0
    assert checks.check_pain(writes, final_note={5: "n1"}).lost == 1
    assert checks.check_pain(writes, final_note={5: "n4"}).lost == 1
