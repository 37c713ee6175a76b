"""Read paths of the user pages, each a fixed, small number of SQL queries.

The counts are pinned by tests (tests/accounts/test_users_list.py, test_profile.py and
tests/web/test_lists_queries.py): they do not grow with the number of users listed, posts
written or badges earned, nor with how deep in the list a page is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Final

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.badges.models import Badge, BadgeClass
from quaestio.lib.pagination import (
    BoundRows,
    ListCache,
    ListRows,
    Ordering,
    Page,
    asc,
    cached_total,
    desc,
    keyset_page,
    last_page,
    parse_page_number,
)
from quaestio.lib.prepared import PreparedQuery
from quaestio.posts.models import Post, PostType
from quaestio.web.page_cache import record_dependency

USERS_PER_PAGE: Final = 36
TOP_POSTS: Final = 10
FILTER_MAX_LENGTH: Final = 100
# What the users list's total depends on: a sign-up or an account made by an operator touches
# "users", an import touches "all".
USERS_CHANGED: Final = ("all", "users")
# What the users list's order depends on besides: a reputation changes with a vote or an
# accepted answer, which touch "posts" (as the page cache's scope for /users has it).
USERS_ORDER_CHANGED: Final = (*USERS_CHANGED, "posts")
# What a profile's post counts depend on: any change to a post touches "posts".
POSTS_CHANGED: Final = ("all", "posts")

# tab → (label, order). Every order ends with the id, and each has an index in exactly that
# order (User.Meta.indexes); ``name_key`` is the lower-cased display name.
USER_TABS: Final[dict[str, tuple[str, Ordering]]] = {
    "reputation": ("Reputation", Ordering((desc("reputation", int), asc("id", int)))),
    "newusers": ("New users", Ordering((desc("creation_date", datetime), desc("id", int)))),
    "name": ("Name", Ordering((asc("name_key", str), asc("id", int)))),
}
DEFAULT_USER_TAB: Final = "reputation"
# The rows the users list pages through; the name tab orders them by the lower-cased name.
_USERS: Final = ListRows(User, lambda: User.objects.filter(is_active=True))
_USERS_BY_NAME: Final = ListRows(
    User, lambda: User.objects.filter(is_active=True).annotate(name_key=Lower("display_name"))
)
# What a user card shows, read as plain values: a card whose HTML is cached
# (posts/list_rows.py) makes no model.
_CARD_COLUMNS: Final = ("id", "display_name", "reputation", "location")
# A page's users by id: compiled once per page length.
_USERS_BY_ID = PreparedQuery(User, lambda ids: User.objects.filter(pk__in=ids).values_list(*_CARD_COLUMNS))


@dataclass(frozen=True)
class UserCard:
    """A card of the users list: the values of ``_CARD_COLUMNS``."""

    values: tuple[Any, ...]

    @property
    def id(self) -> int:
        user_id: int = self.values[0]
        return user_id

    @cached_property
    def user(self) -> User:
        """The user as the card template reads it (no query); made only to render the card."""
        return User(**dict(zip(_CARD_COLUMNS, self.values, strict=True)))


def _user_cards(rows: list[tuple[Any, ...]]) -> list[UserCard]:
    """The cards of rows read by ``_USERS_BY_ID``. Their users are the page's dependencies in
    the page cache (their name and reputation show), as a user row read as a model would have
    made them."""
    cards = [UserCard(values=row) for row in rows]
    for card in cards:
        record_dependency(f"u:{card.id}")
    return cards


@dataclass(frozen=True)
class UsersPage:
    """One page of /users: the tab and filter it was asked with, and the page of users."""

    tab: str
    name_filter: str
    page: Page[UserCard]


def users_page(
    tab: str, name_filter: str, page_number: str | int | None, *, cursor: str | None = None
) -> UsersPage:
    """The active users of one /users page, ordered by the tab, filtered by display name.

    An unknown tab means the default (reputation); a page number past the last page gives the
    last page and one that is not a number the first, as Stack Exchange does. ``cursor`` is
    the raw ``?cursor=`` of a pager link, ignored unless it belongs to this list.

    Queries: the count (only when a sign-up made the cached one stale), the page's keys from
    the tab's index (one by number, and one more to read its landmark when a change made it
    stale; two through a cursor), the page's users (only the fields a user card shows).
    """
    tab = tab if tab in USER_TABS else DEFAULT_USER_TAB
    name_filter = name_filter.strip()[:FILTER_MAX_LENGTH]
    ordering = USER_TABS[tab][1]
    rows: QuerySet[User] | BoundRows
    if name_filter:
        filtered = User.objects.filter(is_active=True, display_name__icontains=name_filter)
        rows = filtered.annotate(name_key=Lower("display_name")) if tab == "name" else filtered
    else:
        rows = (_USERS_BY_NAME if tab == "name" else _USERS).bind()
    # Its landmarks move with any reputation, its total only with the users.
    cache = ListCache(USERS_ORDER_CHANGED)
    total = cache.total(f"users:{name_filter}", rows.count, depends_on=USERS_CHANGED)
    number = parse_page_number(str(page_number) if page_number is not None else None)
    number = min(number, last_page(total, USERS_PER_PAGE))
    # Brought within the list above, so no PageOutOfRange.
    page = keyset_page(
        rows,
        ordering,
        scope=f"users:{tab}:{name_filter}",
        number=number,
        size=USERS_PER_PAGE,
        total=total,
        cursor=cursor,
        fetch=lambda ids: _user_cards(_USERS_BY_ID.rows(ids=ids)),
        id_of=lambda card: card.id,
        params={"tab": tab, "filter": name_filter},
        default_size=USERS_PER_PAGE,
        cache=cache,
    )
    return UsersPage(tab=tab, name_filter=name_filter, page=page)


def profile_user(user_id: int) -> User | None:
    """The user whose profile is at /users/<user_id>, or None when there is none to show.

    A deactivated account is shown as missing, like one that never existed. One query.
    """
    found = _ACTIVE_USER.objects(user=user_id)
    return found[0] if found else None


@dataclass(frozen=True)
class BadgeTally:
    """A badge the user holds and how many times it was awarded to them."""

    name: str
    badge_class: int
    tag_based: bool
    count: int


@dataclass(frozen=True)
class BadgeShelf:
    """The user's awards of one class (gold, silver or bronze)."""

    badge_class: int
    label: str
    badges: list[BadgeTally] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(badge.count for badge in self.badges)


@dataclass(frozen=True)
class ProfilePage:
    """Everything the profile page shows besides the user row itself."""

    user: User
    question_count: int
    answer_count: int
    shelves: list[BadgeShelf]
    top_questions: list[Post]
    top_answers: list[Post]

    @property
    def member_for(self) -> str:
        return member_for(self.user.creation_date)

    @property
    def website_url(self) -> str:
        """The user's website when it is an http(s) address; "" otherwise.

        Other schemes (``javascript:`` above all) never become a link, whatever got stored.
        """
        url = self.user.website_url.strip()
        return url if url.lower().startswith(("http://", "https://")) else ""

    @property
    def website_label(self) -> str:
        """The website without its scheme and trailing slash, as the profile shows it."""
        return self.website_url.split("://", 1)[-1].rstrip("/")


# The profile's reads, compiled once (Django takes longer to build them than SQLite to run
# them); each walks an index of the user's rows in its order.
_ACTIVE_USER = PreparedQuery(User, lambda user: User.objects.filter(pk=user, is_active=True)[:1])
_BADGE_TALLIES = PreparedQuery(
    Badge,
    lambda user: (
        Badge.objects.filter(user=user)
        .values_list("name", "badge_class", "tag_based")
        .annotate(count=Count("id"))
        .order_by("badge_class", "-count", "name")
    ),
)
_TOP_QUESTIONS = PreparedQuery(
    Post,
    lambda user: (
        Post.objects.filter(owner=user, deletion_date__isnull=True, post_type=PostType.QUESTION)
        .only("id", "post_type", "title", "score", "creation_date", "accepted_answer", "answer_count")
        .order_by("-score", "-id")[:TOP_POSTS]
    ),
)
_TOP_ANSWERS = PreparedQuery(
    Post,
    lambda user: (
        Post.objects.filter(
            owner=user,
            deletion_date__isnull=True,
            post_type=PostType.ANSWER,
            parent__deletion_date__isnull=True,
        )
        .select_related("parent")
        .only(
            "id",
            "post_type",
            "score",
            "creation_date",
            "parent",
            "parent__id",
            "parent__post_type",
            "parent__title",
            "parent__accepted_answer",
        )
        .order_by("-score", "-id")[:TOP_POSTS]
    ),
)


def profile_page(user: User) -> ProfilePage:
    """The profile of ``user``: post counts, badges by class, top questions and answers.

    Only live posts count and show: an answer is left out when it or its question is deleted.
    Four queries whatever the user has done: the post counts (only when a change to a post made
    the cached ones stale; read from the post_owner_type_score_idx index alone), the badge
    tallies, the top questions, and the top answers with their questions (one join); the lists
    walk the same index in their order and stop at ``TOP_POSTS``. All but the counts are
    prepared queries.
    """
    live = Post.objects.filter(owner=user, deletion_date__isnull=True)

    def count_posts() -> tuple[int, int]:
        counts = live.aggregate(
            questions=Count("id", filter=Q(post_type=PostType.QUESTION)),
            answers=Count("id", filter=Q(post_type=PostType.ANSWER)),
        )
        return counts["questions"], counts["answers"]

    question_count, answer_count = cached_total(f"profile:{user.pk}", POSTS_CHANGED, count_posts)
    shelves = {value: BadgeShelf(badge_class=value, label=label) for value, label in BadgeClass.choices}
    for name, badge_class, tag_based, count in _BADGE_TALLIES.rows(user=user.pk):
        shelf = shelves.get(badge_class)
        if shelf is not None:
            shelf.badges.append(
                BadgeTally(name=name, badge_class=badge_class, tag_based=tag_based, count=count)
            )
    top_questions = _TOP_QUESTIONS.objects(user=user.pk)
    top_answers = _TOP_ANSWERS.objects(user=user.pk)
    return ProfilePage(
        user=user,
        question_count=question_count,
        answer_count=answer_count,
        shelves=list(shelves.values()),
        top_questions=top_questions,
        top_answers=top_answers,
    )


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def member_for(since: datetime, now: datetime | None = None) -> str:
    """How long someone has been a member, as the profile says it: ``"2 years, 3 months"``,
    ``"5 months"``, ``"12 days"`` or ``"less than a day"``."""
    now = now or timezone.now()
    months = (now.year - since.year) * 12 + now.month - since.month
    # A month is complete only once the day (and time) of the month has come round again.
    if (now.day, now.time()) < (since.day, since.time()):
        months -= 1
    if months >= 12:
        years, months = divmod(months, 12)
        return _plural(years, "year") + (f", {_plural(months, 'month')}" if months else "")
    if months >= 1:
        return _plural(months, "month")
    days = (now - since).days
    return _plural(days, "day") if days >= 1 else "less than a day"
