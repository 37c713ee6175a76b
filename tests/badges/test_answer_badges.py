"""Answer badges: Teacher, the score family, Enlightened, Necromancer, Revival, Self-Learner,
Guru, Populist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.actions import toggle_accept
from quaestio.posts.models import Post
from tests.badges.conftest import Check, answer, ask, awards, upvote
from tests.conftest import make_user

Voters = Callable[[int], list[User]]


def _score(post: Post, score: int) -> None:
    # Casting dozens of votes through cast_vote would only slow the suite: the rules read the
    # score column that cast_vote maintains (the vote-driven tests below use real votes).
    Post.objects.filter(pk=post.pk).update(score=score)


def test_teacher_needs_an_answer_scoring_one(
    asker: User, answerer: User, make_voters: Voters, check: Check
) -> None:
    reply = answer(answerer, ask(asker))
    check([answerer.pk], reply.pk)
    assert awards(answerer, "Teacher") == []
    upvote(reply, make_voters(1))
    check([answerer.pk], reply.pk)
    assert awards(answerer, "Teacher") == [reply.pk]


def test_nice_answer_is_awarded_at_ten_votes_once_per_answer(
    asker: User, answerer: User, make_voters: Voters, check: Check
) -> None:
    voters = make_voters(10)
    reply = answer(answerer, ask(asker))
    upvote(reply, voters[:9])
    check([answerer.pk], reply.pk)
    assert awards(answerer, "Nice Answer") == []
    upvote(reply, voters[9:])
    check([answerer.pk], reply.pk)
    check([answerer.pk], reply.pk)
    assert awards(answerer, "Nice Answer") == [reply.pk]


@pytest.mark.parametrize(("name", "threshold"), [("Good Answer", 25), ("Great Answer", 100)])
def test_higher_answer_score_badges_follow_their_thresholds(
    asker: User, answerer: User, check: Check, name: str, threshold: int
) -> None:
    reply = answer(answerer, ask(asker))
    _score(reply, threshold - 1)
    check([answerer.pk], reply.pk)
    assert awards(answerer, name) == []
    _score(reply, threshold)
    check([answerer.pk], reply.pk)
    assert awards(answerer, name) == [reply.pk]


def test_enlightened_is_for_the_first_answer_accepted_with_score_ten(
    asker: User, answerer: User, check: Check
) -> None:
    question = ask(asker)
    first = answer(answerer, question)
    later = answer(make_user("Later", "later@example.org", reputation=200), question)
    toggle_accept(asker, first.pk)
    _score(first, 9)
    check([answerer.pk], first.pk, reason="accept")
    assert awards(answerer, "Enlightened") == []
    _score(first, 10)
    check([answerer.pk], first.pk, reason="accept")
    assert awards(answerer, "Enlightened") == [first.pk]
    toggle_accept(asker, later.pk)
    _score(later, 50)
    check([later.owner_id], later.pk, reason="accept")
    assert Post.objects.filter(pk=later.pk).exists()
    assert awards(later.owner, "Enlightened") == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "delay", "score"),
    [("Necromancer", timedelta(days=60), 5), ("Revival", timedelta(days=30), 2)],
)
def test_late_answers_need_the_delay_and_the_score(
    asker: User, answerer: User, check: Check, name: str, delay: timedelta, score: int
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        punctual = ask(asker)
        overlooked = ask(asker, "Why is the sky blue at noon?")
    with time_machine.travel(start + delay, tick=False):
        # Exactly the delay is not "more than" the delay.
        on_the_day = answer(answerer, punctual)
        _score(on_the_day, score)
    with time_machine.travel(start + delay + timedelta(hours=1), tick=False):
        late = answer(answerer, overlooked)
        _score(late, score - 1)
        check([answerer.pk], late.pk)
        assert awards(answerer, name) == []
        _score(late, score)
    with time_machine.travel(start + delay + timedelta(hours=2), tick=False):
        second = answer(answerer, overlooked)
        _score(second, score)
        check([answerer.pk], second.pk)
    # Revival is for the first answer only: ``second`` came after ``late``.
    expected = [late.pk, second.pk] if name == "Necromancer" else [late.pk]
    assert awards(answerer, name) == expected


def test_self_learner_needs_score_three_on_an_answer_to_your_own_question(asker: User, check: Check) -> None:
    reply = answer(asker, ask(asker))
    _score(reply, 2)
    check([asker.pk], reply.pk)
    assert awards(asker, "Self-Learner") == []
    _score(reply, 3)
    check([asker.pk], reply.pk)
    assert awards(asker, "Self-Learner") == [reply.pk]


def test_guru_needs_an_accepted_answer_scoring_forty(asker: User, answerer: User, check: Check) -> None:
    reply = answer(answerer, ask(asker))
    _score(reply, 40)
    check([answerer.pk], reply.pk)
    assert awards(answerer, "Guru") == []
    toggle_accept(asker, reply.pk)
    _score(reply, 39)
    check([answerer.pk], reply.pk, reason="accept")
    assert awards(answerer, "Guru") == []
    _score(reply, 40)
    check([answerer.pk], reply.pk, reason="accept")
    assert awards(answerer, "Guru") == [reply.pk]


def test_populist_outscores_an_accepted_answer_by_more_than_twice(
    asker: User, answerer: User, check: Check
) -> None:
    question = ask(asker)
    accepted = answer(make_user("Accepted", "accepted@example.org", reputation=200), question)
    popular = answer(answerer, question)
    toggle_accept(asker, accepted.pk)
    _score(accepted, 11)
    _score(popular, 22)
    check([answerer.pk], popular.pk)
    assert awards(answerer, "Populist") == []
    _score(popular, 23)
    check([answerer.pk], popular.pk)
    assert awards(answerer, "Populist") == [popular.pk]


def test_populist_needs_the_accepted_answer_above_ten(asker: User, answerer: User, check: Check) -> None:
    question = ask(asker)
    accepted = answer(make_user("Accepted", "accepted@example.org", reputation=200), question)
    popular = answer(answerer, question)
    toggle_accept(asker, accepted.pk)
    _score(accepted, 10)
    _score(popular, 100)
    check([answerer.pk], popular.pk)
    assert awards(answerer, "Populist") == []
