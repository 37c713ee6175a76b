"""POST /questions/<id>/answer (body)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.models import Post, PostType
from tests.conftest import make_user
from tests.posts.factories import ANSWER_BODY, answer, ask

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


@pytest.fixture
def question(alice: User) -> Post:
    return ask(alice)


def answers_to(question: Post) -> list[str]:
    return list(
        Post.objects.filter(parent=question, post_type=PostType.ANSWER).values_list(
            "body_markdown", flat=True
        )
    )


def test_answering_redirects_to_the_new_answer(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/questions/{question.pk}/answer", {"body": ANSWER_BODY})

    posted = Post.objects.get(parent=question)
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#{posted.pk}"
    assert Post.objects.get(pk=question.pk).answer_count == 1


def test_answering_as_json_answers_the_new_answer(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/questions/{question.pk}/answer", {"body": ANSWER_BODY}, headers=JSON)

    posted = Post.objects.get(parent=question)
    assert response.status_code == 200
    assert response.json() == {
        "id": posted.pk,
        "question_id": question.pk,
        "url": f"{question.get_absolute_url()}#{posted.pk}",
    }


def test_it_shows_the_question_again_with_the_sentence_and_the_answer_kept(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/questions/{question.pk}/answer", {"body": "Just <b>the moon</b>."})

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        'id="answer-body-error" role="alert">Body must be at least 30 characters; you entered 15.</p>' in html
    )
    assert ">Just &lt;b&gt;the moon&lt;/b&gt;.</textarea>" in html
    assert question.title in html
    assert answers_to(question) == []


def test_it_refuses_a_protected_question_to_a_new_user_at_403(
    client_for: Callable[[User], Client], question: Post
) -> None:
    Post.objects.filter(pk=question.pk).update(protected_date=timezone.now())
    newcomer = client_for(make_user("Newcomer", "new@example.org"))

    response = newcomer.post(f"/questions/{question.pk}/answer", {"body": ANSWER_BODY}, headers=JSON)

    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("This question is protected")
    assert answers_to(question) == []


def test_it_answers_409_for_closed_and_locked_questions(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    locked = ask(alice, "A locked question about the moon")
    Post.objects.filter(pk=question.pk).update(closed_date=timezone.now())
    Post.objects.filter(pk=locked.pk).update(locked_date=timezone.now())

    closed_form = client_for(bob).post(f"/questions/{question.pk}/answer", {"body": ANSWER_BODY})
    locked_json = client_for(bob).post(f"/questions/{locked.pk}/answer", {"body": ANSWER_BODY}, headers=JSON)

    assert closed_form.status_code == 409
    assert "This question is closed, so it is not accepting answers." in closed_form.content.decode()
    assert locked_json.status_code == 409
    assert locked_json.json()["error"]["message"] == "This post is locked, so you cannot answer it."
    assert Post.objects.filter(post_type=PostType.ANSWER).count() == 0


def test_it_answers_404_for_a_missing_question(client_for: Callable[[User], Client], bob: User) -> None:
    as_form = client_for(bob).post("/questions/999999/answer", {"body": ANSWER_BODY})
    as_json = client_for(bob).post("/questions/999999/answer", {"body": ANSWER_BODY}, headers=JSON)

    assert as_form.status_code == 404
    assert "removed, or it never existed" in as_form.content.decode()
    assert as_json.status_code == 404
    assert as_json.json()["error"]["message"] == "This post does not exist or has been deleted."


def test_it_makes_new_users_wait_between_answers_with_retry_after(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    answer(question, bob)
    other = ask(alice, "Another question about the moon and tides")

    response = client_for(bob).post(f"/questions/{other.pk}/answer", {"body": ANSWER_BODY})

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "You can only post an answer once every" in response.content.decode()
    assert answers_to(other) == []
