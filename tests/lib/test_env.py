"""Configuration by environment: safe defaults, and a sentence naming the variable when wrong."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.utils import ConnectionHandler

from quaestio.lib.env import env_bool, env_int, env_secret_key, parse_database_url


def test_sqlite_url_is_relative_to_the_data_directory(tmp_path: Path) -> None:
    parsed = parse_database_url("QUAESTIO_DATABASE_URL", "sqlite:///site.sqlite3", tmp_path)
    assert parsed.vendor == "sqlite"
    assert parsed.settings["NAME"] == str(tmp_path / "site.sqlite3")


def test_sqlite_url_with_four_slashes_is_absolute(tmp_path: Path) -> None:
    parsed = parse_database_url("QUAESTIO_DATABASE_URL", "sqlite:////var/lib/q/site.db", tmp_path)
    assert parsed.settings["NAME"] == "/var/lib/q/site.db"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    options = parse_database_url("QUAESTIO_DATABASE_URL", "sqlite:///x.db", tmp_path).settings["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_postgres_url_gives_every_connection_setting(tmp_path: Path) -> None:
    parsed = parse_database_url(
        "QUAESTIO_DATABASE_URL", "postgres://q:s%40cret@db.internal:5433/qa", tmp_path
    )
    assert parsed.vendor == "postgresql"
    assert parsed.settings["NAME"] == "qa"
    assert parsed.settings["USER"] == "q"
    assert parsed.settings["PASSWORD"] == "s@cret"
    assert parsed.settings["HOST"] == "db.internal"
    assert parsed.settings["PORT"] == "5433"
    assert parsed.settings["OPTIONS"]["prepare_threshold"] == 5


def test_postgres_prepared_statements_can_be_tuned_or_turned_off_for_a_pooler(tmp_path: Path) -> None:
    def threshold(query: str) -> object:
        url = f"postgres://db.internal/qa?sslmode=require&{query}"
        options = parse_database_url("QUAESTIO_DATABASE_URL", url, tmp_path).settings["OPTIONS"]
        assert options["sslmode"] == "require"
        return options["prepare_threshold"]

    assert threshold("prepare_threshold=0") == 0
    assert threshold("prepare_threshold=none") is None
    assert threshold("prepare_threshold=OFF") is None


@pytest.mark.parametrize(
    "url",
    ["mysql://x/y", "postgres://host", "sqlite://", "nonsense", "postgres://h/db?prepare_threshold=often"],
)
def test_a_bad_database_url_names_the_variable(tmp_path: Path, url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="QUAESTIO_DATABASE_URL"):
        parse_database_url("QUAESTIO_DATABASE_URL", url, tmp_path)


def test_env_bool_rejects_words_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUAESTIO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="QUAESTIO_DEBUG"):
        env_bool("QUAESTIO_DEBUG", False)


def test_env_int_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUAESTIO_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="QUAESTIO_X must be a whole number"):
        env_int("QUAESTIO_X", 1)


def test_secret_key_is_generated_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUAESTIO_SECRET_KEY", raising=False)
    first = env_secret_key("QUAESTIO_SECRET_KEY", tmp_path)
    second = env_secret_key("QUAESTIO_SECRET_KEY", tmp_path)
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / ".quaestio-secret-key").stat().st_mode & 0o077 == 0
    other_site = tmp_path / "other"
    other_site.mkdir()
    assert env_secret_key("QUAESTIO_SECRET_KEY", other_site) != first


def test_a_short_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUAESTIO_SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="QUAESTIO_SECRET_KEY must be at least 32"):
        env_secret_key("QUAESTIO_SECRET_KEY", tmp_path)


def _quaestio(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quaestio", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_misconfigured_start_up_stops_with_a_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUAESTIO_")}
    env["QUAESTIO_DEBUG"] = "perhaps"
    result = _quaestio(["check"], env, tmp_path)
    assert result.returncode == 2
    assert "QUAESTIO_DEBUG must be one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_defaults_put_sqlite_and_the_key_in_the_working_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUAESTIO_")}
    result = _quaestio(
        [
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['NAME'])",
        ],
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"False {tmp_path / 'quaestio.sqlite3'}"
    assert (tmp_path / ".quaestio-secret-key").exists()


def test_a_sqlite_site_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUAESTIO_")}
    code = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('PRAGMA journal_mode'); mode = cursor.fetchone()[0]\n"
        "cursor.execute('PRAGMA busy_timeout'); timeout = cursor.fetchone()[0]\n"
        "print(mode, timeout, connection.transaction_mode)"
    )
    result = _quaestio(["shell", "-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    mode, timeout, transaction_mode = result.stdout.strip().splitlines()[-1].split()
    assert (mode, transaction_mode) == ("wal", "IMMEDIATE")
    assert int(timeout) >= 5000


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_connection_outlives_each_request() -> None:
    """Django closes expired connections as each request starts and ends: a SQLite one is
    kept, since opening it again took longer than a cached page's queries."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL connections are kept for conn_max_age seconds")
    connection.ensure_connection()
    request_started.send(sender=None)
    request_finished.send(sender=None)
    # The tests' in-memory database is never closed anyway; what decides is the closing time
    # the connection was given when it opened: none.
    assert connection.close_at is None


def _page_size_and_journal(settings: dict[str, Any]) -> tuple[int, str, list[Any]]:
    wrapper = ConnectionHandler({"default": settings})["default"]
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA page_size")
            page_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [name for (name,) in cursor.fetchall()]
    finally:
        wrapper.close()
    return page_size, journal, tables


def test_a_new_sqlite_site_gets_16_kb_pages_and_an_existing_one_keeps_its_own(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    existing = tmp_path / "existing.sqlite3"
    with closing(sqlite3.connect(existing)) as made:
        made.execute("CREATE TABLE kept (x)")
        made.commit()
    new = parse_database_url("QUAESTIO_DATABASE_URL", "sqlite:///new.sqlite3", tmp_path).settings
    old = parse_database_url("QUAESTIO_DATABASE_URL", "sqlite:///existing.sqlite3", tmp_path).settings
    with django_db_blocker.unblock():
        assert _page_size_and_journal(new) == (16384, "wal", [])
        # A file with tables keeps the page size it was made with (a VACUUM would change it).
        assert _page_size_and_journal(old) == (4096, "wal", ["kept"])
