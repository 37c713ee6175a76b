"""The badge-check queue: rows written on commit, an exclusive claim, ``worker --once``."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from quaestio.accounts.models import User
from quaestio.badges.actions import STALE_CLAIM, claim_check, enqueue_badge_checks, next_check
from quaestio.badges.models import BadgeCheck
from tests.badges.conftest import Check, answer, ask, awards, upvote
from tests.conftest import make_user


def test_checks_are_written_only_when_the_transaction_commits(
    asker: User, answerer: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_badge_checks([asker.pk, None, answerer.pk, asker.pk], post_id=7, reason="vote")
        assert BadgeCheck.objects.count() == 0
    assert len(callbacks) == 1
    rows = list(BadgeCheck.objects.order_by("user_id").values_list("user_id", "post_id", "reason"))
    assert rows == [(asker.pk, 7, "vote"), (answerer.pk, 7, "vote")]


def test_a_rolled_back_action_leaves_no_check(
    asker: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_badge_checks([asker.pk], reason="comment")
    # The callbacks were never run, as when the action's transaction rolls back.
    assert len(callbacks) == 1
    assert BadgeCheck.objects.count() == 0


def test_it_refuses_an_unknown_reason(asker: User) -> None:
    with pytest.raises(ValueError, match="reason"):
        enqueue_badge_checks([asker.pk], reason="guess")


def test_only_one_of_two_claims_of_the_same_row_succeeds(asker: User) -> None:
    BadgeCheck.objects.create(user=asker, reason="vote")
    first = next_check()
    second = next_check()
    assert first is not None and second is not None and first.pk == second.pk
    # Two workers read the same pending row; each tries to claim it.
    assert claim_check(first) is True
    assert claim_check(second) is False
    assert BadgeCheck.objects.get(pk=first.pk).claimed_at is not None


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over(asker: User) -> None:
    BadgeCheck.objects.create(user=asker, reason="vote")
    row = next_check()
    assert row is not None and claim_check(row)
    assert next_check() is None
    with time_machine.travel(timezone.now() + STALE_CLAIM + timedelta(seconds=1)):
        stale = next_check()
        assert stale is not None and stale.pk == row.pk
        assert claim_check(stale) is True
        assert claim_check(row) is False


def test_worker_once_drains_the_queue_and_awards(asker: User, answerer: User) -> None:
    question = ask(asker)
    voter = make_user("Voter", "voter@example.org", reputation=200)
    upvote(question, [voter])
    BadgeCheck.objects.bulk_create(
        [
            BadgeCheck(user=asker, post_id=question.pk, reason="vote"),
            BadgeCheck(user=voter, post_id=question.pk, reason="vote"),
            BadgeCheck(user=answerer, reason="comment"),
        ]
    )
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "Processed 3 badge checks." in out.getvalue()
    assert not BadgeCheck.objects.filter(finished_at__isnull=True).exists()
    assert awards(asker, "Student") == [question.pk]
    assert awards(voter, "Supporter") == [None]


def test_a_check_runs_only_the_rules_its_event_can_satisfy(asker: User, check: Check) -> None:
    User.objects.filter(pk=asker.pk).update(about_markdown="I study the sea.")
    check([asker.pk], reason="comment")
    assert awards(asker, "Autobiographer") == []
    check([asker.pk], reason="profile")
    assert awards(asker, "Autobiographer") == [None]


def test_worker_sweep_runs_every_rule_and_prunes_old_checks(asker: User, answerer: User) -> None:
    question = ask(asker)
    answer(answerer, question)
    User.objects.filter(pk=asker.pk).update(about_markdown="I study the sea.")
    old = BadgeCheck.objects.create(user=asker, reason="vote", finished_at=timezone.now() - timedelta(days=8))
    recent = BadgeCheck.objects.create(user=asker, reason="vote", finished_at=timezone.now())
    out = StringIO()
    call_command("worker", "--sweep", stdout=out)
    assert "Sweep awarded 1 badges." in out.getvalue()
    assert awards(asker, "Autobiographer") == [None]
    assert list(BadgeCheck.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
