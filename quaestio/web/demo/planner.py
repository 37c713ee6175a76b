"""Plan the demo site in memory: who wrote what, when, and who voted for it.

Nothing here touches the database, so a plan is cheap to make and easy to test: the same seed
and the same ``now`` give the same plan, row for row. ``builder.py`` writes a plan.

Time is the backbone. Every date is drawn after the date it depends on — a user joins, then
asks; answers come after their question, comments after their post, votes after the post and
only from people who had already joined; a closed question gets no answer after it was closed —
and nothing is later than ``now``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quaestio.web.demo.content import AnswerSpec, CommentSpec, PostSpec, ThreadSpec, hand_written_threads
from quaestio.web.demo.people import PERSONAS, Persona
from quaestio.web.demo.variants import variant_threads

SEED = 1729
SITE_AGE = timedelta(days=3 * 365)
# Nothing is planned in the last few minutes, so "now" on the first page view is after it all.
QUIET_END = timedelta(minutes=5)


@dataclass(eq=False)
class PlannedUser:
    persona: Persona
    created: datetime
    last_access: datetime | None = None


@dataclass(eq=False)
class PlannedComment:
    author: PlannedUser
    text: str
    created: datetime
    voters: list[tuple[PlannedUser, datetime]] = field(default_factory=list)


@dataclass(eq=False)
class PlannedVote:
    voter: PlannedUser
    up: bool
    created: datetime


@dataclass(eq=False)
class PlannedPost:
    """A question or an answer as it will be stored."""

    owner: PlannedUser
    created: datetime
    body: str
    score_target: int
    spec: PostSpec | None = None
    parent: PlannedPost | None = None
    title: str = ""
    tags: list[str] = field(default_factory=list)
    original_body: str = ""
    edited: tuple[PlannedUser, datetime] | None = None
    wiki: bool = False
    answers: list[PlannedPost] = field(default_factory=list)
    accepted: PlannedPost | None = None
    accepted_date: datetime | None = None
    comments: list[PlannedComment] = field(default_factory=list)
    votes: list[PlannedVote] = field(default_factory=list)
    bookmarks: list[tuple[PlannedUser, datetime]] = field(default_factory=list)
    closed: tuple[str, datetime, list[PlannedUser]] | None = None
    duplicate_of: PlannedPost | None = None
    protected: tuple[PlannedUser, datetime] | None = None
    view_count: int = 0

    @property
    def score(self) -> int:
        return sum(1 if v.up else -1 for v in self.votes)

    @property
    def last_activity(self) -> datetime:
        moments = [self.created]
        if self.edited:
            moments.append(self.edited[1])
        for answer in self.answers:
            moments.append(answer.last_activity)
        return max(moments)


@dataclass
class Plan:
    start: datetime
    now: datetime
    users: list[PlannedUser]
    questions: list[PlannedPost]

    @property
    def answers(self) -> list[PlannedPost]:
        return [a for q in self.questions for a in q.answers]

    @property
    def posts(self) -> list[PlannedPost]:
        return [p for q in self.questions for p in (q, *q.answers)]


def all_threads() -> list[ThreadSpec]:
    """The hand-written threads followed by the generated ones."""
    return [*hand_written_threads(), *variant_threads(random.Random(SEED))]  # noqa: S311 — content, not secrets


def plan_site(now: datetime) -> Plan:
    """A deterministic plan of the whole demo site, ending at ``now``."""
    return _Planner(now).plan()


class _Planner:
    def __init__(self, now: datetime) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 — a reproducible demo, not a secret
        self.now = now - QUIET_END
        self.start = now - SITE_AGE
        self.users: list[PlannedUser] = []
        self.by_key: dict[str, PlannedUser] = {}

    # ------------------------------------------------------------------ time

    def _at(self, fraction: float) -> datetime:
        return self.start + (self.now - self.start) * fraction

    def _after(self, moment: datetime, median_hours: float, spread: float = 1.4) -> datetime:
        """A moment after ``moment``, log-normally later (most soon, a few much later)."""
        hours = math.exp(self.rng.gauss(math.log(median_hours), spread))
        later = moment + timedelta(hours=min(hours, 24 * 400))
        if later < self.now:
            return later
        # Near the end of the site's life the tail does not fit: somewhere before now instead.
        return moment + (self.now - moment) * self.rng.uniform(0.05, 0.95)

    # ------------------------------------------------------------------ people

    def _make_users(self) -> None:
        for persona in PERSONAS:
            if persona.is_moderator:
                fraction = 0.0
            elif persona.early:
                fraction = self.rng.uniform(0.0, 0.02)
            elif persona.email:
                fraction = 0.12
            elif persona.expert:
                fraction = self.rng.uniform(0.02, 0.35)
            elif persona.weight < 1.0:
                fraction = self.rng.uniform(0.5, 0.9)
            else:
                fraction = self.rng.uniform(0.02, 0.6)
            user = PlannedUser(persona, self._at(fraction) + timedelta(minutes=self.rng.randint(0, 600)))
            self.users.append(user)
            self.by_key[persona.key] = user

    def _eligible(self, moment: datetime, exclude: Sequence[PlannedUser] = ()) -> list[PlannedUser]:
        return [u for u in self.users if u.created < moment and u not in exclude]

    def _weighted_sample(
        self, people: list[PlannedUser], count: int, weight: dict[PlannedUser, float] | None = None
    ) -> list[PlannedUser]:
        """``count`` distinct people, the more active more likely (Efraimidis–Spirakis)."""

        def key(user: PlannedUser) -> float:
            w = weight[user] if weight else user.persona.weight
            return float(self.rng.random() ** (1.0 / w))

        return sorted(people, key=key, reverse=True)[:count]

    def _pick(
        self, moment: datetime, exclude: Sequence[PlannedUser], answering: bool, key: str | None
    ) -> PlannedUser:
        if key is not None:
            return self.by_key[key]
        people = [u for u in self._eligible(moment, exclude) if u.persona.email != "demo@example.org"]
        weights = {u: u.persona.weight * (2.5 if u.persona.expert == answering else 1.0) for u in people}
        return self._weighted_sample(people, 1, weights)[0]

    # ------------------------------------------------------------------ threads

    def plan(self) -> Plan:
        self._make_users()
        threads = all_threads()
        order = list(range(len(threads)))
        self.rng.shuffle(order)
        # Activity grows over the site's life: more questions in recent months than early on.
        fractions = sorted(0.01 + 0.985 * self.rng.random() ** (1 / 1.35) for _ in threads)
        dates = {index: self._at(fraction) for index, fraction in zip(order, fractions, strict=True)}
        by_key = {t.key: i for i, t in enumerate(threads)}
        for index, thread in enumerate(threads):
            # A duplicate is asked after its original.
            if thread.closed and thread.closed[0] == "duplicate":
                original = by_key[thread.closed[1]]
                if dates[original] > dates[index]:
                    dates[original], dates[index] = dates[index], dates[original]
        questions: dict[str, PlannedPost] = {}
        for index, thread in enumerate(threads):
            questions[thread.key] = self._thread(thread, dates[index])
        for thread in threads:
            if thread.closed and thread.closed[0] == "duplicate":
                questions[thread.key].duplicate_of = questions[thread.closed[1]]
        planned = sorted(questions.values(), key=lambda q: q.created)
        self._last_access(planned)
        return Plan(self.start, self.now, self.users, planned)

    def _thread(self, spec: ThreadSpec, asked: datetime) -> PlannedPost:
        # Nobody asks a question that the content has them answer themselves.
        answering = [self.by_key[a.author] for a in spec.answers if a.author is not None]
        asker = self._pick(asked, answering, answering=False, key=spec.author)
        if asked <= asker.created:
            asked = self._after(asker.created, 24 * 20)
        question = self._post(spec, asker, asked, None)
        question.title = spec.title
        question.tags = list(spec.tags)
        answerers: list[PlannedUser] = [asker]
        for answer_spec in spec.answers:
            answered = self._after(asked, 5.0, 1.6)
            author = self._pick(answered, answerers, answering=True, key=answer_spec.author)
            answered = max(answered, self._after(author.created, 2.0))
            answerers.append(author)
            question.answers.append(self._post(answer_spec, author, answered, question))
        question.answers.sort(key=lambda a: a.created)
        if spec.closed is not None:
            self._close(question, spec.closed[0])
        if spec.protected:
            moderator = next(u for u in self.users if u.persona.is_moderator)
            question.protected = (moderator, self._after(self._latest_answer(question), 3.0))
        for answer in question.answers:
            if isinstance(answer.spec, AnswerSpec) and answer.spec.accepted:
                question.accepted = answer
                question.accepted_date = self._after(answer.created, 10.0)
        for post in (question, *question.answers):
            self._votes(post)
            self._comments(post, question)
        if question.score_target >= 3 or self.rng.random() < 0.1:
            eligible = self._eligible(question.created, [asker])
            count = min(len(eligible), self.rng.randint(0, max(1, question.score_target // 3)))
            for user in self._weighted_sample(eligible, count):
                question.bookmarks.append((user, self._after(question.created, 48.0)))
        age_days = (self.now - question.created).total_seconds() / 86400
        question.view_count = int(
            12
            + age_days * self.rng.uniform(0.6, 2.2)
            + max(question.score, 0) ** 1.4 * self.rng.uniform(25, 60)
            + len(question.answers) * self.rng.uniform(10, 40)
        )
        return question

    def _post(
        self, spec: PostSpec, owner: PlannedUser, created: datetime, parent: PlannedPost | None
    ) -> PlannedPost:
        post = PlannedPost(
            owner=owner,
            created=created,
            body=spec.body if spec.update is None else f"{spec.body}\n\n{spec.update}",
            original_body=spec.body,
            score_target=spec.score,
            spec=spec,
            parent=parent,
            wiki=isinstance(spec, AnswerSpec) and spec.wiki,
        )
        if spec.update is not None:
            post.edited = (owner, self._after(created, 20.0))
        return post

    @staticmethod
    def _latest_answer(question: PlannedPost) -> datetime:
        return max([question.created, *(a.created for a in question.answers)])

    def _close(self, question: PlannedPost, reason: str) -> None:
        # Closing stops new answers, so it comes after the last one.
        closed = self._after(self._latest_answer(question), 6.0)
        established = [u for u in self._eligible(closed, [question.owner]) if u.persona.weight >= 3.0]
        voters = self._weighted_sample(established, 3)
        question.closed = (reason, closed, voters)

    def _votes(self, post: PlannedPost) -> None:
        """Votes that add up to the post's target score, from people who could cast them."""
        eligible = self._eligible(post.created, [post.owner])
        target = post.score_target
        if target < 0:
            ups = self.rng.choice((0, 0, 0, 1))
            downs = ups - target
        else:
            downs = (
                self.rng.choice((0, 0, 0, 0, 0, 1, 1, 2)) if target >= 2 else self.rng.choice((0, 0, 0, 1))
            )
            ups = target + downs
        # Down-voting needs reputation: the established members cast the downvotes.
        critics = [u for u in eligible if u.persona.weight >= 2.5]
        down_voters = self._weighted_sample(critics, min(downs, len(critics)))
        rest = [u for u in eligible if u not in down_voters]
        up_voters = self._weighted_sample(rest, min(ups, len(rest)))
        for voter in up_voters:
            post.votes.append(PlannedVote(voter, True, self._after(post.created, 14.0, 1.8)))
        for voter in down_voters:
            post.votes.append(PlannedVote(voter, False, self._after(post.created, 10.0, 1.8)))
        post.votes.sort(key=lambda v: v.created)

    def _comments(self, post: PlannedPost, question: PlannedPost) -> None:
        assert post.spec is not None
        moment = post.created
        previous: PlannedUser | None = None
        for spec in post.spec.comments:
            moment = self._after(moment, 1.5, 1.3)
            author = self._comment_author(spec, post, question, moment, previous)
            moment = max(moment, self._after(author.created, 1.0))
            names = {
                "asker": _mention(question.owner),
                "owner": _mention(post.owner),
                "prev": _mention(previous or question.owner),
            }
            text = spec.text.format_map(names)
            eligible = self._eligible(moment, [author])
            voters = self._weighted_sample(eligible, min(spec.score, len(eligible)))
            comment = PlannedComment(author, text, moment)
            comment.voters = [(v, self._after(moment, 6.0)) for v in voters]
            post.comments.append(comment)
            previous = author

    def _comment_author(
        self,
        spec: CommentSpec,
        post: PlannedPost,
        question: PlannedPost,
        moment: datetime,
        previous: PlannedUser | None,
    ) -> PlannedUser:
        if spec.author == "asker":
            return question.owner
        if spec.author == "owner":
            return post.owner
        if spec.author is not None:
            return self.by_key[spec.author]
        # Someone other than the post's owner and the previous commenter; replies in comment
        # threads are by:owner / by:asker in the content.
        exclude = [post.owner] + ([previous] if previous else [])
        return self._pick(moment, exclude, answering=self.rng.random() < 0.5, key=None)

    def _last_access(self, questions: list[PlannedPost]) -> None:
        latest: dict[PlannedUser, datetime] = {u: u.created for u in self.users}

        def seen(user: PlannedUser, moment: datetime) -> None:
            latest[user] = max(latest[user], moment)

        for question in questions:
            for post in (question, *question.answers):
                seen(post.owner, post.created)
                if post.edited:
                    seen(*post.edited)
                for vote in post.votes:
                    seen(vote.voter, vote.created)
                for comment in post.comments:
                    seen(comment.author, comment.created)
                    for voter, moment in comment.voters:
                        seen(voter, moment)
            for user, moment in question.bookmarks:
                seen(user, moment)
            if question.accepted_date:
                seen(question.owner, question.accepted_date)
        for user, moment in latest.items():
            # People come back to read without leaving a trace; the regulars more recently.
            user.last_access = self._after(moment, 24.0 * 3 / user.persona.weight, 1.0)
        self.by_key["demo"].last_access = self.now


def _mention(user: PlannedUser) -> str:
    return "@" + user.persona.display_name.replace(" ", "")
