"""Several web processes, one database and one shared cache: what one process does, the
others see. Sessions, log-in rate limits and the anonymous page cache's invalidation all go
through shared state, never through a process's memory.

Two ``quaestio serve`` processes run side by side: on one machine with SQLite (the shared
SQLite cache file), and on PostgreSQL with Redis when ``QUAESTIO_TEST_POSTGRES_URL`` and
``QUAESTIO_TEST_REDIS_URL`` are set (.ci/run sets both).
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import Browser, Site, postgres_site, serving

SETUP = """
import json
from quaestio.accounts.actions_admin import add_user
from quaestio.posts.actions import ask_question
from quaestio.posts.models import Tag
owner = add_user("Owner", "owner@example.org", "a-long-password-for-voters")
add_user("Voter", "voter@example.org", "a-long-password-for-voters", reputation=200)
Tag.objects.create(name="tides")
body = "What makes the tides follow the moon so closely, and why twice a day?"
question = ask_question(owner, "How do tides follow the moon?", body, "tides")
print(json.dumps({"question": question.pk, "url": question.get_absolute_url()}))
"""


def _redis_database() -> str:
    server = os.environ.get("QUAESTIO_TEST_REDIS_URL", "")
    if not server:
        pytest.skip("QUAESTIO_TEST_REDIS_URL is not set: no Redis server to share the cache through.")
    # A database of its own, emptied first, so runs never see each other's keys.
    parts = urllib.parse.urlsplit(server)
    url = urllib.parse.urlunsplit(parts._replace(path="/13"))
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if request.param == "sqlite":
        yield Site(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
        return
    redis_url = _redis_database()
    for made in postgres_site(tmp_path):
        yield Site(made.data_dir, made.database_url, {"QUAESTIO_REDIS_URL": redis_url})


@pytest.fixture
def two_servers(site: Site, tmp_path: Path) -> Iterator[tuple[str, str, dict[str, object]]]:
    site.run("migrate", "--noinput")
    made = site.shell(SETUP)
    with (
        serving(site, tmp_path / "a.log", workers=1) as first,
        serving(site, tmp_path / "b.log", workers=1) as second,
    ):
        yield first, second, made


def _score(page: str) -> int:
    match = re.search(r'itemprop="upvoteCount" data-value="(-?\d+)"', page)
    assert match, "no score on the page"
    return int(match.group(1))


def test_a_session_started_on_one_process_works_on_another(
    two_servers: tuple[str, str, dict[str, object]],
) -> None:
    first, second, _made = two_servers
    person = Browser(first)
    person.log_in("voter@example.org")
    person.base = second
    status, page = person.request("/questions/ask")
    assert status == 200
    assert "Log out" in page


def test_a_write_through_one_process_refreshes_the_page_the_other_cached(
    two_servers: tuple[str, str, dict[str, object]],
) -> None:
    first, second, made = two_servers
    url = str(made["url"])
    reader = Browser(second)
    assert _score(reader.request(url)[1]) == 0
    assert _score(reader.request(url)[1]) == 0  # now from the page cache
    voter = Browser(first)
    voter.log_in("voter@example.org")
    status, body = voter.request(f"/posts/{made['question']}/vote/2", {}, json_=True)
    assert status == 200, body
    assert json.loads(body)["score"] == 1
    assert _score(Browser(second).request(url)[1]) == 1


def test_failed_log_ins_are_counted_across_processes(
    two_servers: tuple[str, str, dict[str, object]],
) -> None:
    first, second, _made = two_servers
    statuses = []
    for attempt in range(11):
        person = Browser(first if attempt % 2 else second)
        person.request("/users/login")
        status, _body = person.request(
            "/users/login", {"email": "voter@example.org", "password": "wrong-guess"}
        )
        statuses.append(status)
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
