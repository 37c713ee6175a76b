"""POST /posts/<id>/comments, POST /comments/<id>/vote and POST /comments/<id>/delete."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.actions import toggle_comment_upvote
from quaestio.posts.models import Comment, CommentVote, Post
from tests.conftest import make_user
from tests.posts.factories import answer, ask, comment

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
TEXT = "Which coast are you asking about, exactly?"


@pytest.fixture
def question(alice: User) -> Post:
    return ask(alice)


def live_comments(post: Post) -> list[str]:
    return list(Comment.objects.filter(post=post, deletion_date__isnull=True).values_list("text", flat=True))


# ---------------------------------------------------------------- adding


def test_a_form_comment_redirects_to_the_new_comment(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/posts/{question.pk}/comments", {"body": TEXT})

    added = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#comment-{added.pk}"
    assert added.text == TEXT
    assert Post.objects.get(pk=question.pk).comment_count == 1


def test_a_json_comment_answers_the_comment_and_its_fragment(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    comment(question, make_user("Earlier", "earlier@example.org", reputation=60))

    response = client_for(bob).post(
        f"/posts/{question.pk}/comments", {"body": "See *this* one " + TEXT}, headers=JSON
    )

    added = Comment.objects.get(user=bob)
    data = response.json()
    assert response.status_code == 200
    assert data["id"] == added.pk
    assert data["post_id"] == question.pk
    assert data["score"] == 0
    assert data["html"] == "See <em>this</em> one Which coast are you asking about, exactly?"
    assert data["comment_count"] == 2
    fragment = data["fragment"]
    assert fragment.lstrip().startswith(f'<li class="comment" id="comment-{added.pk}"')
    assert "<em>this</em>" in fragment
    assert f'action="/comments/{added.pk}/delete"' in fragment
    # Nobody upvotes their own comment.
    assert f'action="/comments/{added.pk}/vote"' not in fragment
    assert 'name="csrfmiddlewaretoken"' in fragment


def test_a_comment_on_an_answer_redirects_to_it_on_the_question_page(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    posted = answer(question, bob)

    response = client_for(alice).post(f"/posts/{posted.pk}/comments", {"body": TEXT})

    added = Comment.objects.get(post=posted)
    assert response["Location"] == f"{question.get_absolute_url()}#comment-{added.pk}"


def test_it_refuses_a_one_rep_user_on_someone_elses_post_and_keeps_the_text(
    client_for: Callable[[User], Client], question: Post
) -> None:
    newcomer = client_for(make_user("Newcomer", "new@example.org"))

    as_form = newcomer.post(f"/posts/{question.pk}/comments", {"body": TEXT})
    as_json = newcomer.post(f"/posts/{question.pk}/comments", {"body": TEXT}, headers=JSON)

    sentence = "You need 50 reputation to comment on other people&#39;s posts; you have 1."
    assert as_form.status_code == 403
    html = as_form.content.decode()
    assert sentence in html
    assert f'<form class="comment-form" method="post" action="/posts/{question.pk}/comments">' in html
    assert f">{TEXT}</textarea>" in html
    assert as_json.status_code == 403
    assert as_json.json()["error"]["message"] == (
        "You need 50 reputation to comment on other people's posts; you have 1."
    )
    assert live_comments(question) == []


def test_it_refuses_a_comment_that_is_too_short(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    response = client_for(bob).post(f"/posts/{question.pk}/comments", {"body": "Nice."}, headers=JSON)

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "message": "Comment must be at least 15 characters; you entered 5.",
            "field": "body",
        }
    }
    assert live_comments(question) == []


def test_it_makes_new_users_wait_between_comments_with_retry_after(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    commenter = client_for(bob)
    commenter.post(f"/posts/{question.pk}/comments", {"body": TEXT})

    as_json = commenter.post(f"/posts/{question.pk}/comments", {"body": TEXT + " Again."}, headers=JSON)
    as_form = commenter.post(f"/posts/{question.pk}/comments", {"body": TEXT + " Again."})

    assert as_json.status_code == 429
    assert 1 <= int(as_json["Retry-After"]) <= 15
    assert "You can only comment once every 15 seconds" in as_json.json()["error"]["message"]
    assert as_form.status_code == 429
    assert "Retry-After" in as_form
    assert live_comments(question) == [TEXT]


def test_it_answers_404_for_a_missing_post_and_409_for_a_locked_one(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    missing = client_for(bob).post("/posts/999999/comments", {"body": TEXT}, headers=JSON)
    Post.objects.filter(pk=question.pk).update(locked_date=timezone.now())
    locked = client_for(bob).post(f"/posts/{question.pk}/comments", {"body": TEXT}, headers=JSON)

    assert (missing.status_code, missing.json()["error"]["message"]) == (
        404,
        "This post does not exist or has been deleted.",
    )
    assert (locked.status_code, locked.json()["error"]["message"]) == (
        409,
        "This post is locked, so you cannot comment on it.",
    )
    assert Comment.objects.count() == 0


# ---------------------------------------------------------------- upvoting


def test_a_comment_upvote_toggles_and_answers_the_score(
    client_for: Callable[[User], Client], question: Post, alice: User, charlie: User
) -> None:
    said = comment(question, alice)
    voter = client_for(charlie)

    up = voter.post(f"/comments/{said.pk}/vote", headers=JSON)
    down = voter.post(f"/comments/{said.pk}/vote", headers=JSON)
    form = voter.post(f"/comments/{said.pk}/vote")

    assert up.status_code == 200
    assert up.json() == {"comment_id": said.pk, "score": 1, "voted": True}
    assert down.json() == {"comment_id": said.pk, "score": 0, "voted": False}
    assert form.status_code == 302
    assert form["Location"] == f"{question.get_absolute_url()}#comment-{said.pk}"
    assert Comment.objects.get(pk=said.pk).score == 1


def test_it_refuses_a_comment_upvote_on_your_own_or_without_the_privilege(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    said = comment(question, alice)

    own = client_for(alice).post(f"/comments/{said.pk}/vote", headers=JSON)
    newcomer = client_for(make_user("Newcomer", "new@example.org")).post(f"/comments/{said.pk}/vote")

    assert (own.status_code, own.json()["error"]["message"]) == (403, "You can't vote for your own comment.")
    assert newcomer.status_code == 403
    assert "You need 15 reputation to upvote comments; you have 1." in newcomer.content.decode()
    assert f'href="{question.get_absolute_url()}#comment-{said.pk}"' in newcomer.content.decode()
    assert CommentVote.objects.count() == 0


def test_it_limits_comment_upvotes_to_30_a_day(
    client_for: Callable[[User], Client], question: Post, alice: User, charlie: User
) -> None:
    for i in range(30):
        toggle_comment_upvote(charlie, comment(question, alice, f"{TEXT} number {i}").pk)
    one_more = comment(question, alice)

    response = client_for(charlie).post(f"/comments/{one_more.pk}/vote", headers=JSON)

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "You have used your 30 comment votes for today" in response.json()["error"]["message"]
    assert Comment.objects.get(pk=one_more.pk).score == 0


def test_comment_votes_answer_404_for_a_missing_comment(
    client_for: Callable[[User], Client], charlie: User
) -> None:
    response = client_for(charlie).post("/comments/999999/vote", headers=JSON)

    assert (response.status_code, response.json()["error"]["message"]) == (
        404,
        "This comment does not exist or has been deleted.",
    )


# ---------------------------------------------------------------- deleting


def test_the_author_deletes_a_comment(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    said = comment(question, bob)

    response = client_for(bob).post(f"/comments/{said.pk}/delete")

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#comments-{question.pk}"
    assert live_comments(question) == []
    assert Post.objects.get(pk=question.pk).comment_count == 0


def test_a_json_delete_answers_the_deleted_comment(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    said = comment(question, bob)

    response = client_for(bob).post(f"/comments/{said.pk}/delete", headers=JSON)

    assert response.status_code == 200
    assert response.json() == {"comment_id": said.pk, "post_id": question.pk, "deleted": True}


def test_it_refuses_to_delete_someone_elses_comment_or_a_deleted_one(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    said = comment(question, bob)

    other = client_for(alice).post(f"/comments/{said.pk}/delete", headers=JSON)
    client_for(bob).post(f"/comments/{said.pk}/delete")
    again = client_for(bob).post(f"/comments/{said.pk}/delete", headers=JSON)

    assert (other.status_code, other.json()["error"]["message"]) == (
        403,
        "You can only delete your own comments.",
    )
    assert again.status_code == 404


def test_the_comments_fragment_shows_the_viewers_upvotes(
    client_for: Callable[[User], Client], question: Post, alice: User, charlie: User
) -> None:
    said = comment(question, alice)
    toggle_comment_upvote(charlie, said.pk)

    html = client_for(charlie).get(f"/posts/{question.pk}/comments").content.decode()

    assert f'action="/comments/{said.pk}/vote"' in html
    assert 'class="comment-up is-pressed" type="submit" aria-pressed="true"' in html
