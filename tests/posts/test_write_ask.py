"""POST /questions/ask (title, body, tags)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from quaestio.accounts import rules
from quaestio.accounts.models import User
from quaestio.posts.models import Post, PostType, Tag
from tests.conftest import make_user
from tests.posts.factories import QUESTION_BODY, ask

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
TITLE = "Why are there two tides a day and not one?"


@pytest.fixture(autouse=True)
def tides() -> Tag:
    return Tag.objects.create(name="tides")


def questions() -> list[str]:
    return list(Post.objects.filter(post_type=PostType.QUESTION).values_list("title", flat=True))


def test_asking_redirects_to_the_new_question(client_for: Callable[[User], Client], bob: User) -> None:
    response = client_for(bob).post(
        "/questions/ask", {"title": TITLE, "body": QUESTION_BODY, "tags": "tides"}
    )

    asked = Post.objects.get(title=TITLE)
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{asked.pk}/why-are-there-two-tides-a-day-and-not-one"
    assert asked.owner_id == bob.pk
    assert asked.tags == "tides"
    assert client_for(bob).get(response["Location"]).status_code == 200


def test_asking_as_json_answers_the_new_question(client_for: Callable[[User], Client], alice: User) -> None:
    response = client_for(alice).post(
        "/questions/ask", {"title": TITLE, "body": QUESTION_BODY, "tags": "tides moon"}, headers=JSON
    )

    asked = Post.objects.get(title=TITLE)
    assert response.status_code == 200
    assert response.json() == {
        "id": asked.pk,
        "title": TITLE,
        "tags": ["tides", "moon"],
        "url": asked.get_absolute_url(),
    }


def test_it_shows_the_form_again_with_the_sentence_beside_the_field_and_the_input_kept(
    client_for: Callable[[User], Client], bob: User
) -> None:
    response = client_for(bob).post(
        "/questions/ask", {"title": "Tides?", "body": QUESTION_BODY, "tags": "tides"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<p class="errorlist" role="alert">Title must be at least 15 characters; you entered 6.</p>' in html
    )
    assert '<div class="field field-error">\n      <label for="ask-title">' in html
    assert 'value="Tides?"' in html
    assert f">{QUESTION_BODY}</textarea>" in html
    assert 'value="tides"' in html
    assert questions() == []


def test_it_answers_400_as_json_naming_the_field(client_for: Callable[[User], Client], bob: User) -> None:
    response = client_for(bob).post(
        "/questions/ask", {"title": TITLE, "body": "Too short.", "tags": "tides"}, headers=JSON
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "message": "Body must be at least 30 characters; you entered 10.",
            "field": "body",
        }
    }


def test_it_refuses_a_new_tag_without_the_privilege_at_403(
    client_for: Callable[[User], Client], bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules, "OPEN_TAG_CREATION_BELOW_QUESTIONS", 0)  # past its first questions
    response = client_for(bob).post(
        "/questions/ask", {"title": TITLE, "body": QUESTION_BODY, "tags": "brandnew"}
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "You need 150 reputation to create the new tag “brandnew”; you have 101." in html
    assert 'value="brandnew"' in html
    assert questions() == []
    assert not Tag.objects.filter(name="brandnew").exists()


def test_it_makes_new_users_wait_between_questions_with_retry_after(
    client_for: Callable[[User], Client],
) -> None:
    newcomer = make_user("Newcomer", "new@example.org")
    ask(newcomer, "The first question of a newcomer here")

    response = client_for(newcomer).post(
        "/questions/ask", {"title": TITLE, "body": QUESTION_BODY, "tags": "tides"}
    )

    assert response.status_code == 429
    assert 39 * 60 <= int(response["Retry-After"]) <= 40 * 60
    assert "You can only ask a question once every 40 minutes" in response.content.decode()
    assert 'value="Why are there two tides a day and not one?"' in response.content.decode()
    assert questions() == ["The first question of a newcomer here"]
