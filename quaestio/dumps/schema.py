"""The eight files of a Stack Exchange data dump, as data: for each file its root element, its
attributes in the order the official files write them, the model field each attribute lands in,
its type, and the rule that says when the exporter writes it.

The reader and the writer share these tables, so what is imported is what is exported. The
presence rule matters because the dump writes no attribute for NULL, while several of our
columns are NOT NULL with a default ("" or 0): the rule predicts from the row's values whether
the attribute is there, and the reader records the rare rows where the dump disagrees (see
``Row.extra``), so an export gives every row's attribute set back exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from django.db import models

from quaestio.accounts.models import User
from quaestio.badges.models import Badge
from quaestio.posts.models import Comment, Post, PostHistory, PostLink, Tag, Vote

Kind = Literal["int", "str", "date", "bool", "tags"]
Presence = Callable[[Any, Mapping[str, Any]], bool]


def always(value: Any, _row: Mapping[str, Any]) -> bool:
    """Written whenever the value is not NULL."""
    return value is not None


def when_set(value: Any, _row: Mapping[str, Any]) -> bool:
    """Written only when the value is not NULL, empty, zero or false (the default)."""
    return value is not None and value != "" and value != 0 and value is not False


def for_questions(value: Any, row: Mapping[str, Any]) -> bool:
    """ViewCount and AnswerCount: always on questions, otherwise only when set."""
    return always(value, row) if row.get("post_type") == 1 else when_set(value, row)


@dataclass(frozen=True)
class Column:
    """One attribute of a dump file and where it lands."""

    attr: str
    field: str
    kind: Kind
    required: bool = False
    # What the field holds when the attribute is absent: None for nullable columns.
    default: Any = None
    written: Presence = always


@dataclass(frozen=True)
class Table:
    """One dump file."""

    file: str
    root: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    by_attr: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_attr", {column.attr: column for column in self.columns})

    @property
    def fields(self) -> list[str]:
        return [column.field for column in self.columns]


def _c(
    attr: str, name: str, kind: Kind, *, req: bool = False, default: Any = None, w: Presence = always
) -> Column:
    return Column(attr, name, kind, required=req, default=default, written=w)


POSTS = Table(
    "Posts.xml",
    "posts",
    Post,
    (
        _c("Id", "id", "int", req=True),
        _c("PostTypeId", "post_type", "int", req=True),
        _c("AcceptedAnswerId", "accepted_answer_id", "int"),
        _c("ParentId", "parent_id", "int"),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("DeletionDate", "deletion_date", "date"),
        _c("Score", "score", "int", default=0),
        _c("ViewCount", "view_count", "int", default=0, w=for_questions),
        _c("Body", "body_html", "str", default=""),
        _c("OwnerUserId", "owner_id", "int"),
        _c("OwnerDisplayName", "owner_display_name", "str", default="", w=when_set),
        _c("LastEditorUserId", "last_editor_id", "int"),
        _c("LastEditorDisplayName", "last_editor_display_name", "str", default="", w=when_set),
        _c("LastEditDate", "last_edit_date", "date"),
        _c("LastActivityDate", "last_activity_date", "date", req=True),
        _c("Title", "title", "str", default="", w=when_set),
        _c("Tags", "tags", "tags", default="", w=when_set),
        _c("AnswerCount", "answer_count", "int", default=0, w=for_questions),
        _c("CommentCount", "comment_count", "int", default=0),
        _c("FavoriteCount", "favorite_count", "int", default=0, w=when_set),
        _c("ClosedDate", "closed_date", "date"),
        _c("CommunityOwnedDate", "community_owned_date", "date"),
        # Older dumps have no ContentLicense: absence is kept as "" and exported as absence.
        _c("ContentLicense", "content_license", "str", default="", w=when_set),
    ),
)

USERS = Table(
    "Users.xml",
    "users",
    User,
    (
        _c("Id", "id", "int", req=True),
        _c("Reputation", "reputation", "int", default=1),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("DisplayName", "display_name", "str", default=""),
        _c("LastAccessDate", "last_access_date", "date", req=True),
        _c("WebsiteUrl", "website_url", "str", default="", w=when_set),
        _c("Location", "location", "str", default="", w=when_set),
        _c("AboutMe", "about_html", "str", default="", w=when_set),
        _c("Views", "views", "int", default=0),
        _c("UpVotes", "up_votes", "int", default=0),
        _c("DownVotes", "down_votes", "int", default=0),
        _c("ProfileImageUrl", "profile_image_url", "str", default="", w=when_set),
        _c("AccountId", "account_id", "int"),
    ),
)

COMMENTS = Table(
    "Comments.xml",
    "comments",
    Comment,
    (
        _c("Id", "id", "int", req=True),
        _c("PostId", "post_id", "int", req=True),
        _c("Score", "score", "int", default=0),
        _c("Text", "text", "str", req=True, default=""),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("UserId", "user_id", "int"),
        _c("UserDisplayName", "user_display_name", "str", default="", w=when_set),
        _c("ContentLicense", "content_license", "str", default="", w=when_set),
    ),
)

VOTES = Table(
    "Votes.xml",
    "votes",
    Vote,
    (
        _c("Id", "id", "int", req=True),
        _c("PostId", "post_id", "int", req=True),
        _c("VoteTypeId", "vote_type", "int", req=True),
        _c("UserId", "user_id", "int"),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("BountyAmount", "bounty_amount", "int"),
    ),
)

BADGES = Table(
    "Badges.xml",
    "badges",
    Badge,
    (
        _c("Id", "id", "int", req=True),
        _c("UserId", "user_id", "int", req=True),
        _c("Name", "name", "str", req=True, default=""),
        _c("Date", "date", "date", req=True),
        _c("Class", "badge_class", "int", req=True),
        _c("TagBased", "tag_based", "bool", default=False),
    ),
)

TAGS = Table(
    "Tags.xml",
    "tags",
    Tag,
    (
        _c("Id", "id", "int", req=True),
        _c("TagName", "name", "str", req=True, default=""),
        _c("Count", "count", "int", default=0),
        _c("ExcerptPostId", "excerpt_post_id", "int"),
        _c("WikiPostId", "wiki_post_id", "int"),
        # Written only when True, and only by dumps since about 2021.
        _c("IsModeratorOnly", "is_moderator_only", "bool", default=False, w=when_set),
        _c("IsRequired", "is_required", "bool", default=False, w=when_set),
    ),
)

POST_HISTORY = Table(
    "PostHistory.xml",
    "posthistory",
    PostHistory,
    (
        _c("Id", "id", "int", req=True),
        _c("PostHistoryTypeId", "post_history_type", "int", req=True),
        _c("PostId", "post_id", "int", req=True),
        _c("RevisionGUID", "revision_guid", "str", default=""),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("UserId", "user_id", "int"),
        _c("UserDisplayName", "user_display_name", "str", default="", w=when_set),
        _c("Comment", "comment", "str", default="", w=when_set),
        _c("Text", "text", "str", default="", w=when_set),
        _c("ContentLicense", "content_license", "str", default="", w=when_set),
    ),
)

POST_LINKS = Table(
    "PostLinks.xml",
    "postlinks",
    PostLink,
    (
        _c("Id", "id", "int", req=True),
        _c("CreationDate", "creation_date", "date", req=True),
        _c("PostId", "post_id", "int", req=True),
        _c("RelatedPostId", "related_post_id", "int", req=True),
        _c("LinkTypeId", "link_type", "int", req=True),
    ),
)

# In the order the loader needs them: users before what they own, posts before what hangs on
# them. The exporter writes them in the same order.
TABLES: tuple[Table, ...] = (USERS, POSTS, TAGS, COMMENTS, VOTES, BADGES, POST_HISTORY, POST_LINKS)
BY_FILE: dict[str, Table] = {table.file.lower(): table for table in TABLES}


def parse_date(raw: str) -> datetime:
    """``2009-03-05T22:28:34.823`` (UTC, no zone) → an aware datetime."""
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_date(moment: datetime) -> str:
    """An aware or naive-UTC datetime → ``2009-03-05T22:28:34.823``, as the dump writes it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}"
