"""Login throttling: repeated failed sign-ins lock a username out for a while.

The rule (numbers in settings): 5 failures for one username from one address
within 15 minutes refuse that pair, even with the right password, until the
oldest of those failures is 15 minutes old; 20 failures for one username from
any addresses refuse that username the same way (guessing spread over many
addresses); 50 failures from one address for any usernames refuse the address
(password spraying). A success clears the pair's count. Counting per username
*and* address first means a stranger cannot lock a coach out of the gym's wifi
by typing their name a few times; only a sustained attack from many places
reaches the username-wide limit.

The failure times live in their own table (clients.LoginThrottle), never in a
cache that could cull them. Each attempt is counted *before* the password is
checked, in one transaction holding the rows' locks: simultaneous guesses wait
for each other, so 40 parallel guesses get exactly the limit evaluated, never
more. A success takes its own attempt back. Both the site login and the admin
login use these forms; the password change form counts wrong current passwords
the same way.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from functools import cache as memoize
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from clients.models import LoginThrottle

TOO_MANY = "Too many attempts. Try again in {minutes} minute{s}."


def clock() -> float:
    """Seconds since the epoch; tests move it instead of sleeping."""
    return time.time()


@memoize
def _networks(
    trusted: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def from_trusted_proxy(remote: str) -> bool:
    """Did the request come from the proxy in front (settings.TRUSTED_PROXIES)?"""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_address(request: HttpRequest | None) -> str:
    """The address a sign-in came from.

    Behind the proxy (BEHIND_TLS_PROXY) and only for requests that really came
    from it: the last X-Forwarded-For entry, which our nginx overwrites with the
    address it saw. Anyone else's header is ignored: a web process reached
    directly must not let a client pick a new address per guess.
    """
    if request is None:
        return "unknown"
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    header = settings.LOGIN_CLIENT_ADDRESS_HEADER
    if header and from_trusted_proxy(remote):
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return remote


def _key(kind: str, *parts: str) -> str:
    # Hashed: keys stay short and usernames are not stored in clear.
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"{kind}:{digest}"


def _limits(*, username: str, address: str) -> list[tuple[str, int]]:
    keys = [(_key("address", address), settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)]
    if username:
        name = username.strip().casefold()
        keys[:0] = [
            (_key("pair", name, address), settings.LOGIN_FAILURE_LIMIT),
            (_key("username", name), settings.LOGIN_FAILURE_LIMIT_PER_USERNAME),
        ]
    return keys


def _recent(stored: object, *, at: float) -> list[float]:
    """Failure times still inside the window, oldest first.

    No upper bound: an attempt that read the clock a moment before another
    may take the lock after it, and must not drop that newer failure.
    """
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if not isinstance(stored, list):
        return []
    return sorted(
        moment
        for moment in stored
        if isinstance(moment, int | float) and at - window < moment
    )


def _wait(
    limits: list[tuple[str, int]], rows: dict[str, list[float]], *, at: float
) -> int:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    wait = 0.0
    for key, limit in limits:
        failures = _recent(rows.get(key), at=at)
        if len(failures) >= limit:
            # Allowed again once enough failures age out to fall under the limit.
            wait = max(wait, failures[-limit] + window - at)
    return math.ceil(wait)


def _stored(keys: list[str], *, lock: bool) -> dict[str, list[float]]:
    rows = LoginThrottle.objects.filter(key__in=keys).order_by("key")
    if lock:
        rows = rows.select_for_update()
    return dict(rows.values_list("key", "failures"))


def _write(
    limits: list[tuple[str, int]], rows: dict[str, list[float]], *, at: float
) -> None:
    for key, limit in limits:
        # Only the last `limit` times matter, so storage per key stays bounded.
        failures = _recent(rows.get(key), at=at)[-limit:]
        LoginThrottle.objects.filter(key=key).update(failures=failures, last_at=at)


def _count(limits: list[tuple[str, int]], *, at: float, refuse: bool) -> int:
    """Atomically: the wait if the keys are locked out (refuse=True), else one failure more on each."""
    keys = [key for key, _ in limits]
    with transaction.atomic():
        LoginThrottle.objects.bulk_create(
            [LoginThrottle(key=key, failures=[], last_at=at) for key in sorted(keys)],
            ignore_conflicts=True,
        )
        # Locked in key order, so two attempts never wait for each other in a cycle.
        rows = _stored(keys, lock=True)
        if refuse:
            wait = _wait(limits, rows, at=at)
            if wait:
                return wait
        for key in keys:
            rows[key] = [*_recent(rows.get(key), at=at), at]
        _write(limits, rows, at=at)
    _prune(at=at)
    return 0


def _prune(*, at: float) -> None:
    """Delete rows whose every failure aged out: they tell nothing any more.

    After the attempt's own transaction, skipping rows another attempt holds:
    a stale row someone is counting on again is theirs, and waiting for it
    while holding locks of our own could deadlock.
    """
    with transaction.atomic():
        stale = LoginThrottle.objects.filter(
            last_at__lt=at - settings.LOGIN_FAILURE_WINDOW_SECONDS
        ).select_for_update(skip_locked=True)
        LoginThrottle.objects.filter(
            pk__in=list(stale.values_list("pk", flat=True))
        ).delete()


def _take_back(
    limits: list[tuple[str, int]], *, at: float, clear: tuple[str, ...]
) -> None:
    keys = [key for key, _ in limits]
    with transaction.atomic():
        rows = _stored(keys, lock=True)
        for key in keys:
            failures = _recent(rows.get(key), at=at)
            if key in clear:
                failures = []
            elif at in failures:
                failures.remove(at)
            rows[key] = failures
        _write([(k, n) for k, n in limits if k in rows], rows, at=at)


def login_wait_seconds(*, username: str, address: str, at: float | None = None) -> int:
    """Seconds before this username may try again from this address; 0 when it may now."""
    at = clock() if at is None else at
    limits = _limits(username=username, address=address)
    return _wait(limits, _stored([key for key, _ in limits], lock=False), at=at)


def login_attempt(*, username: str, address: str, at: float) -> int:
    """Count an attempt before its password is checked; the wait instead when locked out.

    Counted as a failure until login_succeeded takes it back, so attempts in
    flight at the same moment count against the limit too.
    """
    return _count(_limits(username=username, address=address), at=at, refuse=True)


def login_failed(*, username: str, address: str, at: float | None = None) -> None:
    """One failure more (what login_attempt records for an attempt that then fails)."""
    at = clock() if at is None else at
    _count(_limits(username=username, address=address), at=at, refuse=False)


def login_succeeded(*, username: str, address: str, at: float) -> None:
    """A success clears the username's count from this address and takes back its own attempt."""
    limits = _limits(username=username, address=address)
    _take_back(limits, at=at, clear=(limits[0][0],))


def too_many_message(wait_seconds: int) -> str:
    minutes = max(1, math.ceil(wait_seconds / 60))
    return TOO_MANY.format(minutes=minutes, s="" if minutes == 1 else "s")


if TYPE_CHECKING:
    _LoginForm = AuthenticationForm
else:
    _LoginForm = object


class ThrottledLoginMixin(_LoginForm):
    """For an AuthenticationForm: refuse while locked out, count the attempt first, take it back on success."""

    throttled_for = 0

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if not (username and password):
            return super().clean()
        address = client_address(self.request)
        at = clock()
        # Counted before the password is checked, so a locked-out guess learns
        # nothing and simultaneous guesses cannot all slip under the limit.
        wait = login_attempt(username=username, address=address, at=at)
        if wait:
            self.throttled_for = wait
            raise ValidationError(too_many_message(wait), code="throttled")
        cleaned = super().clean()
        login_succeeded(username=username, address=address, at=at)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    """The site's sign-in page: a locked-out attempt answers 429 with the wait in minutes."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if isinstance(form, ThrottledLoginMixin) and form.throttled_for:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled_for)
        return response


def request_counted(*, kind: str, who: str, limit: int) -> int:
    """Count one request of a kind (a password-reset email) for someone; the wait once over the limit."""
    return _count([(_key(kind, who), limit)], at=clock(), refuse=True)


def _password_limits(user_pk: int) -> list[tuple[str, int]]:
    return [(_key("password-change", str(user_pk)), settings.LOGIN_FAILURE_LIMIT)]


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Wrong current passwords count like failed sign-ins: a stolen session cannot guess it."""

    throttled_for = 0

    def clean_old_password(self) -> str:
        limits = _password_limits(self.user.pk)
        at = clock()
        wait = _count(limits, at=at, refuse=True)
        if wait:
            self.throttled_for = wait
            raise ValidationError(too_many_message(wait), code="throttled")
        old_password = super().clean_old_password()
        _take_back(limits, at=at, clear=(limits[0][0],))
        return old_password


class ThrottledPasswordChangeView(PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_invalid(form)
        if isinstance(form, ThrottledPasswordChangeForm) and form.throttled_for:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled_for)
        return response
