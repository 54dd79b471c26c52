"""One log format for Django and gunicorn, and no personal link in any log line.

Every `/c/<token>/` path is a personal link and every `/accounts/reset/<uid>/<token>/`
path a password-reset link: whoever reads either from a log can open the client's
plan or take over a coach's account. nginx redacts both in its own access log
(deploy/nginx.conf.template); `redact_links` does the same for gunicorn's access
log (`GunicornLogger`, set in deploy/start.sh) and for Django's log lines
(`RedactLinks`, a filter on the console handler: Django's request log writes
"Not Found: /c/<token>/" for a link that no longer works).
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

# Time, level, logger, message: the same on every line Django or gunicorn writes.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
REDACTED = "[redacted]"

# The link prefix where a path starts: at the start of the text, after a space,
# quote, `=` or comma (a request line, a referer, `?next=`), or after a host
# (a full URL); `/` may be percent-encoded. Everything up to the next space,
# quote or `&` is the secret part, as nginx's map drops the rest of the URI.
_LINK = re.compile(
    r"""(^|[\s"'=,]|//[^/\s"']+)"""
    r"((?:/|%2F)(?:c|accounts(?:/|%2F)reset)(?:/|%2F))"
    r"""[^\s"'&]*""",
    re.IGNORECASE,
)


def redact_links(text: str) -> str:
    """`text` with the secret part of every personal or password-reset link replaced."""
    return _LINK.sub(rf"\1\2{REDACTED}", text)


class RedactLinks(logging.Filter):
    """Rewrites each record's message with links redacted (Django's console handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_links(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with Django's line format and links redacted from the access log.

    Every string atom is redacted, not only the request line: the referer of a
    page opened from the plan is a personal link too, and so is a header or
    environ value picked into a custom access-log format.
    """

    error_fmt = LOG_FORMAT
    access_fmt = LOG_FORMAT
    datefmt = None  # the logging module's default, as Django's lines have

    def atoms(
        self, resp: object, req: object, environ: dict, request_time: object
    ) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_links(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
