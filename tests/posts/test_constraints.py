"""The database itself keeps impossible states out, whatever code writes to it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from quaestio.accounts.models import User
from quaestio.posts.models import Comment, CommentVote, Post, PostType, Tag, Vote, VoteType


@pytest.fixture
def question(alice: User) -> Post:
    return Post.objects.create(post_type=PostType.QUESTION, title="A question", owner=alice)


def _refused(statement: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        statement()


def test_one_up_or_down_vote_per_user_and_post(question: Post, bob: User) -> None:
    Vote.objects.create(post=question, user=bob, vote_type=VoteType.UP_MOD)
    _refused(lambda: Vote.objects.create(post=question, user=bob, vote_type=VoteType.DOWN_MOD))
    _refused(lambda: Vote.objects.create(post=question, user=bob, vote_type=VoteType.UP_MOD))
    # Votes without a voter (the dump keeps them anonymous) are not limited.
    Vote.objects.create(post=question, user=None, vote_type=VoteType.UP_MOD)
    Vote.objects.create(post=question, user=None, vote_type=VoteType.UP_MOD)
    assert Vote.objects.filter(post=question).count() == 3


def test_one_bookmark_and_one_follow_per_user_and_post(question: Post, bob: User) -> None:
    Vote.objects.create(post=question, user=bob, vote_type=VoteType.FAVORITE)
    Vote.objects.create(post=question, user=bob, vote_type=VoteType.FOLLOW)
    _refused(lambda: Vote.objects.create(post=question, user=bob, vote_type=VoteType.FAVORITE))
    _refused(lambda: Vote.objects.create(post=question, user=bob, vote_type=VoteType.FOLLOW))


def test_an_answers_parent_is_a_question(question: Post) -> None:
    answer = Post.objects.create(post_type=PostType.ANSWER, parent=question)
    _refused(lambda: Post.objects.create(post_type=PostType.ANSWER, parent=answer))
    wiki = Post.objects.create(post_type=PostType.TAG_WIKI, body_html="<p>wiki</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=answer.pk).update(parent=wiki)


def test_an_answer_needs_a_parent_and_a_question_has_none(question: Post) -> None:
    _refused(lambda: Post.objects.create(post_type=PostType.ANSWER))
    _refused(lambda: Post.objects.create(post_type=PostType.QUESTION, parent=question))


def test_the_accepted_answer_belongs_to_its_question(question: Post, alice: User) -> None:
    other = Post.objects.create(post_type=PostType.QUESTION, title="Another", owner=alice)
    own = Post.objects.create(post_type=PostType.ANSWER, parent=question)
    foreign = Post.objects.create(post_type=PostType.ANSWER, parent=other)
    Post.objects.filter(pk=question.pk).update(accepted_answer=own)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=question.pk).update(accepted_answer=foreign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=own.pk).update(accepted_answer=own)  # only questions accept
    assert Post.objects.get(pk=question.pk).accepted_answer_id == own.pk


def test_counters_cannot_go_negative(question: Post, alice: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=question.pk).update(answer_count=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="t", count=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=alice.pk).update(reputation=0)


def test_one_comment_upvote_per_user(question: Post, alice: User, bob: User) -> None:
    comment = Comment.objects.create(post=question, text="A comment of some length", user=alice)
    CommentVote.objects.create(comment=comment, user=bob)
    _refused(lambda: CommentVote.objects.create(comment=comment, user=bob))
