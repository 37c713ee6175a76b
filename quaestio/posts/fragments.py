"""The question page's blocks, rendered once and shared through the cache by every reader.

A question page is mostly the same for everyone: each post's block (vote cell, body, tags,
menu, signatures, comments) differs between readers only by a few facts, their ``PostViewer``
(their votes on the post, what they may do to it, the comments they upvoted). A block is
therefore cached under its post and those facts, and served to every reader with the same
facts: signed-in readers get the speed anonymous ones get from the page cache, and nothing
private is shared, since the facts are the whole of what the templates may consult.

Freshness works as the page cache's does (``quaestio/web/page_cache.py``), by versions: a block
is stored with the versions of everything it shows (the thread ``q:<question>``, which every
action on the thread bumps, and ``u:<user>`` for each person on it, whose reputation, badges
and name it prints) and served only while they are unchanged. The thread's version is read
before the page's rows, so a block is never stored against a version newer than its data.
A block's lifetime also ends when one of its relative dates ("3 mins ago") would next read
differently.

CSRF tokens are per reader: blocks hold a marker where the token goes, replaced per page. The
marker is an HTML comment, which no user content can contain (bodies are sanitised, comments
and names escaped).

The sidebar (linked and related questions) is cached the same way, as rows: its questions'
versions keep their titles and scores current; which questions are related is bounded by the
entries' lifetime, as Stack Exchange's related list is computed now and then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

from django.core.cache import cache
from django.template import engines
from django.utils import timezone
from markupsafe import Markup

from quaestio.accounts.rules import COMMENT_EDIT_WINDOW
from quaestio.lib.timefmt import se_date_changes_at
from quaestio.posts import queries
from quaestio.posts.models import Post
from quaestio.posts.queries import PostViewer, QuestionPage, Sidebar
from quaestio.web.page_cache import versions

# A bound on every entry, for what versions cannot see: a user read moments before their
# reputation changed, and related questions.
FRAGMENT_TTL = 600
CSRF_MARKER = "<!--quaestio:csrf-->"
_BLOCK_TEMPLATE = "posts/partials/post.html"
_KEY_VERSION = 1


def thread_versions(question_id: int) -> dict[str, Any]:
    """The versions of a thread, read before its rows: what its blocks are stored against."""
    return versions(["all", f"q:{question_id}"])


@dataclass(frozen=True)
class QuestionBlocks:
    """The rendered blocks of a page's posts and its sidebar."""

    html: Mapping[int, str]
    sidebar: Sidebar

    def post(self, post_id: int, csrf_input: object) -> Markup:
        """The block of ``post_id`` with the reader's CSRF field in place (computed only when
        the block holds a form: anonymous blocks hold none and stay cacheable pages)."""
        html = self.html[post_id]
        if CSRF_MARKER in html:
            html = html.replace(CSRF_MARKER, str(csrf_input))
        return Markup(html)  # noqa: S704 - rendered by the autoescaping templates


def _block_key(post: Post, kind: str, facts: PostViewer, shown_all: bool, variant: tuple[str, ...]) -> str:
    # repr of a frozen dataclass of numbers and tuples is stable across processes, unlike hash().
    spec = repr((_KEY_VERSION, kind, facts, shown_all, variant)).encode()
    return f"frag:post:{post.pk}:{hashlib.blake2b(spec, digest_size=12).hexdigest()}"


def _dependencies(post: Post, details: queries.PostDetails) -> set[str]:
    people = {post.owner_id, post.last_editor_id}
    people.update(comment.user_id for comment in details.comments_for(post.pk).shown)
    return {f"u:{user_id}" for user_id in people if user_id is not None}


def _fresh_for(post: Post, facts: PostViewer, details: queries.PostDetails, now: datetime) -> float:
    """Seconds until one of the block's dates would print differently, or until one of the
    reader's own comments leaves its edit window (its "edit" link goes)."""
    shown = details.comments_for(post.pk).shown
    moments = [post.creation_date, post.last_edit_date, *(comment.creation_date for comment in shown)]
    changes = [se_date_changes_at(moment, now) for moment in moments if moment is not None]
    if facts.own_comments_by is not None:
        changes.extend(
            comment.creation_date + COMMENT_EDIT_WINDOW
            for comment in shown
            if comment.user_id == facts.own_comments_by and comment.creation_date + COMMENT_EDIT_WINDOW > now
        )
    return min(FRAGMENT_TTL, (min(changes) - now).total_seconds())


def _valid(entry: Any, current: Mapping[str, Any]) -> TypeGuard[tuple[dict[str, Any], Any]]:
    return entry is not None and all(current.get(name) == value for name, value in entry[0].items())


def _render(
    post: Post, kind: str, facts: PostViewer, details: queries.PostDetails, context: dict[str, Any]
) -> str:
    template = engines["jinja2"].env.get_template(_BLOCK_TEMPLATE)  # type: ignore[attr-defined]
    html: str = template.render({**context, "post": post, "kind": kind, "viewer": facts, "page": details})
    return html


def question_blocks(
    page: QuestionPage,
    snapshot: Mapping[str, Any],
    *,
    comments_query_prefix: str,
    next_path: str,
) -> QuestionBlocks:
    """Every block of ``page`` and its sidebar, from the cache where it has them current and
    rendered otherwise (then stored). ``snapshot`` is ``thread_versions`` read before the page.

    Misses cost at most four queries, whatever their number: the missing blocks' comments and
    badge counts (``queries.post_details``), and the sidebar's two (``queries.question_sidebar``).
    """
    question = page.question
    asker_id = question.owner_id
    show_all = page.show_all_comments_for
    variant = (comments_query_prefix, next_path)
    wanted: dict[int, tuple[str, str, PostViewer]] = {}
    for post in page.posts:
        kind = "question" if post.pk == question.pk else "answer"
        facts = page.viewer.facing(post, asker_id)
        shown_all = show_all == "all" or show_all == post.pk
        wanted[post.pk] = (_block_key(post, kind, facts, shown_all, variant), kind, facts)
    sidebar_key = f"frag:sidebar:{_KEY_VERSION}:{question.pk}"

    entries = cache.get_many([key for key, _kind, _facts in wanted.values()] + [sidebar_key])
    people = {
        f"u:{user_id}" for post in page.posts for user_id in (post.owner_id, post.last_editor_id) if user_id
    }
    needed = set(people)
    for entry in entries.values():
        needed.update(entry[0])
    current = {**versions(needed - set(snapshot)), **snapshot}

    html: dict[int, str] = {}
    missing: list[Post] = []
    for post in page.posts:
        entry = entries.get(wanted[post.pk][0])
        if _valid(entry, current):
            html[post.pk] = entry[1]
        else:
            missing.append(post)

    if missing:
        details = queries.post_details(question, missing, show_all)
        context = {
            "csrf_input": Markup(CSRF_MARKER),  # noqa: S704 - a constant comment
            "comments_query_prefix": comments_query_prefix,
            "next_path": next_path,
        }
        fresh: dict[str, Any] = {}
        now = timezone.now()
        dependencies = {post.pk: _dependencies(post, details) for post in missing}
        current.update(versions(set().union(*dependencies.values()) - set(current)))
        for post in missing:
            key, kind, facts = wanted[post.pk]
            html[post.pk] = _render(post, kind, facts, details, context)
            lifetime = _fresh_for(post, facts, details, now)
            if lifetime >= 1:
                stored = {name: current[name] for name in (*snapshot, *dependencies[post.pk])}
                fresh[key] = (stored, html[post.pk], lifetime)
        _store(fresh)

    sidebar_entry = entries.get(sidebar_key)
    if _valid(sidebar_entry, current):
        sidebar: Sidebar = sidebar_entry[1]
    else:
        sidebar = queries.question_sidebar(question)
        listed = {f"q:{question_id}" for question_id in sidebar.question_ids}
        current.update(versions(listed - set(current)))
        stored = {name: current[name] for name in (*snapshot, *listed)}
        cache.set(sidebar_key, (stored, sidebar), FRAGMENT_TTL)
    return QuestionBlocks(html=html, sidebar=sidebar)


def _store(fresh: Mapping[str, tuple[dict[str, Any], str, float]]) -> None:
    by_lifetime: dict[int, dict[str, tuple[dict[str, Any], str]]] = {}
    for key, (stored, html, lifetime) in fresh.items():
        by_lifetime.setdefault(int(lifetime), {})[key] = (stored, html)
    for lifetime, batch in by_lifetime.items():
        cache.set_many(batch, lifetime)
