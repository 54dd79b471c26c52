"""A WSGI app that answers 200 to everything: gunicorn's access log tested without a database."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def application(
    environ: dict, start_response: Callable[[str, list[tuple[str, str]]], object]
) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
