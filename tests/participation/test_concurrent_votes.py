"""Many people voting at once, through the real server: ``quaestio serve`` with two workers,
each voter logged in with a session of their own, all votes released together by a barrier.

Fifty upvotes must leave exactly fifty vote rows, a score of 50 and the owner's reputation at
the daily cap (1 + 200 = 201, though the votes are worth 500) with the ledger agreeing; one
person double-clicking must leave one vote or none, never two, and never a server error.

Runs on SQLite (a file in a temporary folder) and, when ``QUAESTIO_TEST_POSTGRES_URL`` names a
PostgreSQL server, on a scratch database created there and dropped afterwards. Select these
tests with ``-k concurrent``; each database takes well under a minute.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

QUAESTIO = Path(sys.executable).parent / "quaestio"
VOTERS = 50
PASSWORD = "a-long-password-for-voters"
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 30.0
COMMAND_TIMEOUT = 120.0

# Run inside the server's database by `quaestio shell`: the people and the posts, through the
# actions. Prints the ids the test needs as JSON.
SETUP = f"""
import json
from quaestio.accounts.actions_admin import add_user
from quaestio.posts.actions import ask_question
from quaestio.posts.models import Tag
owner = add_user("Owner", "owner@example.org", {PASSWORD!r})
clicker_owner = add_user("Other Owner", "other@example.org", {PASSWORD!r})
for i in range({VOTERS}):
    add_user(f"Voter {{i}}", f"voter{{i}}@example.org", {PASSWORD!r}, reputation=200)
Tag.objects.create(name="tides")
body = "What makes the tides follow the moon so closely, and why twice a day?"
question = ask_question(owner, "How do tides follow the moon?", body, "tides")
clicked = ask_question(clicker_owner, "Why are there two tides a day?", body, "tides")
print(json.dumps({{"question": question.pk, "owner": owner.pk, "clicked": clicked.pk}}))
"""

STATE = """
import json
from quaestio.accounts.models import User
from quaestio.posts.models import Post, Vote
ids = json.loads({ids!r})
print(json.dumps({{
    "votes": Vote.objects.filter(post_id=ids["question"], vote_type=2).count(),
    "score": Post.objects.get(pk=ids["question"]).score,
    "owner_reputation": User.objects.get(pk=ids["owner"]).reputation,
    "clicked_votes": Vote.objects.filter(post_id=ids["clicked"], vote_type__in=[2, 3]).count(),
    "clicked_score": Post.objects.get(pk=ids["clicked"]).score,
    "reputations": sorted(User.objects.values_list("id", "reputation")),
}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Site:
    """A data folder and a database URL for a server of its own."""

    data_dir: Path
    database_url: str

    @property
    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("QUAESTIO_")}
        env["QUAESTIO_DATA_DIR"] = str(self.data_dir)
        env["QUAESTIO_DATABASE_URL"] = self.database_url
        # The fast password hasher: fifty logins with Argon2 would be most of the test's time.
        env["QUAESTIO_TESTING"] = "1"
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


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if request.param == "sqlite":
        yield Site(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    else:
        yield from postgres_site(tmp_path)


@pytest.fixture
def ids(site: Site) -> dict[str, int]:
    site.run("migrate", "--noinput")
    made = site.shell(SETUP)
    return {key: int(str(value)) for key, value in made.items()}


@pytest.fixture
def base(site: Site, ids: dict[str, int], tmp_path: Path) -> Iterator[str]:
    """``quaestio serve --workers 2`` on a free port; its process group is killed afterwards."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [QUAESTIO, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
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


def release_together(calls: list[tuple[Browser, str]]) -> list[tuple[int, str]]:
    """POST each (browser, path) from its own thread, all released at once by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[int, str]] = [(0, "")] * len(calls)

    def fire(index: int, browser: Browser, path: str) -> None:
        barrier.wait(timeout=REQUEST_TIMEOUT)
        results[index] = browser.request(path, {}, json_=True)

    threads = [threading.Thread(target=fire, args=(i, b, p)) for i, (b, p) in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a vote did not come back in time"
    return results


def test_fifty_concurrent_upvotes_and_a_double_click_leave_a_consistent_state(
    site: Site, ids: dict[str, int], base: str
) -> None:
    voters = [Browser(base) for _ in range(VOTERS)]
    for i, voter in enumerate(voters):
        voter.log_in(f"voter{i}@example.org")

    results = release_together([(voter, f"/posts/{ids['question']}/vote/2") for voter in voters])

    assert [status for status, _ in results] == [200] * VOTERS, [r for r in results if r[0] != 200][:3]
    assert sorted(json.loads(body)["upvoted"] for _, body in results) == [True] * VOTERS

    # The same person sends the same vote twice at once: a toggle, so one vote or none.
    clicker = voters[0]
    clicks = release_together([(clicker, f"/posts/{ids['clicked']}/vote/2")] * 2)
    assert all(status < 500 for status, _ in clicks), clicks

    state = site.shell(STATE.format(ids=json.dumps(ids)))
    assert state["votes"] == VOTERS
    assert state["score"] == VOTERS
    # 50 upvotes are worth 500 on one UTC day; the daily cap keeps 200 of them.
    assert state["owner_reputation"] == 1 + 200
    assert state["clicked_votes"] in (0, 1)
    assert state["clicked_score"] == state["clicked_votes"]

    site.run("recalc-reputation")
    assert site.shell(STATE.format(ids=json.dumps(ids)))["reputations"] == state["reputations"]
