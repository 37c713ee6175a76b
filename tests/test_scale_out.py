"""Scale-out: several web processes, one database and one shared cache, and read replicas.

What one process does, the others see. Sessions, log-in rate limits, quotas and the anonymous
page cache's invalidation all go through shared state, never through a process's memory, and
the background worker is a process of its own. Two ``quaestio serve`` processes run side by
side in two configurations (docs/deploy.md):

- one machine: SQLite and the shared SQLite cache file;
- several machines, when ``QUAESTIO_TEST_POSTGRES_URL`` and ``QUAESTIO_TEST_REDIS_URL`` are set
  (.ci/run sets both): PostgreSQL, Redis, a set secret key, ``QUAESTIO_SEVERAL_MACHINES`` on
  (so the start-up checks accept the configuration) and the database named again as a read
  replica, a second connection standing in for one. The tests empty the Redis database that
  ``QUAESTIO_TEST_REDIS_URL`` names.

The replica router is tested in this process, on whichever database the suite runs on: the
``replica`` connection alias is a second connection to the test database (``TEST: MIRROR``),
and each test counts the queries that reach each connection. The tests commit their data
(``transaction=True``), as a real replica only sees what the primary committed.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from ipaddress import ip_network
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from pytest_django import Settings

from quaestio.accounts.models import User
from quaestio.lib.db_routing import PRIMARY_COOKIE, READING_PAGES, ReplicaRouter, reads_from_replica
from quaestio.lib.env import env_ip_networks
from quaestio.posts.actions import ask_question
from quaestio.posts.models import Post, Tag
from quaestio.web.middleware import client_address
from tests.live import Browser, Site, postgres_site, serving

if TYPE_CHECKING:
    # The test client's response type exists in django-stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse

SETUP = """
import json
from quaestio.accounts.actions_admin import add_user
from quaestio.posts.actions import ask_question
from quaestio.posts.models import Tag
owner = add_user("Owner", "owner@example.org", "a-long-password-for-voters")
voter = add_user("Voter", "voter@example.org", "a-long-password-for-voters", reputation=200)
add_user("Newcomer", "newcomer@example.org", "a-long-password-for-voters")
Tag.objects.create(name="tides")
body = "What makes the tides follow the moon so closely, and why twice a day?"
question = ask_question(owner, "How do tides follow the moon?", body, "tides")
print(json.dumps({"question": question.pk, "url": question.get_absolute_url(), "voter": voter.pk}))
"""

BADGES = """
import json
from quaestio.badges.models import Badge
print(json.dumps({"badges": sorted(Badge.objects.values_list("user__display_name", "name"))}))
"""
SECRET_KEY = "a-secret-key-every-machine-of-the-test-site-shares"
BODY = "What makes the tides follow the moon so closely, and why twice a day?"


def _redis_database() -> str:
    url = os.environ.get("QUAESTIO_TEST_REDIS_URL", "")
    if not url:
        pytest.skip("QUAESTIO_TEST_REDIS_URL is not set: no Redis server to share the cache through.")
    import redis

    # Emptied first, so that one run never sees another's keys (page versions, rate limits).
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(params=["one machine", "several machines"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if request.param == "one machine":
        yield Site(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
        return
    redis_url = _redis_database()
    for made in postgres_site(tmp_path):
        several_machines = {
            "QUAESTIO_REDIS_URL": redis_url,
            "QUAESTIO_SECRET_KEY": SECRET_KEY,
            "QUAESTIO_SEVERAL_MACHINES": "true",
            "QUAESTIO_DATABASE_REPLICA_URLS": made.database_url,
        }
        yield Site(made.data_dir, made.database_url, several_machines)


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


def _badges(site: Site) -> set[tuple[str, str]]:
    """(holder, badge) pairs in the site's database, read by a process of its own."""
    listed = site.shell(BADGES)["badges"]
    assert isinstance(listed, list)
    return {(str(holder), str(name)) for holder, name in listed}


def test_a_quota_counted_through_one_process_holds_on_another(
    two_servers: tuple[str, str, dict[str, object]],
) -> None:
    first, second, _made = two_servers
    newcomer = Browser(first)
    newcomer.log_in("newcomer@example.org")
    question = {"title": "Why are there two tides a day?", "body": BODY, "tags": "tides"}
    status, body = newcomer.request("/questions/ask", question, json_=True)
    assert status == 200, body
    newcomer.base = second
    status, body = newcomer.request("/questions/ask", {**question, "title": "Why do tides lag?"}, json_=True)
    assert status == 429, body
    assert "once every 40 minutes" in json.loads(body)["error"]["message"]


def test_a_badge_earned_through_a_web_process_is_awarded_by_a_separate_worker(
    site: Site, two_servers: tuple[str, str, dict[str, object]]
) -> None:
    first, second, made = two_servers
    voter = Browser(first)
    voter.log_in("voter@example.org")
    status, body = voter.request(f"/posts/{made['question']}/vote/2", {}, json_=True)
    assert status == 200, body
    assert _badges(site) == set()  # the web process only queued the checks
    assert "Processed" in site.run("worker", "--once")
    assert {("Voter", "Supporter"), ("Owner", "Student")} <= _badges(site)
    status, profile = Browser(second).request(f"/users/{made['voter']}/voter")
    assert status == 200
    assert "Supporter" in profile


def test_the_configuration_passes_the_start_up_checks(site: Site) -> None:
    report = site.run("check", "--fail-level", "ERROR")
    assert "quaestio.E" not in report


def test_a_write_response_keeps_the_writer_on_the_primary_when_replicas_serve_reads(
    site: Site, two_servers: tuple[str, str, dict[str, object]]
) -> None:
    first, _second, made = two_servers
    voter = Browser(first)
    voter.log_in("voter@example.org")
    voter.request(f"/posts/{made['question']}/vote/2", {}, json_=True)
    pinned = [cookie for cookie in voter.jar if cookie.name == PRIMARY_COOKIE]
    if "QUAESTIO_DATABASE_REPLICA_URLS" in site.extra_env:
        assert len(pinned) == 1
        assert pinned[0].expires is not None
    else:
        assert pinned == []


# ------------------------------------------------------------------ read replicas, in process

REPLICA = "replica"
LAG = 10
Test = TypeVar("Test", bound=Callable[..., None])


@pytest.fixture
def _one_replica(settings: Settings) -> None:
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_REPLICA_LAG_SECONDS = LAG


def with_a_replica(test: Test) -> Test:
    """The test runs with the ``replica`` alias as the site's one replica, on committed data."""
    marked: Test = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])(
        pytest.mark.usefixtures("_one_replica")(test)
    )
    return marked


@pytest.fixture
def question(alice: User) -> Post:
    Tag.objects.create(name="tides")
    return ask_question(alice, "How do tides follow the moon?", BODY, "tides")


@dataclass
class Reads:
    """The queries one request sent to the primary and to the replica."""

    primary: list[str]
    replica: list[str]


@contextmanager
def counting() -> Iterator[Reads]:
    reads = Reads([], [])
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield reads
    reads.primary = [query["sql"] for query in primary.captured_queries]
    reads.replica = [query["sql"] for query in replica.captured_queries]


def _page(client: Client, path: str) -> tuple[_MonkeyPatchedWSGIResponse, Reads]:
    with counting() as reads:
        response = client.get(path)
    assert response.status_code == 200, path
    return response, reads


def _later_than_the_lag_allowance() -> time_machine.travel:
    return time_machine.travel(time.time() + LAG + 1, tick=True)


@pytest.mark.parametrize("path", ["question", "/questions", "/questions/tagged/tides", "/users"])
@with_a_replica
def test_an_anonymous_reading_page_reads_only_the_replica(question: Post, path: str) -> None:
    url = question.get_absolute_url() if path == "question" else path
    _response, reads = _page(Client(), url)
    assert reads.primary == []
    assert reads.replica


@with_a_replica
def test_a_members_reading_page_reads_their_account_from_the_replica(
    question: Post, bob: User, client_for: Callable[[User], Client]
) -> None:
    response, reads = _page(client_for(bob), question.get_absolute_url())
    assert "Log out" in response.content.decode()
    assert reads.primary == []
    assert any('"accounts_user"' in sql for sql in reads.replica)


@with_a_replica
def test_a_write_and_the_writers_next_page_use_only_the_primary(
    question: Post, bob: User, client_for: Callable[[User], Client]
) -> None:
    voter = client_for(bob)
    with counting() as reads:
        response = voter.post(f"/posts/{question.pk}/vote/2", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.content
    assert reads.replica == []
    assert any(sql.startswith(("INSERT", "UPDATE")) for sql in reads.primary)
    assert PRIMARY_COOKIE in response.cookies
    assert response.cookies[PRIMARY_COOKIE]["max-age"] == LAG

    page, reads = _page(voter, question.get_absolute_url())
    assert reads.replica == []
    assert reads.primary
    assert 'itemprop="upvoteCount" data-value="1"' in page.content.decode()


@with_a_replica
def test_other_readers_keep_reading_the_replica_after_someones_write(
    question: Post, bob: User, charlie: User, client_for: Callable[[User], Client]
) -> None:
    client_for(bob).post(f"/posts/{question.pk}/vote/2", headers={"Accept": "application/json"})
    _response, reads = _page(client_for(charlie), question.get_absolute_url())
    assert reads.primary == []
    assert reads.replica


@with_a_replica
def test_the_writer_reads_the_replica_again_once_the_lag_allowance_has_passed(
    question: Post, bob: User, client_for: Callable[[User], Client]
) -> None:
    voter = client_for(bob)
    voter.post(f"/posts/{question.pk}/vote/2", headers={"Accept": "application/json"})
    with _later_than_the_lag_allowance():
        _response, reads = _page(voter, question.get_absolute_url())
    assert reads.primary == []
    assert reads.replica


@with_a_replica
def test_a_forged_recent_write_cookie_is_ignored(question: Post) -> None:
    reader = Client()
    reader.cookies[PRIMARY_COOKIE] = "1:forged:signature"
    _response, reads = _page(reader, question.get_absolute_url())
    assert reads.primary == []


@with_a_replica
def test_pages_that_lead_to_a_write_read_the_primary(
    question: Post, bob: User, client_for: Callable[[User], Client]
) -> None:
    member = client_for(bob)
    for path in ["/questions/ask", f"/posts/{question.pk}/edit"]:
        _response, reads = _page(member, path)
        assert reads.replica == [], path
        assert reads.primary, path


@with_a_replica
def test_reads_inside_a_transaction_or_after_a_write_go_to_the_primary(question: Post) -> None:
    with reads_from_replica(REPLICA), counting() as reads:
        Post.objects.filter(pk=question.pk).count()
    assert (len(reads.primary), len(reads.replica)) == (0, 1)
    with reads_from_replica(REPLICA), counting() as reads:
        with transaction.atomic():
            Post.objects.filter(pk=question.pk).count()
        Post.objects.filter(pk=question.pk).update(view_count=F("view_count") + 1)
        Post.objects.filter(pk=question.pk).count()
    assert reads.replica == []
    assert len([sql for sql in reads.primary if "posts_post" in sql]) == 3


@with_a_replica
def test_work_outside_requests_reads_the_primary(question: Post) -> None:
    with counting() as reads:
        Post.objects.filter(pk=question.pk).count()
    assert (len(reads.primary), len(reads.replica)) == (1, 0)


def test_only_the_primary_is_migrated() -> None:
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate(DEFAULT_DB_ALIAS, "posts")
    assert not replica_router.allow_migrate(REPLICA, "posts")
    assert not replica_router.allow_migrate("replica1", "posts", model_name="post")


@with_a_replica
def test_a_page_read_from_the_replica_just_after_a_change_is_not_cached(question: Post) -> None:
    url = question.get_absolute_url()
    # The question was asked a moment ago: the replica might not have had it yet.
    first, _reads = _page(Client(), url)
    assert "X-Page-Cache" not in first.headers
    with _later_than_the_lag_allowance():
        stored, _reads = _page(Client(), url)
        served, reads = _page(Client(), url)
    assert stored.headers["X-Page-Cache"] == "miss"
    assert served.headers["X-Page-Cache"] == "hit"
    assert (reads.primary, reads.replica) == ([], [])


def test_every_reading_page_is_a_page_of_the_site() -> None:
    resolver = get_resolver()
    names = {
        f"{namespace}:{name}"
        for namespace, (_prefix, included) in resolver.namespace_dict.items()
        for name in included.reverse_dict
        if isinstance(name, str)
    }
    assert READING_PAGES - names == set()


# ------------------------------------------------------------------ behind a load balancer

BALANCERS = [ip_network("10.0.0.0/24")]


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "client"),
    [
        # From the load balancer: the client it saw.
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For entry sits left of what the balancer appended: ignored.
        ("10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # Two of our proxies in a row: the client is the first hop that is not ours.
        ("10.0.0.2", "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # Not from a trusted proxy: whatever the header says, the peer is the client.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # A hop that is no address: the balancer's address stands.
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_first_forwarded_hop_that_is_not_a_trusted_proxy(
    remote_addr: str, forwarded_for: str, client: str
) -> None:
    assert client_address(remote_addr, forwarded_for, BALANCERS) == client


def test_without_trusted_proxies_x_forwarded_for_is_ignored() -> None:
    assert client_address("10.0.0.2", "203.0.113.7", []) == "10.0.0.2"


@pytest.mark.django_db
def test_behind_a_trusted_load_balancer_log_in_limits_count_each_client_apart(
    settings: Settings, bob: User, charlie: User
) -> None:
    settings.TRUSTED_PROXIES = BALANCERS

    def log_in_from(client_ip: str, email: str) -> int:
        person = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip)
        return person.post("/users/login", {"email": email, "password": "wrong-guess"}).status_code

    assert [log_in_from("203.0.113.7", "bob@example.org") for _ in range(10)] == [400] * 10
    assert log_in_from("203.0.113.7", "charlie@example.org") == 429  # that client is held back
    assert log_in_from("203.0.113.8", "charlie@example.org") == 400  # another client is not


def test_trusted_proxies_are_read_as_networks_and_a_wrong_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUAESTIO_TRUSTED_PROXIES", "10.0.0.0/24, 192.0.2.5")
    assert env_ip_networks("QUAESTIO_TRUSTED_PROXIES") == [
        ip_network("10.0.0.0/24"),
        ip_network("192.0.2.5/32"),
    ]
    monkeypatch.setenv("QUAESTIO_TRUSTED_PROXIES", "10.0.0.0/24, the-load-balancer")
    with pytest.raises(ImproperlyConfigured, match="QUAESTIO_TRUSTED_PROXIES must list IP addresses"):
        env_ip_networks("QUAESTIO_TRUSTED_PROXIES")
