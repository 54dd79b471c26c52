"""Optional error reporting to Sentry, with personal data scrubbed before an event leaves.

Started by config/settings.py only when SENTRY_DSN is set. Weaklink holds health
data (pain scores, notes, assessments) and its URLs hold personal links, so an
event keeps what a developer needs to find the bug (exception, stack without
local variables, URL path with links redacted, the user's id and role) and
loses the rest: request bodies, cookies, query strings, headers that identify
a person, user names and emails, IP addresses, breadcrumb data (SQL parameters).
`scrub_event` is pure, so it is tested with a realistic event and no network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from config.logs import redact_links

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint

# Request headers an event may keep: none of them names a person or carries a secret.
KEPT_HEADERS = frozenset({"accept", "accept-language", "content-type", "user-agent"})
# What may stay of the signed-in user (set by Sentry's Django integration).
KEPT_USER_FIELDS = frozenset({"id"})


def scrub_event(event: dict[str, Any], hint: object = None) -> dict[str, Any]:
    """The event without personal data (Sentry's `before_send`; also used for transactions)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = redact_links(request["url"].split("?", 1)[0])
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: redact_links(str(value))
                for name, value in headers.items()
                if name.lower() in KEPT_HEADERS
            }

    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {k: v for k, v in user.items() if k in KEPT_USER_FIELDS}

    for frame in _frames(event):
        frame.pop("vars", None)

    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else None
    for crumb in values or []:
        crumb.pop("data", None)
        if isinstance(crumb.get("message"), str):
            crumb["message"] = redact_links(crumb["message"])

    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = redact_links(logentry[key])
        logentry.pop("params", None)

    for exception in _exceptions(event):
        if isinstance(exception.get("value"), str):
            exception["value"] = redact_links(exception["value"])

    if isinstance(event.get("transaction"), str):
        event["transaction"] = redact_links(event["transaction"])
    return event


def _exceptions(event: dict[str, Any]) -> list[dict[str, Any]]:
    exception = event.get("exception")
    values = exception.get("values") if isinstance(exception, dict) else None
    return [value for value in values or [] if isinstance(value, dict)]


def _frames(event: dict[str, Any]) -> list[dict[str, Any]]:
    stacks = [exception.get("stacktrace") for exception in _exceptions(event)]
    threads = event.get("threads")
    for thread in (threads.get("values") if isinstance(threads, dict) else None) or []:
        stacks.append(thread.get("stacktrace"))
    return [
        frame
        for stack in stacks
        if isinstance(stack, dict)
        for frame in stack.get("frames") or []
        if isinstance(frame, dict)
    ]


def _before_send(event: Event, hint: Hint) -> Event:
    """`scrub_event` as Sentry's hook (an `Event` is a plain dict at run time)."""
    return cast("Event", scrub_event(cast("dict[str, Any]", event), hint))


def sentry_start(*, dsn: str, environment: str) -> None:
    """Sentry with the Django integration, errors only, nothing personal sent."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        # Errors only: no performance tracing of pages full of health data.
        traces_sample_rate=0,
        before_send=_before_send,
        before_send_transaction=_before_send,
    )
