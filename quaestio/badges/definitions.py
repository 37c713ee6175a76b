"""Stack Exchange's badges as data: name, class, description, once or many times, and the rule.

A rule answers "who has earned this, and for which posts?" for a set of users (``None``: for
everyone) in one or a few set-based queries, so the worker runs it for one user after an action
and the daily sweep runs it once for the whole site. It returns, per user id, the *award keys*
the user is owed: the post ids that earned a per-post badge (Nice Answer for answer 12 and for
answer 40), ``None`` for a badge that is not about a post (Civic Duty; Yearling once per year).
``actions.award_badges`` compares them with the awards already made.

Ids are Stack Overflow's badge ids (``/help/badges/2/student``), so links and API clients
that know them keep working. Descriptions are Stack Exchange's wording. Thresholds are
module constants, the one place to change them for a site.

What the rules read: scores, view counts and accepted answers from ``Post``; up and down votes
(types 2 and 3) from ``Vote``; edits from ``PostHistory`` rows of types 4, 5 and 6 (the stable
interface the edit actions write); comments from ``Comment``; reputation from the ledger.
Deleted posts never count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.badges.models import BadgeCheckReason, BadgeClass
from quaestio.lib.slugs import slugify_title
from quaestio.posts.models import Comment, Post, PostHistory, PostHistoryType, PostType, Vote, VoteType

M = TypeVar("M", bound=Model)

# Who is asked about: a list of user ids, or None for every user (the daily sweep).
Scope = Sequence[int] | None
# Per user id, the award keys owed: post ids, or None for a badge not about a post.
Earned = dict[int, list[int | None]]
Rule = Callable[[Scope], Earned]

# ---------------------------------------------------------------- thresholds

COMMENTATOR_COMMENTS = 10
CIVIC_DUTY_VOTES = 300
SUFFRAGE_VOTES_IN_A_DAY = 30
VOX_POPULI_VOTES_IN_A_DAY = 40  # the daily maximum, rules.VOTES_PER_DAY
STRUNK_AND_WHITE_EDITS = 80
ARCHAEOLOGIST_EDITS = 100
ARCHAEOLOGIST_INACTIVITY = timedelta(days=183)  # "six months"
NECROMANCER_DELAY = timedelta(days=60)
NECROMANCER_SCORE = 5
REVIVAL_DELAY = timedelta(days=30)
REVIVAL_SCORE = 2
SELF_LEARNER_SCORE = 3
ENLIGHTENED_SCORE = 10
GURU_SCORE = 40
POPULIST_ACCEPTED_SCORE = 10
TUMBLEWEED_AGE = timedelta(days=7)
# Stack Exchange says "low views" without a number; a week's worth of passers-by.
TUMBLEWEED_MAX_VIEWS = 25
YEARLING_REPUTATION = 200
YEAR = timedelta(days=365)
# Tag badges: (class, total answer score in the tag, answers in the tag).
TAG_BADGE_THRESHOLDS: tuple[tuple[BadgeClass, int, int], ...] = (
    (BadgeClass.BRONZE, 100, 20),
    (BadgeClass.SILVER, 400, 80),
    (BadgeClass.GOLD, 1000, 200),
)

EDIT_TYPES = (PostHistoryType.EDIT_TITLE, PostHistoryType.EDIT_BODY, PostHistoryType.EDIT_TAGS)
UP_DOWN = (VoteType.UP_MOD, VoteType.DOWN_MOD)
# Spam and offensive flags are recorded as votes of these types in the dump.
FLAG_VOTE_TYPES = (VoteType.OFFENSIVE, VoteType.SPAM)


# ---------------------------------------------------------------- query helpers


def _scoped(queryset: QuerySet[M], field: str, users: Scope) -> QuerySet[M]:
    return queryset if users is None else queryset.filter(**{f"{field}__in": list(users)})


def _questions(users: Scope) -> QuerySet[Post]:
    live = Post.objects.filter(post_type=PostType.QUESTION, deletion_date__isnull=True, owner__isnull=False)
    return _scoped(live, "owner_id", users)


def _answers(users: Scope) -> QuerySet[Post]:
    live = Post.objects.filter(post_type=PostType.ANSWER, deletion_date__isnull=True, owner__isnull=False)
    return _scoped(live, "owner_id", users)


def _by_owner(posts: QuerySet[Post]) -> Earned:
    """Each owner's qualifying posts, oldest first (a once-only badge names the first)."""
    earned: Earned = {}
    for owner_id, post_id in posts.order_by("pk").values_list("owner_id", "pk"):
        earned.setdefault(owner_id, []).append(post_id)
    return earned


def _once(user_ids: Any) -> Earned:
    return {user_id: [None] for user_id in user_ids}


def _counted(rows: QuerySet[Any], field: str, minimum: int) -> Earned:
    """Users whose rows number at least ``minimum``: one GROUP BY query."""
    qualifying = (
        rows.values(field).annotate(n=Count("pk")).filter(n__gte=minimum).values_list(field, flat=True)
    )
    return _once(qualifying)


def _earlier_live_answer() -> Exists:
    """An answer to the same question posted before this one (ties broken by id)."""
    return Exists(
        Post.objects.filter(parent_id=OuterRef("parent_id"), deletion_date__isnull=True).filter(
            Q(creation_date__lt=OuterRef("creation_date"))
            | Q(creation_date=OuterRef("creation_date"), pk__lt=OuterRef("pk"))
        )
    )


def _later_than_question(delay: timedelta) -> ExpressionWrapper[CombinedExpression]:
    return ExpressionWrapper(F("parent__creation_date") + delay, output_field=DateTimeField())


def _edits(users: Scope) -> QuerySet[PostHistory]:
    edits = PostHistory.objects.filter(post_history_type__in=EDIT_TYPES, user__isnull=False)
    return _scoped(edits, "user_id", users)


def _edited_posts(edits: QuerySet[PostHistory], minimum: int) -> Earned:
    qualifying = (
        edits.values("user_id")
        .annotate(n=Count("post_id", distinct=True))
        .filter(n__gte=minimum)
        .values_list("user_id", flat=True)
    )
    return _once(qualifying)


def _up_down_votes(users: Scope) -> QuerySet[Vote]:
    return _scoped(Vote.objects.filter(vote_type__in=UP_DOWN, user__isnull=False), "user_id", users)


# ---------------------------------------------------------------- question badges


def student(users: Scope) -> Earned:
    return _by_owner(_questions(users).filter(score__gte=1))


def scholar(users: Scope) -> Earned:
    # Accepting one's own answer does not make one a scholar.
    accepted = _questions(users).filter(accepted_answer__isnull=False)
    return _by_owner(accepted.exclude(accepted_answer__owner_id=F("owner_id")))


def question_score(minimum: int) -> Rule:
    def rule(users: Scope) -> Earned:
        return _by_owner(_questions(users).filter(score__gte=minimum))

    return rule


def question_views(minimum: int) -> Rule:
    def rule(users: Scope) -> Earned:
        return _by_owner(_questions(users).filter(view_count__gte=minimum))

    return rule


def tumbleweed(users: Scope) -> Earned:
    quiet = _questions(users).filter(
        creation_date__lte=timezone.now() - TUMBLEWEED_AGE,
        score=0,
        answer_count=0,
        comment_count=0,
        view_count__lte=TUMBLEWEED_MAX_VIEWS,
    )
    return _by_owner(quiet)


def curious(days: int) -> Rule:
    """A well-received question (score above 0, open, live) asked on ``days`` separate UTC days,
    and a positive question record: (questions − negative − closed − deleted) / questions ≥ ½,
    Stack Exchange's definition. Deleted questions count in the record, so this reads them."""

    def rule(users: Scope) -> Earned:
        mine = Post.objects.filter(post_type=PostType.QUESTION, owner__isnull=False)
        well_received = Q(score__gt=0, closed_date__isnull=True, deletion_date__isnull=True)
        poor = Q(score__lt=0) | Q(closed_date__isnull=False) | Q(deletion_date__isnull=False)
        qualifying = (
            _scoped(mine, "owner_id", users)
            .values("owner_id")
            .annotate(
                total=Count("pk"),
                poor=Count("pk", filter=poor),
                days=Count(TruncDate("creation_date"), distinct=True, filter=well_received),
            )
            .filter(days__gte=days, total__lte=(F("total") - F("poor")) * 2)
            .values_list("owner_id", flat=True)
        )
        return _once(qualifying)

    return rule


# ---------------------------------------------------------------- answer badges


def teacher(users: Scope) -> Earned:
    return _by_owner(_answers(users).filter(score__gte=1))


def answer_score(minimum: int) -> Rule:
    def rule(users: Scope) -> Earned:
        return _by_owner(_answers(users).filter(score__gte=minimum))

    return rule


def enlightened(users: Scope) -> Earned:
    first_and_accepted = _answers(users).filter(
        parent__accepted_answer_id=F("pk"), score__gte=ENLIGHTENED_SCORE
    )
    return _by_owner(first_and_accepted.exclude(_earlier_live_answer()))


def necromancer(users: Scope) -> Earned:
    late = _answers(users).filter(
        creation_date__gt=_later_than_question(NECROMANCER_DELAY), score__gte=NECROMANCER_SCORE
    )
    return _by_owner(late)


def revival(users: Scope) -> Earned:
    late = _answers(users).filter(
        creation_date__gt=_later_than_question(REVIVAL_DELAY), score__gte=REVIVAL_SCORE
    )
    return _by_owner(late.exclude(_earlier_live_answer()))


def self_learner(users: Scope) -> Earned:
    return _by_owner(_answers(users).filter(parent__owner_id=F("owner_id"), score__gte=SELF_LEARNER_SCORE))


def guru(users: Scope) -> Earned:
    return _by_owner(_answers(users).filter(parent__accepted_answer_id=F("pk"), score__gte=GURU_SCORE))


def populist(users: Scope) -> Earned:
    """The highest-scoring answer, not the accepted one, scoring more than twice an accepted
    answer that scores more than 10."""
    higher_sibling = Post.objects.filter(
        parent_id=OuterRef("parent_id"), deletion_date__isnull=True, score__gt=OuterRef("score")
    )
    outscoring = (
        _answers(users)
        .filter(
            parent__accepted_answer__isnull=False,
            parent__accepted_answer__score__gt=POPULIST_ACCEPTED_SCORE,
            score__gt=F("parent__accepted_answer__score") * 2,
        )
        .exclude(pk=F("parent__accepted_answer_id"))
        .exclude(Exists(higher_sibling))
    )
    return _by_owner(outscoring)


# ---------------------------------------------------------------- participation badges


def autobiographer(users: Scope) -> Earned:
    return _once(_scoped(User.objects.exclude(about_markdown=""), "pk", users).values_list("pk", flat=True))


def commentator(users: Scope) -> Earned:
    comments = _scoped(
        Comment.objects.filter(deletion_date__isnull=True, user__isnull=False), "user_id", users
    )
    return _counted(comments, "user_id", COMMENTATOR_COMMENTS)


def yearling(users: Scope) -> Earned:
    """One award per completed year of membership in which the member earned at least 200
    reputation, read from the ledger: one query per year of the oldest member's age."""
    now = timezone.now()
    members = _scoped(User.objects.filter(creation_date__lte=now - YEAR), "pk", users)
    oldest = members.aggregate(first=Min("creation_date"))["first"]
    if oldest is None:
        return {}
    earned: Earned = {}
    for year in range(1, (now - oldest) // YEAR + 1):
        start = ExpressionWrapper(F("user__creation_date") + YEAR * (year - 1), output_field=DateTimeField())
        end = ExpressionWrapper(F("user__creation_date") + YEAR * year, output_field=DateTimeField())
        events = ReputationEvent.objects.filter(
            user__in=members,
            user__creation_date__lte=now - YEAR * year,
            creation_date__gte=start,
            creation_date__lt=end,
        )
        qualifying = (
            events.values("user_id")
            .annotate(total=Sum("amount"))
            .filter(total__gte=YEARLING_REPUTATION)
            .values_list("user_id", flat=True)
        )
        for user_id in qualifying:
            earned.setdefault(user_id, []).append(None)
    return earned


# ---------------------------------------------------------------- voting and moderation badges


def first_vote(vote_type: int) -> Rule:
    def rule(users: Scope) -> Earned:
        votes = _scoped(Vote.objects.filter(vote_type=vote_type, user__isnull=False), "user_id", users)
        return _once(votes.values_list("user_id", flat=True).distinct())

    return rule


def civic_duty(users: Scope) -> Earned:
    return _counted(_up_down_votes(users), "user_id", CIVIC_DUTY_VOTES)


def votes_in_a_day(minimum: int) -> Rule:
    """Up and down votes cast on one UTC day; votes taken back are gone from the table and do
    not count, as on Stack Exchange."""

    def rule(users: Scope) -> Earned:
        qualifying = (
            _up_down_votes(users)
            .values("user_id", day=TruncDate("creation_date"))
            .annotate(n=Count("pk"))
            .filter(n__gte=minimum)
            .values_list("user_id", flat=True)
            .distinct()
        )
        return _once(qualifying)

    return rule


def citizen_patrol(users: Scope) -> Earned:
    """First flagged post. Today that is a spam or offensive flag recorded as a vote (types 4
    and 12, as in the dump); once the moderation app's ``Flag`` model exists, its rows count
    too, without a change here."""
    flaggers = set(
        _scoped(Vote.objects.filter(vote_type__in=FLAG_VOTE_TYPES, user__isnull=False), "user_id", users)
        .values_list("user_id", flat=True)
        .distinct()
    )
    try:
        flag_model = apps.get_model("moderation", "Flag")
    except LookupError:
        flag_model = None
    if flag_model is not None and any(field.name == "user" for field in flag_model._meta.get_fields()):
        flags = _scoped(flag_model._default_manager.filter(user__isnull=False), "user_id", users)
        flaggers.update(flags.values_list("user_id", flat=True).distinct())
    return _once(flaggers)


# ---------------------------------------------------------------- editing badges


def editor(users: Scope) -> Earned:
    return _edited_posts(_edits(users), 1)


def strunk_and_white(users: Scope) -> Earned:
    return _edited_posts(_edits(users), STRUNK_AND_WHITE_EDITS)


def archaeologist(users: Scope) -> Earned:
    """Edits of posts whose previous revision (any history row) was six months older."""
    previous = (
        PostHistory.objects.filter(post_id=OuterRef("post_id"), creation_date__lt=OuterRef("creation_date"))
        .order_by("-creation_date")
        .values("creation_date")[:1]
    )
    threshold = ExpressionWrapper(F("creation_date") - ARCHAEOLOGIST_INACTIVITY, output_field=DateTimeField())
    revived = _edits(users).annotate(previous=Subquery(previous)).filter(previous__lte=threshold)
    return _edited_posts(revived, ARCHAEOLOGIST_EDITS)


# ---------------------------------------------------------------- tag badges


def tag_badges(users: Scope) -> dict[int, list[tuple[str, BadgeClass]]]:
    """Per user, the (tag, class) badges earned by answers in the tag: total score and number
    of live, non-community-wiki answers on questions carrying the tag. One GROUP BY query."""
    _, lowest_score, lowest_answers = TAG_BADGE_THRESHOLDS[0]
    rows = (
        _answers(users)
        .filter(community_owned_date__isnull=True, parent__post_tags__isnull=False)
        .values("owner_id", tag=F("parent__post_tags__tag__name"))
        .annotate(total=Sum("score"), answered=Count("pk"))
        .filter(total__gte=lowest_score, answered__gte=lowest_answers)
        .values_list("owner_id", "tag", "total", "answered")
    )
    earned: dict[int, list[tuple[str, BadgeClass]]] = {}
    for owner_id, tag, total, answers in rows:
        for badge_class, score, count in TAG_BADGE_THRESHOLDS:
            if total >= score and answers >= count:
                earned.setdefault(owner_id, []).append((tag, badge_class))
    return earned


def tag_badge_description(tag: str, badge_class: int) -> str:
    score, answers = next((s, a) for c, s, a in TAG_BADGE_THRESHOLDS if c == badge_class)
    return (
        f"Earn at least {score:,} total score for at least {answers} non-community wiki answers "
        f"in the {tag} tag."
    )


# ---------------------------------------------------------------- the badges

R = BadgeCheckReason
ON_VOTE = frozenset({R.VOTE})
ON_VOTE_OR_ACCEPT = frozenset({R.VOTE, R.ACCEPT})
# Time passing earns these (views are counted in batches, a week or a year goes by): only the
# daily sweep awards them.
ON_SWEEP: frozenset[BadgeCheckReason] = frozenset()


@dataclass(frozen=True)
class BadgeDefinition:
    """One named badge. ``multiple``: awarded again for each post (or each year) that earns it."""

    id: int
    name: str
    badge_class: BadgeClass
    description: str
    multiple: bool
    rule: Rule
    # The events after which the worker runs the rule; the daily sweep runs every rule.
    triggers: frozenset[BadgeCheckReason]

    @property
    def slug(self) -> str:
        return slugify_title(self.name)

    def get_absolute_url(self) -> str:
        return reverse("badges:detail", args=[self.id, self.slug])


B = BadgeDefinition
G, S, BR = BadgeClass.GOLD, BadgeClass.SILVER, BadgeClass.BRONZE

BADGES: tuple[BadgeDefinition, ...] = (
    # Questions.
    B(2, "Student", BR, "Asked first question with score of 1 or more", False, student, ON_VOTE),
    B(10, "Scholar", BR, "Asked a question and accepted an answer", False, scholar, frozenset({R.ACCEPT})),
    B(20, "Nice Question", BR, "Question score of 10 or more", True, question_score(10), ON_VOTE),
    B(21, "Good Question", S, "Question score of 25 or more", True, question_score(25), ON_VOTE),
    B(22, "Great Question", G, "Question score of 100 or more", True, question_score(100), ON_VOTE),
    B(26, "Popular Question", BR, "Asked a question with 1,000 views", True, question_views(1000), ON_SWEEP),
    B(27, "Notable Question", S, "Asked a question with 2,500 views", True, question_views(2500), ON_SWEEP),
    B(28, "Famous Question", G, "Asked a question with 10,000 views", True, question_views(10000), ON_SWEEP),
    B(
        63,
        "Tumbleweed",
        BR,
        "Asked a question with zero score, no answers, no comments, and low views for a week",
        False,
        tumbleweed,
        ON_SWEEP,
    ),
    B(
        4127,
        "Curious",
        BR,
        "Asked a well-received question on 5 separate days, and maintained a positive question record",
        False,
        curious(5),
        ON_VOTE,
    ),
    B(
        4128,
        "Inquisitive",
        S,
        "Asked a well-received question on 30 separate days, and maintained a positive question record",
        False,
        curious(30),
        ON_VOTE,
    ),
    B(
        4129,
        "Socratic",
        G,
        "Asked a well-received question on 100 separate days, and maintained a positive question record",
        False,
        curious(100),
        ON_VOTE,
    ),
    # Answers.
    B(1, "Teacher", BR, "Answered a question with score of 1 or more", False, teacher, ON_VOTE),
    B(23, "Nice Answer", BR, "Answer score of 10 or more", True, answer_score(10), ON_VOTE),
    B(24, "Good Answer", S, "Answer score of 25 or more", True, answer_score(25), ON_VOTE),
    B(25, "Great Answer", G, "Answer score of 100 or more", True, answer_score(100), ON_VOTE),
    B(
        19,
        "Enlightened",
        S,
        "First to answer and accepted with score of 10 or more",
        True,
        enlightened,
        ON_VOTE_OR_ACCEPT,
    ),
    B(
        17,
        "Necromancer",
        S,
        "Answered a question more than 60 days later with score of 5 or more",
        True,
        necromancer,
        ON_VOTE,
    ),
    B(
        837,
        "Revival",
        BR,
        "Answered more than 30 days after a question was asked as first answer scoring 2 or more",
        True,
        revival,
        ON_VOTE,
    ),
    B(
        14,
        "Self-Learner",
        BR,
        "Answered your own question with score of 3 or more",
        True,
        self_learner,
        ON_VOTE,
    ),
    B(18, "Guru", S, "Accepted answer and score of 40 or more", True, guru, ON_VOTE_OR_ACCEPT),
    B(
        62,
        "Populist",
        G,
        "Highest scoring answer that outscored an accepted answer with score of more than 10 by more than 2x",
        True,
        populist,
        ON_VOTE_OR_ACCEPT,
    ),
    # Participation.
    B(
        9,
        "Autobiographer",
        BR,
        "Completed \u201cAbout Me\u201d section of user profile",
        False,
        autobiographer,
        frozenset({R.PROFILE}),
    ),
    B(31, "Commentator", BR, "Left 10 comments", False, commentator, frozenset({R.COMMENT})),
    B(
        13,
        "Yearling",
        S,
        "Active member for a year, earning at least 200 reputation",
        True,
        yearling,
        ON_SWEEP,
    ),
    # Voting and moderation.
    B(6, "Supporter", BR, "First up vote", False, first_vote(VoteType.UP_MOD), ON_VOTE),
    B(7, "Critic", BR, "First down vote", False, first_vote(VoteType.DOWN_MOD), ON_VOTE),
    B(32, "Civic Duty", S, "Voted 300 or more times", False, civic_duty, ON_VOTE),
    B(804, "Suffrage", BR, "Used 30 votes in a day", False, votes_in_a_day(SUFFRAGE_VOTES_IN_A_DAY), ON_VOTE),
    B(
        1108,
        "Vox Populi",
        BR,
        "Used the maximum 40 votes in a day",
        False,
        votes_in_a_day(VOX_POPULI_VOTES_IN_A_DAY),
        ON_VOTE,
    ),
    B(8, "Citizen Patrol", BR, "First flagged post", False, citizen_patrol, frozenset({R.FLAG})),
    # Editing.
    B(3, "Editor", BR, "First edit", False, editor, frozenset({R.EDIT})),
    B(12, "Strunk & White", S, "Edited 80 posts", False, strunk_and_white, frozenset({R.EDIT})),
    B(
        1286,
        "Archaeologist",
        S,
        "Edited 100 posts that were inactive for 6 months",
        False,
        archaeologist,
        frozenset({R.EDIT}),
    ),
)

BY_ID: dict[int, BadgeDefinition] = {badge.id: badge for badge in BADGES}
BY_NAME: dict[str, BadgeDefinition] = {badge.name: badge for badge in BADGES}


def for_reason(reason: str) -> tuple[BadgeDefinition, ...]:
    """The badges whose rules an event of ``reason`` can satisfy (all of them for ``all``)."""
    if reason == BadgeCheckReason.ALL:
        return BADGES
    return tuple(badge for badge in BADGES if reason in badge.triggers)


def tag_badges_follow(reason: str) -> bool:
    """Tag badges move with answer scores: votes, and the sweep."""
    return reason in (BadgeCheckReason.VOTE, BadgeCheckReason.ALL)
