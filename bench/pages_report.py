"""What bench/pages.py reports: the machine, one markdown table per shape, the block in docs/performance.md."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

DOC_BEGIN = "<!-- bench-pages:begin -->"
DOC_END = "<!-- bench-pages:end -->"
HEADER = (
    "| page | req/s | ratio to ceiling | ratio to signed-in floor | p50 ms | p95 ms | p99 ms | errors |\n"
    "|---|---|---|---|---|---|---|---|"
)


def machine() -> str:
    """CPU, memory, Python and PostgreSQL of this run, in words."""
    from django.db import connection

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            int(line.split()[1]) / 1024 / 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0.0,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return (
        f"{os.cpu_count()} vCPUs ({model}), {memory:.0f} GiB, PostgreSQL {postgres} on the same machine, "
        f"Python {platform.python_version()}"
    )


def table(results: list) -> str:
    ceiling, floor = results[0].rps, results[1].rps
    lines = [HEADER]
    for result in results:
        lines.append(
            f"| {result.endpoint.name} | {result.rps:.0f} | {result.rps / ceiling:.0%} | {result.rps / floor:.0%} | "
            f"{result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.p99_ms:.1f} | {result.errors} |"
        )
    return "\n".join(lines)


def write_doc(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    if DOC_BEGIN not in text or DOC_END not in text:
        sys.exit(f"{path} has no {DOC_BEGIN} ... {DOC_END} markers")
    head, rest = text.split(DOC_BEGIN, 1)
    _, tail = rest.split(DOC_END, 1)
    path.write_text(f"{head}{DOC_BEGIN}\n{block}\n{DOC_END}{tail}", encoding="utf-8")
