"""``quaestio serve``: a real granian server in a subprocess, as an operator starts it.

Each server gets its own SQLite file, whatever database the suite runs on: these tests are about
serving, and a subprocess cannot see the test database anyway.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

QUAESTIO = Path(sys.executable).parent / "quaestio"
STYLESHEET = "/static/quaestio/css/site.css"
# Generous: the first start of a site collects its static files (hashing and compressing them).
START_TIMEOUT = 60.0
# Generous, because CI machines are busy: idle, granian stops in about a second.
STOP_TIMEOUT = 20.0


def site_env(data_dir: Path) -> dict[str, str]:
    """The caller's environment without its QUAESTIO_* settings, pointed at ``data_dir``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUAESTIO_")}
    env["QUAESTIO_DATA_DIR"] = str(data_dir)
    env["QUAESTIO_DATABASE_URL"] = f"sqlite:///{data_dir / 'site.sqlite3'}"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


def get(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local http:// URL)
            return Response(response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.get("Content-Type", ""), error.read())


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path


def wait_until_answering(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"quaestio serve exited {server.process.returncode}:\n{server.log.read_text()}")
        try:
            get(server.base + STYLESHEET)
        except OSError:
            time.sleep(0.1)
            continue
        # One worker answering is not all of them: wait for granian to report both started, so
        # that what the tests see (the log, a stop) does not depend on a worker still booting.
        # Workers start in any order; granian can hang if told to stop while one still boots.
        log = server.log.read_text()
        if "Started worker-1" in log and "Started worker-2" in log:
            return
        time.sleep(0.1)
    pytest.fail(f"quaestio serve did not answer within {START_TIMEOUT:.0f} s:\n{server.log.read_text()}")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a migrated SQLite database, shared by the module's servers, and
    no static files yet: the first server collects them, as on a fresh checkout."""
    data_dir = tmp_path_factory.mktemp("serve")
    subprocess.run(
        [QUAESTIO, "migrate", "--noinput"],
        env=site_env(data_dir),
        cwd=data_dir,
        capture_output=True,
        check=True,
    )
    assert not (data_dir / "staticfiles").exists()
    return data_dir


@contextmanager
def started(site_dir: Path, log: Path) -> Iterator[Server]:
    """``quaestio serve`` with two workers on a free port, stopped (or killed) afterwards."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [QUAESTIO, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=site_env(site_dir),
            cwd=site_dir,
            stdout=output,
            stderr=subprocess.STDOUT,
            # Its own process group, so the workers granian forks are killed with it.
            start_new_session=True,
        )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_answering(running)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)


@pytest.fixture
def server(site_dir: Path, tmp_path: Path) -> Iterator[Server]:
    with started(site_dir, tmp_path / "serve.log") as running:
        yield running


def test_it_serves_the_stylesheet_through_whitenoise(server: Server) -> None:
    response = get(server.base + STYLESHEET)
    assert response.status == 200
    assert response.content_type.startswith("text/css")
    assert b"--accent: #f48225" in response.body


def test_it_serves_the_login_page(server: Server) -> None:
    response = get(server.base + "/users/login")
    assert response.status == 200
    assert response.content_type.startswith("text/html")
    assert b'name="password"' in response.body


def test_it_says_where_it_listens_and_starts_two_workers(server: Server) -> None:
    output = server.log.read_text()
    assert f"quaestio serving on {server.base} with 2 worker(s)" in output
    # Creating STATIC_ROOT up front keeps WhiteNoise from warning in every worker.
    assert "No directory at" not in output


def _hashed_stylesheet(page: bytes) -> str:
    match = re.search(rb'href="(/static/quaestio/css/site\.[0-9a-f]{12}\.css)"', page)
    assert match, "the page links no hashed stylesheet"
    return match.group(1).decode()


def test_it_collects_the_static_files_of_a_fresh_data_directory(server: Server, site_dir: Path) -> None:
    # site_dir had no staticfiles folder before its first server started (see the fixture).
    collected = site_dir / "staticfiles"
    assert (collected / "staticfiles.json").is_file()
    assert list((collected / "quaestio" / "css").glob("site.????????????.css"))


def test_a_restart_finds_the_static_files_current_and_does_not_collect_again(
    server: Server, site_dir: Path, tmp_path: Path
) -> None:
    with started(site_dir, tmp_path / "again.log") as again:
        assert get(again.base + STYLESHEET).status == 200
        assert "Collecting static files" not in again.log.read_text()


def test_pages_link_hashed_static_files_cached_for_a_year(server: Server) -> None:
    page = get(server.base + "/users/login").body
    stylesheet = _hashed_stylesheet(page)
    with urllib.request.urlopen(server.base + stylesheet, timeout=5) as response:  # noqa: S310 (local http)
        assert response.status == 200
        assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
        assert b"--accent: #f48225" in response.read()


def test_plain_static_names_keep_a_short_lifetime(server: Server) -> None:
    with urllib.request.urlopen(server.base + STYLESHEET, timeout=5) as response:  # noqa: S310 (local http)
        assert response.headers["Cache-Control"] == "max-age=60, public"


def test_hashed_static_files_are_served_compressed(server: Server) -> None:
    stylesheet = _hashed_stylesheet(get(server.base + "/users/login").body)
    request = urllib.request.Request(server.base + stylesheet, headers={"Accept-Encoding": "br, gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (local http)
        assert response.headers["Content-Encoding"] in {"br", "gzip"}
        assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"


def test_it_stops_cleanly_on_sigterm(server: Server) -> None:
    started = time.monotonic()
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        returncode = server.process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"quaestio serve still ran {STOP_TIMEOUT:.0f} s after SIGTERM:\n{server.log.read_text()}")
    assert returncode == 0
    assert time.monotonic() - started < 10
    with pytest.raises(OSError):
        get(server.base + STYLESHEET)


def test_two_workers_without_redis_share_the_sqlite_cache_and_need_no_warning(
    server: Server, site_dir: Path
) -> None:
    # Without Redis the default cache is a SQLite file every worker shares, so the refusal of
    # process-local caches (E004, tested in test_system_checks) does not apply.
    assert "keep their own cache" not in server.log.read_text()
    get(f"{server.base}/questions")
    assert (site_dir / "quaestio-cache.sqlite3").exists()


@pytest.mark.parametrize(
    ("option", "sentence"),
    [
        (["--port", "0"], "--port must be between 1 and 65535, not 0."),
        (["--workers", "0"], "--workers must be at least 1, not 0."),
        (["--threads", "0"], "--threads must be at least 1, not 0."),
    ],
)
def test_it_refuses_impossible_options_with_a_sentence(
    site_dir: Path, option: list[str], sentence: str
) -> None:
    result = subprocess.run(
        [QUAESTIO, "serve", *option],
        env=site_env(site_dir),
        cwd=site_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr


def test_it_refuses_several_workers_on_a_process_local_cache() -> None:
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=local), pytest.raises(CommandError) as refused:
        call_command("serve", "--workers", "2", "--port", str(free_port()))
    assert str(refused.value) == (
        "2 web processes would each keep their own cache (a local-memory cache), so log-in rate "
        "limits and view counts would be counted per process, and an anonymous reader could be "
        "served a page cached by one process after a change made through another. "
        "Set QUAESTIO_REDIS_URL, or serve with --workers 1."
    )


def test_it_refuses_several_machines_keeping_state_on_one_machine(site_dir: Path) -> None:
    # The default site (SQLite, the SQLite cache file, a generated key) declared as several machines.
    env = {**site_env(site_dir), "QUAESTIO_SEVERAL_MACHINES": "true"}
    result = subprocess.run(
        [QUAESTIO, "serve", "--port", str(free_port())],
        env=env,
        cwd=site_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for sentence in [
        "(quaestio.E005) QUAESTIO_SEVERAL_MACHINES is on, but QUAESTIO_DATABASE_URL is a SQLite file",
        "HINT: Set QUAESTIO_DATABASE_URL to a PostgreSQL server every machine reaches",
        "(quaestio.E006) QUAESTIO_SEVERAL_MACHINES is on, but the cache is kept on each machine",
        "HINT: Set QUAESTIO_REDIS_URL to a Redis server every machine reaches.",
        "(quaestio.E007) QUAESTIO_SEVERAL_MACHINES is on, but QUAESTIO_SECRET_KEY is unset",
        "HINT: Set QUAESTIO_SECRET_KEY to the same long random string on every machine.",
    ]:
        assert sentence in result.stderr
    assert "quaestio serving on" not in result.stdout
