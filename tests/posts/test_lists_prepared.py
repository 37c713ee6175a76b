"""A list's keys read through its prepared queries (``ListRows``) are those its queryset
gives: by OFFSET from either end, from a landmark, and through a seek on each key of a cursor,
for every list's order, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from quaestio.accounts import queries as account_queries
from quaestio.accounts.models import User
from quaestio.lib import pagination
from quaestio.lib.pagination import BoundRows, Landmarks, ListCache, Ordering
from quaestio.posts import lists
from quaestio.posts.lists import QuestionTab, TagTab
from quaestio.posts.models import Tag
from tests.posts.factories import make_answer, make_question, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(alice: User, bob: User) -> Tag:
    """Questions with many ties on every key (scores, dates), some answered; tags and users
    with tied counts and names that differ only by case."""
    moment = timezone.now() - timedelta(days=3)
    for n in range(30):
        # Three questions to a date, five to an activity date: ties broken by the id.
        question = make_question(
            alice if n % 2 else bob,
            tags=f"tides topic-{n % 4}",
            score=n % 3,
            created=moment + timedelta(minutes=n // 3),
            last_activity_date=moment + timedelta(minutes=n // 5),
        )
        if n % 4 == 0:
            make_answer(question, bob)
    User.objects.bulk_create(
        User(
            email=f"user{n}@example.org",
            display_name=f"{'User' if n % 2 else 'user'} {n % 5}",
            reputation=1 + n % 3,
        )
        for n in range(20)
    )
    return Tag.objects.get(name="tides")


@pytest.fixture(autouse=True)
def landmarks_every_four_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "LANDMARK_ROWS", 4)


def _every_way(rows: BoundRows, queryset: QuerySet[Any], ordering: Ordering) -> None:
    total = queryset.count()
    plain = list(queryset.order_by(*ordering.order_by).values_list(*ordering.selected))
    assert len(plain) == total > 0
    landmarks = Landmarks(ListCache(("all", "posts", "users")), "the list")
    for start in range(0, total, 7):
        stop = min(start + 7, total)
        assert pagination._slice(rows, ordering, start, stop) == plain[start:stop]
        assert pagination._slice(rows, ordering.reversed(), start, stop) == plain[::-1][start:stop]
        # From a landmark, read by OFFSET and kept the first time, from the cache the second.
        for _ in range(2):
            assert pagination._slice(rows, ordering, start, stop, landmarks) == plain[start:stop]
            backwards = pagination._slice(rows, ordering.reversed(), start, stop, landmarks)
            assert backwards == plain[::-1][start:stop]
    for at, found in enumerate(plain):
        key = ordering.cursor_key(found)
        assert pagination._seek(rows, ordering, key, 5) == pagination._seek(queryset, ordering, key, 5)
        assert pagination._seek(rows, ordering, key, 5) == plain[at + 1 : at + 6]
        backwards = pagination._seek(rows, ordering.reversed(), key, 5)
        assert backwards == pagination._seek(queryset, ordering.reversed(), key, 5)


@pytest.mark.parametrize("tab", list(QuestionTab))
def test_the_question_lists_prepared_keys_are_the_querysets(site: Tag, tab: QuestionTab) -> None:
    unanswered = tab is QuestionTab.UNANSWERED
    source = lists._UNANSWERED_QUESTIONS if unanswered else lists._QUESTIONS
    _every_way(source.bind(), source.build(), lists._question_ordering(tab, "id"))
    tagged = lists._UNANSWERED_TAGGED if unanswered else lists._TAGGED
    _every_way(tagged.bind(tag=site.pk), tagged.build(tag=site.pk), lists._question_ordering(tab, "post"))


@pytest.mark.parametrize("tab", list(TagTab))
def test_the_tags_lists_prepared_keys_are_the_querysets(site: Tag, tab: TagTab) -> None:
    _every_way(lists._TAGS.bind(), lists._TAGS.build(), lists._TAG_ORDER[tab])


@pytest.mark.parametrize("tab", list(account_queries.USER_TABS))
def test_the_users_lists_prepared_keys_are_the_querysets(site: Tag, tab: str) -> None:
    source = account_queries._USERS_BY_NAME if tab == "name" else account_queries._USERS
    _every_way(source.bind(), source.build(), account_queries.USER_TABS[tab][1])


def test_another_tag_gets_its_own_rows_from_the_same_compiled_query(site: Tag, alice: User) -> None:
    question = make_question(alice, tags="currents")
    currents = Tag.objects.get(name="currents")
    ordering = lists._question_ordering(QuestionTab.NEWEST, "post")
    tides = pagination._slice(lists._TAGGED.bind(tag=site.pk), ordering, 0, 50)
    other = pagination._slice(lists._TAGGED.bind(tag=currents.pk), ordering, 0, 50)
    assert len(tides) == 30
    assert [key[-1] for key in other] == [question.pk]


def test_a_tag_read_by_its_prepared_name_lookup_is_the_orms(site: Tag, alice: User) -> None:

    make_tag("currents", "Rivers in the *sea*.")
    for name in ("tides", "currents", " Currents "):
        tag = lists.get_tag(name)
        expected = Tag.objects.select_related("excerpt_post").get(name=name.strip().lower())
        assert (tag.pk, tag.name, tag.count, tag.excerpt_post_id) == (
            expected.pk,
            expected.name,
            expected.count,
            expected.excerpt_post_id,
        )
        assert (tag.excerpt_post.body_html if tag.excerpt_post else None) == (
            expected.excerpt_post.body_html if expected.excerpt_post else None
        )
        # Fields it does not read are deferred, as the ORM's ``only`` leaves them.
        assert tag.creation_date == expected.creation_date
    with pytest.raises(Tag.DoesNotExist):
        lists.get_tag("no-such-tag")
