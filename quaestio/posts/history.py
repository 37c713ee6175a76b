"""A post's revisions, rebuilt from its PostHistory rows.

Rows written by one action share a RevisionGUID; a revision is such a group that sets the
title, body or tags (types 1–9, and 24 for an applied suggested edit). Other rows (closed,
locked, protected, …) are events shown between revisions. Revision N's state is every field as
the latest group up to N left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from quaestio.accounts.models import User
from quaestio.lib.diff import Diff, diff_words
from quaestio.lib.markdown import html_to_text, render_markdown
from quaestio.lib.tags import parse_tags
from quaestio.posts.models import Post, PostHistory, PostHistoryType

T = PostHistoryType
TITLE_TYPES = {T.INITIAL_TITLE, T.EDIT_TITLE, T.ROLLBACK_TITLE}
BODY_TYPES = {T.INITIAL_BODY, T.EDIT_BODY, T.ROLLBACK_BODY}
TAG_TYPES = {T.INITIAL_TAGS, T.EDIT_TAGS, T.ROLLBACK_TAGS}
CONTENT_TYPES = TITLE_TYPES | BODY_TYPES | TAG_TYPES


@dataclass
class Revision:
    """One numbered revision: who, when, why, and the post's state after it."""

    number: int
    guid: str
    date: datetime
    user: User | None
    user_display_name: str
    comment: str
    title: str
    body: str
    tags: list[str]
    changed: set[str] = field(default_factory=set)
    is_rollback: bool = False
    is_suggested_edit: bool = False
    title_diff: Diff | None = None
    body_source_diff: Diff | None = None
    body_rendered_diff: Diff | None = None
    tags_diff: Diff | None = None

    @property
    def author_name(self) -> str:
        return self.user.display_name if self.user is not None else self.user_display_name


@dataclass(frozen=True)
class HistoryEvent:
    """A history row that is not a content revision: closed, reopened, locked, protected…"""

    kind: int
    label: str
    date: datetime
    user: User | None
    user_display_name: str
    comment: str
    text: str


def _rows(post_id: int) -> list[PostHistory]:
    return list(
        PostHistory.objects.filter(post_id=post_id).select_related("user").order_by("creation_date", "id")
    )


def revisions(post_id: int) -> tuple[list[Revision], list[HistoryEvent]]:
    """The post's revisions, oldest first, with diffs against the previous one; and its other
    history events. One query."""
    groups: dict[str, list[PostHistory]] = {}
    events: list[HistoryEvent] = []
    for row in _rows(post_id):
        if row.post_history_type in CONTENT_TYPES or row.post_history_type == T.SUGGESTED_EDIT_APPLIED:
            groups.setdefault(row.revision_guid or f"row-{row.pk}", []).append(row)
        else:
            events.append(
                HistoryEvent(
                    kind=row.post_history_type,
                    label=row.get_post_history_type_display(),
                    date=row.creation_date,
                    user=row.user,
                    user_display_name=row.user_display_name,
                    comment=row.comment,
                    text=row.text,
                )
            )
    result: list[Revision] = []
    title, body = "", ""
    tags: list[str] = []
    for guid, rows in groups.items():
        content = [row for row in rows if row.post_history_type in CONTENT_TYPES]
        if not content:
            continue
        first = content[0]
        changed: set[str] = set()
        previous = (title, body, tags)
        for row in content:
            if row.post_history_type in TITLE_TYPES:
                title = row.text
                changed.add("title")
            elif row.post_history_type in BODY_TYPES:
                body = row.text
                changed.add("body")
            else:
                tags = parse_tags(row.text)
                changed.add("tags")
        revision = Revision(
            number=len(result) + 1,
            guid=guid,
            date=first.creation_date,
            user=first.user,
            user_display_name=first.user_display_name,
            comment=next((row.comment for row in content if row.comment), ""),
            title=title,
            body=body,
            tags=list(tags),
            changed=changed,
            is_rollback=any(
                row.post_history_type in {T.ROLLBACK_TITLE, T.ROLLBACK_BODY, T.ROLLBACK_TAGS}
                for row in content
            ),
            is_suggested_edit=any(row.post_history_type == T.SUGGESTED_EDIT_APPLIED for row in rows),
        )
        if "title" in changed:
            revision.title_diff = diff_words(previous[0], title)
        if "body" in changed:
            revision.body_source_diff = diff_words(previous[1], body)
            revision.body_rendered_diff = diff_words(
                html_to_text(render_markdown(previous[1])) if previous[1] else "",
                html_to_text(render_markdown(body)),
            )
        if "tags" in changed:
            revision.tags_diff = diff_words(" ".join(previous[2]), " ".join(tags))
        result.append(revision)
    return result, events


def current_revision_state(post: Post) -> tuple[str, str, list[str], int]:
    """(title, body source, tags, number of revisions) as the history records them now."""
    found, _events = revisions(post.pk)
    if not found:
        return post.title, post.body_markdown, post.tag_list, 0
    last = found[-1]
    return last.title, last.body, last.tags, len(found)
