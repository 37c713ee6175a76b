"""Question badges: Student, Scholar, the score and view families, Tumbleweed, Curious."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.actions import add_comment, toggle_accept
from quaestio.posts.models import Post
from tests.badges.conftest import Check, answer, ask, awards, upvote


def test_student_needs_a_question_scoring_one_and_is_awarded_once(
    asker: User, make_voters: Callable[[int], list[User]], check: Check
) -> None:
    first = ask(asker)
    check([asker.pk], first.pk)
    assert awards(asker, "Student") == []
    voters = make_voters(1)
    upvote(first, voters)
    check([asker.pk], first.pk)
    assert awards(asker, "Student") == [first.pk]
    second = ask(asker, "Why is the sky blue at noon?")
    upvote(second, voters)
    check([asker.pk], second.pk)
    assert awards(asker, "Student") == [first.pk]


def test_nice_question_is_awarded_at_ten_and_once_per_question(
    asker: User, make_voters: Callable[[int], list[User]], check: Check
) -> None:
    voters = make_voters(10)
    first = ask(asker)
    second = ask(asker, "Why is the sky blue at noon?")
    upvote(first, voters[:9])
    check([asker.pk], first.pk)
    assert awards(asker, "Nice Question") == []
    upvote(first, voters[9:])
    upvote(second, voters)
    check([asker.pk], first.pk)
    check([asker.pk], second.pk)
    assert awards(asker, "Nice Question") == [first.pk, second.pk]


@pytest.mark.parametrize(("name", "threshold"), [("Good Question", 25), ("Great Question", 100)])
def test_higher_question_score_badges_follow_their_thresholds(
    asker: User, check: Check, name: str, threshold: int
) -> None:
    question = ask(asker)
    # Casting a hundred votes through cast_vote would only slow the suite: the rule reads the
    # score column that cast_vote maintains.
    Post.objects.filter(pk=question.pk).update(score=threshold - 1)
    check([asker.pk], question.pk)
    assert awards(asker, name) == []
    Post.objects.filter(pk=question.pk).update(score=threshold)
    check([asker.pk], question.pk)
    assert awards(asker, name) == [question.pk]


@pytest.mark.parametrize(
    ("name", "threshold"),
    [("Popular Question", 1000), ("Notable Question", 2500), ("Famous Question", 10000)],
)
def test_view_badges_come_from_the_sweep(asker: User, check: Check, name: str, threshold: int) -> None:
    question = ask(asker)
    # View counts reach the column in batches (posts/views_counter.py); set it as a flush would.
    Post.objects.filter(pk=question.pk).update(view_count=threshold - 1)
    check([asker.pk], reason="all")
    assert awards(asker, name) == []
    Post.objects.filter(pk=question.pk).update(view_count=threshold)
    check([asker.pk], question.pk, reason="vote")
    assert awards(asker, name) == [], "views are not a vote's business"
    check([asker.pk], reason="all")
    assert awards(asker, name) == [question.pk]


def test_scholar_is_for_accepting_someone_elses_answer(asker: User, answerer: User, check: Check) -> None:
    question = ask(asker)
    own = answer(asker, question)
    toggle_accept(asker, own.pk)
    check([asker.pk], own.pk, reason="accept")
    assert awards(asker, "Scholar") == []
    theirs = answer(answerer, question)
    toggle_accept(asker, theirs.pk)
    check([asker.pk, answerer.pk], theirs.pk, reason="accept")
    assert awards(asker, "Scholar") == [question.pk]


def test_tumbleweed_needs_a_silent_week(asker: User, answerer: User, check: Check) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        quiet = ask(asker)
        noisy = ask(asker, "Why is the sky blue at noon?")
        add_comment(answerer, noisy.pk, "Could you say where you are looking from?")
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        check([asker.pk], reason="all")
        assert awards(asker, "Tumbleweed") == []
    with time_machine.travel(start + timedelta(days=7), tick=False):
        check([asker.pk], reason="all")
        assert awards(asker, "Tumbleweed") == [quiet.pk]


def _well_received_questions_on_days(asker: User, voter: User, days: range) -> list[Post]:
    """One question a day, each voted up, on the given days from now."""
    start = timezone.now()
    questions = []
    for day in days:
        with time_machine.travel(start + timedelta(days=day), tick=False):
            question = ask(asker, f"Why do tides differ on day number {day}?")
            upvote(question, [voter])
            questions.append(question)
    return questions


def test_curious_needs_well_received_questions_on_five_days(
    asker: User, make_voters: Callable[[int], list[User]], check: Check
) -> None:
    voter = make_voters(1)[0]
    _well_received_questions_on_days(asker, voter, range(4))
    check([asker.pk])
    assert awards(asker, "Curious") == []
    _well_received_questions_on_days(asker, voter, range(4, 5))
    check([asker.pk])
    assert awards(asker, "Curious") == [None]
    assert awards(asker, "Inquisitive") == []


def test_curious_needs_a_positive_question_record(
    asker: User, make_voters: Callable[[int], list[User]], check: Check
) -> None:
    voter, critic = make_voters(2)
    _well_received_questions_on_days(asker, voter, range(5))
    # Six more questions voted down: 5 good of 11 is less than half.
    for number in range(6):
        upvote(ask(asker, f"A poorly received question {number}"), [critic], vote_type=3)
    check([asker.pk])
    assert awards(asker, "Curious") == []
