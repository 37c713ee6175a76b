"""Read paths of the lists: /questions and its tabs, /questions/tagged/<tag>, /tags, and the
home page's top questions.

Every list page costs the same few queries at any depth and any size of site (the tests in
tests/posts/test_lists*.py pin them):

- the list's total, from the cache (``ListCache``): a COUNT only after a change;
- the keys of the page's rows, read from an index in exactly the list's order: one query when
  the page is reached by its number (a seek to the nearest landmark, kept in the cache with the
  total, then a short OFFSET of a covering index, from the nearer end; one more the first time
  after a change, to read the landmark), two when reached through a pager cursor (an index
  seek: see ``quaestio.lib.pagination``);
- the page's rows, by id, with what the list shows of them.

A tag's lists page through its PostTag rows, which carry copies of their questions' sort keys
(see ``PostTag``), so that one index per tab orders them without reading the questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.functions import Substr

from quaestio.accounts.models import User
from quaestio.lib.markdown import excerpt, html_to_text
from quaestio.lib.pagination import (
    BoundRows,
    ListCache,
    ListRows,
    Ordering,
    Page,
    asc,
    desc,
    keyset_page,
)
from quaestio.lib.prepared import PreparedQuery
from quaestio.posts.models import Post, PostTag, PostType, Tag
from quaestio.web.page_cache import record_dependency

TAGS_PAGE_SIZE = 36
# How much of a body the lists read to make their 200-character excerpt: enough for markup
# around the first sentences, far less than the long bodies the lists would otherwise load.
EXCERPT_SOURCE_CHARS = 1500
# What the lists' totals depend on: any change to a post (an ask, a delete, an answer that
# answers) touches "posts", an import or the demo touches "all".
POSTS_CHANGED = ("all", "posts")

_PARTIAL_TAG = re.compile(r"<[^>]*$")


def live_questions() -> QuerySet[Post]:
    """Questions a reader may see: not deleted."""
    return Post.objects.filter(post_type=PostType.QUESTION, deletion_date__isnull=True)


# ---------------------------------------------------------------- question lists


class QuestionTab(StrEnum):
    NEWEST = "Newest"
    ACTIVE = "Active"
    SCORE = "Score"
    UNANSWERED = "Unanswered"

    @classmethod
    def parse(cls, raw: str | None, default: QuestionTab) -> QuestionTab:
        """``?tab=`` read case-insensitively (Stack Exchange also says "Votes" for Score); an
        unknown tab is the default."""
        wanted = (raw or "").strip().lower()
        if wanted == "votes":
            return cls.SCORE
        return next((tab for tab in cls if tab.value.lower() == wanted), default)


# The order of each tab, as a sort key of the questions and the question's id. The same names
# order a tag's PostTag rows, whose copies of the keys carry the same names; there the id is
# the question's, ``post``.
_TAB_KEY: Mapping[QuestionTab, str] = {
    QuestionTab.NEWEST: "creation_date",
    QuestionTab.ACTIVE: "last_activity_date",
    QuestionTab.SCORE: "score",
    QuestionTab.UNANSWERED: "creation_date",
}
_KEY_KIND: Mapping[str, type[int] | type[datetime]] = {
    "creation_date": datetime,
    "last_activity_date": datetime,
    "score": int,
}


def _question_ordering(tab: QuestionTab, id_field: str) -> Ordering:
    key = _TAB_KEY[tab]
    return Ordering((desc(key, _KEY_KIND[key]), desc(id_field, int)))


# What a question row shows, read as plain values: a row whose HTML is cached (list_rows.py)
# never becomes a model instance.
_SUMMARY_COLUMNS = (
    "id",
    "title",
    "tags",
    "score",
    "view_count",
    "answer_count",
    "accepted_answer_id",
    "closed_date",
    "close_reason",
    "creation_date",
    "last_activity_date",
    "owner_display_name",
    "owner_id",
    "owner__display_name",
    "owner__reputation",
    "body_head",
)
_COLUMN = {name: position for position, name in enumerate(_SUMMARY_COLUMNS)}


@dataclass(frozen=True)
class QuestionSummary:
    """One row of a question list, as read: the values of ``_SUMMARY_COLUMNS``, the last the
    start of the body's HTML, from which the excerpt is made when the row is rendered."""

    values: tuple[Any, ...]

    @property
    def question_id(self) -> int:
        question_id: int = self.values[_COLUMN["id"]]
        return question_id

    @property
    def owner_id(self) -> int | None:
        owner_id: int | None = self.values[_COLUMN["owner_id"]]
        return owner_id

    def moment(self, tab: QuestionTab) -> datetime:
        """The date the row shows: last activity on the Active tab, asked on the others."""
        column = "last_activity_date" if tab is QuestionTab.ACTIVE else "creation_date"
        moment: datetime = self.values[_COLUMN[column]]
        return moment

    @cached_property
    def question(self) -> Post:
        """The question with its owner, as the row template reads them (no query)."""
        value = dict(zip(_SUMMARY_COLUMNS, self.values, strict=True))
        owner = None
        if value["owner_id"] is not None:
            owner = User(
                id=value["owner_id"],
                display_name=value["owner__display_name"],
                reputation=value["owner__reputation"],
            )
        return Post(
            id=value["id"],
            post_type=PostType.QUESTION,
            title=value["title"],
            tags=value["tags"],
            score=value["score"],
            view_count=value["view_count"],
            answer_count=value["answer_count"],
            accepted_answer_id=value["accepted_answer_id"],
            closed_date=value["closed_date"],
            close_reason=value["close_reason"],
            creation_date=value["creation_date"],
            last_activity_date=value["last_activity_date"],
            owner_display_name=value["owner_display_name"],
            owner=owner,
        )

    @cached_property
    def excerpt(self) -> str:
        return excerpt(_PARTIAL_TAG.sub("", self.values[_COLUMN["body_head"]]))


def _summary_values(queryset: QuerySet[Post]) -> QuerySet[Any]:
    return queryset.annotate(body_head=Substr("body_html", 1, EXCERPT_SOURCE_CHARS)).values_list(
        *_SUMMARY_COLUMNS
    )


# A page's questions by id: compiled once per page length (Django takes longer to build the
# query than SQLite to run it).
_QUESTIONS_BY_ID = PreparedQuery(Post, lambda ids: _summary_values(Post.objects.filter(pk__in=ids)))


def _summaries(rows: Iterable[tuple[Any, ...]]) -> list[QuestionSummary]:
    """List items of rows read with ``_summary_values``, in their order. Their askers are the
    page's dependencies in the page cache (their reputation shows), as a user row read as a
    model would have made them."""
    summaries = [QuestionSummary(values=row) for row in rows]
    for summary in summaries:
        if summary.owner_id is not None:
            record_dependency(f"u:{summary.owner_id}")
    return summaries


# The rows each question list pages through (the tabs' orders are their indexes').
_QUESTIONS = ListRows(Post, live_questions)
_UNANSWERED_QUESTIONS = ListRows(Post, lambda: live_questions().filter(is_answered=False))
_TAGGED = ListRows(PostTag, lambda tag: PostTag.objects.filter(tag=tag, deletion_date__isnull=True))
_UNANSWERED_TAGGED = ListRows(
    PostTag, lambda tag: PostTag.objects.filter(tag=tag, deletion_date__isnull=True, is_answered=False)
)


def question_list(
    tab: QuestionTab,
    page_number: int,
    page_size: int,
    *,
    tag: Tag | None = None,
    cursor: str | None = None,
    params: Mapping[str, str] | None = None,
) -> Page[QuestionSummary]:
    """A page of live questions in ``tab`` order, optionally those tagged ``tag``; ``cursor``
    is the raw ``?cursor=`` of a pager link, ignored unless it belongs to this list.

    Queries: the total (only when a change made the cached one stale), the page's keys (one
    query by number, and one more to read its landmark when a change made it stale; two
    through a cursor), then the page's questions with their owners.
    Raises ``PageOutOfRange`` past the last page.
    """
    unanswered = tab is QuestionTab.UNANSWERED
    rows: BoundRows
    if tag is None:
        rows = (_UNANSWERED_QUESTIONS if unanswered else _QUESTIONS).bind()
        ordering = _question_ordering(tab, "id")
        members = "questions"
    else:
        rows = (_UNANSWERED_TAGGED if unanswered else _TAGGED).bind(tag=tag.pk)
        ordering = _question_ordering(tab, "post")
        members = f"tagged:{tag.pk}"
    if unanswered:
        members += ":unanswered"
    # The tabs but Unanswered list the same questions, so they share one total; each tab
    # keeps landmarks of its own order.
    cache = ListCache(POSTS_CHANGED)
    total = cache.total(members, rows.count)
    return keyset_page(
        rows,
        ordering,
        scope=f"{members}:{tab}",
        number=page_number,
        size=page_size,
        total=total,
        cursor=cursor,
        fetch=lambda ids: _summaries(_QUESTIONS_BY_ID.rows(ids=ids)),
        id_of=lambda summary: summary.question_id,
        params=params,
        cache=cache,
    )


def top_questions(limit: int) -> list[QuestionSummary]:
    """The home page's most recently active questions: one query, no total."""
    order = _question_ordering(QuestionTab.ACTIVE, "id").order_by
    return _summaries(_summary_values(live_questions().order_by(*order))[:limit])


# What a tag page reads of its tag, by name: compiled once per database (Django takes longer to
# build the query than the database to run it), with a placeholder name no tag has.
_TAG_HEADER = ("id", "name", "count", "excerpt_post__id", "excerpt_post__body_html")
_NAME_PLACEHOLDER = "\x00quaestio-tag-name"
_TAG_BY_NAME: dict[str, tuple[str, list[Any], int]] = {}


def get_tag(name: str) -> Tag:
    """The tag called ``name`` with its excerpt's HTML (one query); raises ``Tag.DoesNotExist``."""
    alias = router.db_for_read(Tag) or "default"
    compiled = _TAG_BY_NAME.get(alias)
    if compiled is None:
        queryset = Tag.objects.filter(name=_NAME_PLACEHOLDER).values_list(*_TAG_HEADER)[:1]
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        compiled = _TAG_BY_NAME[alias] = (sql, list(params), list(params).index(_NAME_PLACEHOLDER))
    sql, params, slot = compiled
    params = [*params[:slot], name.strip().lower(), *params[slot + 1 :]]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        raise Tag.DoesNotExist(f"No tag is called {name!r}.")
    # Made as the ORM makes them (``from_db``): the fields not read stay deferred.
    tag_id, tag_name, count, excerpt_id, excerpt_html = found
    tag = Tag.from_db(
        alias, ["id", "name", "count", "excerpt_post_id"], [tag_id, tag_name, count, excerpt_id]
    )
    if excerpt_id is not None:
        tag.excerpt_post = Post.from_db(alias, ["id", "body_html"], [excerpt_id, excerpt_html])
    return tag


@lru_cache(maxsize=256)
def _excerpt_text(body_html: str) -> str:
    return html_to_text(body_html)


def tag_excerpt(tag: Tag) -> str:
    """The tag's wiki excerpt as plain text, or an empty string (made once per process for
    the same HTML)."""
    return _excerpt_text(tag.excerpt_post.body_html) if tag.excerpt_post else ""


# ---------------------------------------------------------------- tags page


class TagTab(StrEnum):
    POPULAR = "popular"
    NAME = "name"
    NEW = "new"

    @classmethod
    def parse(cls, raw: str | None) -> TagTab:
        """``?tab=`` read case-insensitively; unknown tabs are "popular"."""
        wanted = (raw or "").strip().lower()
        return next((tab for tab in cls if tab.value == wanted), cls.POPULAR)


# Each served by an index in exactly its order: tag_popular_idx, the unique name, tag_new_idx
# (each holds the tag's id, which SQLite and PostgreSQL read with it).
_TAGS = ListRows(Tag, Tag.objects.all)
_TAG_ORDER: Mapping[TagTab, Ordering] = {
    TagTab.POPULAR: Ordering((desc("count", int), asc("name", str)), row="id"),
    TagTab.NAME: Ordering((asc("name", str),), row="id"),
    TagTab.NEW: Ordering((desc("creation_date", datetime), desc("id", int))),
}


# What a tag card shows, read as plain values: a card whose HTML is cached (list_rows.py)
# makes no model and no excerpt.
_TAG_CARD_COLUMNS = ("id", "name", "count", "excerpt_post__body_html")
_TAGS_BY_ID = PreparedQuery(Tag, lambda ids: Tag.objects.filter(pk__in=ids).values_list(*_TAG_CARD_COLUMNS))


@dataclass(frozen=True)
class TagSummary:
    """A tag card: the values of ``_TAG_CARD_COLUMNS``, the last the HTML of the tag's wiki
    excerpt (None without one), from which the card's text is made when it is rendered."""

    values: tuple[Any, ...]

    @property
    def id(self) -> int:
        tag_id: int = self.values[0]
        return tag_id

    @property
    def name(self) -> str:
        name: str = self.values[1]
        return name

    @property
    def count(self) -> int:
        count: int = self.values[2]
        return count

    @cached_property
    def excerpt(self) -> str:
        body_html: str | None = self.values[3]
        return excerpt(body_html, 160) if body_html else ""


def tag_list(
    tab: TagTab,
    name_filter: str,
    page_number: int,
    *,
    cursor: str | None = None,
    params: Mapping[str, str] | None = None,
) -> Page[TagSummary]:
    """A page of ``TAGS_PAGE_SIZE`` tags whose name contains ``name_filter``.

    Queries: the total (only when a change made the cached one stale), the page's keys (one
    by number, and one more to read its landmark when a change made it stale; one per key of
    the tab's order through a cursor), then the tags with their excerpts. Raises
    ``PageOutOfRange`` past the last page.
    """
    rows: QuerySet[Tag] | BoundRows = _TAGS.bind()
    name_filter = name_filter.strip().lower()
    if name_filter:
        rows = Tag.objects.filter(name__icontains=name_filter)
    ordering = _TAG_ORDER[tab]
    cache = ListCache(POSTS_CHANGED)
    total = cache.total(f"tags:{name_filter}", rows.count)
    return keyset_page(
        rows,
        ordering,
        scope=f"tags:{tab}:{name_filter}",
        number=page_number,
        size=TAGS_PAGE_SIZE,
        total=total,
        cursor=cursor,
        fetch=lambda ids: [TagSummary(values=row) for row in _TAGS_BY_ID.rows(ids=ids)],
        id_of=lambda summary: summary.id,
        params=params,
        default_size=TAGS_PAGE_SIZE,
        cache=cache,
    )
