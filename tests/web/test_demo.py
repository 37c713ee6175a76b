"""``quaestio demo``: a believable site, consistent in every counter exactly as actions leave it.

The demo is built once for ``DemoSiteTests`` (``setUpTestData``, rolled back afterwards); each
consistency rule is one query over all rows, so a single wrong row anywhere fails it. The
command's refusals and the rollback on failure are tested on their own, on an empty site.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.test import TestCase
from django.utils import timezone

from quaestio.accounts.models import COMMUNITY_USER_ID, ReputationEvent, User
from quaestio.accounts.reputation import CAPPED_KINDS, fold_reputation
from quaestio.accounts.rules import DAILY_REPUTATION_CAP
from quaestio.badges.definitions import BY_NAME
from quaestio.badges.models import Badge
from quaestio.lib.markdown import render_comment, render_markdown
from quaestio.lib.tags import format_tags
from quaestio.posts.models import (
    CloseReason,
    Comment,
    Post,
    PostHistory,
    PostHistoryType,
    PostLink,
    PostLinkType,
    PostTag,
    PostType,
    Tag,
    Vote,
    VoteType,
)
from quaestio.web.demo import DemoSummary, build_demo
from quaestio.web.demo.content import parse_threads
from quaestio.web.demo.people import DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL, MODERATOR_PASSWORD
from quaestio.web.demo.planner import plan_site

Kind = ReputationEvent.Kind
QUESTION, ANSWER = PostType.QUESTION, PostType.ANSWER


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "votes": Vote.objects.count(),
        "history": PostHistory.objects.count(),
        "events": ReputationEvent.objects.count(),
        "badges": Badge.objects.count(),
        "tags": Tag.objects.count(),
    }


class DemoSiteTests(TestCase):
    started: datetime
    summary: DemoSummary

    @classmethod
    def setUpTestData(cls) -> None:
        cls.started = timezone.now()
        cls.summary = build_demo()

    # ---------------------------------------------------------------- what is there

    def test_it_has_a_community_of_the_promised_size(self) -> None:
        assert User.objects.exclude(pk=COMMUNITY_USER_ID).count() >= 50
        assert Post.objects.filter(post_type=QUESTION).count() >= 200
        assert Tag.objects.filter(count__gt=0).count() >= 20
        assert Post.objects.filter(post_type=ANSWER).count() >= 250
        assert Comment.objects.count() >= 200
        assert Vote.objects.filter(vote_type=VoteType.DOWN_MOD).exists()
        assert Vote.objects.filter(vote_type=VoteType.FAVORITE).exists()
        assert Post.objects.filter(post_type=QUESTION, answer_count=0).exists()

    def test_people_come_from_many_places_and_joined_over_three_years(self) -> None:
        users = User.objects.exclude(pk=COMMUNITY_USER_ID)
        assert users.exclude(location="").values("location").distinct().count() >= 30
        assert users.exclude(about_markdown="").count() >= 30
        first = users.order_by("creation_date").first()
        last = users.order_by("-creation_date").first()
        assert first is not None and last is not None
        assert (last.creation_date - first.creation_date).days >= 365
        assert not users.filter(last_access_date__lt=F("creation_date")).exists()

    def test_answers_are_long_tailed(self) -> None:
        counts = list(Post.objects.filter(post_type=QUESTION).values_list("answer_count", flat=True))
        few = sum(1 for n in counts if 1 <= n <= 3)
        assert few > len(counts) / 2
        assert any(n >= 8 for n in counts)
        assert max(counts) <= 12

    def test_some_post_has_more_comments_than_are_shown_at_first(self) -> None:
        assert Post.objects.filter(comment_count__gt=5).exists()

    def test_about_forty_percent_of_answered_questions_have_an_accepted_answer(self) -> None:
        answered = Post.objects.filter(post_type=QUESTION, answer_count__gt=0)
        share = answered.filter(accepted_answer__isnull=False).count() / answered.count()
        assert 0.3 <= share <= 0.6

    def test_the_community_user_is_there(self) -> None:
        community = User.objects.get(pk=COMMUNITY_USER_ID)
        assert community.display_name == "Community"
        assert not community.has_usable_password()

    def test_the_demo_user_can_log_in_and_has_taken_part(self) -> None:
        user = authenticate(email=DEMO_EMAIL, password=DEMO_PASSWORD)
        assert isinstance(user, User)
        assert user.reputation == 2500
        assert Post.objects.filter(owner=user, post_type=QUESTION).count() >= 2
        assert Post.objects.filter(owner=user, post_type=ANSWER).exists()
        assert self.client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)

    def test_the_moderator_can_log_in(self) -> None:
        moderator = authenticate(email=MODERATOR_EMAIL, password=MODERATOR_PASSWORD)
        assert isinstance(moderator, User)
        assert moderator.is_moderator

    def test_nobody_else_can_log_in(self) -> None:
        others = User.objects.exclude(email__in=[DEMO_EMAIL, MODERATOR_EMAIL])
        assert not others.exclude(email=None).exists()
        assert not any(user.has_usable_password() for user in others)

    def test_a_question_is_closed_by_three_voters(self) -> None:
        closed = Post.objects.filter(post_type=QUESTION, closed_date__isnull=False).exclude(
            close_reason=CloseReason.DUPLICATE
        )
        assert closed.exists()
        for question in closed:
            row = PostHistory.objects.get(post=question, post_history_type=PostHistoryType.POST_CLOSED)
            assert row.comment == str(question.close_reason)
            voters = json.loads(row.text)["Voters"]
            assert len(voters) == 3
            for voter in voters:
                assert User.objects.get(pk=voter["Id"]).display_name == voter["DisplayName"]
            assert not question.answers.filter(creation_date__gt=question.closed_date).exists()

    def test_a_question_is_closed_as_a_duplicate_of_an_older_one(self) -> None:
        duplicate = Post.objects.get(close_reason=CloseReason.DUPLICATE)
        link = PostLink.objects.get(post=duplicate, link_type=PostLinkType.DUPLICATE)
        history = PostHistory.objects.get(post=duplicate, post_history_type=PostHistoryType.POST_CLOSED)
        details = json.loads(history.text)
        assert details["OriginalQuestionIds"] == [link.related_post_id]
        assert history.comment == "101"
        original = Post.objects.get(pk=link.related_post_id)
        assert original.post_type == QUESTION
        assert original.creation_date < duplicate.creation_date

    def test_a_question_is_protected(self) -> None:
        question = Post.objects.get(protected_date__isnull=False)
        row = PostHistory.objects.get(post=question, post_history_type=PostHistoryType.QUESTION_PROTECTED)
        assert row.creation_date == question.protected_date
        assert json.loads(row.text)["Voters"][0]["Id"] == row.user_id

    def test_a_community_wiki_answer_earns_nobody_reputation(self) -> None:
        wikis = Post.objects.filter(community_owned_date__isnull=False)
        assert wikis.filter(post_type=ANSWER, score__gt=0).exists()
        assert not ReputationEvent.objects.filter(post_id__in=wikis.values("pk")).exists()

    def test_edited_posts_have_their_revision(self) -> None:
        edited = Post.objects.filter(last_edit_date__isnull=False)
        assert edited.count() >= 5
        for post in edited:
            revision = PostHistory.objects.filter(
                post=post, post_history_type=PostHistoryType.EDIT_BODY
            ).latest("creation_date")
            assert revision.text == post.body_markdown
            assert revision.user_id == post.last_editor_id
            assert revision.creation_date == post.last_edit_date
            initial = PostHistory.objects.get(post=post, post_history_type=PostHistoryType.INITIAL_BODY)
            assert initial.text != post.body_markdown

    def test_main_tags_have_an_excerpt_and_a_wiki_owned_by_community(self) -> None:
        tags = Tag.objects.filter(excerpt_post__isnull=False, wiki_post__isnull=False)
        assert tags.count() >= 10
        for tag in tags.select_related("excerpt_post", "wiki_post"):
            assert tag.excerpt_post is not None and tag.wiki_post is not None
            assert tag.excerpt_post.post_type == PostType.TAG_WIKI_EXCERPT
            assert tag.wiki_post.post_type == PostType.TAG_WIKI
            assert tag.excerpt_post.owner_id == tag.wiki_post.owner_id == COMMUNITY_USER_ID

    # ---------------------------------------------------------------- counters

    def test_every_score_is_its_up_votes_minus_its_down_votes(self) -> None:
        wrong = Post.objects.annotate(
            ups=Count("votes", filter=Q(votes__vote_type=VoteType.UP_MOD)),
            downs=Count("votes", filter=Q(votes__vote_type=VoteType.DOWN_MOD)),
        ).exclude(score=F("ups") - F("downs"))
        assert not wrong.exists()

    def test_answer_and_comment_counts_match_the_rows(self) -> None:
        live = Q(answers__deletion_date__isnull=True, answers__post_type=ANSWER)
        questions = Post.objects.filter(post_type=QUESTION).annotate(live=Count("answers", filter=live))
        assert not questions.exclude(answer_count=F("live")).exists()
        posts = Post.objects.annotate(n=Count("comments"))
        assert not posts.exclude(comment_count=F("n")).exists()

    def test_comment_scores_are_their_votes(self) -> None:
        comments = Comment.objects.annotate(n=Count("votes"))
        assert not comments.exclude(score=F("n")).exists()
        assert comments.filter(score__gt=0).exists()

    def test_is_answered_means_accepted_or_a_positive_answer(self) -> None:
        positive = Post.objects.filter(parent=OuterRef("pk"), score__gt=0)
        questions = Post.objects.filter(post_type=QUESTION).annotate(positive=Exists(positive))
        expected = Q(accepted_answer__isnull=False) | Q(positive=True)
        assert not questions.filter(expected, is_answered=False).exists()
        assert not questions.filter(~expected, is_answered=True).exists()

    def test_accepted_answers_belong_to_their_question_and_were_accepted_by_the_asker(self) -> None:
        for question in Post.objects.filter(accepted_answer__isnull=False).select_related("accepted_answer"):
            answer = question.accepted_answer
            assert answer is not None and answer.parent_id == question.pk
            accept = Vote.objects.get(post=answer, vote_type=VoteType.ACCEPTED_BY_ORIGINATOR)
            assert accept.creation_date > answer.creation_date
            if answer.owner_id != question.owner_id:
                grant = ReputationEvent.objects.get(post_id=answer.pk, kind=Kind.ASKER_ACCEPTS_ANSWER)
                assert grant.user_id == grant.actor_id == question.owner_id

    def test_tags_match_their_rows_and_counts(self) -> None:
        names = dict(Tag.objects.values_list("pk", "name"))
        tagged: dict[int, list[str]] = defaultdict(list)
        for post_id, tag_id in PostTag.objects.order_by("pk").values_list("post_id", "tag_id"):
            tagged[post_id].append(names[tag_id])
        for post_id, tags in Post.objects.filter(post_type=QUESTION).values_list("pk", "tags"):
            assert sorted(tags.split()) == sorted(tagged[post_id])
        live = Q(post_tags__post__post_type=QUESTION, post_tags__post__deletion_date__isnull=True)
        assert not Tag.objects.annotate(n=Count("post_tags", filter=live)).exclude(count=F("n")).exists()
        assert not Post.objects.filter(post_type=ANSWER).exclude(tags="").exists()

    def test_bodies_are_rendered_from_their_markdown(self) -> None:
        tags_of = dict(Post.objects.filter(post_type=QUESTION).values_list("pk", "tags"))
        for post in Post.objects.only("body_markdown", "body_html", "tags", "parent_id", "post_type"):
            tags = (post.tags if post.post_type == QUESTION else tags_of.get(post.parent_id or 0, "")).split()
            assert post.body_html == render_markdown(post.body_markdown, tags), post.pk
        for text, text_html in Comment.objects.values_list("text", "text_html"):
            assert text_html == render_comment(text)
        for about, about_html in User.objects.exclude(about_markdown="").values_list(
            "about_markdown", "about_html"
        ):
            assert about_html == render_markdown(about)

    def test_every_post_has_its_creation_revisions(self) -> None:
        history: dict[int, dict[int, PostHistory]] = defaultdict(dict)
        creation = [PostHistoryType.INITIAL_TITLE, PostHistoryType.INITIAL_BODY, PostHistoryType.INITIAL_TAGS]
        for row in PostHistory.objects.filter(post_history_type__in=creation):
            assert row.post_history_type not in history[row.post_id]
            history[row.post_id][row.post_history_type] = row
        for post in Post.objects.all():
            rows = history[post.pk]
            if post.post_type == QUESTION:
                assert set(rows) == set(creation)
                assert len({row.revision_guid for row in rows.values()}) == 1
                assert rows[PostHistoryType.INITIAL_TITLE].text == post.title
                assert rows[PostHistoryType.INITIAL_TAGS].text == format_tags(post.tags.split())
            else:
                assert set(rows) == {PostHistoryType.INITIAL_BODY}
            assert all(row.creation_date == post.creation_date for row in rows.values())
            assert all(row.user_id == post.owner_id for row in rows.values())
            if post.last_edit_date is None:
                assert rows[PostHistoryType.INITIAL_BODY].text == post.body_markdown

    def test_last_activity_is_the_latest_of_creation_answers_and_edits(self) -> None:
        latest_answer = dict(
            Post.objects.filter(post_type=ANSWER)
            .values("parent_id")
            .annotate(latest=Max("last_activity_date"))
            .values_list("parent_id", "latest")
        )
        for post in Post.objects.filter(post_type__in=[QUESTION, ANSWER]):
            moments = [post.creation_date, post.last_edit_date, latest_answer.get(post.pk)]
            assert post.last_activity_date == max(m for m in moments if m is not None)

    def test_views_grow_with_score(self) -> None:
        questions = Post.objects.filter(post_type=QUESTION)
        assert not questions.filter(view_count__lte=0).exists()
        top = questions.order_by("-score")[:10]
        bottom = questions.order_by("score")[:10]
        assert min(q.view_count for q in top) > max(q.view_count for q in bottom) / 2

    # ---------------------------------------------------------------- votes and reputation

    def test_nobody_votes_on_their_own_posts_or_twice(self) -> None:
        assert not Vote.objects.filter(user_id=F("post__owner_id")).exists()
        pairs = Vote.objects.filter(vote_type__in=[2, 3]).values("post_id", "user_id").annotate(n=Count("pk"))
        assert not pairs.filter(n__gt=1).exists()

    def test_users_vote_counts_are_the_votes_they_cast(self) -> None:
        users = User.objects.annotate(
            ups=Count("votes", filter=Q(votes__vote_type=VoteType.UP_MOD)),
            downs=Count("votes", filter=Q(votes__vote_type=VoteType.DOWN_MOD)),
        )
        assert not users.exclude(up_votes=F("ups")).exists()
        assert not users.exclude(down_votes=F("downs")).exists()

    def test_everything_happens_in_order_and_before_now(self) -> None:
        now = timezone.now()
        assert not Post.objects.filter(
            parent__isnull=False, creation_date__lte=F("parent__creation_date")
        ).exists()
        assert not Comment.objects.filter(creation_date__lte=F("post__creation_date")).exists()
        assert not Vote.objects.filter(creation_date__lt=F("post__creation_date")).exists()
        assert not Vote.objects.filter(creation_date__lt=F("user__creation_date")).exists()
        assert not Post.objects.filter(
            owner__isnull=False, creation_date__lt=F("owner__creation_date")
        ).exists()
        assert not Comment.objects.filter(creation_date__lt=F("user__creation_date")).exists()
        assert not Post.objects.filter(last_activity_date__gt=now).exists()
        assert not Vote.objects.filter(creation_date__gt=now).exists()
        first = Post.objects.filter(post_type=QUESTION).order_by("creation_date").first()
        assert first is not None and (self.started - first.creation_date).days >= 900

    def test_every_vote_and_accept_is_in_the_ledger(self) -> None:
        wiki = Q(post__community_owned_date__isnull=False)
        ups = Vote.objects.filter(vote_type=VoteType.UP_MOD).exclude(wiki).count()
        downs = Vote.objects.filter(vote_type=VoteType.DOWN_MOD).exclude(wiki).count()
        answer_downs = (
            Vote.objects.filter(vote_type=VoteType.DOWN_MOD, post__post_type=ANSWER).exclude(wiki).count()
        )
        events = ReputationEvent.objects
        assert events.filter(kind=Kind.POST_UPVOTED).count() == ups
        assert events.filter(kind=Kind.POST_DOWNVOTED).count() == downs
        assert events.filter(kind=Kind.VOTER_DOWNVOTES, amount=-1).count() == answer_downs
        assert not events.filter(kind=Kind.POST_UPVOTED, amount__gt=10).exists()
        assert not events.filter(kind=Kind.POST_DOWNVOTED).exclude(amount=-2).exists()
        assert not events.filter(kind=Kind.ANSWER_ACCEPTED).exclude(amount=15).exists()
        assert not events.filter(kind=Kind.ASKER_ACCEPTS_ANSWER).exclude(amount=2).exists()
        # Each vote's event names the post, the voter as actor, and the post's owner as recipient.
        votes = Vote.objects.filter(vote_type__in=[2, 3]).exclude(wiki)
        expected = set(votes.values_list("post_id", "user_id", "post__owner_id"))
        grants = events.filter(kind__in=[Kind.POST_UPVOTED, Kind.POST_DOWNVOTED])
        assert set(grants.values_list("post_id", "actor_id", "user_id")) == expected

    def test_vote_gains_respect_the_daily_cap(self) -> None:
        totals: dict[tuple[int, object], int] = defaultdict(int)
        capped = ReputationEvent.objects.filter(kind__in=CAPPED_KINDS).order_by("creation_date", "pk")
        for user_id, amount, when in capped.values_list("user_id", "amount", "creation_date"):
            day = (user_id, when.astimezone(UTC).date())
            totals[day] += amount
            assert totals[day] <= DAILY_REPUTATION_CAP

    def test_reputation_is_the_fold_of_the_ledger(self) -> None:
        amounts: dict[int, list[int]] = defaultdict(list)
        for user_id, amount in ReputationEvent.objects.order_by("creation_date", "pk").values_list(
            "user_id", "amount"
        ):
            amounts[user_id].append(amount)
        for user_id, reputation in User.objects.values_list("pk", "reputation"):
            assert reputation == fold_reputation(amounts[user_id]), user_id
        assert User.objects.filter(reputation__gte=1000).count() >= 3

    # ---------------------------------------------------------------- badges

    def test_badges_agree_with_the_badge_rules(self) -> None:
        awarded = Badge.objects.values_list("name", "user_id", "post_id", "badge_class")
        by_name: dict[str, set[tuple[int, int | None]]] = defaultdict(set)
        for name, user_id, post_id, badge_class in awarded:
            definition = BY_NAME[name]
            assert badge_class == definition.badge_class, name
            by_name[name].add((user_id, post_id if definition.multiple else None))
        for name in (
            "Student",
            "Teacher",
            "Supporter",
            "Critic",
            "Editor",
            "Nice Answer",
            "Nice Question",
            "Commentator",
            "Autobiographer",
            "Scholar",
        ):
            definition = BY_NAME[name]
            earned = definition.rule(None)
            expected = {
                (user_id, key if definition.multiple else None)
                for user_id, keys in earned.items()
                for key in keys
            }
            assert by_name[name] == expected, name

    # ---------------------------------------------------------------- the command

    def test_running_it_again_changes_nothing(self) -> None:
        before = _counts()
        out = StringIO()
        call_command("demo", stdout=out)
        assert out.getvalue().splitlines()[0] == "Demo content is already loaded."
        assert "Log in as demo@example.org with password demo-password-1" in out.getvalue()
        call_command("demo", "--if-empty", stdout=StringIO())
        assert _counts() == before

    def test_new_rows_get_fresh_ids_after_the_demo(self) -> None:
        # The demo gives ids explicitly; PostgreSQL's sequences must have been moved past them.
        post = Post.objects.create(post_type=QUESTION, title="A question asked after the demo", tags="baking")
        comment = Comment.objects.create(post=post, text="A comment written after the demo.")
        user = User.objects.create_user(None, None, display_name="Newcomer")
        assert post.pk > Post.objects.exclude(pk=post.pk).aggregate(top=Max("pk"))["top"]
        assert comment.pk and user.pk


@pytest.mark.django_db
def test_if_empty_does_nothing_on_a_site_with_questions() -> None:
    User.objects.create_user(None, None, display_name="Imported")
    Post.objects.create(post_type=QUESTION, title="An imported question about bread", tags="bread")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "demo content not added" in out.getvalue()
    assert len(out.getvalue().strip().splitlines()) == 1
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_without_force_it_refuses_a_site_with_questions() -> None:
    Post.objects.create(post_type=QUESTION, title="An imported question about bread", tags="bread")
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_failure_midway_leaves_nothing() -> None:
    def fail_at_comments(line: str) -> None:
        if line.startswith("Writing comments"):
            raise RuntimeError("stopped on purpose")

    before = _counts()
    with pytest.raises(RuntimeError, match="stopped on purpose"):
        build_demo(progress=fail_at_comments)
    assert _counts() == before


def test_the_plan_is_the_same_every_time() -> None:
    now = datetime(2025, 6, 1, 12, tzinfo=UTC)
    first, second = plan_site(now), plan_site(now)

    def fingerprint(plan: object) -> list[tuple[str, str, datetime, int]]:
        return [
            (q.title, q.owner.persona.key, q.created, q.score)
            for q in plan.questions  # type: ignore[attr-defined]
        ]

    assert fingerprint(first) == fingerprint(second)
    assert len({q.title for q in first.questions}) == len(first.questions)


def test_the_threads_format_names_the_line_that_is_wrong() -> None:
    with pytest.raises(ValueError, match=r"x.txt:2: expected 'name: value'"):
        parse_threads("==== question k\nno header here\n", "x.txt")
    [thread] = parse_threads(
        "==== question k\ntags: bread\ntitle: How long should bread rise?\n\n"
        "Body of the question, long enough.\n---- comment 2 by:asker\nThanks {owner}!\n"
        "---- answer 5 accepted\nAn answer that is long enough to be an answer.\n",
        "x.txt",
    )
    assert thread.comments[0].score == 2 and thread.comments[0].author == "asker"
    assert thread.answers[0].accepted and thread.answers[0].score == 5
