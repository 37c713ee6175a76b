"""delete_post / undelete_post take reputation back and give it back; edit_comment's window."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from quaestio.accounts.models import User
from quaestio.accounts.reputation import recalculate
from quaestio.lib.errors import Conflict, NotPermitted
from quaestio.posts.actions import (
    add_comment,
    ask_question,
    cast_vote,
    delete_post,
    edit_comment,
    post_answer,
    toggle_accept,
    undelete_post,
)
from quaestio.posts.models import Comment, Post, PostHistory, Tag
from tests.conftest import make_user
from tests.participation.conftest import BODY


@pytest.fixture
def thread(asker: User, answerer: User, voter: User) -> tuple[Post, Post]:
    Tag.objects.create(name="physics")
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "physics")
    answer = post_answer(answerer, question.pk, BODY)
    cast_vote(voter, answer.pk, 2)
    return question, answer


def _rep(user: User) -> int:
    return User.objects.get(pk=user.pk).reputation


def test_deleting_an_answer_takes_back_its_reputation_and_undeleting_returns_it(
    thread: tuple[Post, Post], answerer: User
) -> None:
    question, answer = thread
    assert _rep(answerer) == 11
    delete_post(answerer, answer.pk)
    assert _rep(answerer) == 1
    question.refresh_from_db()
    assert question.answer_count == 0
    assert not question.is_answered
    assert PostHistory.objects.filter(post=answer, post_history_type=12).count() == 1
    undelete_post(answerer, answer.pk)
    assert _rep(answerer) == 11
    assert Post.objects.get(pk=question.pk).answer_count == 1
    assert recalculate() == 0


def test_an_accepted_answer_cannot_be_deleted_by_its_author(
    thread: tuple[Post, Post], asker: User, answerer: User
) -> None:
    toggle_accept(asker, thread[1].pk)
    with pytest.raises(Conflict, match="accepted answer"):
        delete_post(answerer, thread[1].pk)


def test_a_question_with_an_upvoted_answer_stays(thread: tuple[Post, Post], asker: User) -> None:
    with pytest.raises(Conflict, match="invested time"):
        delete_post(asker, thread[0].pk)
    moderator = make_user("Mod", "mod@example.org", is_moderator=True)
    delete_post(moderator, thread[0].pk)
    assert Tag.objects.get(name="physics").count == 0
    with pytest.raises(NotPermitted, match="only a moderator"):
        undelete_post(User.objects.get(pk=asker.pk), thread[0].pk)


def test_others_cannot_delete(thread: tuple[Post, Post], voter: User) -> None:
    with pytest.raises(NotPermitted, match="your own posts"):
        delete_post(voter, thread[1].pk)


def test_a_comment_can_be_edited_for_five_minutes(thread: tuple[Post, Post], asker: User) -> None:
    with time_machine.travel("2026-05-01 10:00Z", tick=False):
        comment = add_comment(asker, thread[0].pk, "A first version of this comment.")
    with time_machine.travel("2026-05-01 10:04Z", tick=False):
        edit_comment(asker, comment.pk, "A better version of this *comment*.")
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.text_html == "A better version of this <em>comment</em>."
    assert stored.edit_date is not None
    with (
        time_machine.travel(stored.creation_date + timedelta(minutes=6), tick=False),
        pytest.raises(Conflict, match="5 minutes"),
    ):
        edit_comment(asker, comment.pk, "Too late for this version of it.")
