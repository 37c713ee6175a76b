"""Write the demo plan into the database, as the site's own actions would have left it.

The plan (``planner.py``) decides who did what and when; this module turns it into rows:
users, posts with their history, comments, votes, the reputation ledger folded into each user's
reputation, badges for the deeds done, tags with their wikis. Everything is derived from the
plan in one pass and written with ``bulk_create`` in one transaction, so a failure leaves
nothing behind and the whole site takes a few seconds.

Ids are given explicitly (after any rows already there), in the order things happened, so a
question's id is smaller than its answers' as on Stack Exchange; PostgreSQL's sequences are reset
afterwards.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max, Model, Q
from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.models import COMMUNITY_USER_ID, ReputationEvent, User
from quaestio.accounts.reputation import CAPPED_KINDS, fold_reputation
from quaestio.badges.models import Badge, BadgeClass
from quaestio.lib.markdown import render_comment, render_markdown
from quaestio.lib.tags import format_tags
from quaestio.posts.models import (
    CloseReason,
    Comment,
    CommentVote,
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
from quaestio.web.demo.people import COMMUNITY_ABOUT, DEMO_EMAIL
from quaestio.web.demo.planner import Plan, PlannedPost, PlannedUser, plan_site
from quaestio.web.demo.tagwiki import TAG_WIKIS
from quaestio.web.page_cache import touch_everything

BATCH_SIZE = 500
LICENSE = "CC BY-SA 4.0"
CLOSE_REASONS = {
    "duplicate": CloseReason.DUPLICATE,
    "off-topic": CloseReason.OFF_TOPIC,
    "needs-details": CloseReason.NEEDS_DETAILS,
    "needs-focus": CloseReason.NEEDS_FOCUS,
    "opinion-based": CloseReason.OPINION_BASED,
}
Kind = ReputationEvent.Kind


class DemoAlreadyLoaded(Exception):
    """The demo login exists: the demo content was loaded before."""


class SiteNotEmpty(Exception):
    """The site has questions of its own; the demo would mix with them."""


@dataclass(frozen=True)
class DemoSummary:
    """What a build wrote."""

    users: int
    questions: int
    answers: int
    comments: int
    votes: int
    tags: int
    badges: int


def demo_is_loaded() -> bool:
    """Whether the demo login exists, the mark that the demo content is in the database."""
    return User.objects.filter(email=DEMO_EMAIL).exists()


def question_count() -> int:
    """How many questions the site has (deleted or not)."""
    return Post.objects.filter(post_type=PostType.QUESTION).count()


def build_demo(
    *,
    now: datetime | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Fill the site with the demo community, in one transaction.

    Raises DemoAlreadyLoaded if it is there already, and SiteNotEmpty if the site has questions
    (unless ``force``: then the demo is added beside them). ``progress`` receives a short line
    at each stage; an exception it raises rolls everything back.
    """
    report = progress or (lambda _line: None)
    moment = now or timezone.now()
    with transaction.atomic():
        if demo_is_loaded():
            raise DemoAlreadyLoaded("Demo content is already loaded.")
        if not force and question_count():
            raise SiteNotEmpty("The site already has questions.")
        report("Planning the community…")
        plan = plan_site(moment)
        summary = _Writer(plan, report).write()
        # Bulk inserts bypass the actions, so every cached page is declared out of date.
        touch_everything()
        return summary


def _batched(model: type[Model], rows: Sequence[Model]) -> None:
    model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _first_id(model: type[Model]) -> int:
    highest = model._default_manager.aggregate(top=Max("pk"))["top"]
    return max(int(highest or 0), 0) + 1


class _Writer:
    def __init__(self, plan: Plan, report: Callable[[str], None]) -> None:
        self.plan = plan
        self.report = report
        self.user_ids: dict[PlannedUser, int] = {}
        self.post_ids: dict[PlannedPost, int] = {}
        self.community_is_new = False
        self.events: list[ReputationEvent] = []
        self.badges: list[Badge] = []
        self.history: list[PostHistory] = []

    def write(self) -> DemoSummary:
        plan = self.plan
        self._assign_ids()
        self.report(f"Writing {len(plan.users)} users…")
        self._ledger()
        self._users()
        self.report(f"Writing {len(plan.questions)} questions and {len(plan.answers)} answers…")
        tag_ids = self._tags()
        self._posts(tag_ids)
        self.report("Writing comments, votes and post history…")
        comments = self._comments()
        votes = self._votes()
        self._links()
        self.report("Writing the reputation ledger and badges…")
        _batched(PostHistory, self.history)
        _batched(ReputationEvent, self.events)
        self._badges()
        _batched(Badge, self.badges)
        self._reset_sequences()
        return DemoSummary(
            users=len(plan.users),
            questions=len(plan.questions),
            answers=len(plan.answers),
            comments=comments,
            votes=votes,
            tags=len(tag_ids),
            badges=len(self.badges),
        )

    # ------------------------------------------------------------------ ids

    def _assign_ids(self) -> None:
        first_user = _first_id(User)
        for offset, user in enumerate(sorted(self.plan.users, key=lambda u: u.created)):
            self.user_ids[user] = first_user + offset
        # Tag wikis come first: they are written when the site starts.
        self.first_post = _first_id(Post)
        self.wiki_ids = {
            name: (self.first_post + 2 * i, self.first_post + 2 * i + 1) for i, name in enumerate(TAG_WIKIS)
        }
        first = self.first_post + 2 * len(TAG_WIKIS)
        for offset, post in enumerate(sorted(self.plan.posts, key=lambda p: p.created)):
            self.post_ids[post] = first + offset

    # ------------------------------------------------------------------ reputation

    def _ledger(self) -> None:
        """Every reputation change the votes and accepts caused, capped per UTC day, in order."""
        raw: list[tuple[datetime, int, int, int, int, int]] = []  # when, user, kind, amount, post, actor
        for post in self.plan.posts:
            if post.wiki:
                continue  # community wiki posts earn nobody reputation
            owner, post_id = self.user_ids[post.owner], self.post_ids[post]
            is_answer = post.parent is not None
            for vote in post.votes:
                voter = self.user_ids[vote.voter]
                if vote.up:
                    amount = rules.ANSWER_UPVOTED if is_answer else rules.QUESTION_UPVOTED
                    raw.append((vote.created, owner, Kind.POST_UPVOTED, amount, post_id, voter))
                else:
                    amount = rules.ANSWER_DOWNVOTED if is_answer else rules.QUESTION_DOWNVOTED
                    raw.append((vote.created, owner, Kind.POST_DOWNVOTED, amount, post_id, voter))
                    if is_answer:
                        raw.append(
                            (
                                vote.created,
                                voter,
                                Kind.VOTER_DOWNVOTES,
                                rules.VOTER_DOWNVOTES_ANSWER,
                                post_id,
                                voter,
                            )
                        )
        for question in self.plan.questions:
            accepted = question.accepted
            if accepted is None or accepted.owner is question.owner or question.accepted_date is None:
                continue  # a self-accept earns nothing
            asker, answerer = self.user_ids[question.owner], self.user_ids[accepted.owner]
            answer_id = self.post_ids[accepted]
            when = question.accepted_date
            raw.append((when, answerer, Kind.ANSWER_ACCEPTED, rules.ANSWER_ACCEPTED, answer_id, asker))
            raw.append((when, asker, Kind.ASKER_ACCEPTS_ANSWER, rules.ACCEPTOR_BONUS, answer_id, asker))
        raw.sort(key=lambda row: row[0])
        day_totals: dict[tuple[int, object], int] = defaultdict(int)
        by_user: dict[int, list[ReputationEvent]] = defaultdict(list)
        for when, user_id, kind, amount, post_id, actor_id in raw:
            granted = amount
            if kind in CAPPED_KINDS:
                # The same arithmetic as accounts.reputation.grant: the day's capped events
                # (UTC) may not exceed the cap; what is stored is what was granted.
                day = (user_id, when.astimezone(UTC).date())
                if amount > 0:
                    granted = max(0, min(amount, rules.DAILY_REPUTATION_CAP - day_totals[day]))
                day_totals[day] += granted
            by_user[user_id].append(
                ReputationEvent(
                    user_id=user_id,
                    kind=kind,
                    amount=granted,
                    post_id=post_id,
                    actor_id=actor_id,
                    creation_date=when,
                )
            )
        for user in self.plan.users:
            user_id = self.user_ids[user]
            events = by_user[user_id]
            earned = fold_reputation(e.amount for e in events)
            joined = user.created + timedelta(minutes=1)
            if earned >= 200 and user.persona.weight >= 3.0:
                # Regulars are regulars elsewhere too: the network's association bonus.
                events.insert(
                    0,
                    ReputationEvent(
                        user_id=user_id,
                        kind=Kind.ASSOCIATION_BONUS,
                        amount=rules.ASSOCIATION_BONUS,
                        creation_date=joined,
                    ),
                )
            target = user.persona.target_reputation
            if target is not None:
                current = fold_reputation(e.amount for e in events)
                if current < target:
                    events.insert(
                        0,
                        ReputationEvent(
                            user_id=user_id,
                            kind=Kind.ARBITRARY_REPUTATION_CHANGE,
                            amount=target - current,
                            creation_date=joined,
                        ),
                    )
        self.reputation: dict[int, int] = {}
        for user_id, events in by_user.items():
            events.sort(key=lambda e: e.creation_date)
            self.reputation[user_id] = fold_reputation(e.amount for e in events)
            self.events.extend(events)
        # Inserted in date order, so ordering by (date, id) folds them as they happened.
        self.events.sort(key=lambda e: e.creation_date)

    # ------------------------------------------------------------------ users

    def _users(self) -> None:
        self.community_is_new = not User.objects.filter(pk=COMMUNITY_USER_ID).exists()
        if self.community_is_new:
            User.objects.bulk_create(
                [
                    User(
                        id=COMMUNITY_USER_ID,
                        display_name="Community",
                        creation_date=self.plan.start,
                        last_access_date=self.plan.start,
                        about_markdown=COMMUNITY_ABOUT,
                        about_html=render_markdown(COMMUNITY_ABOUT),
                        password=make_password(None),
                    )
                ]
            )
        up_votes: dict[int, int] = defaultdict(int)
        down_votes: dict[int, int] = defaultdict(int)
        for post in self.plan.posts:
            for vote in post.votes:
                counter = up_votes if vote.up else down_votes
                counter[self.user_ids[vote.voter]] += 1
        rows = []
        for user in self.plan.users:
            persona, user_id = user.persona, self.user_ids[user]
            reputation = self.reputation.get(user_id, 1)
            assert user.last_access is not None
            rows.append(
                User(
                    id=user_id,
                    email=persona.email,
                    # Only the two published logins can sign in; the rest are like imported users.
                    password=make_password(persona.password),
                    display_name=persona.display_name,
                    reputation=reputation,
                    creation_date=user.created,
                    last_access_date=user.last_access,
                    website_url=persona.website,
                    location=persona.location,
                    about_markdown=persona.about,
                    about_html=render_markdown(persona.about) if persona.about else "",
                    views=int(reputation**0.7) + len(persona.about) // 10 + user_id % 7,
                    up_votes=up_votes[user_id],
                    down_votes=down_votes[user_id],
                    is_moderator=persona.is_moderator,
                )
            )
        _batched(User, rows)

    # ------------------------------------------------------------------ tags and posts

    def _tags(self) -> dict[str, int]:
        names = {name for q in self.plan.questions for name in q.tags}
        existing = dict(Tag.objects.filter(name__in=names).values_list("name", "id"))
        first_use: dict[str, datetime] = {}
        for question in self.plan.questions:  # already in date order
            for name in question.tags:
                first_use.setdefault(name, question.created)
        Tag.objects.bulk_create(
            [Tag(name=name, creation_date=first_use[name]) for name in sorted(names - set(existing))],
            batch_size=BATCH_SIZE,
        )
        return dict(Tag.objects.filter(name__in=names).values_list("name", "id"))

    def _posts(self, tag_ids: dict[str, int]) -> None:
        questions: list[Post] = []
        answers: list[Post] = []
        for question in self.plan.questions:
            questions.append(self._post_row(question, question))
            answers.extend(self._post_row(answer, question) for answer in question.answers)
        wikis = self._tag_wiki_rows(tag_ids)
        # Questions before answers: a trigger checks that an answer's parent is a question.
        _batched(Post, wikis)
        _batched(Post, questions)
        _batched(Post, answers)
        accepted = [row for row in questions if row.accepted_answer_id is None and row.pk in self.accepts]
        for row in accepted:
            row.accepted_answer_id = self.accepts[row.pk]
        Post.objects.bulk_update(accepted, ["accepted_answer"], batch_size=BATCH_SIZE)
        post_tags = [
            PostTag(post_id=self.post_ids[q], tag_id=tag_ids[name])
            for q in self.plan.questions
            for name in q.tags
        ]
        _batched(PostTag, post_tags)
        self._recount_tags(tag_ids, wikis)

    @property
    def accepts(self) -> dict[int, int]:
        if not hasattr(self, "_accepts"):
            self._accepts = {
                self.post_ids[q]: self.post_ids[q.accepted] for q in self.plan.questions if q.accepted
            }
        return self._accepts

    def _post_row(self, post: PlannedPost, question: PlannedPost) -> Post:
        post_id = self.post_ids[post]
        is_question = post is question
        owner_id = self.user_ids[post.owner]
        guid = str(uuid.uuid4())
        history = [
            PostHistory(
                post_history_type=PostHistoryType.INITIAL_BODY,
                post_id=post_id,
                revision_guid=guid,
                creation_date=post.created,
                user_id=owner_id,
                text=post.original_body,
                content_license=LICENSE,
            )
        ]
        if is_question:
            history.insert(0, self._revision(PostHistoryType.INITIAL_TITLE, post, guid, post.title))
            history.append(self._revision(PostHistoryType.INITIAL_TAGS, post, guid, format_tags(post.tags)))
        if post.wiki:
            history.append(self._revision(PostHistoryType.COMMUNITY_OWNED, post, guid, ""))
        editor_id = None
        if post.edited:
            editor, edited = post.edited
            editor_id = self.user_ids[editor]
            history.append(
                PostHistory(
                    post_history_type=PostHistoryType.EDIT_BODY,
                    post_id=post_id,
                    revision_guid=str(uuid.uuid4()),
                    creation_date=edited,
                    user_id=editor_id,
                    comment="added an update",
                    text=post.body,
                    content_license=LICENSE,
                )
            )
        row = Post(
            id=post_id,
            post_type=PostType.QUESTION if is_question else PostType.ANSWER,
            parent_id=None if is_question else self.post_ids[question],
            creation_date=post.created,
            score=post.score,
            view_count=post.view_count,
            body_markdown=post.body,
            # Answers are highlighted in the language of their question's tags.
            body_html=render_markdown(post.body, question.tags),
            owner_id=owner_id,
            last_editor_id=editor_id,
            last_edit_date=post.edited[1] if post.edited else None,
            last_activity_date=post.last_activity,
            title=post.title,
            tags=" ".join(post.tags),
            answer_count=len(post.answers),
            comment_count=len(post.comments),
            favorite_count=len(post.bookmarks),
            is_answered=post.accepted is not None or any(a.score > 0 for a in post.answers),
            community_owned_date=post.created if post.wiki else None,
            content_license=LICENSE,
        )
        if post.closed:
            reason, closed, voters = post.closed
            row.closed_date = closed
            row.close_reason = CLOSE_REASONS[reason]
            details: dict[str, object] = {}
            if post.duplicate_of is not None:
                details["OriginalQuestionIds"] = [self.post_ids[post.duplicate_of]]
            details["Voters"] = [
                {"Id": self.user_ids[v], "DisplayName": v.persona.display_name} for v in voters
            ]
            history.append(
                PostHistory(
                    post_history_type=PostHistoryType.POST_CLOSED,
                    post_id=post_id,
                    revision_guid=str(uuid.uuid4()),
                    creation_date=closed,
                    comment=str(int(row.close_reason)),
                    text=json.dumps(details, ensure_ascii=False, separators=(",", ":")),
                )
            )
        if post.protected:
            moderator, protected = post.protected
            row.protected_date = protected
            voters_json = {
                "Voters": [{"Id": self.user_ids[moderator], "DisplayName": moderator.persona.display_name}]
            }
            history.append(
                PostHistory(
                    post_history_type=PostHistoryType.QUESTION_PROTECTED,
                    post_id=post_id,
                    revision_guid=str(uuid.uuid4()),
                    creation_date=protected,
                    user_id=self.user_ids[moderator],
                    text=json.dumps(voters_json, ensure_ascii=False, separators=(",", ":")),
                )
            )
        self.history.extend(history)
        return row

    def _revision(self, kind: int, post: PlannedPost, guid: str, text: str) -> PostHistory:
        return PostHistory(
            post_history_type=kind,
            post_id=self.post_ids[post],
            revision_guid=guid,
            creation_date=post.created,
            user_id=self.user_ids[post.owner],
            text=text,
            content_license=LICENSE,
        )

    def _tag_wiki_rows(self, tag_ids: dict[str, int]) -> list[Post]:
        rows = []
        for index, (name, (excerpt, wiki)) in enumerate(TAG_WIKIS.items()):
            written = self.plan.start + timedelta(days=2, hours=index)
            excerpt_id, wiki_id = self.wiki_ids[name]
            for post_id, post_type, body in (
                (excerpt_id, PostType.TAG_WIKI_EXCERPT, excerpt),
                (wiki_id, PostType.TAG_WIKI, wiki),
            ):
                rows.append(
                    Post(
                        id=post_id,
                        post_type=post_type,
                        creation_date=written,
                        body_markdown=body,
                        body_html=render_markdown(body),
                        owner_id=COMMUNITY_USER_ID,
                        last_activity_date=written,
                        content_license=LICENSE,
                    )
                )
                self.history.append(
                    PostHistory(
                        post_history_type=PostHistoryType.INITIAL_BODY,
                        post_id=post_id,
                        revision_guid=str(uuid.uuid4()),
                        creation_date=written,
                        user_id=COMMUNITY_USER_ID,
                        text=body,
                        content_license=LICENSE,
                    )
                )
        return rows

    def _recount_tags(self, tag_ids: dict[str, int], wikis: list[Post]) -> None:
        """Tag.count is the live questions carrying the tag, whoever wrote them."""
        tags = list(Tag.objects.filter(pk__in=tag_ids.values()))
        live = Q(post_tags__post__post_type=PostType.QUESTION, post_tags__post__deletion_date__isnull=True)
        counts = dict(
            Tag.objects.filter(pk__in=tag_ids.values())
            .annotate(live=Count("post_tags", filter=live))
            .values_list("pk", "live")
        )
        for tag in tags:
            tag.count = counts.get(tag.pk, 0)
            if tag.name in self.wiki_ids and tag.excerpt_post_id is None and tag.wiki_post_id is None:
                tag.excerpt_post_id, tag.wiki_post_id = self.wiki_ids[tag.name]
        Tag.objects.bulk_update(tags, ["count", "excerpt_post", "wiki_post"], batch_size=BATCH_SIZE)

    # ------------------------------------------------------------------ comments, votes, links

    def _comments(self) -> int:
        planned = [(post, c) for post in self.plan.posts for c in post.comments]
        planned.sort(key=lambda pair: pair[1].created)
        first = _first_id(Comment)
        comments: list[Comment] = []
        votes: list[CommentVote] = []
        for offset, (post, comment) in enumerate(planned):
            comments.append(
                Comment(
                    id=first + offset,
                    post_id=self.post_ids[post],
                    score=len(comment.voters),
                    text=comment.text,
                    text_html=render_comment(comment.text),
                    creation_date=comment.created,
                    user_id=self.user_ids[comment.author],
                    content_license=LICENSE,
                )
            )
            votes.extend(
                CommentVote(comment_id=first + offset, user_id=self.user_ids[voter], creation_date=when)
                for voter, when in comment.voters
            )
        _batched(Comment, comments)
        _batched(CommentVote, votes)
        return len(comments)

    def _votes(self) -> int:
        rows: list[Vote] = []
        for post in self.plan.posts:
            post_id = self.post_ids[post]
            rows.extend(
                Vote(
                    post_id=post_id,
                    vote_type=VoteType.UP_MOD if vote.up else VoteType.DOWN_MOD,
                    user_id=self.user_ids[vote.voter],
                    creation_date=vote.created,
                )
                for vote in post.votes
            )
            rows.extend(
                Vote(
                    post_id=post_id,
                    vote_type=VoteType.FAVORITE,
                    user_id=self.user_ids[user],
                    creation_date=when,
                )
                for user, when in post.bookmarks
            )
            if post.accepted is not None and post.accepted_date is not None:
                # The dump records an accept as a vote on the answer, without the voter.
                rows.append(
                    Vote(
                        post_id=self.post_ids[post.accepted],
                        vote_type=VoteType.ACCEPTED_BY_ORIGINATOR,
                        creation_date=post.accepted_date,
                    )
                )
        rows.sort(key=lambda v: v.creation_date)
        _batched(Vote, rows)
        return len(rows)

    def _links(self) -> None:
        links = [
            PostLink(
                post_id=self.post_ids[q],
                related_post_id=self.post_ids[q.duplicate_of],
                link_type=PostLinkType.DUPLICATE,
                creation_date=q.closed[1] if q.closed else q.created,
            )
            for q in self.plan.questions
            if q.duplicate_of is not None
        ]
        _batched(PostLink, links)

    # ------------------------------------------------------------------ badges

    def _badges(self) -> None:
        """Badges for deeds done, dated when the deed was done."""
        award = self._award
        if self.community_is_new:
            # Community's profile has an "about me" too, and Stack Exchange awards it the badge.
            self.badges.append(
                Badge(
                    user_id=COMMUNITY_USER_ID,
                    name="Autobiographer",
                    badge_class=BadgeClass.BRONZE,
                    date=self.plan.start + timedelta(minutes=7),
                )
            )
        for user in self.plan.users:
            if user.persona.about:
                award(user, "Autobiographer", BadgeClass.BRONZE, user.created + timedelta(minutes=7))
        first_question: dict[PlannedUser, tuple[datetime, PlannedPost]] = {}
        first_answer: dict[PlannedUser, tuple[datetime, PlannedPost]] = {}
        for post in self.plan.posts:
            is_answer = post.parent is not None
            # A badge for a score is kept only if the post still has it, so the badge rules
            # (quaestio.badges.definitions) agree with what is awarded here.
            reached = {n: when for n, when in _score_reached(post).items() if post.score >= n}
            if 1 in reached:
                firsts = first_answer if is_answer else first_question
                if post.owner not in firsts or reached[1] < firsts[post.owner][0]:
                    firsts[post.owner] = (reached[1], post)
            for threshold, name, badge_class in (
                (10, "Nice", BadgeClass.BRONZE),
                (25, "Good", BadgeClass.SILVER),
                (100, "Great", BadgeClass.GOLD),
            ):
                if threshold in reached:
                    kind = "Answer" if is_answer else "Question"
                    award(post.owner, f"{name} {kind}", badge_class, reached[threshold], post)
        for user, (when, post) in first_question.items():
            award(user, "Student", BadgeClass.BRONZE, when, post)
        for user, (when, post) in first_answer.items():
            award(user, "Teacher", BadgeClass.BRONZE, when, post)
        self._first_deeds()

    def _first_deeds(self) -> None:
        supporter: dict[PlannedUser, datetime] = {}
        critic: dict[PlannedUser, datetime] = {}
        editor: dict[PlannedUser, datetime] = {}
        scholar: dict[PlannedUser, datetime] = {}
        commented: dict[PlannedUser, list[datetime]] = defaultdict(list)
        for post in self.plan.posts:
            for vote in post.votes:
                chosen = supporter if vote.up else critic
                chosen[vote.voter] = min(chosen.get(vote.voter, vote.created), vote.created)
            if post.edited:
                who, when = post.edited
                editor[who] = min(editor.get(who, when), when)
            for comment in post.comments:
                commented[comment.author].append(comment.created)
            if post.accepted is not None and post.accepted_date and post.accepted.owner is not post.owner:
                scholar[post.owner] = min(scholar.get(post.owner, post.accepted_date), post.accepted_date)
        for user, when in supporter.items():
            self._award(user, "Supporter", BadgeClass.BRONZE, when)
        for user, when in critic.items():
            self._award(user, "Critic", BadgeClass.BRONZE, when)
        for user, when in editor.items():
            self._award(user, "Editor", BadgeClass.BRONZE, when)
        for user, when in scholar.items():
            self._award(user, "Scholar", BadgeClass.BRONZE, when)
        for user, moments in commented.items():
            if len(moments) >= 10:
                self._award(user, "Commentator", BadgeClass.BRONZE, sorted(moments)[9])

    def _award(
        self,
        user: PlannedUser,
        name: str,
        badge_class: int,
        when: datetime,
        post: PlannedPost | None = None,
    ) -> None:
        self.badges.append(
            Badge(
                user_id=self.user_ids[user],
                name=name,
                badge_class=badge_class,
                date=when,
                post_id=self.post_ids[post] if post is not None else None,
            )
        )

    # ------------------------------------------------------------------ sequences

    def _reset_sequences(self) -> None:
        """Ids were given explicitly; PostgreSQL's sequences must continue after them."""
        statements = connection.ops.sequence_reset_sql(no_style(), [User, Post, Comment])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def _score_reached(post: PlannedPost) -> dict[int, datetime]:
    """When the post's running score first reached 1, 10, 25 and 100."""
    reached: dict[int, datetime] = {}
    score = 0
    for vote in post.votes:  # in date order
        score += 1 if vote.up else -1
        for threshold in (1, 10, 25, 100):
            if score >= threshold and threshold not in reached:
                reached[threshold] = vote.created
    return reached
