"""Read paths of the question pages (the lists are in ``lists.py``).

Each function here issues a fixed, small number of SQL queries whatever the size of what it
reads (a thread of 200 answers costs what a thread of one does); the tests in tests/posts/ pin
those numbers. Rows are loaded with ``.only()`` so a page never pulls markdown sources or
profile texts it does not show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import router
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.access import has_privilege
from quaestio.accounts.models import User
from quaestio.accounts.rules import COMMENT_EDIT_WINDOW
from quaestio.badges.models import Badge, BadgeClass
from quaestio.lib.prepared import PreparedQuery, instance
from quaestio.posts.actions import can_comment, can_edit_directly, can_review_suggested_edits
from quaestio.posts.lists import live_questions
from quaestio.posts.models import (
    Comment,
    CommentVote,
    Post,
    PostLink,
    PostLinkType,
    PostTag,
    PostType,
    SuggestedEdit,
    Vote,
    VoteType,
)

COMMENTS_SHOWN = 5
RELATED_LIMIT = 10
LINKED_LIMIT = 10

_USER_FIELDS = ("id", "display_name", "reputation")


def _user_fields(relation: str) -> tuple[str, ...]:
    return tuple(f"{relation}__{name}" for name in _USER_FIELDS)


class PostNotFound(Exception):
    """No live question (or answer) has this id. Missing, deleted and non-question posts look
    the same from outside."""


# ---------------------------------------------------------------- permalinks


@dataclass(frozen=True)
class PermalinkTarget:
    """Where ``/q/<id>`` or ``/a/<id>`` leads: a question, and an answer on it if any."""

    question_id: int
    slug: str
    answer_id: int | None


def resolve_permalink(post_id: int) -> PermalinkTarget:
    """The live question (and answer) a permalink names, in one query; raises ``PostNotFound``."""
    post = (
        Post.objects.select_related("parent")
        .only(
            "id",
            "post_type",
            "deletion_date",
            "title",
            "parent__id",
            "parent__post_type",
            "parent__deletion_date",
            "parent__title",
        )
        .filter(pk=post_id, deletion_date__isnull=True)
        .first()
    )
    if post is None:
        raise PostNotFound(post_id)
    if post.post_type == PostType.QUESTION:
        return PermalinkTarget(question_id=post.pk, slug=post.slug, answer_id=None)
    parent = post.parent
    if (
        post.post_type != PostType.ANSWER
        or parent is None
        or parent.post_type != PostType.QUESTION
        or parent.deletion_date is not None
    ):
        raise PostNotFound(post_id)
    return PermalinkTarget(question_id=parent.pk, slug=parent.slug, answer_id=post.pk)


# ---------------------------------------------------------------- the question page


class AnswerSort(StrEnum):
    SCORE = "score"
    NEWEST = "newest"
    OLDEST = "oldest"
    ACTIVE = "active"

    @classmethod
    def parse(cls, raw: str | None) -> AnswerSort:
        """``?answertab=`` read case-insensitively (SE also says "votes" for score)."""
        wanted = (raw or "").strip().lower()
        if wanted == "votes":
            return cls.SCORE
        return next((sort for sort in cls if sort.value == wanted), cls.SCORE)


class AnswerGate(StrEnum):
    """What the bottom of a question page offers the viewer."""

    FORM = "form"
    LOGIN = "login"
    PROTECTED = "protected"
    CLOSED = "closed"
    LOCKED = "locked"


@dataclass(frozen=True)
class BadgeCounts:
    gold: int = 0
    silver: int = 0
    bronze: int = 0


NO_BADGES = BadgeCounts()


@dataclass(frozen=True)
class CommentThread:
    """The comments shown under one post, and how many it has in all."""

    post_id: int
    shown: tuple[Comment, ...]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)


@dataclass(frozen=True)
class PostViewer:
    """The viewer as one post's block sees them: exactly the facts its templates consult.

    A question page's blocks are rendered once and shared through the cache by every viewer
    with the same facts (``quaestio/posts/fragments.py``), so these facts are the block's cache
    key: a template can only vary with what is here. The methods mirror ``Viewer``'s, so the
    partials render with either.
    """

    signed_in: bool = False
    votes: tuple[int, ...] = ()
    asker: bool = False
    edits_directly: bool = False
    deletes_post: bool = False
    pending_edit: int | None = None
    comments: bool = False
    upvotes_comments: bool = False
    moderator: bool = False
    upvoted_comments: tuple[int, ...] = ()
    # The viewer's id when some comments under the post are theirs: which comments offer
    # "delete", and "edit" for five minutes, then depends on who, so the block is theirs alone.
    own_comments_by: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.signed_in

    def voted(self, post_id: int, vote_type: int) -> bool:
        """Whether the viewer's vote of ``vote_type`` is on this post."""
        return vote_type in self.votes

    def is_asker(self, asker_id: int | None) -> bool:
        """Whether the viewer asked the question (answers then offer "accept")."""
        return self.asker

    def upvoted_comment(self, comment_id: int) -> bool:
        return comment_id in self.upvoted_comments

    def may_comment(self, post: Post) -> bool:
        return self.comments

    def may_edit_directly(self, post: Post) -> bool:
        return self.edits_directly

    def may_upvote_comment(self, comment: Comment) -> bool:
        return (
            self.signed_in
            and self.upvotes_comments
            and (self.own_comments_by is None or comment.user_id != self.own_comments_by)
        )

    def may_delete_comment(self, comment: Comment) -> bool:
        return self.signed_in and (
            self.moderator or (self.own_comments_by is not None and comment.user_id == self.own_comments_by)
        )

    def may_edit_comment(self, comment: Comment) -> bool:
        if self.moderator:
            return True
        return (
            self.own_comments_by is not None
            and comment.user_id == self.own_comments_by
            and timezone.now() - comment.creation_date <= COMMENT_EDIT_WINDOW
        )

    def may_delete_post(self, post: Post) -> bool:
        return self.deletes_post

    def pending_edit_for(self, post: Post) -> int | None:
        return self.pending_edit


ANONYMOUS_POST_VIEWER = PostViewer()


@dataclass(frozen=True)
class Viewer:
    """Who is reading a page, what they have already done on it, and what they may do.

    ``votes`` maps a post id to the viewer's own vote types on it (up, down, bookmark,
    follow); ``comment_votes`` maps a post id to the ids of its comments they upvoted;
    ``own_comments_on`` holds the posts under which they have live comments;
    ``pending_edits`` maps a post id to its suggested edit waiting for review (shown only to
    those who may review it). The methods answer from these and from the rows already loaded:
    no query.
    """

    user: User | None = None
    votes: Mapping[int, frozenset[int]] = field(default_factory=dict)
    comment_votes: Mapping[int, frozenset[int]] = field(default_factory=dict)
    own_comments_on: frozenset[int] = frozenset()
    pending_edits: Mapping[int, int] = field(default_factory=dict)
    # ``facing``'s answers of the permission rules, by kind of post, and the facts it made, by
    # what they hold (filled as it goes).
    _allowed_by_kind: dict[tuple[bool, int, bool, bool], tuple[bool, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _facts_made: dict[tuple[Any, ...], PostViewer] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    def voted(self, post_id: int, vote_type: int) -> bool:
        """Whether the viewer's vote of ``vote_type`` (2 up, 3 down, 5 bookmark, 21 follow) is on."""
        return vote_type in self.votes.get(post_id, frozenset())

    def is_asker(self, asker_id: int | None) -> bool:
        """Whether the viewer asked the question whose owner is ``asker_id``."""
        return self.user is not None and asker_id is not None and self.user.pk == asker_id

    def upvoted_comment(self, comment_id: int) -> bool:
        return any(comment_id in voted for voted in self.comment_votes.values())

    def may_comment(self, post: Post) -> bool:
        """Whether to offer the comment form; answers need ``post.parent`` loaded."""
        return self.user is not None and self.user.is_active and can_comment(self.user, post)

    def may_edit_directly(self, post: Post) -> bool:
        return self.user is not None and can_edit_directly(self.user, post)

    def may_upvote_comment(self, comment: Comment) -> bool:
        """Comment upvote buttons go to holders of the vote-up privilege, never on their own."""
        return (
            self.user is not None
            and comment.user_id != self.user.pk
            and has_privilege(self.user, rules.Privilege.VOTE_UP)
        )

    def may_delete_comment(self, comment: Comment) -> bool:
        return self.user is not None and (comment.user_id == self.user.pk or self.user.is_moderator)

    def may_edit_comment(self, comment: Comment) -> bool:
        """The author within the edit window, or a moderator (the action checks again)."""
        if self.user is None:
            return False
        if self.user.is_moderator:
            return True
        return (
            comment.user_id == self.user.pk and timezone.now() - comment.creation_date <= COMMENT_EDIT_WINDOW
        )

    def may_delete_post(self, post: Post) -> bool:
        """Offer "delete" to the author and to moderators; the action applies Stack Exchange's
        exceptions (accepted answers, questions others invested in) with a sentence."""
        return self.user is not None and (post.owner_id == self.user.pk or self.user.is_moderator)

    def may_review_edit_of(self, post: Post) -> bool:
        """Reviewers, and the owner of the post (whose vote decides alone)."""
        return self.user is not None and (
            post.owner_id == self.user.pk or can_review_suggested_edits(self.user)
        )

    def pending_edit_for(self, post: Post) -> int | None:
        """The id of the suggested edit waiting on ``post``, if the viewer may review it."""
        edit_id = self.pending_edits.get(post.pk)
        return edit_id if edit_id is not None and self.may_review_edit_of(post) else None

    def facing(self, post: Post, asker_id: int | None) -> PostViewer:
        """The facts of this viewer that ``post``'s block shows (answers need ``post.parent``).

        A page asks this for each of its posts on every request, most of them alike for the
        reader (no vote of theirs, no comment of theirs): equal facts are made once and shared.
        """
        user = self.user
        if user is None:
            return ANONYMOUS_POST_VIEWER
        # ``id``, not ``pk``: the property costs a call, and a fifty-answer page asks hundreds.
        user_id, post_id = user.id, post.id
        # What the viewer may do to a post depends on the post only through these; a page of
        # fifty answers asks the permission rules once per kind of post, not once per post.
        kind = (post.owner_id == user_id, post.post_type, asker_id == user_id, post.is_community_wiki)
        allowed = self._allowed_by_kind.get(kind)
        if allowed is None:
            allowed = self._allowed_by_kind[kind] = (
                self.may_edit_directly(post),
                self.may_delete_post(post),
                self.may_comment(post),
                self.may_review_edit_of(post),
                has_privilege(user, rules.Privilege.VOTE_UP),
            )
        votes = self.votes.get(post_id)
        upvoted = self.comment_votes.get(post_id)
        pending = self.pending_edits.get(post_id) if allowed[3] else None
        own = post_id in self.own_comments_on
        made = (kind, votes, upvoted, pending, own)
        facts = self._facts_made.get(made)
        if facts is None:
            edits_directly, deletes_post, comments, _reviews_edits, upvotes_comments = allowed
            facts = self._facts_made[made] = PostViewer(
                signed_in=True,
                votes=tuple(sorted(votes)) if votes else (),
                asker=asker_id is not None and asker_id == user_id,
                edits_directly=edits_directly,
                deletes_post=deletes_post,
                pending_edit=pending,
                comments=comments,
                upvotes_comments=upvotes_comments,
                moderator=user.is_moderator,
                upvoted_comments=tuple(sorted(upvoted)) if upvoted else (),
                own_comments_by=user_id if own else None,
            )
        return facts


ANONYMOUS = Viewer()


def viewer_of(user: User | AnonymousUser) -> Viewer:
    """A viewer with no marks read yet: for fragments rendered right after an action."""
    return Viewer(user=user) if isinstance(user, User) else ANONYMOUS


_UPVOTED, _AUTHORED, _VOTED = 1, 2, 3
# The votes a question page shows as the viewer's own.
_MARKED_VOTE_TYPES = [VoteType.UP_MOD, VoteType.DOWN_MOD, VoteType.FAVORITE, VoteType.FOLLOW]


def _viewer_marks(user: int, posts: list[int]) -> QuerySet[Any, tuple[int, int, int]]:
    # Rows of (comment or vote type, post, kind). The page's comments are found through their
    # posts and then matched to the viewer: an active user has thousands of comments and
    # comment votes, a page a few dozen comments. ``user_id + 0`` is not indexable, which
    # keeps SQLite's planner (which has no statistics about how skewed users are) from
    # starting at the user's rows. Votes are found by the viewer and post, an index's order.
    viewer = ExpressionWrapper(F("user_id") + 0, output_field=BigIntegerField())
    upvoted = (
        CommentVote.objects.annotate(viewer=viewer)
        .filter(viewer=user, comment__post_id__in=posts)
        .values_list("comment_id", "comment__post_id", Value(_UPVOTED))
    )
    authored = (
        Comment.objects.annotate(viewer=viewer)
        .filter(viewer=user, post_id__in=posts, deletion_date__isnull=True)
        .values_list("id", "post_id", Value(_AUTHORED))
    )
    voted = Vote.objects.filter(
        user_id=user, post_id__in=posts, vote_type__in=_MARKED_VOTE_TYPES
    ).values_list("vote_type", "post_id", Value(_VOTED))
    return upvoted.union(authored, voted, all=True)


# The viewer's marks on a page's posts and their comments, in one query.
_VIEWER_MARKS = PreparedQuery(CommentVote, _viewer_marks)


def _viewer_state(viewer: User | AnonymousUser, posts: Sequence[Post]) -> Viewer:
    """The viewer's marks on a question page, in one query: their votes on the posts, their
    comment upvotes and the posts they commented on. Pending suggested edits came with the
    posts (``pending_edit_id``)."""
    if not isinstance(viewer, User):
        return ANONYMOUS
    post_ids = [post.pk for post in posts]
    votes: dict[int, set[int]] = defaultdict(set)
    upvoted: dict[int, set[int]] = defaultdict(set)
    commented: set[int] = set()
    for item, post_id, kind in _VIEWER_MARKS.rows(user=viewer.pk, posts=post_ids):
        if kind == _VOTED:
            votes[post_id].add(item)
        elif kind == _UPVOTED:
            upvoted[post_id].add(item)
        else:
            commented.add(post_id)
    pending: dict[int, int] = {}
    for post in posts:
        edit_id: int | None = getattr(post, "pending_edit_id", None)  # annotated by the page's queries
        if edit_id is not None:
            pending[post.pk] = edit_id
    return Viewer(
        user=viewer,
        votes={post_id: frozenset(kinds) for post_id, kinds in votes.items()},
        comment_votes={post_id: frozenset(ids) for post_id, ids in upvoted.items()},
        own_comments_on=frozenset(commented),
        pending_edits=pending,
    )


def comment_votes_of(viewer: User | AnonymousUser, comment_ids: Sequence[int]) -> Viewer:
    """The viewer with their upvotes among ``comment_ids`` (one query when logged in)."""
    if not isinstance(viewer, User):
        return ANONYMOUS
    voted = CommentVote.objects.filter(user=viewer, comment_id__in=comment_ids).values_list(
        "comment_id", flat=True
    )
    return Viewer(user=viewer, comment_votes={0: frozenset(voted)})


@dataclass(frozen=True)
class QuestionPage:
    """The question, its answers in the reader's order and the reader's marks on them: what
    every request of a question page reads. What the blocks show inside (comments, badges)
    and the sidebar are read by ``post_details`` and ``question_sidebar`` only when the
    cache of rendered blocks does not have them (``quaestio/posts/fragments.py``)."""

    question: Post
    answers: tuple[Post, ...]
    answer_sort: AnswerSort
    show_all_comments_for: int | Literal["all"] | None
    answer_gate: AnswerGate
    protected_threshold: int = field(default=10)
    viewer: Viewer = ANONYMOUS
    # False when the answers are only the facts kept in the cache (see ``question_page``).
    whole_answers: bool = True

    @property
    def posts(self) -> tuple[Post, ...]:
        """The question and its answers, in page order."""
        return (self.question, *self.answers)


@dataclass(frozen=True)
class PostDetails:
    """What the blocks of some posts show beyond their rows: comments and badge counts."""

    question: Post
    comments: Mapping[int, CommentThread]
    badges: Mapping[int, BadgeCounts]

    def comments_for(self, post_id: int) -> CommentThread:
        return self.comments.get(post_id) or CommentThread(post_id=post_id, shown=(), total=0)

    def badges_for(self, user: User | None) -> BadgeCounts:
        return self.badges.get(user.pk, NO_BADGES) if user is not None else NO_BADGES


@dataclass(frozen=True)
class Sidebar:
    """Linked and related questions, and the originals of a question closed as a duplicate."""

    linked: tuple[Post, ...]
    duplicate_of: tuple[Post, ...]
    related: tuple[Post, ...]

    @property
    def question_ids(self) -> set[int]:
        """Every question listed (their titles and scores are shown)."""
        return {post.pk for post in (*self.linked, *self.related)}


_POST_FIELDS = (
    "id",
    "post_type",
    "parent_id",
    "body_html",
    "score",
    "creation_date",
    "deletion_date",
    "last_activity_date",
    "last_edit_date",
    "last_editor_display_name",
    "owner_display_name",
    "comment_count",
    "community_owned_date",
    "locked_date",
    "locked_until",
    *_user_fields("owner"),
    *_user_fields("last_editor"),
)
_QUESTION_FIELDS = (
    *_POST_FIELDS,
    "title",
    "tags",
    "view_count",
    "answer_count",
    "accepted_answer_id",
    "is_answered",
    "closed_date",
    "close_reason",
    "protected_date",
)
# What a comment shows: the page never loads a comment's markdown source.
_COMMENT_FIELDS = (
    "id",
    "post_id",
    "score",
    "text_html",
    "creation_date",
    "edit_date",
    "user_display_name",
    *_user_fields("user"),
)
_SIDEBAR_FIELDS = ("id", "post_type", "parent_id", "title", "score", "answer_count", "accepted_answer_id")


def _pending_edit_id() -> Subquery:
    """The id of the post's suggested edit waiting for review, if any: at most one per post,
    found through the partial unique index ``suggestededit_one_pending_per_post``."""
    return Subquery(
        SuggestedEdit.objects.filter(
            post_id=OuterRef("pk"), approval_date__isnull=True, rejection_date__isnull=True
        ).values("id")[:1]
    )


_QUESTION = PreparedQuery(
    Post,
    lambda question: (
        live_questions()
        .select_related("owner", "last_editor")
        .only(*_QUESTION_FIELDS)
        .annotate(pending_edit_id=_pending_edit_id())
        .filter(pk=question)
    ),
)
_ANSWERS = PreparedQuery(
    Post,
    lambda question: (
        Post.objects.filter(parent_id=question, post_type=PostType.ANSWER, deletion_date__isnull=True)
        .select_related("owner", "last_editor")
        .only(*_POST_FIELDS)
        .annotate(pending_edit_id=_pending_edit_id())
    ),
)
# By the posts' ids, which the comment_post_date_idx index serves; a join through the answers'
# parent would scan every comment of the site.
_COMMENTS = PreparedQuery(
    Comment,
    lambda posts: (
        Comment.objects.filter(deletion_date__isnull=True, post_id__in=posts)
        .select_related("user")
        .only(*_COMMENT_FIELDS)
        .order_by("creation_date", "id")
    ),
)
_BADGE_COUNTS = PreparedQuery(
    Badge,
    lambda users: (
        Badge.objects.filter(user_id__in=users)
        .values_list("user_id", "badge_class")
        .annotate(n=Count("id"))
        .order_by()
    ),
)


def _linked_questions(question: int) -> QuerySet[Post]:
    outgoing = PostLink.objects.filter(
        post_id=question, link_type__in=(PostLinkType.LINKED, PostLinkType.DUPLICATE)
    ).values("related_post_id")
    incoming = PostLink.objects.filter(
        related_post_id=question, link_type__in=(PostLinkType.LINKED, PostLinkType.DUPLICATE)
    ).values("post_id")
    is_original = PostLink.objects.filter(
        post_id=question, related_post_id=OuterRef("pk"), link_type=PostLinkType.DUPLICATE
    )
    return (
        live_questions()
        .filter(Q(pk__in=outgoing) | Q(pk__in=incoming))
        .exclude(pk=question)
        .annotate(is_original=Exists(is_original))
        .only(*_SIDEBAR_FIELDS)
        # The originals first, so a long list never crowds them out.
        .order_by("-is_original", "-score", "-id")[:LINKED_LIMIT]
    )


_LINKED = PreparedQuery(Post, _linked_questions)


def get_question(question_id: int) -> Post:
    """The live question with its owner, last editor and pending suggested edit id (one
    query); raises ``PostNotFound``."""
    found = _QUESTION.objects(question=question_id)
    if not found:
        raise PostNotFound(question_id)
    return found[0]


def answer_gate(question: Post, viewer: User | AnonymousUser) -> AnswerGate:
    """Whether the viewer gets the answer form, and if not, which sentence explains why."""
    if question.is_locked():
        return AnswerGate.LOCKED
    if question.is_closed:
        return AnswerGate.CLOSED
    if not isinstance(viewer, User):
        return AnswerGate.LOGIN
    if question.is_protected and viewer.reputation < _protected_threshold():
        return AnswerGate.PROTECTED
    return AnswerGate.FORM


def _protected_threshold() -> int:
    # Protected questions need the rep that removes new-user restrictions [se-rules §7].
    return rules.threshold(rules.Privilege.REMOVE_NEW_USER_RESTRICTIONS)


def _sort_answers(answers: Sequence[Post], sort: AnswerSort, accepted_id: int | None) -> tuple[Post, ...]:
    if sort is AnswerSort.NEWEST:
        return tuple(sorted(answers, key=lambda a: (a.creation_date, a.pk), reverse=True))
    if sort is AnswerSort.OLDEST:
        return tuple(sorted(answers, key=lambda a: (a.creation_date, a.pk)))
    if sort is AnswerSort.ACTIVE:
        return tuple(sorted(answers, key=lambda a: (a.last_activity_date, a.pk), reverse=True))
    # By score, the accepted answer pinned on top, ties to the older answer: as Stack Exchange.
    return tuple(sorted(answers, key=lambda a: (a.pk != accepted_id, -a.score, a.creation_date, a.pk)))


def _threads(
    comments: Sequence[Comment], show_all_for: int | Literal["all"] | None
) -> dict[int, CommentThread]:
    by_post: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:  # already in date order
        by_post[comment.post_id].append(comment)
    threads = {}
    for post_id, all_comments in by_post.items():
        shown = all_comments
        if len(all_comments) > COMMENTS_SHOWN and show_all_for not in ("all", post_id):
            # Stack Exchange shows the five best-scored comments, then in date order.
            best = sorted(all_comments, key=lambda c: (-c.score, c.creation_date, c.pk))[:COMMENTS_SHOWN]
            shown = sorted(best, key=lambda c: (c.creation_date, c.pk))
        threads[post_id] = CommentThread(post_id=post_id, shown=tuple(shown), total=len(all_comments))
    return threads


def _badge_counts(user_ids: set[int]) -> dict[int, BadgeCounts]:
    tallies: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, badge_class, count in _BADGE_COUNTS.rows(users=sorted(user_ids)):
        tallies[user_id][badge_class] = count
    return {
        user_id: BadgeCounts(
            gold=counts.get(BadgeClass.GOLD, 0),
            silver=counts.get(BadgeClass.SILVER, 0),
            bronze=counts.get(BadgeClass.BRONZE, 0),
        )
        for user_id, counts in tallies.items()
    }


def comments_of_post(post_id: int) -> CommentThread:
    """All live comments of one live post (question, or answer of a live question), in date
    order, for the "show more comments" fragment. Two queries; raises ``PostNotFound``."""
    post = (
        Post.objects.filter(pk=post_id, deletion_date__isnull=True)
        .filter(
            Q(post_type=PostType.QUESTION) | Q(post_type=PostType.ANSWER, parent__deletion_date__isnull=True)
        )
        .only("id")
        .first()
    )
    if post is None:
        raise PostNotFound(post_id)
    comments = tuple(_COMMENTS.objects(posts=[post_id]))
    return CommentThread(post_id=post_id, shown=comments, total=len(comments))


# What a question page needs of its answers before it knows whether its cached column will do:
# their order and the reader's facts on them (``Viewer.facing``). Kept in the cache, keyed by
# the thread's version, so a page served from its cached column reads no answer row.
_ANSWER_FACT_FIELDS = (
    "id",
    "post_type",
    "parent_id",
    "owner_id",
    "score",
    "creation_date",
    "last_activity_date",
    "community_owned_date",
    "deletion_date",
    "locked_date",
    "locked_until",
    "pending_edit_id",
)
# A bound for what the thread's version cannot see: none, today; the entry is small.
ANSWER_FACTS_TTL = 600


def _answer_facts_key(question_id: int) -> str:
    return f"thread:answer-facts:{question_id}"


def _answers(question: Post, snapshot: Mapping[str, Any] | None) -> tuple[list[Post], bool]:
    """The question's live answers, and whether they are whole rows (True) or only their
    ``_ANSWER_FACT_FIELDS`` from the cache (False; the rest of their fields are deferred).

    ``snapshot`` holds the thread's versions read before this (``fragments.thread_versions``):
    the facts are served while it is what they were stored under, and stored under it when
    whole rows are read (which happened after it was taken, so never older than it says)."""
    key = _answer_facts_key(question.pk)
    stamp = (snapshot.get("all"), snapshot.get(f"q:{question.pk}")) if snapshot is not None else None
    if stamp is not None and None not in stamp:
        entry = cache.get(key)
        if entry is not None and entry[0] == stamp:
            alias = router.db_for_read(Post) or "default"
            # Not announced: what the page cache would learn from them (the thread) the
            # question's own row has told it, and a column built from them is whole rows.
            known = [
                instance(Post, alias, _ANSWER_FACT_FIELDS, values, announce=False) for values in entry[1]
            ]
            return known, False
    answers = _ANSWERS.objects(question=question.pk)
    if stamp is not None and None not in stamp:
        facts = [tuple(answer.__dict__.get(name) for name in _ANSWER_FACT_FIELDS) for answer in answers]
        cache.set(key, (stamp, facts), ANSWER_FACTS_TTL)
    return answers, True


def _give_question(answers: Sequence[Post], question: Post) -> None:
    """Who may comment on an answer depends on who asked: each answer gets its question, so
    ``can_comment`` reads it without a query per answer. Their ``parent_id`` is already the
    question's: the relation's cache is filled directly, without the checks of assigning it."""
    parent = Post._meta.get_field("parent")
    for answer in answers:
        parent.set_cached_value(answer, question)


def question_page(
    question: int | Post,
    viewer: User | AnonymousUser,
    answer_sort: AnswerSort = AnswerSort.SCORE,
    show_all_comments_for: int | Literal["all"] | None = None,
    snapshot: Mapping[str, Any] | None = None,
) -> QuestionPage:
    """Read what every request of a question page needs; ``question`` is an id or a row
    ``get_question`` returned. Queries, whatever the number of answers:

    1. the question with its owner and last editor (skipped when a row is passed in);
    2. the live answers with their owners and last editors, unless ``snapshot`` (the thread's
       versions, read before) finds their facts in the cache: then the page's answers are
       those facts only, and ``with_whole_answers`` reads the rest when the page must be
       rendered;

    and for a logged-in viewer (see ``_viewer_state``):

    3. their up, down, bookmark and follow votes on the question and its answers, their
       upvotes on the page's comments and the posts they commented under.

    Each post's pending suggested edit comes with it as ``pending_edit_id`` (a subquery). The
    viewer's reputation came with the request's user. Raises ``PostNotFound`` when the id
    names no live question.
    """
    if not isinstance(question, Post):
        question = get_question(question)
    answers, whole = _answers(question, snapshot)
    _give_question(answers, question)
    return QuestionPage(
        question=question,
        answers=_sort_answers(answers, answer_sort, question.accepted_answer_id),
        answer_sort=answer_sort,
        show_all_comments_for=show_all_comments_for,
        answer_gate=answer_gate(question, viewer),
        protected_threshold=_protected_threshold(),
        viewer=_viewer_state(viewer, (question, *answers)),
        whole_answers=whole,
    )


def with_whole_answers(page: QuestionPage) -> QuestionPage:
    """``page`` with its answers' whole rows (one query), when it holds only their facts."""
    if page.whole_answers:
        return page
    answers = _ANSWERS.objects(question=page.question.pk)
    _give_question(answers, page.question)
    return replace(
        page,
        answers=_sort_answers(answers, page.answer_sort, page.question.accepted_answer_id),
        whole_answers=True,
    )


def post_details(
    question: Post, posts: Sequence[Post], show_all_comments_for: int | Literal["all"] | None = None
) -> PostDetails:
    """The comments of ``posts`` (all of them, or the five best of each unless shown in full)
    and the badge counts of everyone on their cards: two queries, whatever their number."""
    if not posts:
        return PostDetails(question=question, comments={}, badges={})
    comments = _COMMENTS.objects(posts=[post.pk for post in posts])
    card_users = {user.pk for post in posts for user in (post.owner, post.last_editor) if user is not None}
    return PostDetails(
        question=question,
        comments=_threads(comments, show_all_comments_for),
        badges=_badge_counts(card_users) if card_users else {},
    )


def question_sidebar(question: Post) -> Sidebar:
    """Linked and duplicate questions (both directions) and related questions, the
    best-scored live questions sharing the first tag: two queries (one without tags)."""
    linked = _LINKED.objects(question=question.pk)
    related: list[Post] = []
    if question.tag_list:
        # The tag's best-scored questions straight from its score index (PostTag carries
        # copies of the questions' scores), not by sorting all of a popular tag's questions.
        best = (
            PostTag.objects.filter(tag__name=question.tag_list[0], deletion_date__isnull=True)
            .exclude(post_id=question.pk)
            .order_by("-score", "-post_id")
            .values("post_id")[:RELATED_LIMIT]
        )
        related = list(live_questions().filter(pk__in=best).only(*_SIDEBAR_FIELDS).order_by("-score", "-id"))
    return Sidebar(
        linked=tuple(linked),
        duplicate_of=tuple(post for post in linked if getattr(post, "is_original", False)),
        related=tuple(related),
    )


def get_suggested_edit(suggested_edit_id: int) -> SuggestedEdit:
    """A suggested edit with its author, its post and the post's question, for the review
    page (one query). Raises ``PostNotFound`` when it or its post is gone."""
    found = (
        SuggestedEdit.objects.select_related("owner", "post", "post__parent")
        .filter(pk=suggested_edit_id, post__deletion_date__isnull=True)
        .first()
    )
    if found is None:
        raise PostNotFound(suggested_edit_id)
    return found
