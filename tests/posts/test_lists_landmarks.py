"""A page reached by number is found from a landmark kept in the cache (``ListCache``), yet it
shows exactly that page of the list as it is now: an ask, a vote, a delete or a reputation
change shows on the very next request, and a landmark read before a change is never used.

``LANDMARK_ROWS`` is made small, so that a list of a few pages has landmarks in both
directions (the later pages are counted from the last row)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db.models import QuerySet
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts import queries as account_queries
from quaestio.accounts.models import User
from quaestio.lib import pagination
from quaestio.lib.pagination import ListCache
from quaestio.posts import lists
from quaestio.posts.actions import cast_vote, delete_post
from quaestio.posts.lists import POSTS_CHANGED, QuestionTab
from quaestio.posts.models import Post, VoteType
from tests.posts.factories import ask, make_answer, make_question

# The actions touch the page cache's versions when their transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = 95  # 7 pages of 15
ORDERS = {
    "Newest": ("-creation_date", "-id"),
    "Active": ("-last_activity_date", "-id"),
    "Score": ("-score", "-id"),
}


@pytest.fixture(autouse=True)
def landmarks_every_four_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "LANDMARK_ROWS", 4)


@pytest.fixture
def site(alice: User, bob: User) -> None:
    """Questions with ties on every key (a third of them score 1, runs of three asked at the
    same moment), a third tagged "tides", some answered."""
    moment = timezone.now() - timedelta(days=30)
    for n in range(QUESTIONS):
        question = make_question(
            alice if n % 2 else bob,
            tags="tides moon" if n % 3 == 0 else "moon",
            created=moment + timedelta(hours=n // 3),
            score=n % 3,
        )
        if n % 4 == 0:
            make_answer(question, bob)


@pytest.fixture
def reader(client_for: Callable[[User], Client], bob: User) -> Client:
    """A logged-in reader: no page cache stands between them and the lists."""
    return client_for(bob)


def listed(client: Client, path: str) -> list[int]:
    response = client.get(path)
    assert response.status_code == 200, path
    return [int(i) for i in re.findall(r'id="question-summary-(\d+)"', response.content.decode())]


def questions(tab: str, tag: str = "") -> list[int]:
    """The list ``tab`` as a plain ORDER BY reads it now."""
    live = Post.objects.filter(post_type=1, deletion_date__isnull=True)
    if tag:
        live = live.filter(post_tags__tag__name=tag)
    if tab == "Unanswered":
        return list(
            live.filter(is_answered=False).order_by("-creation_date", "-id").values_list("id", flat=True)
        )
    return list(live.order_by(*ORDERS[tab]).values_list("id", flat=True))


def pages_by_number(client: Client, path: str, size: int = 15) -> list[int]:
    """Every page of ``path`` reached by its number alone, joined."""
    found: list[int] = []
    number = 1
    while True:
        page = listed(client, f"{path}&pagesize={size}&page={number}")
        found.extend(page)
        if len(page) < size:
            return found
        number += 1


def by_number_matches_the_list(client: Client) -> None:
    for tab in ("Newest", "Active", "Score", "Unanswered"):
        assert pages_by_number(client, f"/questions?tab={tab}") == questions(tab), tab
    for tab in ("Newest", "Score"):
        assert pages_by_number(client, f"/questions/tagged/tides?tab={tab}") == questions(tab, "tides"), tab


def test_every_page_reached_by_number_is_that_page_of_the_list(reader: Client, site: None) -> None:
    # Twice: once reading and keeping the landmarks, once from them; at another page size too,
    # whose pages start at other rows but share the landmarks.
    by_number_matches_the_list(reader)
    by_number_matches_the_list(reader)
    for size in (30, 50):
        assert pages_by_number(reader, "/questions?tab=Score", size) == questions("Score")


def test_an_ask_a_vote_and_a_delete_show_at_once_on_pages_reached_by_number(
    reader: Client, site: None, alice: User, charlie: User
) -> None:
    by_number_matches_the_list(reader)

    # A new question moves every row of Newest one place down.
    asked = ask(alice, "Why are there two tides a day, not one?", tags="tides")
    by_number_matches_the_list(reader)

    # A vote moves a question of the score 0 run (deep in the list) to the top of Score.
    deep = Post.objects.filter(post_type=1, score=0).order_by("id").first()
    assert deep is not None
    cast_vote(charlie, deep.pk, VoteType.UP_MOD)
    assert questions("Score").index(deep.pk) < questions("Score").index(asked.pk)
    by_number_matches_the_list(reader)

    delete_post(alice, asked.pk)
    by_number_matches_the_list(reader)


def test_a_landmark_from_before_a_change_is_not_used(reader: Client, site: None, alice: User) -> None:
    path = "/questions?tab=Newest&page=3"
    ordering = lists._question_ordering(QuestionTab.NEWEST, "id")
    expected = questions("Newest")[30:45]
    assert listed(reader, path) == expected
    # Page 3 starts at row 30, so it is found from the landmark of row 28: replace it, under
    # the current versions, by the key of the first row. The page is then read from there,
    # which shows the landmark is used.
    first = Post.objects.get(pk=questions("Newest")[0])
    wrong = (first.creation_date, first.pk)
    ListCache(POSTS_CHANGED).keep_landmark("questions:Newest", ordering, 7, wrong)
    assert listed(reader, path) == questions("Newest")[2:17]

    ask(alice, "Why are there two tides a day, not one?", tags="tides")

    assert listed(reader, path) == questions("Newest")[30:45]


def test_a_deep_page_by_number_reads_its_landmark_once_after_a_change(
    site: None, alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with override_settings(PAGE_CACHE=False):
        client = Client()
        # 1 the count, 2 the landmark by OFFSET, 3 the page's keys from it, 4 the questions.
        with django_assert_num_queries(4):
            client.get("/questions?tab=Newest&page=3")
        # 1 the keys from the landmark, 2 the questions.
        with django_assert_num_queries(2):
            client.get("/questions?tab=Newest&page=3")
        # Page 2 at 30 a page starts at the same row, and shares the landmark.
        with django_assert_num_queries(2):
            client.get("/questions?tab=Newest&pagesize=30&page=2")
        # The last pages count from the other end, with landmarks of their own.
        with django_assert_num_queries(3):
            client.get("/questions?tab=Newest&page=6")
        ask(alice, "Why are there two tides a day, not one?", tags="tides")
        with django_assert_num_queries(4):
            client.get("/questions?tab=Newest&page=3")
        with django_assert_num_queries(2):
            client.get("/questions?tab=Newest&page=3")


def test_a_reputation_change_shows_at_once_on_the_users_pages_reached_by_number(
    reader: Client, alice: User, charlie: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(account_queries, "USERS_PER_PAGE", 5)
    User.objects.bulk_create(
        User(email=f"user{n}@example.org", display_name=f"User {n:02}", reputation=1 + n // 7)
        for n in range(40)
    )
    newcomer = User.objects.filter(reputation=1).order_by("id").last()
    assert newcomer is not None
    question = make_question(newcomer)

    def users() -> list[str]:
        ordered: QuerySet[User] = User.objects.filter(is_active=True).order_by("-reputation", "id")
        return [f"/users/{user_id}/" for user_id in ordered.values_list("id", flat=True)]

    def by_number() -> list[str]:
        found = []
        for number in range(1, -(-len(users()) // 5) + 1):
            page = reader.get(f"/users?tab=reputation&page={number}").content.decode()
            found.extend(re.findall(r'class="user-card-name" href="(/users/\d+/)', page))
        return found

    assert by_number() == users()
    # A vote gives the newcomer 10 reputation: from the last page to the middle.
    cast_vote(charlie, question.pk, VoteType.UP_MOD)
    newcomer.refresh_from_db()
    assert newcomer.reputation == 11
    assert by_number() == users()
