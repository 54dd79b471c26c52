"""Coach password reset through Django's built-in views, the email sent by a task.

Only coaches and library editors reset a password by email: clients sign in
with their personal link, and a client's optional password goes when the link
is revoked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse_lazy

from clients.models import User
from clients.tasks import email_send
from clients.throttle import client_address, request_counted, too_many_message

# Reset emails one address may ask for per window (LOGIN_FAILURE_WINDOW_SECONDS):
# enough for typos, too few to flood a coach's inbox.
RESET_REQUESTS_PER_ADDRESS = 5


class CoachPasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterator[User]:
        for user in super().get_users(email):
            if not user.is_client:
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Rendered here (the context holds the user), sent by the worker."""
        subject = "".join(
            loader.render_to_string(subject_template_name, context).splitlines()
        )
        body = loader.render_to_string(email_template_name, context)
        email_send.enqueue(subject=subject, body=body, to=[to_email])


class CoachPasswordResetView(auth_views.PasswordResetView):
    form_class = CoachPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        wait = request_counted(
            kind="password-reset",
            who=client_address(self.request),
            limit=RESET_REQUESTS_PER_ADDRESS,
        )
        if wait:
            form.add_error(None, too_many_message(wait))
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().form_valid(form)


class CoachPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
