"""Every list reads its rows from an index in exactly its order, and a tag's lists from PostTag
rows whose copies of their question's sort keys the database keeps."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.lib import pagination
from quaestio.posts.actions import cast_vote, delete_post, toggle_accept, undelete_post
from quaestio.posts.models import Post, PostTag, Tag
from tests.conftest import make_user
from tests.posts.factories import answer, ask, make_question

pytestmark = pytest.mark.django_db

# (path, the index its rows' keys are read from). Page 2 of 4 is counted from the first row,
# page 3 from the last, and the cursor pages come from following the pager's links.
LISTS = [
    ("/questions?tab=Newest", "question_newest_idx"),
    ("/questions?tab=Active", "question_active_idx"),
    ("/questions?tab=Score", "question_score_idx"),
    ("/questions?tab=Unanswered", "question_unanswered_idx"),
    ("/questions/tagged/tides?tab=Newest", "posttag_newest_idx"),
    ("/questions/tagged/tides?tab=Active", "posttag_active_idx"),
    ("/questions/tagged/tides?tab=Score", "posttag_score_idx"),
    ("/questions/tagged/tides?tab=Unanswered", "posttag_unanswered_idx"),
    ("/tags?tab=popular", "tag_popular_idx"),
    ("/tags?tab=new", "tag_new_idx"),
    # The unique constraint on the name.
    ("/tags?tab=name", "sqlite_autoindex_posts_tag_1"),
    ("/users?tab=reputation", "user_reputation_idx"),
    ("/users?tab=newusers", "user_creation_idx"),
    ("/users?tab=name", "user_name_idx"),
]


@pytest.fixture
def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans by its statistics")


@pytest.fixture
def busy_site(alice: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four pages of everything, and pager links that carry cursors from the second page on."""
    monkeypatch.setattr(pagination, "PLAIN_LINK_PAGES", 1)
    monkeypatch.setattr("quaestio.posts.lists.TAGS_PAGE_SIZE", 15)
    monkeypatch.setattr("quaestio.accounts.queries.USERS_PER_PAGE", 15)
    for n in range(60):
        make_question(alice, tags=f"tides topic-{n}", score=n % 3)
    User.objects.bulk_create(User(email=f"user{n}@example.org", display_name=f"User {n}") for n in range(60))


@pytest.fixture
def reader(alice: User, client_for: Callable[[User], Client]) -> Client:
    """A logged-in reader: the page cache never answers for one, so every request renders."""
    return client_for(alice)


def _plans(client: Client, path: str) -> Iterator[tuple[str, str]]:
    """(SQL, its query plan) of each query the page runs, but the COUNT of its total."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or "COUNT(" in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            yield sql, "\n".join(row[3] for row in cursor.fetchall())


def _next(client: Client, path: str) -> str:
    found = re.search(r'href="([^"]+)" rel="next"', client.get(path).content.decode())
    assert found is not None, path
    # The users list links relatively ("?page=2").
    return urljoin(path, html.unescape(found.group(1)))


@pytest.mark.parametrize(("path", "index"), LISTS)
def test_each_list_reads_its_page_from_its_index_without_sorting_or_scanning_the_table(
    path: str, index: str, busy_site: None, sqlite_only: None, reader: Client
) -> None:
    client = reader
    cursor_page = _next(client, _next(client, path))
    assert "cursor=" in cursor_page
    for page in (path, f"{path}&page=2", f"{path}&page=3", cursor_page):
        plans = list(_plans(client, page))
        assert any(index in plan for _sql, plan in plans), (page, plans)
        for sql, plan in plans:
            assert "TEMP B-TREE" not in plan, (page, sql, plan)
            # An index walked in order (stopping at the page) is fine; the table, never.
            for step in plan.splitlines():
                assert not step.startswith("SCAN") or "INDEX" in step, (page, sql, plan)


def test_each_list_index_reads_alone_on_sqlite(busy_site: None, sqlite_only: None, reader: Client) -> None:
    # A page reached by number skips rows through its index: the index must hold every column
    # the query names, or SQLite reads a table row for each row skipped.
    client = reader
    for path, index in LISTS:
        plans = [plan for _sql, plan in _plans(client, f"{path}&page=3")]
        assert any(f"COVERING INDEX {index}" in plan for plan in plans), (path, plans)


# ---------------------------------------------------------------- PostTag's copies


def _copies(question: Post) -> set[tuple[object, ...]]:
    question.refresh_from_db()
    rows = PostTag.objects.filter(post=question).values_list(
        "creation_date", "last_activity_date", "score", "is_answered", "deletion_date"
    )
    assert rows, "the question has tags"
    return set(rows)


def _keys(question: Post) -> set[tuple[object, ...]]:
    return {
        (
            question.creation_date,
            question.last_activity_date,
            question.score,
            question.is_answered,
            question.deletion_date,
        )
    }


def test_a_tags_copies_follow_every_change_to_its_question(alice: User, bob: User) -> None:
    voter = make_user("Voter", "voter@example.org", reputation=500)
    question = ask(alice, "How do the tides follow the moon?", tags="tides moon")
    assert _copies(question) == _keys(question)

    cast_vote(voter, question.pk, 2)
    assert _copies(question) == _keys(question)
    assert question.score == 1

    reply = answer(question, bob)
    toggle_accept(alice, reply.pk)
    assert _copies(question) == _keys(question)
    assert question.is_answered

    toggle_accept(alice, reply.pk)
    delete_post(bob, reply.pk)
    delete_post(alice, question.pk)
    assert _copies(question) == _keys(question)
    assert question.deletion_date is not None

    undelete_post(alice, question.pk)
    assert _copies(question) == _keys(question)


def test_a_tag_added_by_an_edit_copies_its_questions_keys(alice: User) -> None:
    question = make_question(alice, tags="tides", score=7, created=timezone.now())
    PostTag.objects.create(post=question, tag=Tag.objects.create(name="moon"))

    assert _copies(question) == _keys(question)


def test_the_triggers_that_keep_the_copies_exist(db: None) -> None:
    # A migration that rebuilds posts_post or posts_posttag (SQLite rebuilds a table to add a
    # NOT NULL column) drops their triggers: this says so before the lists go out of order.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {"posttag_copy_question_keys", "post_copy_keys_to_posttags"}
        if connection.vendor == "sqlite"
        else {"posts_posttag_copy_question_keys", "posts_post_copy_keys_to_posttags"}
    )
    assert expected <= names
