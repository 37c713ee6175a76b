"""The ``quaestio`` console script: every Django management command, run as an operator runs it.

These tests start the script installed beside this Python, each on its own SQLite file in a
temporary folder whatever database the suite runs on: they test the command line, not the
database. One test runs ``migrate`` against PostgreSQL when QUAESTIO_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

QUAESTIO = Path(sys.executable).parent / "quaestio"
SCRATCH_DATABASE = "quaestio_cli_test"


def site_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without its QUAESTIO_* settings, pointed at ``data_dir``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QUAESTIO_", "DJANGO_"))}
    env["QUAESTIO_DATA_DIR"] = str(data_dir)
    env["QUAESTIO_DATABASE_URL"] = f"sqlite:///{data_dir / 'site.sqlite3'}"
    env.update(extra)
    return env


def quaestio(data_dir: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [QUAESTIO, *args],
        env=site_env(data_dir, **extra_env),
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def last_line(output: str) -> str:
    # Django 5.2's shell may first print a line about the models it imported.
    return [line for line in output.splitlines() if line.strip()][-1]


def test_the_console_script_is_installed_beside_python() -> None:
    assert QUAESTIO.is_file()
    assert os.access(QUAESTIO, os.X_OK)


def test_migrate_creates_the_tables_in_a_fresh_sqlite_file(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    created = tables(tmp_path / "site.sqlite3")
    assert {"accounts_user", "posts_post", "posts_vote", "django_migrations", "django_session"} <= created


def test_migrate_a_second_time_has_nothing_to_do(tmp_path: Path) -> None:
    assert quaestio(tmp_path, "migrate", "--noinput").returncode == 0
    result = quaestio(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    assert "No migrations to apply." in result.stdout


def test_shell_runs_a_command(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "shell", "-c", "print(1 + 1)")
    assert result.returncode == 0, result.stderr
    assert last_line(result.stdout) == "2"


def test_createsuperuser_without_input_takes_the_user_from_the_environment(tmp_path: Path) -> None:
    assert quaestio(tmp_path, "migrate", "--noinput").returncode == 0
    result = quaestio(
        tmp_path,
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_EMAIL="admin@example.org",
        DJANGO_SUPERUSER_PASSWORD="a-long-admin-password",
        DJANGO_SUPERUSER_DISPLAY_NAME="Site Admin",
    )
    assert result.returncode == 0, result.stderr
    shown = quaestio(
        tmp_path,
        "shell",
        "-c",
        "from quaestio.accounts.models import User; u = User.objects.get(email='admin@example.org'); "
        "print(u.display_name, u.is_superuser, u.check_password('a-long-admin-password'))",
    )
    assert last_line(shown.stdout) == "Site Admin True True"


def test_an_unknown_command_fails_with_djangos_message(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "no-such-command")
    assert result.returncode != 0
    assert "Unknown command: 'no-such-command'" in result.stderr
    assert "Type 'quaestio help' for usage." in result.stderr


def test_help_lists_quaestios_own_commands(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "help")
    assert result.returncode == 0, result.stderr
    assert "[web]" in result.stdout
    assert "serve" in result.stdout


def test_a_misconfigured_variable_stops_with_one_sentence_naming_it(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "migrate", QUAESTIO_DATABASE_URL="mysql://x")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "quaestio: configuration error: QUAESTIO_DATABASE_URL must start with sqlite:/// or postgres://, "
        "not 'mysql'."
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site.sqlite3").exists()


def test_an_unknown_log_level_stops_with_one_sentence_naming_it(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "check", QUAESTIO_LOG_LEVEL="LOUD")
    assert result.returncode == 2
    assert "QUAESTIO_LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_system_check_stops_the_command(tmp_path: Path) -> None:
    result = quaestio(tmp_path, "check", QUAESTIO_SITE_URL="qa.example.org")
    assert result.returncode == 1
    assert "quaestio.E001" in result.stderr
    assert "QUAESTIO_SITE_URL must be an absolute" in result.stderr


@pytest.fixture
def scratch_postgres_url() -> Iterator[str]:
    """A PostgreSQL database of its own on the server QUAESTIO_TEST_POSTGRES_URL names."""
    server_url = os.environ.get("QUAESTIO_TEST_POSTGRES_URL")
    if not server_url:
        pytest.skip("QUAESTIO_TEST_POSTGRES_URL is not set (.ci/run sets it).")
    import psycopg
    from psycopg import sql

    # CREATE and DROP DATABASE cannot run inside a transaction, hence autocommit.
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(SCRATCH_DATABASE)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH_DATABASE)))
    parts = urlsplit(server_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}", query=""))
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH_DATABASE))
            )


def test_migrate_creates_the_tables_in_postgresql(tmp_path: Path, scratch_postgres_url: str) -> None:
    import psycopg

    result = quaestio(tmp_path, "migrate", "--noinput", QUAESTIO_DATABASE_URL=scratch_postgres_url)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(scratch_postgres_url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert {"accounts_user", "posts_post", "django_migrations"} <= {name for (name,) in rows}
    assert not (tmp_path / "site.sqlite3").exists()
