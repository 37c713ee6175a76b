"""Voting, participation, moderation and editing badges, and tag badges."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.badges.models import Badge
from quaestio.posts.actions import add_comment, edit_post
from quaestio.posts.models import Post, PostHistory, Vote
from tests.badges.conftest import BODY, Check, answer, ask, awards, upvote
from tests.conftest import make_user

Voters = Callable[[int], list[User]]


def test_supporter_and_critic_follow_the_first_vote_each_way(
    asker: User, answerer: User, make_voters: Voters, check: Check
) -> None:
    voter = make_voters(1)[0]
    question = ask(asker)
    reply = answer(answerer, question)
    check([voter.pk])
    assert (awards(voter, "Supporter"), awards(voter, "Critic")) == ([], [])
    upvote(question, [voter])
    upvote(reply, [voter], vote_type=3)
    check([voter.pk], reply.pk)
    assert (awards(voter, "Supporter"), awards(voter, "Critic")) == ([None], [None])
    upvote(ask(asker, "Why is the sky blue at noon?"), [voter])
    check([voter.pk])
    assert awards(voter, "Supporter") == [None]


def test_suffrage_at_thirty_votes_in_a_day_and_vox_populi_at_forty(
    asker: User, make_voters: Voters, check: Check
) -> None:
    voter = make_voters(1)[0]
    questions = [ask(asker, f"Question number {n} about the tides") for n in range(40)]
    for question in questions[:29]:
        upvote(question, [voter])
    check([voter.pk])
    assert awards(voter, "Suffrage") == []
    upvote(questions[29], [voter])
    check([voter.pk])
    assert awards(voter, "Suffrage") == [None]
    for question in questions[30:39]:
        upvote(question, [voter])
    check([voter.pk])
    assert awards(voter, "Vox Populi") == []
    upvote(questions[39], [voter])
    check([voter.pk])
    assert awards(voter, "Vox Populi") == [None]


def test_civic_duty_at_three_hundred_votes(asker: User, make_voters: Voters, check: Check) -> None:
    voter = make_voters(1)[0]
    question = ask(asker)
    # 300 votes through cast_vote would take eight days of quota and 300 posts; the rule counts
    # Vote rows of types 2 and 3, so write them as an import would.
    Vote.objects.bulk_create([Vote(post_id=question.pk + n, user=voter, vote_type=2) for n in range(299)])
    check([voter.pk])
    assert awards(voter, "Civic Duty") == []
    Vote.objects.create(post_id=question.pk + 1000, user=voter, vote_type=3)
    check([voter.pk])
    assert awards(voter, "Civic Duty") == [None]


def test_commentator_at_ten_comments(asker: User, answerer: User, check: Check) -> None:
    question = ask(asker)
    start = timezone.now()
    for n in range(10):
        with time_machine.travel(start + timedelta(minutes=n), tick=False):
            add_comment(answerer, question.pk, f"Comment number {n} on this question.")
        if n == 8:
            check([answerer.pk], question.pk, reason="comment")
            assert awards(answerer, "Commentator") == []
    check([answerer.pk], question.pk, reason="comment")
    assert awards(answerer, "Commentator") == [None]


def test_autobiographer_needs_an_about_me(asker: User, check: Check) -> None:
    check([asker.pk], reason="profile")
    assert awards(asker, "Autobiographer") == []
    # The profile-editing action is not written yet; it will set this field.
    User.objects.filter(pk=asker.pk).update(about_markdown="I study the sea.")
    check([asker.pk], reason="profile")
    assert awards(asker, "Autobiographer") == [None]


def test_yearling_once_per_year_with_two_hundred_reputation(db: None, check: Check) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        member = make_user("Member", "member@example.org")
    with time_machine.travel(start + timedelta(days=100), tick=False):
        ReputationEvent.objects.create(user=member, kind=ReputationEvent.Kind.POST_UPVOTED, amount=199)
    with time_machine.travel(start + timedelta(days=366), tick=False):
        check([member.pk], reason="all")
        assert awards(member, "Yearling") == []
    with time_machine.travel(start + timedelta(days=400), tick=False):
        ReputationEvent.objects.create(user=member, kind=ReputationEvent.Kind.POST_UPVOTED, amount=200)
    with time_machine.travel(start + timedelta(days=731), tick=False):
        check([member.pk], reason="all")
        assert awards(member, "Yearling") == [None]
        check([member.pk], reason="all")
        assert awards(member, "Yearling") == [None]


def test_citizen_patrol_counts_spam_and_offensive_flags(asker: User, answerer: User, check: Check) -> None:
    question = ask(asker)
    check([answerer.pk], question.pk, reason="flag")
    assert awards(answerer, "Citizen Patrol") == []
    # Flags arrive with the moderation issue; a spam flag is recorded as vote type 12 in the dump.
    Vote.objects.create(post=question, user=answerer, vote_type=12)
    check([answerer.pk], question.pk, reason="flag")
    assert awards(answerer, "Citizen Patrol") == [None]


def test_editor_follows_the_first_edit(asker: User, check: Check) -> None:
    question = ask(asker)
    check([asker.pk], question.pk, reason="edit")
    assert awards(asker, "Editor") == []
    # Past the five-minute grace period, so the edit is a revision of its own.
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        edit_post(asker, question.pk, title=question.title, body=BODY + " Edited.", tags="physics")
    check([asker.pk], question.pk, reason="edit")
    assert awards(asker, "Editor") == [None]


def _edits(editor: User, post_ids: range, *, when: datetime | None = None) -> None:
    # Eighty real edits would need eighty posts; the rules read PostHistory rows 4/5/6, the
    # interface the edit actions write, so write those rows.
    moment = when or timezone.now()
    PostHistory.objects.bulk_create(
        [
            PostHistory(
                post_id=post_id,
                post_history_type=5,
                revision_guid=str(uuid.uuid4()),
                user=editor,
                creation_date=moment,
            )
            for post_id in post_ids
        ]
    )


def test_strunk_and_white_at_eighty_edited_posts(asker: User, check: Check) -> None:
    _edits(asker, range(1, 80))
    _edits(asker, range(1, 10))  # editing a post again does not count twice
    check([asker.pk], reason="edit")
    assert awards(asker, "Strunk & White") == []
    _edits(asker, range(80, 81))
    check([asker.pk], reason="edit")
    assert awards(asker, "Strunk & White") == [None]


def test_archaeologist_counts_edits_of_posts_inactive_for_six_months(asker: User, check: Check) -> None:
    long_ago = timezone.now() - timedelta(days=400)
    PostHistory.objects.bulk_create(
        [
            PostHistory(
                post_id=n, post_history_type=2, revision_guid=str(uuid.uuid4()), creation_date=long_ago
            )
            for n in range(1, 102)
        ]
    )
    # Post 101 was edited recently by someone else, so editing it now is no archaeology.
    _edits(make_user("Other", "other@example.org"), range(101, 102), when=timezone.now() - timedelta(days=1))
    _edits(asker, range(1, 100))
    _edits(asker, range(101, 102))
    check([asker.pk], reason="edit")
    assert awards(asker, "Archaeologist") == []
    _edits(asker, range(100, 101))
    check([asker.pk], reason="edit")
    assert awards(asker, "Archaeologist") == [None]


def test_tag_badges_need_both_the_score_and_the_answer_count(
    asker: User, answerer: User, check: Check
) -> None:
    question = ask(asker)
    replies = [answer(answerer, question) for _ in range(20)]
    # The rule sums the score column that cast_vote maintains; 100 votes would only be slow.
    Post.objects.filter(pk__in=[reply.pk for reply in replies[:19]]).update(score=5)
    check([answerer.pk], question.pk)
    assert not Badge.objects.filter(user=answerer, tag_based=True).exists()
    Post.objects.filter(pk=replies[19].pk).update(score=4)
    check([answerer.pk], question.pk)
    assert not Badge.objects.filter(user=answerer, tag_based=True).exists()  # 99 points
    Post.objects.filter(pk=replies[19].pk).update(score=5)
    check([answerer.pk], question.pk)
    check([answerer.pk], question.pk)
    badges = list(Badge.objects.filter(user=answerer, tag_based=True).values_list("name", "badge_class"))
    assert badges == [("physics", 3)]
    Post.objects.filter(pk__in=[reply.pk for reply in replies]).update(score=100)
    check([answerer.pk], question.pk)
    # 2,000 points over 20 answers: the score is there, the answer counts for silver are not.
    assert Badge.objects.filter(user=answerer, tag_based=True).count() == 1
