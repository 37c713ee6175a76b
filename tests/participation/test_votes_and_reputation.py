"""cast_vote and toggle_accept move scores and reputation exactly as Stack Exchange does."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.reputation import fold_reputation, recalculate
from quaestio.lib.errors import Conflict, NotPermitted
from quaestio.posts.actions import ask_question, cast_vote, post_answer, toggle_accept
from quaestio.posts.models import Post, Tag, Vote
from quaestio.web.page_cache import versions
from tests.conftest import make_user
from tests.participation.conftest import BODY


def _reputation(*users: User) -> list[int]:
    return [User.objects.get(pk=user.pk).reputation for user in users]


@pytest.fixture
def thread(asker: User, answerer: User) -> tuple[Post, Post]:
    Tag.objects.create(name="physics")
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "physics")
    return question, post_answer(answerer, question.pk, BODY)


def test_the_stack_exchange_scenario(
    thread: tuple[Post, Post], asker: User, answerer: User, voter: User, critic: User
) -> None:
    question, answer = thread
    cast_vote(voter, question.pk, 2)  # +10 asker
    cast_vote(voter, answer.pk, 2)  # +10 answerer
    toggle_accept(asker, answer.pk)  # +15 answerer, +2 asker
    cast_vote(critic, answer.pk, 3)  # -2 answerer, -1 critic
    assert _reputation(asker, answerer, voter, critic) == [13, 24, 200, 199]
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.score == 0
    assert question.accepted_answer_id == answer.pk
    assert question.is_answered


def test_it_refuses_a_vote_on_own_post(thread: tuple[Post, Post], asker: User) -> None:
    User.objects.filter(pk=asker.pk).update(reputation=500)
    with pytest.raises(NotPermitted, match="your own post"):
        cast_vote(asker, thread[0].pk, 2)


@pytest.mark.parametrize(("vote_type", "threshold"), [(2, 15), (3, 125)])
def test_voting_needs_its_privilege_just_below_and_at_threshold(
    thread: tuple[Post, Post], vote_type: int, threshold: int
) -> None:
    user = make_user("Threshold", "t@example.org", reputation=threshold - 1)
    with pytest.raises(NotPermitted, match=f"{threshold} reputation"):
        cast_vote(user, thread[1].pk, vote_type)
    assert not Vote.objects.filter(user=user).exists()
    User.objects.filter(pk=user.pk).update(reputation=threshold)
    cast_vote(user, thread[1].pk, vote_type)
    assert Vote.objects.filter(user=user, vote_type=vote_type).count() == 1


def test_the_same_vote_again_undoes_it_and_the_other_vote_replaces_it(
    thread: tuple[Post, Post], answerer: User, voter: User
) -> None:
    answer = thread[1]
    state = cast_vote(voter, answer.pk, 2)
    assert (state.score, state.upvoted) == (1, True)
    state = cast_vote(voter, answer.pk, 3)
    assert (state.score, state.upvoted, state.downvoted) == (-1, False, True)
    assert _reputation(answerer, voter) == [1, 199]
    state = cast_vote(voter, answer.pk, 3)
    assert (state.score, state.downvoted) == (0, False)
    # The downvote found the answerer at the floor of 1 and took nothing, so undoing it gives
    # nothing back either.
    assert _reputation(answerer, voter) == [1, 200]
    assert Vote.objects.filter(post=answer, vote_type__in=[2, 3]).count() == 0


def test_a_vote_locks_after_five_minutes_unless_the_post_is_edited(
    thread: tuple[Post, Post], voter: User
) -> None:
    answer = thread[1]
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        cast_vote(voter, answer.pk, 2)
    with time_machine.travel("2026-03-01 10:06Z", tick=False):
        with pytest.raises(Conflict, match="locked in"):
            cast_vote(voter, answer.pk, 2)
        Post.objects.filter(pk=answer.pk).update(last_edit_date="2026-03-01T10:05:00Z")
        assert cast_vote(voter, answer.pk, 2).upvoted is False


def test_the_daily_cap_stops_vote_gains_at_200(thread: tuple[Post, Post], answerer: User) -> None:
    voters = [make_user(f"V{n}", f"v{n}@example.org", reputation=20) for n in range(21)]
    for voter in voters:
        cast_vote(voter, thread[1].pk, 2)
    assert _reputation(answerer) == [1 + 200]
    capped = ReputationEvent.objects.filter(user=answerer, amount=0).count()
    assert capped == 1


def test_accepting_another_answer_moves_the_reward(
    thread: tuple[Post, Post], asker: User, answerer: User
) -> None:
    question, first = thread
    second_author = make_user("Second", "second@example.org")
    second = post_answer(second_author, question.pk, BODY + " second")
    toggle_accept(asker, first.pk)
    toggle_accept(asker, second.pk)
    assert _reputation(asker, answerer, second_author) == [3, 1, 16]
    toggle_accept(asker, second.pk)
    question.refresh_from_db()
    assert question.accepted_answer_id is None
    assert not question.is_answered
    assert _reputation(asker, second_author) == [1, 1]


def test_only_the_asker_accepts(thread: tuple[Post, Post], voter: User) -> None:
    with pytest.raises(NotPermitted, match="Only the person who asked"):
        toggle_accept(voter, thread[1].pk)


def test_the_ledger_rebuilds_the_cached_reputation(
    thread: tuple[Post, Post], asker: User, answerer: User, voter: User, critic: User
) -> None:
    question, answer = thread
    cast_vote(voter, question.pk, 2)
    cast_vote(critic, answer.pk, 3)
    toggle_accept(asker, answer.pk)
    before = dict(User.objects.values_list("pk", "reputation"))
    User.objects.update(reputation=1)
    recalculate()
    assert dict(User.objects.values_list("pk", "reputation")) == before
    for user in User.objects.all():
        amounts = (
            ReputationEvent.objects.filter(user=user)
            .order_by("creation_date", "id")
            .values_list("amount", flat=True)
        )
        assert fold_reputation(amounts) == user.reputation


def test_a_rebuilt_reputation_dates_the_users_list(
    thread: tuple[Post, Post], voter: User, django_capture_on_commit_callbacks: Any
) -> None:
    cast_vote(voter, thread[0].pk, 2)
    with django_capture_on_commit_callbacks(execute=True):
        recalculate()
    unchanged = versions(["users"])
    with django_capture_on_commit_callbacks(execute=True):
        recalculate()
    # Nothing changed: the users list stays as cached.
    assert versions(["users"]) == unchanged
    User.objects.update(reputation=1)
    with django_capture_on_commit_callbacks(execute=True):
        recalculate()
    # The list is ordered by reputation: its cached pages and landmarks are out of date.
    assert versions(["users"]) != unchanged
