"""An import killed at any moment (SIGKILL) and run again ends exactly as one clean run does;
and an exported dump imports into a new site and exports again to the same bytes.

These run the real ``quaestio`` command in subprocesses, each on its own SQLite file."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dumps.conftest import DATA, needs_data

pytestmark = [needs_data, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

DUMP = DATA / "french.meta.stackexchange.com"
QUAESTIO = [sys.executable, "-m", "quaestio.cli"]
# The importer's own bookkeeping differs between a resumed and a clean run, and so do ids the
# database numbers itself; everything else must be identical.
SKIPPED_TABLES = ("dumps_", "django_session", "django_migrations", "django_admin_log")
NUMBERED_BY_DATABASE = {"accounts_reputationevent": "id", "posts_posttag": "id"}


def _env(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUAESTIO_")}
    env.update(
        {
            "QUAESTIO_DATA_DIR": str(folder),
            "QUAESTIO_DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
            "QUAESTIO_SECRET_KEY": "test-secret-key-for-the-resume-test-0123456789",
        }
    )
    return env


def quaestio(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*QUAESTIO, *args], env=_env(folder), capture_output=True, text=True, timeout=600, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def fingerprint(database: Path) -> dict[str, str]:
    """A hash of every row of every table (less the bookkeeping), independent of row order."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not name.startswith(SKIPPED_TABLES) and not name.startswith("sqlite_")
        ]
        found = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if c != NUMBERED_BY_DATABASE.get(table)]
            select = ", ".join(f'"{c}"' for c in kept)
            rows = sorted(repr(row) for row in connection.execute(f'SELECT {select} FROM "{table}"'))  # noqa: S608
            found[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest() + f" ({len(rows)} rows)"
        return found
    finally:
        connection.close()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated site database, copied by each test."""
    folder = tmp_path_factory.mktemp("migrated")
    quaestio(folder, "migrate", "--noinput", "-v0")
    return folder / "site.sqlite3"


def _site(tmp_path: Path, name: str, migrated: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(migrated, folder / "site.sqlite3")
    return folder


def _import_finished(database: Path) -> bool:
    connection = sqlite3.connect(database)
    try:
        finished = connection.execute("SELECT count(*) FROM dumps_importrun WHERE finished_at IS NOT NULL")
        return bool(finished.fetchone()[0])
    finally:
        connection.close()


def test_an_import_killed_at_a_random_moment_finishes_as_a_clean_run(tmp_path: Path, migrated: Path) -> None:
    clean = _site(tmp_path, "clean", migrated)
    started = time.monotonic()
    quaestio(clean, "import-dump", str(DUMP), "--quiet", "--batch-size", "300")
    duration = time.monotonic() - started

    # The killed run can be faster than the clean one (a warm disk, a quieter machine), so a kill
    # that came after the end is tried again, sooner, on a fresh copy: the moment stays random.
    delay = random.uniform(0.2 * duration, 0.8 * duration)
    for attempt in range(6):
        killed = _site(tmp_path, f"killed{attempt}", migrated)
        process = subprocess.Popen(
            [*QUAESTIO, "import-dump", str(DUMP), "--quiet", "--batch-size", "300"],
            env=_env(killed),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if not _import_finished(killed / "site.sqlite3"):
            break
        delay /= 2
    else:
        pytest.fail(f"every kill came after the import had finished (last after {delay * 2:.2f} s)")
    resumed = quaestio(killed, "import-dump", str(DUMP), "--quiet", "--batch-size", "300")
    assert "Imported" in resumed.stdout

    assert fingerprint(killed / "site.sqlite3") == fingerprint(clean / "site.sqlite3"), (
        f"killed after {delay:.2f} s"
    )
    again = quaestio(killed, "import-dump", str(DUMP), "--quiet")
    assert "was imported on" in again.stdout


def test_an_exported_dump_imports_into_a_new_site_and_exports_the_same_bytes(
    tmp_path: Path, migrated: Path
) -> None:
    first = _site(tmp_path, "first", migrated)
    quaestio(first, "import-dump", str(DUMP), "--quiet")
    quaestio(first, "export-dump", str(tmp_path / "export1"), "--quiet")
    second = _site(tmp_path, "second", migrated)
    quaestio(second, "import-dump", str(tmp_path / "export1"), "--quiet")
    quaestio(second, "export-dump", str(tmp_path / "export2"), "--quiet")
    for exported in sorted((tmp_path / "export1").iterdir()):
        assert exported.read_bytes() == (tmp_path / "export2" / exported.name).read_bytes(), exported.name
    assert fingerprint(first / "site.sqlite3") == fingerprint(second / "site.sqlite3")


def test_a_failed_strict_import_exits_non_zero_naming_file_and_line(tmp_path: Path, migrated: Path) -> None:
    site = _site(tmp_path, "strict", migrated)
    dump = tmp_path / "truncated"
    shutil.copytree(DATA / "conlang.meta.stackexchange.com", dump)
    raw = (dump / "Posts.xml").read_bytes()
    (dump / "Posts.xml").write_bytes(raw[: len(raw) // 2])
    result = quaestio(site, "import-dump", str(dump), "--strict", "--quiet", check=False)
    assert result.returncode != 0
    assert "Posts.xml, line " in result.stderr
    connection = sqlite3.connect(site / "site.sqlite3")
    try:
        posts = connection.execute("SELECT count(*) FROM posts_post").fetchone()[0]
        users = connection.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    finally:
        connection.close()
    assert (posts, users) == (0, 0)
