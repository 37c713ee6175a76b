"""Each list page issues a fixed number of queries: the same for a short list and a long one,
for the first page, a page reached by number and one reached through the pager's cursor,
anonymous (rendered, the page cache off) and logged in."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import pytest
from django.test import Client, override_settings
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.badges.models import BadgeClass
from quaestio.lib import pagination
from quaestio.posts.models import Tag
from tests.posts.factories import award, make_answer, make_question

pytestmark = pytest.mark.django_db

# A logged-in request adds one: its user (the session comes from the cache).
SIGNED_IN = 1

# path → queries of one rendering once the list's total is cached (it is counted by one more
# query on the first request after a change):
QUERIES = {
    # 1 the page's keys from the tab's index, 2 the page's questions with their owners.
    "/questions?tab=Newest": 2,
    "/questions?tab=Active": 2,
    "/questions?tab=Score": 2,
    "/questions?tab=Unanswered": 2,
    # 1 the tag with its excerpt, 2 the keys from the tag's index, 3 the questions.
    "/questions/tagged/tides?tab=Newest": 3,
    "/questions/tagged/tides?tab=Score": 3,
    "/questions/tagged/tides?tab=Unanswered": 3,
    # 1 the keys, 2 the tags with their excerpts.
    "/tags?tab=popular": 2,
    "/tags?tab=name": 2,
    "/tags?tab=new": 2,
    # 1 the keys, 2 the users.
    "/users?tab=reputation": 2,
    "/users?tab=newusers": 2,
    "/users?tab=name": 2,
}
# Through a cursor the keys take one query per key of the order (the rows tied with the
# cursor's key, then those beyond it): one more, except on the tags' name tab, whose only key
# is the name.
THROUGH_A_CURSOR = {path: 0 if path == "/tags?tab=name" else 1 for path in QUERIES}


@pytest.fixture
def cursors_from_page_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "PLAIN_LINK_PAGES", 1)
    monkeypatch.setattr("quaestio.posts.lists.TAGS_PAGE_SIZE", 15)
    monkeypatch.setattr("quaestio.accounts.queries.USERS_PER_PAGE", 15)


def _site(size: int, alice: User, bob: User) -> None:
    """``size`` questions (tagged, some answered, some accepted), ``size`` tags, ``size`` users."""
    for n in range(size):
        question = make_question(alice if n % 2 else bob, tags=f"tides topic-{n}", score=n % 4)
        if n % 3 == 0:
            make_answer(question, bob, score=1, accepted=n % 2 == 0)
    User.objects.bulk_create(
        User(email=f"user{n}@example.org", display_name=f"User {n}") for n in range(size)
    )
    Tag.objects.filter(name="tides").update(count=size)


def _pages(client: Client, path: str) -> Iterator[tuple[str, str]]:
    """(what, path) for the first page, page 2 by number, and page 3 by page 2's cursor."""
    yield "first", path
    second = f"{path}&page=2"
    yield "by number", second
    found = re.search(r'href="([^"]+)" rel="next"', client.get(second).content.decode())
    assert found is not None, second
    yield "by cursor", urljoin(path, html.unescape(found.group(1)))


@pytest.mark.parametrize("size", [80, 160])
@pytest.mark.parametrize("viewer", ["anonymous", "logged in"])
def test_each_list_page_issues_the_same_queries_at_any_size_and_depth(
    size: int,
    viewer: str,
    alice: User,
    bob: User,
    client_for: Callable[[User], Client],
    cursors_from_page_two: None,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    _site(size, alice, bob)
    award(alice, BadgeClass.GOLD, times=size // 10)
    with override_settings(PAGE_CACHE=False):
        client = Client() if viewer == "anonymous" else client_for(alice)
        extra = 0 if viewer == "anonymous" else SIGNED_IN
        for path, expected in QUERIES.items():
            # Count the list once, as any change to it would have the next request do.
            client.get(path)
            for what, page in _pages(client, path):
                assert "cursor=" in page or what != "by cursor", page
                cursor = THROUGH_A_CURSOR[path] if what == "by cursor" else 0
                with django_assert_num_queries(expected + extra + cursor, info=f"{what}: {page}"):
                    assert client.get(page).status_code == 200


def test_the_first_request_after_a_change_also_counts_the_list(
    alice: User, bob: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _site(20, alice, bob)
    with override_settings(PAGE_CACHE=False):
        client = Client()
        with django_assert_num_queries(3):
            client.get("/questions")
        # The other tabs list the same questions and share the total; Unanswered has its own.
        with django_assert_num_queries(2):
            client.get("/questions?tab=Score")
        with django_assert_num_queries(3):
            client.get("/questions?tab=Unanswered")


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize("viewer", ["anonymous", "logged in"])
def test_the_profile_issues_the_same_queries_however_busy_the_user(
    size: int,
    viewer: str,
    alice: User,
    bob: User,
    client_for: Callable[[User], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(size):
        question = make_question(alice, score=n)
        make_answer(make_question(bob), alice, score=n)
        make_answer(question, bob)
    award(alice, BadgeClass.GOLD, times=size)
    with override_settings(PAGE_CACHE=False):
        client = Client() if viewer == "anonymous" else client_for(bob)
        extra = 0 if viewer == "anonymous" else SIGNED_IN
        profile = alice.get_absolute_url()
        # 1 the user, 2 the question and answer counts (cached afterwards), 3 the badge tallies,
        # 4 the top questions, 5 the top answers with their questions.
        with django_assert_num_queries(5 + extra):
            assert client.get(profile).status_code == 200
        with django_assert_num_queries(4 + extra):
            assert client.get(profile).status_code == 200
