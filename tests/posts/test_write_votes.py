"""POST /posts/<id>/vote/<type> (1 accept, 2 up, 3 down, 5 bookmark) and POST /posts/<id>/follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.actions import cast_vote
from quaestio.posts.models import Post, Vote
from tests.conftest import make_user
from tests.posts.factories import answer, ask, make_question

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


@pytest.fixture
def question(alice: User) -> Post:
    return ask(alice)


@pytest.fixture
def answered(question: Post, bob: User) -> Post:
    return answer(question, bob)


def votes_on(post: Post) -> list[tuple[int, int]]:
    return sorted(Vote.objects.filter(post=post).values_list("user_id", "vote_type"))


def score_of(post: Post) -> int:
    return Post.objects.get(pk=post.pk).score


# ---------------------------------------------------------------- up and down


def test_a_form_upvote_redirects_back_to_the_answer(
    client_for: Callable[[User], Client], question: Post, answered: Post, charlie: User
) -> None:
    response = client_for(charlie).post(f"/posts/{answered.pk}/vote/2")

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#{answered.pk}"
    assert votes_on(answered) == [(charlie.pk, 2)]
    assert score_of(answered) == 1


def test_a_json_upvote_answers_the_new_state_and_the_same_vote_again_undoes_it(
    client_for: Callable[[User], Client], question: Post, charlie: User
) -> None:
    voter = client_for(charlie)

    first = voter.post(f"/posts/{question.pk}/vote/2", headers=JSON)
    second = voter.post(f"/posts/{question.pk}/vote/2", headers=JSON)

    assert first.status_code == 200
    assert first.json() == {
        "post_id": question.pk,
        "score": 1,
        "upvoted": True,
        "downvoted": False,
        "bookmarked": False,
        "accepted": False,
        "following": False,
    }
    assert second.json()["score"] == 0
    assert second.json()["upvoted"] is False
    assert votes_on(question) == []


def test_a_downvote_replaces_an_upvote(
    client_for: Callable[[User], Client], question: Post, answered: Post
) -> None:
    critic = client_for(make_user("Critic", "critic@example.org", reputation=200))
    critic.post(f"/posts/{answered.pk}/vote/2", headers=JSON)

    response = critic.post(f"/posts/{answered.pk}/vote/3", headers=JSON)

    assert (response.json()["score"], response.json()["upvoted"], response.json()["downvoted"]) == (
        -1,
        False,
        True,
    )


def test_it_refuses_a_vote_without_the_privilege_with_the_sentence(
    client_for: Callable[[User], Client], question: Post
) -> None:
    newcomer = client_for(make_user("Newcomer", "new@example.org"))

    as_json = newcomer.post(f"/posts/{question.pk}/vote/2", headers=JSON)
    as_form = newcomer.post(f"/posts/{question.pk}/vote/2")

    sentence = "You need 15 reputation to vote up; you have 1."
    assert as_json.status_code == 403
    assert as_json.json() == {"error": {"status": 403, "message": sentence}}
    assert as_form.status_code == 403
    html = as_form.content.decode()
    assert sentence in html
    assert f'<a href="{question.get_absolute_url()}">Back to the question</a>' in html
    assert votes_on(question) == []


def test_it_refuses_a_downvote_below_125_and_a_vote_on_your_own_post(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    down = client_for(bob).post(f"/posts/{question.pk}/vote/3", headers=JSON)
    own = client_for(alice).post(f"/posts/{question.pk}/vote/2", headers=JSON)

    assert (down.status_code, down.json()["error"]["message"]) == (
        403,
        "You need 125 reputation to vote down; you have 101.",
    )
    assert (own.status_code, own.json()["error"]["message"]) == (403, "You can't vote for your own post.")
    assert votes_on(question) == []


def test_it_answers_429_with_retry_after_when_the_daily_votes_are_spent(
    client_for: Callable[[User], Client], alice: User, charlie: User
) -> None:
    with time_machine.travel("2026-03-02 20:00Z", tick=False):
        for _ in range(40):
            cast_vote(charlie, make_question(alice).pk, 2)
        one_more = make_question(alice)

        as_json = client_for(charlie).post(f"/posts/{one_more.pk}/vote/2", headers=JSON)
        as_form = client_for(charlie).post(f"/posts/{one_more.pk}/vote/2")

    assert as_json.status_code == 429
    assert as_json["Retry-After"] == str(4 * 60 * 60)
    assert as_json.json()["error"]["message"] == (
        "You have used all 40 of your votes for today; more become available at midnight UTC."
    )
    assert as_json.json()["error"]["retry_after"] == 4 * 60 * 60
    assert as_form.status_code == 429
    assert as_form["Retry-After"] == str(4 * 60 * 60)
    assert "more become available at midnight UTC" in as_form.content.decode()
    assert votes_on(one_more) == []


def test_it_answers_400_for_a_vote_type_it_does_not_cast(
    client_for: Callable[[User], Client], question: Post, charlie: User
) -> None:
    for vote_type in (0, 4, 6, 21):
        response = client_for(charlie).post(f"/posts/{question.pk}/vote/{vote_type}", headers=JSON)
        assert response.status_code == 400
        assert response.json()["error"]["message"] == (
            f"There is no vote of type {vote_type} to cast here: use 1 to accept an answer, "
            "2 to vote up, 3 to vote down or 5 to bookmark."
        )
    form = client_for(charlie).post(f"/posts/{question.pk}/vote/4")
    assert form.status_code == 400
    assert "There is no vote of type 4" in form.content.decode()
    assert votes_on(question) == []


def test_it_answers_404_for_a_missing_or_deleted_post(
    client_for: Callable[[User], Client], question: Post, charlie: User
) -> None:
    Post.objects.filter(pk=question.pk).update(deletion_date=timezone.now())

    for path in ("/posts/999999/vote/2", f"/posts/{question.pk}/vote/2", f"/posts/{question.pk}/follow"):
        response = client_for(charlie).post(path, headers=JSON)
        assert response.status_code == 404, path
        assert response.json()["error"]["message"] == "This post does not exist or has been deleted."
    form = client_for(charlie).post("/posts/999999/vote/2")
    assert form.status_code == 404
    assert '<a href="/questions">Back to the question</a>' in form.content.decode()
    assert Vote.objects.count() == 0


def test_it_answers_409_on_a_locked_post(
    client_for: Callable[[User], Client], question: Post, charlie: User
) -> None:
    Post.objects.filter(pk=question.pk).update(locked_date=timezone.now())

    response = client_for(charlie).post(f"/posts/{question.pk}/vote/2", headers=JSON)

    assert response.status_code == 409
    assert response.json()["error"]["message"] == "This post is locked, so you cannot vote on it."
    assert votes_on(question) == []


def test_it_answers_409_when_an_old_vote_is_locked_in(
    client_for: Callable[[User], Client], question: Post, charlie: User
) -> None:
    voter = client_for(charlie)
    voter.post(f"/posts/{question.pk}/vote/2", headers=JSON)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = voter.post(f"/posts/{question.pk}/vote/2", headers=JSON)

    assert response.status_code == 409
    assert "your vote is now locked in" in response.json()["error"]["message"]
    assert votes_on(question) == [(charlie.pk, 2)]


# ---------------------------------------------------------------- accept


def test_the_asker_accepts_an_answer_and_accepting_another_moves_the_mark(
    client_for: Callable[[User], Client], question: Post, answered: Post, alice: User, charlie: User
) -> None:
    other = answer(question, charlie, "Another answer that also explains the tides and the moon well.")
    asker = client_for(alice)

    first = asker.post(f"/posts/{answered.pk}/vote/1", headers=JSON)
    moved = asker.post(f"/posts/{other.pk}/vote/1")

    assert first.status_code == 200
    assert first.json()["accepted"] is True
    assert moved.status_code == 302
    assert moved["Location"] == f"{question.get_absolute_url()}#{other.pk}"
    assert Post.objects.get(pk=question.pk).accepted_answer_id == other.pk
    undone = asker.post(f"/posts/{other.pk}/vote/1", headers=JSON)
    assert undone.json()["accepted"] is False
    assert Post.objects.get(pk=question.pk).accepted_answer_id is None


def test_only_the_asker_accepts_and_only_answers(
    client_for: Callable[[User], Client], question: Post, answered: Post, alice: User, charlie: User
) -> None:
    stranger = client_for(charlie).post(f"/posts/{answered.pk}/vote/1", headers=JSON)
    on_question = client_for(alice).post(f"/posts/{question.pk}/vote/1", headers=JSON)

    assert (stranger.status_code, stranger.json()["error"]["message"]) == (
        403,
        "Only the person who asked the question can accept an answer.",
    )
    assert (on_question.status_code, on_question.json()["error"]["message"]) == (
        400,
        "Only answers can be accepted.",
    )
    assert Post.objects.get(pk=question.pk).accepted_answer_id is None


# ---------------------------------------------------------------- bookmark and follow


def test_bookmarking_toggles_and_answers_the_state(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    reader = client_for(bob)

    on = reader.post(f"/posts/{question.pk}/vote/5", headers=JSON)
    off = reader.post(f"/posts/{question.pk}/vote/5")

    assert on.status_code == 200
    assert on.json()["bookmarked"] is True
    assert off.status_code == 302
    assert off["Location"] == question.get_absolute_url()
    assert votes_on(question) == []


def test_following_toggles_and_answers_the_state(
    client_for: Callable[[User], Client], question: Post, answered: Post, charlie: User
) -> None:
    reader = client_for(charlie)

    on = reader.post(f"/posts/{answered.pk}/follow", headers=JSON)
    form = reader.post(f"/posts/{answered.pk}/follow")

    assert on.status_code == 200
    assert on.json()["following"] is True
    assert on.json()["post_id"] == answered.pk
    assert form.status_code == 302
    assert form["Location"] == f"{question.get_absolute_url()}#{answered.pk}"
    assert votes_on(answered) == []
