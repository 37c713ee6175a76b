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

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import PASSWORD, REQUEST_TIMEOUT, Browser, Site, postgres_site, serving

VOTERS = 50

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
    with serving(site, tmp_path / "serve.log") as url:
        yield url


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
