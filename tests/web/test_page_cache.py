"""Anonymous readers get whole pages from the cache, never a stale or a private one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.posts.actions import add_comment, ask_question, cast_vote, edit_post, post_answer
from quaestio.posts.models import Post, Tag
from quaestio.posts.views_counter import pending_views
from quaestio.web.page_cache import touch_users
from tests.conftest import make_user

BODY = "This body is long enough to pass the thirty character minimum for posts."
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def question(alice: User) -> Post:
    Tag.objects.create(name="physics")
    return ask_question(alice, "How do tides depend on the moon?", BODY, "physics")


def _get(path: str) -> tuple[str, str]:
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    return response.content.decode(), response.headers.get("X-Page-Cache", "")


def test_the_second_anonymous_view_is_served_from_the_cache_without_a_query(
    question: Post, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    url = question.get_absolute_url()
    first, state = _get(url)
    assert state == "miss"
    with django_assert_num_queries(0):
        second, state = _get(url)
    assert state == "hit"
    assert second == first


def test_a_vote_invalidates_the_page_and_the_lists(question: Post, bob: User) -> None:
    url = question.get_absolute_url()
    _get(url)
    _get("/questions")
    voter = make_user("Voter", "voter@example.org", reputation=200)
    cast_vote(voter, question.pk, 2)
    page, state = _get(url)
    assert state == "miss"
    assert 'itemprop="upvoteCount"' not in page or ">1<" in page
    _listing, state = _get("/questions")
    assert state == "miss"


def test_a_new_answer_and_comment_show_at_once(question: Post, bob: User, charlie: User) -> None:
    url = question.get_absolute_url()
    _get(url)
    post_answer(bob, question.pk, BODY + " An answer from Bob.")
    page, _ = _get(url)
    assert "An answer from Bob." in page
    commenter = make_user("Commenter", "commenter@example.org", reputation=50)
    add_comment(commenter, question.pk, "A fresh comment from the commenter.")
    page, state = _get(url)
    assert state == "miss"
    assert "A fresh comment from the commenter." in page


def test_a_change_of_an_authors_reputation_elsewhere_refreshes_the_page(question: Post, alice: User) -> None:
    url = question.get_absolute_url()
    _get(url)
    other = ask_question(User.objects.get(pk=alice.pk), "A second question from Alice", BODY, "physics")
    _get(url)
    cast_vote(make_user("Voter", "voter@example.org", reputation=200), other.pk, 2)
    page, state = _get(url)
    assert state == "miss"
    assert "1,260" in page  # Alice's 1,250 + 10 on the author card


def test_logged_in_pages_are_never_stored_nor_served_from_the_cache(
    question: Post, bob: User, client_for: Callable[[User], Client]
) -> None:
    url = question.get_absolute_url()
    _get(url)
    response = client_for(bob).get(url)
    assert "X-Page-Cache" not in response.headers
    assert "Bob" in response.content.decode()
    page, state = _get(url)
    assert state == "hit"
    assert "Log out" not in page


def test_a_cached_view_still_counts(question: Post) -> None:
    url = question.get_absolute_url()
    _get(url)
    Client(REMOTE_ADDR="10.0.0.2").get(url)
    assert pending_views(question.pk) == 2


def test_the_cache_can_be_turned_off(question: Post, settings: object) -> None:
    from django.test import override_settings

    with override_settings(PAGE_CACHE=False):
        _get(question.get_absolute_url())
        _page, state = _get(question.get_absolute_url())
    assert state == ""


def test_the_short_url_redirect_is_cached_and_follows_a_retitle(question: Post, alice: User) -> None:
    short = f"/questions/{question.pk}"
    first = Client().get(short)
    assert (first.status_code, first.headers["X-Page-Cache"]) == (301, "miss")
    again = Client().get(short)
    assert (again.status_code, again.headers["X-Page-Cache"]) == (301, "hit")
    assert again["Location"] == question.get_absolute_url()
    assert pending_views(question.pk) == 0  # a redirect is not a view
    edit_post(alice, question.pk, title="How do tides depend on the moon, really?", body=BODY, tags="physics")
    moved = Client().get(short)
    assert moved.status_code == 301
    assert moved["Location"].endswith("/how-do-tides-depend-on-the-moon-really")


def test_a_page_built_from_cached_blocks_still_follows_everyone_on_it(question: Post, bob: User) -> None:
    add_comment(bob, question.pk, "A comment by Bob under the question.")
    url = question.get_absolute_url()
    _get(url)
    # The page alone is evicted: the next one is built from the cached column and blocks,
    # which read no row of Bob's, and must still be stored as depending on him.
    cache.delete(f"pagecache:page:v3:{url}")
    _page, state = _get(url)
    assert state == "miss"
    with transaction.atomic():
        User.objects.filter(pk=bob.pk).update(display_name="Robert")
        touch_users([bob.pk])
    page, state = _get(url)
    assert state == "miss"
    assert "Robert" in page


def test_a_page_stays_served_while_nobody_on_it_changes_and_people_are_looked_up_only_after_a_change(
    question: Post, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = question.get_absolute_url()
    _get(url)
    requested: list[list[str]] = []
    get_many = cache.get_many

    def recording(keys: list[str], *args: object, **kwargs: object) -> dict[str, object]:
        requested.append(list(keys))
        return get_many(keys, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "get_many", recording)
    single: list[str] = []
    get = cache.get

    def recording_one(key: str, *args: object, **kwargs: object) -> object:
        single.append(key)
        return get(key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "get", recording_one)
    assert _get(url)[1] == "hit"
    # Nobody changed: Alice's own version is not looked up.
    assert not any(f"pagecache:v:u:{alice.pk}" in keys for keys in requested)
    requested.clear()
    # Someone not on the page changed: the people on it are checked, and are as they were.
    with transaction.atomic():
        touch_users([make_user("Stranger", "stranger@example.org").pk])
    assert _get(url)[1] == "hit"
    assert any(f"pagecache:v:u:{alice.pk}" in keys for keys in requested)
    # That was noted: the next hit does not look them up again, and reads the note with the
    # page's other versions, in one lookup after the page's own.
    requested.clear()
    single.clear()
    assert _get(url)[1] == "hit"
    assert not any(f"pagecache:v:u:{alice.pk}" in keys for keys in requested)
    assert len(requested) == 1
    assert any(key.startswith("pagecache:people-unchanged:") for key in requested[0])
    assert [key for key in single if key.startswith("pagecache:")] == [f"pagecache:page:v3:{url}"]
    # Alice changed: the page is made again.
    with transaction.atomic():
        touch_users([alice.pk])
    assert _get(url)[1] == "miss"


def test_people_are_checked_one_by_one_when_the_shared_version_is_gone(question: Post, alice: User) -> None:
    url = question.get_absolute_url()
    _get(url)
    # Evicted (or a restarted cache): ``u:*`` comes back with a new version, and a change to
    # Alice made meanwhile is still seen.
    cache.delete("pagecache:v:u:*")
    User.objects.filter(pk=alice.pk).update(display_name="Alice Renamed")
    cache.set(f"pagecache:v:u:{alice.pk}", 1, timeout=None)
    page, state = _get(url)
    assert state == "miss"
    assert "Alice Renamed" in page
