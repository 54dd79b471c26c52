"""deploy/backup.py: the row-count comparison alone, then a real dump and restore on PostgreSQL."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factory import make_client, make_program

BASE = Path(__file__).resolve().parents[2]
SOURCE = BASE / "deploy" / "backup.py"
_spec = importlib.util.spec_from_file_location("weaklink_backup", SOURCE)
assert _spec is not None and _spec.loader is not None
backup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(backup)

NAMES = ("weaklink", "the restored copy")


def test_it_finds_nothing_to_report_when_every_table_agrees() -> None:
    counts = {"clients_client": 3, "programs_program": 2, "django_migrations": 90}
    assert backup.compare_counts(counts, dict(counts), names=NAMES) == []


def test_it_names_each_table_whose_rows_differ_or_that_is_missing() -> None:
    source = {"clients_client": 3, "programs_program": 2, "programs_completion": 40}
    restored = {"clients_client": 3, "programs_program": 1, "stray": 0}
    assert backup.compare_counts(source, restored, names=NAMES) == [
        "programs_completion: missing from the restored copy",
        "programs_program: 2 rows in weaklink, 1 in the restored copy",
        "stray: only in the restored copy",
    ]


def test_an_empty_source_is_a_failed_backup_not_a_pass() -> None:
    assert backup.compare_counts({}, {}, names=NAMES) == [
        "weaklink has no tables: nothing was backed up"
    ]


def test_the_password_goes_to_the_environment_not_the_command_line() -> None:
    assert backup.connection_settings(
        "postgres://weaklink:s%40cret@db.internal:5433/weaklink"
    ) == {
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGUSER": "weaklink",
        "PGPASSWORD": "s@cret",
        "PGDATABASE": "weaklink",
    }


def test_it_refuses_sqlite() -> None:
    with pytest.raises(backup.BackupError, match="PostgreSQL"):
        backup.connection_settings(None)


# --- a real dump and restore -------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or shutil.which("pg_dump") is None,
    reason="needs DATABASE_URL=postgres://... and pg_dump (CI runs it on PostgreSQL)",
)


def database_url_of_tests() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@"
        f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def run_backup(
    *args: str, stdin: Path | None = None, stdout: Path | None = None
) -> subprocess.CompletedProcess[str]:
    with contextlib.ExitStack() as files:
        done = subprocess.run(
            [sys.executable, str(SOURCE), *args],
            cwd=BASE,
            env={**os.environ, "DATABASE_URL": database_url_of_tests()},
            stdin=files.enter_context(stdin.open("rb")) if stdin else None,
            stdout=files.enter_context(stdout.open("wb"))
            if stdout
            else subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        (done.stdout or b"").decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_check_dumps_restores_into_a_new_database_and_finds_the_same_rows() -> None:
    # Committed rows (transaction=True), so pg_dump in another process sees them.
    make_program()
    make_client()
    done = run_backup("check")
    assert done.returncode == 0, done.stderr
    assert "backup check passed" in done.stdout
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            ["%restore_check%"],
        )
        assert cursor.fetchone()[0] == 0, "the scratch database is dropped"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_compare_fails_loudly_naming_the_table_a_restore_lost(tmp_path: Path) -> None:
    client = make_client()
    source = connection.settings_dict["NAME"]
    copy = f"{source[:40]}_restored"
    # Through stdout and stdin, as `docker compose exec -T web ... dump - > file` does.
    dumped = run_backup("dump", "-", stdout=tmp_path / "weaklink.dump")
    assert dumped.returncode == 0, dumped.stderr
    assert (tmp_path / "weaklink.dump").read_bytes().startswith(b"PGDMP")
    try:
        restored = run_backup(
            "restore", "-", "--into", copy, stdin=tmp_path / "weaklink.dump"
        )
        assert restored.returncode == 0, restored.stderr
        assert run_backup("compare", source, copy).returncode == 0
        again = run_backup("restore", str(tmp_path / "weaklink.dump"), "--into", copy)
        assert again.returncode == 2 and "already exists" in again.stderr

        # The source moves on after the dump: compare must say which table differs.
        client.delete()
        differ = run_backup("compare", source, copy)
        assert differ.returncode == 1
        assert "BACKUP COMPARE FAILED" in differ.stderr
        assert "clients_client: " in differ.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
