"""The form for a client's optional password (the plan's password page).

Setting a first password needs only the signed-in phone; changing an existing
one asks for the current password (throttled like sign-ins), so a phone left
unlocked, or a session someone else got hold of, cannot take the account over.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.forms import SetPasswordForm

from clients.models import User
from clients.throttle import ThrottledPasswordChangeForm


def client_password_form(
    user: User, data: Mapping[str, str] | None = None
) -> SetPasswordForm:
    """A change form (current password first) once the client has a password; a set form before."""
    if user.has_usable_password():
        return ThrottledPasswordChangeForm(user, data)
    return SetPasswordForm(user, data)
