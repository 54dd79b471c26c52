"""The container health check: GET /healthz with a Host the app accepts.

    python -m config.healthcheck [URL]     # default http://127.0.0.1:8000/healthz

Django answers 400 to a Host outside ALLOWED_HOSTS, so probing 127.0.0.1 with
the production ALLOWED_HOSTS always failed. This sends the first allowed host
instead. Exits 0 when the answer is 200, 1 otherwise (with the reason).
Standard library only, no Django set-up: it runs every few seconds.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def probe_host(allowed_hosts: str) -> str:
    """A Host header the app accepts: the first ALLOWED_HOSTS entry, made concrete."""
    for entry in (item.strip() for item in allowed_hosts.split(",")):
        if not entry or entry == "*":
            continue
        # ".example.com" allows example.com and its subdomains.
        return entry.lstrip(".")
    return "localhost"


def check(
    url: str = DEFAULT_URL, *, allowed_hosts: str = "", timeout: float = 4.0
) -> str:
    """'' when healthy, else why not."""
    request = urllib.request.Request(url, headers={"Host": probe_host(allowed_hosts)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return "" if response.status == 200 else f"status {response.status}"
    except urllib.error.HTTPError as error:
        return f"status {error.code}"
    except OSError as error:
        return str(error)


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    problem = check(url, allowed_hosts=os.environ.get("ALLOWED_HOSTS", ""))
    if problem:
        print(f"unhealthy: {url}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
