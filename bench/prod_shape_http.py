"""bench/prod_shape.py's wire: a mail server that keeps what it gets, and HTTP through nginx."""

from __future__ import annotations

import http.client
import socketserver
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

HOST = "127.0.0.1"
SITE = "weaklink.test"  # ALLOWED_HOSTS: the health check must send it
# --- a mail server that keeps what it gets -----------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend (no TLS, no auth): messages kept in memory."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((HOST, 0), SmtpHandler)
        self.messages: list[str] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        def say(line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        say("220 prod-shape sink")
        while raw := self.rfile.readline():
            verb = raw.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "DATA":
                say("354 end with <CRLF>.<CRLF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line.decode(errors="replace"))
                assert isinstance(self.server, SmtpSink)
                self.server.messages.append("".join(lines))
                say("250 kept")
            elif verb == "QUIT":
                say("221 bye")
                return
            elif verb == "EHLO":
                say("250 prod-shape")
            else:
                say("250 ok")


# --- HTTP through nginx --------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


@dataclass
class Browser:
    """One person's cookies, speaking HTTP to one port with the site's Host."""

    port: int
    host: str = SITE
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        port: int | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection(HOST, port or self.port, timeout=30)
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return answer
        finally:
            connection.close()

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict[str, str], **kwargs: Any) -> Answer:
        from urllib.parse import urlencode

        token = self.cookies.get("csrftoken", "")
        body = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{self.host}",
            "Referer": f"http://{self.host}{path}",
            **kwargs.pop("headers", {}),
        }
        return self.request("POST", path, body=body, headers=headers, **kwargs)
