"""Login throttling: repeated failed sign-ins lock a username out from that address for a while.

The rule (numbers in settings): 5 failures for one username from one address
within 15 minutes refuse that pair, even with the right password, until the
oldest of those failures is 15 minutes old; 50 failures from one address for
any usernames refuse the address the same way (password spraying). A success
clears the username's count. Counting per username *and* address means a
stranger cannot lock a coach out of the gym's wifi by typing their name.

The failure times live in Django's cache, which is the database cache
(settings.CACHES), so every gunicorn worker and every web container sees the
same counts. Cache writes are not atomic increments: two simultaneous failures
can count once, so an attacker racing requests gets a few extra tries, never
an unbounded number. Both the site login and the admin login use these forms.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

TOO_MANY = "Too many attempts. Try again in {minutes} minute{s}."


def clock() -> float:
    """Seconds since the epoch; tests move it instead of sleeping."""
    return time.time()


def client_address(request: HttpRequest | None) -> str:
    """The address a sign-in came from (the proxy's last X-Forwarded-For entry behind a proxy)."""
    if request is None:
        return "unknown"
    header = settings.LOGIN_CLIENT_ADDRESS_HEADER
    if header:
        # The proxy appends the address it saw; earlier entries are whatever the client sent.
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(kind: str, *parts: str) -> str:
    # Hashed: cache keys stay short and usernames are not stored in clear.
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"login-failures:{kind}:{digest}"


def _limits(*, username: str, address: str) -> list[tuple[str, int]]:
    keys = [(_key("address", address), settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)]
    if username:
        pair = _key("pair", username.strip().casefold(), address)
        keys.insert(0, (pair, settings.LOGIN_FAILURE_LIMIT))
    return keys


def _recent(key: str, *, at: float) -> list[float]:
    """Failure times still inside the window, oldest first."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    stored = cache.get(key)
    if not isinstance(stored, list):
        return []
    return sorted(
        moment
        for moment in stored
        if isinstance(moment, int | float) and at - window < moment <= at
    )


def login_wait_seconds(*, username: str, address: str, at: float | None = None) -> int:
    """Seconds before this username may try again from this address; 0 when it may now."""
    at = clock() if at is None else at
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    wait = 0.0
    for key, limit in _limits(username=username, address=address):
        failures = _recent(key, at=at)
        if len(failures) >= limit:
            # Allowed again once enough failures age out to fall under the limit.
            wait = max(wait, failures[-limit] + window - at)
    return math.ceil(wait)


def login_failed(*, username: str, address: str, at: float | None = None) -> None:
    at = clock() if at is None else at
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key, limit in _limits(username=username, address=address):
        failures = [*_recent(key, at=at), at]
        # Only the last `limit` times matter, so storage per key stays bounded.
        cache.set(key, failures[-limit:], timeout=window)


def login_succeeded(*, username: str, address: str) -> None:
    """A success clears the username's count from this address (not the address-wide one)."""
    cache.delete(_limits(username=username, address=address)[0][0])


def too_many_message(wait_seconds: int) -> str:
    minutes = max(1, math.ceil(wait_seconds / 60))
    return TOO_MANY.format(minutes=minutes, s="" if minutes == 1 else "s")


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse while locked out, count failures, clear on success."""

    throttled_for = 0

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        address = client_address(self.request)
        if username and password:
            # Checked before the password, so a locked-out guess learns nothing.
            wait = login_wait_seconds(username=username, address=address)
            if wait:
                self.throttled_for = wait
                raise ValidationError(too_many_message(wait), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            if username and password:
                login_failed(username=username, address=address)
            raise
        if username and password:
            login_succeeded(username=username, address=address)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    """The site's sign-in page: a locked-out attempt answers 429 with the wait in minutes."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled_for:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled_for)
        return response
