"""Personas and helpers for the badge tests: posts and votes come from the participation
actions, and badge checks run through the worker's own code, synchronously."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from quaestio.accounts.models import User
from quaestio.badges.actions import drain_queue, enqueue_badge_checks
from quaestio.badges.models import Badge
from quaestio.posts.actions import ask_question, cast_vote, post_answer
from quaestio.posts.models import Post, Tag
from tests.conftest import make_user

BODY = "This body is long enough to pass the thirty character minimum for posts."
# Enough reputation to vote both ways and to post without the new-user waits.
VOTER_REPUTATION = 200

Check = Callable[..., None]


@pytest.fixture
def asker(db: None) -> User:
    Tag.objects.get_or_create(name="physics")
    return make_user("Asker", "asker@example.org", reputation=VOTER_REPUTATION)


@pytest.fixture
def answerer(db: None) -> User:
    return make_user("Answerer", "answerer@example.org", reputation=VOTER_REPUTATION)


@pytest.fixture
def make_voters(db: None) -> Callable[[int], list[User]]:
    """``n`` distinct users able to vote up and down."""
    made: list[User] = []

    def voters(n: int) -> list[User]:
        start = len(made)
        for i in range(start, start + n):
            made.append(make_user(f"Voter {i}", f"voter{i}@example.org", reputation=VOTER_REPUTATION))
        return made[start:]

    return voters


@pytest.fixture
def check(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Check:
    """Enqueue badge checks as an action would (rows written on commit), then run the worker
    until the queue is empty."""

    def run(user_ids: Iterable[int | None], post_id: int | None = None, reason: str = "vote") -> None:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_badge_checks(user_ids, post_id=post_id, reason=reason)
        drain_queue()

    return run


def ask(user: User, title: str = "How do tides depend on the moon?") -> Post:
    return ask_question(user, title, BODY, "physics")


def answer(user: User, question: Post) -> Post:
    return post_answer(user, question.pk, BODY)


def upvote(post: Post, voters: Iterable[User], vote_type: int = 2) -> None:
    for voter in voters:
        cast_vote(voter, post.pk, vote_type)


def awards(user: User, name: str) -> list[int | None]:
    """The post ids of ``user``'s awards of ``name`` (None for an award not about a post)."""
    return sorted(
        Badge.objects.filter(user=user, name=name).values_list("post_id", flat=True),
        key=lambda post_id: post_id or 0,
    )
