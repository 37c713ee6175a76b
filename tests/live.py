"""Live sites for tests that go through the real server: a data folder and database per site
(SQLite, or a scratch PostgreSQL database dropped afterwards), ``quaestio serve`` started as a
process of its own, and a person with a cookie jar and Django's CSRF token."""

from __future__ import annotations

import hashlib
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

QUAESTIO = Path(sys.executable).parent / "quaestio"
# Every live site of every run from this checkout shares one folder of collected static files:
# collecting (hashing and compressing the admin's files too) takes seconds, and `quaestio
# serve` collects again only when the files changed. tests/test_serve.py collects afresh.
STATIC_ROOT = Path(tempfile.gettempdir()) / (
    f"quaestio-test-static-{os.getuid()}-{hashlib.sha256(str(Path(__file__).parent).encode()).hexdigest()[:12]}"
)
PASSWORD = "a-long-password-for-voters"
# Generous: the first start of a site collects its static files (hashing and compressing them).
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
COMMAND_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Site:
    """A data folder and a database URL for a server of its own (and more variables, e.g.
    QUAESTIO_REDIS_URL)."""

    data_dir: Path
    database_url: str
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("QUAESTIO_")}
        env["QUAESTIO_DATA_DIR"] = str(self.data_dir)
        env["QUAESTIO_DATABASE_URL"] = self.database_url
        env["QUAESTIO_STATIC_ROOT"] = str(STATIC_ROOT)
        # The fast password hasher: fifty logins with Argon2 would be most of the test's time.
        env["QUAESTIO_TESTING"] = "1"
        env.update(self.extra_env)
        return env

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [QUAESTIO, *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"quaestio {args[0]} failed:\n{result.stderr}"
        return result.stdout

    def shell(self, code: str) -> dict[str, object]:
        lines = [line for line in self.run("shell", "-c", code).splitlines() if line.startswith("{")]
        loaded: dict[str, object] = json.loads(lines[-1])
        return loaded


def postgres_site(tmp_path: Path) -> Iterator[Site]:
    """A scratch database on the server QUAESTIO_TEST_POSTGRES_URL names, dropped afterwards."""
    import psycopg

    server = os.environ.get("QUAESTIO_TEST_POSTGRES_URL", "")
    if not server:
        pytest.skip("QUAESTIO_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against.")
    name = f"quaestio_votes_{uuid.uuid4().hex[:12]}"
    parts = urllib.parse.urlsplit(server)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Site(tmp_path, urllib.parse.urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serving(site: Site, log: Path, workers: int = 2) -> Iterator[str]:
    """``quaestio serve`` on a free port until the block ends; its process group is killed."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [QUAESTIO, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env=site.env,
            cwd=site.data_dir,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"quaestio serve exited {process.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(url + "/users/login", timeout=2).close()  # noqa: S310 (local http)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"quaestio serve did not answer within {START_TIMEOUT:.0f} s")
                time.sleep(0.1)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


class Browser:
    """One person: a cookie jar, Django's CSRF token, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect()
        )

    def csrf(self) -> str:
        return next((cookie.value or "" for cookie in self.jar if cookie.name == "csrftoken"), "")

    def request(
        self, path: str, data: dict[str, str] | None = None, *, json_: bool = False
    ) -> tuple[int, str]:
        headers = {"Accept": "application/json"} if json_ else {}
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, email: str) -> None:
        self.request("/users/login")
        status, body = self.request("/users/login", {"email": email, "password": PASSWORD})
        assert status == 302, f"logging in {email} answered {status}: {body[:200]}"
