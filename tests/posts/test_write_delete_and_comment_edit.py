"""POST /posts/<id>/delete, POST /posts/<id>/undelete and /comments/<id>/edit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from quaestio.accounts.models import User
from quaestio.posts.models import Comment, Post
from tests.posts.factories import answer, ask, comment

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


@pytest.fixture
def question(alice: User) -> Post:
    return ask(alice)


def test_the_author_deletes_an_answer_and_returns_to_the_question(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    reply = answer(question, bob)
    page = client_for(bob).get(question.get_absolute_url()).content.decode()
    assert f'action="/posts/{reply.pk}/delete"' in page

    response = client_for(bob).post(f"/posts/{reply.pk}/delete")

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert Post.objects.get(pk=reply.pk).deletion_date is not None
    assert f'id="{reply.pk}"' not in Client().get(question.get_absolute_url()).content.decode()


def test_deleting_someone_elses_post_is_403_and_changes_nothing(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/posts/{question.pk}/delete", headers=JSON)
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "You can only delete your own posts."
    assert Post.objects.get(pk=question.pk).deletion_date is None


def test_a_deleted_question_can_be_undeleted_by_its_author(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    assert client_for(alice).post(f"/posts/{question.pk}/delete").status_code == 302
    assert Client().get(question.get_absolute_url()).status_code == 404
    response = client_for(alice).post(f"/posts/{question.pk}/undelete", headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"post_id": question.pk, "deleted": False}
    assert Client().get(question.get_absolute_url()).status_code == 200


def test_anonymous_deletion_goes_to_log_in(client: Client, question: Post) -> None:
    response = client.post(f"/posts/{question.pk}/delete")
    assert response.status_code == 302
    assert response["Location"].startswith("/users/login?next=")


def test_a_comment_is_edited_through_its_form_within_five_minutes(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    with time_machine.travel("2026-05-01 10:00Z", tick=False):
        written = comment(question, bob)
        form = client_for(bob).get(f"/comments/{written.pk}/edit")
        assert form.status_code == 200
        assert written.text in form.content.decode()
        response = client_for(bob).post(f"/comments/{written.pk}/edit", {"body": "A corrected comment text."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{written.pk}")
    assert Comment.objects.get(pk=written.pk).text == "A corrected comment text."
    with time_machine.travel(written.creation_date + timedelta(minutes=6), tick=False):
        late = client_for(bob).post(f"/comments/{written.pk}/edit", {"body": "Too late for this text now."})
    assert late.status_code == 409
    assert "5 minutes" in late.content.decode()
    assert Comment.objects.get(pk=written.pk).text == "A corrected comment text."
