"""Every privileged action, tried just below and at its threshold (beta privilege set).

The action is refused with NotPermitted below the threshold and leaves nothing behind; at
the threshold it succeeds. Privileges are enforced inside the actions, so this holds for the
HTML views, the API and scripts alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.models import User
from quaestio.accounts.rules import Privilege
from quaestio.lib.errors import NotPermitted
from quaestio.posts.actions import (
    add_comment,
    ask_question,
    cast_vote,
    edit_post,
    post_answer,
    review_suggested_edit,
    rollback_post,
    toggle_comment_upvote,
)
from quaestio.posts.models import Comment, Post, PostHistory, SuggestedEdit, SuggestedEditVote, Tag, Vote
from tests.conftest import make_user
from tests.participation.conftest import BODY


@dataclass
class World:
    owner: User
    question: Post
    answer: Post
    comment: Comment


@pytest.fixture
def world(db: None) -> World:
    owner = make_user("Owner", "owner@example.org", reputation=5000)
    Tag.objects.create(name="physics")
    question = ask_question(owner, "How do tides depend on the moon?", BODY, "physics")
    answerer = make_user("Answerer", "answerer2@example.org", reputation=5000)
    answer = post_answer(answerer, question.pk, BODY)
    comment = add_comment(owner, question.pk, "A comment that anyone could upvote.")
    return World(owner, question, answer, comment)


def _vote_up(user: User, w: World) -> object:
    return cast_vote(user, w.answer.pk, 2)


def _vote_down(user: User, w: World) -> object:
    return cast_vote(user, w.answer.pk, 3)


def _comment(user: User, w: World) -> object:
    return add_comment(user, w.question.pk, "A comment on someone else's question.")


def _upvote_comment(user: User, w: World) -> object:
    return toggle_comment_upvote(user, w.comment.pk)


def _create_tag(user: User, w: World) -> object:
    return ask_question(user, "A question that needs a brand new tag", BODY, "brand-new-tag")


def _edit_freely(user: User, w: World) -> object:
    outcome = edit_post(user, w.answer.pk, title=None, body=BODY + " edited freely", tags=None)
    if outcome.is_suggestion:
        raise NotPermitted("the edit became a suggestion")
    return outcome


def _rollback(user: User, w: World) -> object:
    # A second revision to roll back from, written once, outside its author's grace period.
    if not PostHistory.objects.filter(post=w.answer, post_history_type=5).exists():
        PostHistory.objects.filter(post=w.answer).update(creation_date=timezone.now() - timedelta(hours=1))
        edit_post(w.owner, w.answer.pk, title=None, body=BODY + " owner edit", tags=None)
    return rollback_post(user, w.answer.pk, 1)


def _review(user: User, w: World) -> object:
    suggester = User.objects.filter(email="suggester@example.org").first() or make_user(
        "Suggester", "suggester@example.org", reputation=1
    )
    suggestion = edit_post(
        suggester, w.answer.pk, title=None, body=BODY + " suggested", tags=None
    ).suggested_edit
    assert suggestion is not None
    return review_suggested_edit(user, suggestion.pk, approve=True)


def _nothing_written() -> int:
    return (
        Vote.objects.filter(vote_type__in=[2, 3]).count()
        + Comment.objects.count()
        + Tag.objects.filter(name="brand-new-tag").count()
        + SuggestedEditVote.objects.count()
        + PostHistory.objects.filter(post_history_type__in=[7, 8, 9]).count()
    )


CASES: list[tuple[Privilege, Callable[[User, World], object]]] = [
    (Privilege.VOTE_UP, _vote_up),
    (Privilege.VOTE_DOWN, _vote_down),
    (Privilege.COMMENT_EVERYWHERE, _comment),
    (Privilege.VOTE_UP, _upvote_comment),
    (Privilege.CREATE_TAGS, _create_tag),
    (Privilege.EDIT_QUESTIONS_AND_ANSWERS, _edit_freely),
    (Privilege.EDIT_QUESTIONS_AND_ANSWERS, _rollback),
    (Privilege.EDIT_QUESTIONS_AND_ANSWERS, _review),
]


@pytest.mark.parametrize(("privilege", "attempt"), CASES, ids=[f"{p.value}-{f.__name__}" for p, f in CASES])
def test_just_below_the_threshold_is_refused_and_at_it_allowed(
    world: World,
    privilege: Privilege,
    attempt: Callable[[User, World], object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A site past its first questions, where creating tags takes the privilege.
    monkeypatch.setattr(rules, "OPEN_TAG_CREATION_BELOW_QUESTIONS", 0)
    threshold = rules.threshold(privilege)
    user = make_user("Candidate", "candidate@example.org", reputation=threshold - 1)
    before = _nothing_written()
    with pytest.raises(NotPermitted):
        attempt(user, world)
    if attempt is not _review and attempt is not _rollback:
        assert _nothing_written() == before
    SuggestedEdit.objects.all().delete()
    User.objects.filter(pk=user.pk).update(reputation=threshold)
    user.refresh_from_db()
    attempt(user, world)


def test_moderators_hold_every_privilege(world: World) -> None:
    moderator = make_user("Mod", "mod@example.org", reputation=1, is_moderator=True)
    _vote_down(moderator, world)
    _create_tag(moderator, world)
    _edit_freely(moderator, world)
