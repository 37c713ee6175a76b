"""A list's rows are cached under everything they show: any change shows at once, with no
invalidation, and a row is rendered once for every reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from quaestio.accounts.models import User
from quaestio.posts import list_rows
from quaestio.posts.models import Post, Tag
from quaestio.web.page_cache import touch_users
from tests.posts.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(charlie: User, client_for: Callable[[User], Client]) -> Client:
    # Logged in, so that no page cache stands between the reader and the rows.
    return client_for(charlie)


def test_a_row_shows_every_change_to_its_question_at_once(reader: Client, alice: User) -> None:
    question = make_question(alice, "How do the tides follow the moon?")
    assert "How do the tides follow the moon?" in reader.get("/questions").content.decode()

    # Written behind the actions' backs: no version is touched, yet the row follows.
    Post.objects.filter(pk=question.pk).update(score=42, view_count=12_345, title="Why two tides a day?")
    User.objects.filter(pk=alice.pk).update(display_name="Alice Tidewater", reputation=99_999)

    page = reader.get("/questions").content.decode()
    assert '<span class="stat-number">42</span> <span class="stat-unit">votes</span>' in page
    assert '<span class="stat-number">12.3k</span> <span class="stat-unit">views</span>' in page
    assert "Why two tides a day?" in page
    assert "How do the tides follow the moon?" not in page
    assert f'<a href="/users/{alice.pk}/alice-tidewater">Alice Tidewater</a>' in page


def test_a_row_is_rendered_once_for_every_reader(
    reader: Client, alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = make_question(alice, "How do the tides follow the moon?")
    template, digest = list_rows._template(list_rows.QUESTION_ROW)
    rendered: list[int] = []

    class Counting:
        def render(self, context: dict[str, Any]) -> str:
            rendered.append(context["summary"].question.pk)
            return template.render(context)

    templates = list_rows._template
    monkeypatch.setattr(
        list_rows,
        "_template",
        lambda name: (Counting(), digest) if name == list_rows.QUESTION_ROW else templates(name),
    )
    other = Client()
    other.force_login(bob)

    for client in (reader, other, Client()):
        assert "How do the tides follow the moon?" in client.get("/questions").content.decode()
    assert rendered == [question.pk]


def test_an_askers_new_reputation_reaches_a_cached_anonymous_list(
    reader: Client, alice: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_question(alice, "How do the tides follow the moon?")
    # The row is rendered for a logged-in reader first, so the anonymous page is made from the
    # cached row and reads no user row: the asker must still be among its dependencies.
    reader.get("/questions")
    assert Client().get("/questions").headers["X-Page-Cache"] == "miss"
    assert Client().get("/questions").headers["X-Page-Cache"] == "hit"

    # What a vote or a badge does: the reputation changes, the user's version is touched.
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.filter(pk=alice.pk).update(reputation=99_999)
        touch_users([alice.pk])

    response = Client().get("/questions")
    assert response.headers["X-Page-Cache"] == "miss"
    assert '<span class="reputation" title="reputation score">100k</span>' in response.content.decode()


def test_a_page_of_rows_read_again_is_one_cache_read(
    reader: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        make_question(alice, f"How do the tides follow the moon, take {n}?")
    reader.get("/questions")
    reads: list[str] = []
    get, get_many = cache.get, cache.get_many

    def counted_get(key: str, *args: Any) -> Any:
        reads.append(key)
        return get(key, *args)

    def counted_get_many(keys: list[str], *args: Any) -> Any:
        reads.extend(keys)
        return get_many(keys, *args)

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)

    assert "take 2" in reader.get("/questions").content.decode()
    # The cache is the site's: the session and the page's versions are read from it too.
    assert len([key for key in reads if key.startswith("listrow")]) == 1


def test_a_tag_card_shows_every_change_to_its_tag_at_once(reader: Client, alice: User) -> None:
    make_question(alice, tags="tides")
    assert "1 question</div>" in reader.get("/tags").content.decode()

    Tag.objects.filter(name="tides").update(count=12_345)
    assert "12,345 questions</div>" in reader.get("/tags").content.decode()


def test_a_user_card_shows_every_change_to_its_user_at_once(reader: Client, alice: User) -> None:
    assert ">Alice</a>" in reader.get("/users").content.decode()

    User.objects.filter(pk=alice.pk).update(
        display_name="Alice Tidewater", location="Brest", reputation=12_345
    )
    page = reader.get("/users").content.decode()
    assert f'<a class="user-card-name" href="/users/{alice.pk}/alice-tidewater">Alice Tidewater</a>' in page
    assert '<span class="user-card-location">Brest</span>' in page
    assert '<span class="reputation" title="reputation score 12,345">12.3k</span>' in page


@pytest.mark.parametrize(
    ("path", "template"),
    [("/tags", list_rows.TAG_CARD), ("/users", list_rows.USER_CARD)],
)
def test_a_card_is_rendered_once_for_every_reader(
    path: str, template: str, reader: Client, alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_question(alice, tags="tides")
    real, digest = list_rows._template(template)
    rendered: list[str] = []

    class Counting:
        def render(self, context: dict[str, Any]) -> str:
            html: str = real.render(context)
            rendered.append(html)
            return html

    templates = list_rows._template
    monkeypatch.setattr(
        list_rows, "_template", lambda name: (Counting(), digest) if name == template else templates(name)
    )
    other = Client()
    other.force_login(bob)

    for client in (reader, other, Client()):
        assert client.get(path).status_code == 200
    # One card per tag or user, each rendered once.
    assert len(rendered) == (Tag.objects.count() if path == "/tags" else User.objects.count())
