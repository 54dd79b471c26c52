"""Back up the PostgreSQL database, restore it into a new database, and prove the two agree.

    python deploy/backup.py dump weaklink.dump          # pg_dump, custom format ("-" = stdout)
    python deploy/backup.py restore weaklink.dump --into weaklink_restored   # ("-" = stdin)
    python deploy/backup.py compare weaklink weaklink_restored              # row counts, table by table
    python deploy/backup.py check                       # all three on a scratch database, then drop it

The database is DATABASE_URL's (postgres://user:password@host:port/name); other
database names are on the same server, reached with the same role. The password
goes to pg_dump and pg_restore in PGPASSWORD, never on a command line.

`check` is the restore drill (CI runs it in bench/prod_shape.py): it counts the
rows of every table inside one snapshot, dumps that same snapshot
(`pg_dump --snapshot`), so writes that arrive meanwhile change neither side,
restores the dump into a new database, counts again and compares. Exit codes:
0 when every table agrees, 1 when one does not (each named), 2 when a step
fails (pg_dump, pg_restore, a connection). Needs PostgreSQL's client programs
(pg_dump, pg_restore) of the server's major version or newer, and psycopg.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.env import database_from_url

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name
"""


class BackupError(Exception):
    """A step of the backup or restore could not be carried out."""


def connection_settings(url: str | None, *, name: str | None = None) -> dict[str, str]:
    """libpq's environment for DATABASE_URL, optionally for another database on that server."""
    database = database_from_url(url, base_dir=Path("."))
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "DATABASE_URL must name a PostgreSQL database (postgres://user:password@host:port/name)"
        )
    settings = {
        "PGHOST": str(database["HOST"]),
        "PGPORT": str(database["PORT"]),
        "PGUSER": str(database["USER"]),
        "PGPASSWORD": str(database["PASSWORD"]),
        "PGDATABASE": name or str(database["NAME"]),
    }
    return {key: value for key, value in settings.items() if value}


def connect(settings: dict[str, str], **kwargs: Any) -> psycopg.Connection:
    return psycopg.connect(
        host=settings.get("PGHOST"),
        port=settings.get("PGPORT"),
        user=settings.get("PGUSER"),
        password=settings.get("PGPASSWORD"),
        dbname=settings["PGDATABASE"],
        **kwargs,
    )


def count_rows(cursor: psycopg.Cursor) -> dict[str, int]:
    """Rows per table of the public schema, as the cursor's transaction sees them."""
    cursor.execute(TABLES)
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        row = cursor.fetchone()
        assert row is not None  # count(*) always answers one row
        counts[name] = row[0]
    return counts


def database_counts(settings: dict[str, str]) -> dict[str, int]:
    with connect(settings) as connection, connection.cursor() as cursor:
        return count_rows(cursor)


def compare_counts(
    source: dict[str, int], restored: dict[str, int], *, names: tuple[str, str]
) -> list[str]:
    """Each table whose rows differ, or that one side lacks, in words; empty when all agree."""
    first, second = names
    problems = []
    for table in sorted(source.keys() | restored.keys()):
        if table not in restored:
            problems.append(f"{table}: missing from {second}")
        elif table not in source:
            problems.append(f"{table}: only in {second}")
        elif source[table] != restored[table]:
            problems.append(
                f"{table}: {source[table]} rows in {first}, {restored[table]} in {second}"
            )
    if not source:
        problems.append(f"{first} has no tables: nothing was backed up")
    return problems


def run_tool(
    command: list[str],
    settings: dict[str, str],
    *,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
) -> None:
    """A PostgreSQL client program; its error output becomes the BackupError's message."""
    done = subprocess.run(
        command,
        env={**os.environ, **settings},
        stdin=stdin,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if done.returncode != 0:
        detail = (done.stderr or b"").decode(errors="replace").strip()
        raise BackupError(f"{command[0]} exited {done.returncode}: {detail}")


def dump(settings: dict[str, str], target: str, *, snapshot: str | None = None) -> None:
    """pg_dump in custom format (compressed, restorable table by table) to a file or stdout."""
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    if target == "-":
        run_tool(command, settings, stdout=sys.stdout.buffer)
    else:
        run_tool([*command, f"--file={target}"], settings)


def create_database(settings: dict[str, str], name: str) -> None:
    with connect(settings, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            raise BackupError(
                f"database {name!r} already exists: restore into a new database"
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(settings: dict[str, str], name: str) -> None:
    with connect(settings, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def restore(settings: dict[str, str], source: str, *, into: str) -> None:
    """A new database `into`, then pg_restore of the dump into it, all or nothing."""
    create_database(settings, into)
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={into}",
    ]
    if source == "-":
        run_tool(command, {**settings, "PGDATABASE": into}, stdin=sys.stdin.buffer)
    else:
        run_tool([*command, source], {**settings, "PGDATABASE": into})


@contextlib.contextmanager
def snapshot_counts(settings: dict[str, str]) -> Iterator[tuple[str, dict[str, int]]]:
    """An exported snapshot and the row counts it sees, held open for pg_dump --snapshot."""
    with connect(settings) as connection:
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None  # a SELECT of a function answers one row
            snapshot = row[0]
            yield snapshot, count_rows(cursor)
        connection.rollback()


def check(settings: dict[str, str], *, keep: bool = False) -> list[str]:
    """Dump, restore into a scratch database, compare; the problems found (empty when none)."""
    scratch = f"{settings['PGDATABASE'][:30]}_restore_check_{secrets.token_hex(4)}"
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="weaklink-backup-") as folder:
        target = str(Path(folder) / "check.dump")
        with snapshot_counts(settings) as (snapshot, source):
            dump(settings, target, snapshot=snapshot)
        dumped = time.monotonic()
        size = Path(target).stat().st_size
        try:
            restore(settings, target, into=scratch)
            restored = database_counts({**settings, "PGDATABASE": scratch})
        finally:
            if not keep:
                drop_database(settings, scratch)
    problems = compare_counts(
        source, restored, names=(settings["PGDATABASE"], "the restored copy")
    )
    if not problems:
        print(
            f"backup check passed: {len(source)} tables, {sum(source.values()):,} rows "
            f"agree in {settings['PGDATABASE']} and its restored copy"
            f"{f' {scratch} (kept)' if keep else ''}; dump {size / 1024:,.0f} KiB in "
            f"{dumped - began:.1f} s, restore and count {time.monotonic() - dumped:.1f} s",
            flush=True,
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="pg_dump in custom format")
    dumping.add_argument("target", help='a file, or "-" for stdout')
    restoring = commands.add_parser("restore", help="restore into a new database")
    restoring.add_argument("source", help='a dump file, or "-" for stdin')
    restoring.add_argument("--into", required=True, help="the new database's name")
    comparing = commands.add_parser("compare", help="row counts of two databases")
    comparing.add_argument("first")
    comparing.add_argument("second")
    checking = commands.add_parser(
        "check", help="dump, restore into a scratch database, compare, drop it"
    )
    checking.add_argument(
        "--keep", action="store_true", help="keep the scratch database"
    )
    args = parser.parse_args(argv)

    try:
        settings = connection_settings(os.environ.get("DATABASE_URL"))
        if args.command == "dump":
            dump(settings, args.target)
            return 0
        if args.command == "restore":
            restore(settings, args.source, into=args.into)
            counts = database_counts({**settings, "PGDATABASE": args.into})
            print(
                f"restored into {args.into}: {len(counts)} tables, {sum(counts.values()):,} rows",
                file=sys.stderr,
            )
            return 0
        if args.command == "compare":
            problems = compare_counts(
                database_counts({**settings, "PGDATABASE": args.first}),
                database_counts({**settings, "PGDATABASE": args.second}),
                names=(args.first, args.second),
            )
        else:
            problems = check(settings, keep=args.keep)
    except (BackupError, psycopg.Error, OSError) as error:
        print(f"backup: {args.command} failed: {error}", file=sys.stderr)
        return 2
    if problems:
        print(
            f"BACKUP {args.command.upper()} FAILED: {len(problems)} table(s) differ:\n  "
            + "\n  ".join(problems),
            file=sys.stderr,
        )
        return 1
    if args.command == "compare":
        print(f"{args.first} and {args.second}: every table has the same rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
