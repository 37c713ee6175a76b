"""Question views counted in the cache and flushed to Post.view_count in batches."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.posts import views_counter
from quaestio.posts.models import Post
from quaestio.posts.views_counter import FLUSH_THRESHOLD, flush_views, pending_views, record_view
from tests.posts.factories import make_question

pytestmark = pytest.mark.django_db


def visitor(ip: str = "192.0.2.1", session_key: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    session = SessionBase()
    session._session_key = session_key
    request.session = session
    return request


def stored_views(question: Post) -> int:
    question.refresh_from_db(fields=["view_count"])
    return question.view_count


def test_it_counts_a_visitor_once_per_question_per_fifteen_minutes(alice: User) -> None:
    question = make_question(alice)

    with time_machine.travel(time.time(), tick=False) as traveller:
        assert record_view(visitor(), question.pk)
        assert not record_view(visitor(), question.pk)
        traveller.shift(14 * 60)
        assert not record_view(visitor(), question.pk)
        traveller.shift(2 * 60)
        assert record_view(visitor(), question.pk)

    # The second counted view came more than a minute after the first, so both were flushed.
    assert stored_views(question) + pending_views(question.pk) == 2


def test_it_tells_visitors_apart_by_user_session_or_address(alice: User, bob: User) -> None:
    question = make_question(alice)
    as_bob = visitor(ip="192.0.2.1")
    as_bob.user = bob

    assert record_view(visitor(ip="192.0.2.1"), question.pk)
    assert record_view(visitor(ip="192.0.2.2"), question.pk)
    assert record_view(visitor(ip="192.0.2.1", session_key="a-session-key-of-the-visitor"), question.pk)
    assert record_view(as_bob, question.pk)
    assert not record_view(as_bob, question.pk)
    assert record_view(visitor(), make_question(alice).pk)


def test_it_writes_nothing_to_the_database_until_the_threshold(
    alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    question = make_question(alice, view_count=100)

    with django_assert_num_queries(0):
        for i in range(FLUSH_THRESHOLD - 1):
            record_view(visitor(ip=f"192.0.2.{i}"), question.pk)

    assert stored_views(question) == 100
    assert pending_views(question.pk) == FLUSH_THRESHOLD - 1


def test_it_flushes_pending_views_with_one_update_at_the_threshold(
    alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    question = make_question(alice, view_count=100)
    for i in range(FLUSH_THRESHOLD - 1):
        record_view(visitor(ip=f"192.0.2.{i}"), question.pk)

    with django_assert_num_queries(1):
        record_view(visitor(ip="198.51.100.1"), question.pk)

    assert stored_views(question) == 100 + FLUSH_THRESHOLD
    assert pending_views(question.pk) == 0


def test_it_flushes_views_that_waited_a_minute(alice: User) -> None:
    question = make_question(alice)
    start = time.time()

    record_view(visitor(ip="192.0.2.1"), question.pk, now=start)
    record_view(visitor(ip="192.0.2.2"), question.pk, now=start + 30)
    assert stored_views(question) == 0
    record_view(visitor(ip="192.0.2.3"), question.pk, now=start + views_counter.FLUSH_AFTER)

    assert stored_views(question) == 3
    assert pending_views(question.pk) == 0


def test_a_flush_keeps_views_recorded_after_it_read_the_counter(alice: User) -> None:
    question = make_question(alice)
    record_view(visitor(ip="192.0.2.1"), question.pk)
    record_view(visitor(ip="192.0.2.2"), question.pk)

    assert flush_views(question.pk) == 2
    assert flush_views(question.pk) == 0
    record_view(visitor(ip="192.0.2.3"), question.pk)

    assert stored_views(question) == 2
    assert pending_views(question.pk) == 1


def test_the_question_page_counts_its_views(client: Client, alice: User) -> None:
    question = make_question(alice, view_count=41)

    first = client.get(question.get_absolute_url()).content.decode()
    again = client.get(question.get_absolute_url()).content.decode()

    assert 'Viewed <span class="question-views">42</span> times' in first
    assert 'Viewed <span class="question-views">42</span> times' in again
    assert stored_views(question) == 41
