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

Above the blocks, the whole main column and the sidebar are cached once more, as one entry
(``question_main``): under the thread and every post's facts, stored with the union of its
blocks' versions and living no longer than the first of them. A reader whose facts were seen
before gets the page's content in one lookup, and only the frame around it (the top bar with
their name) is rendered for them. The view count, which changes without a version, is put in
per page through a marker of its own.

The column is kept as UTF-8 bytes and joins the page as bytes (``responses.with_parts``): a
column of hundreds of kilobytes that holds one character beyond Latin-1 is a string of two or
four bytes a character, which the template engine would escape-check and join, and the response
encode, at a millisecond or more per copy.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

from django.core.cache import cache
from django.template import engines
from django.utils import timezone
from markupsafe import Markup

from quaestio.accounts.rules import COMMENT_EDIT_WINDOW
from quaestio.lib.markdown import excerpt
from quaestio.lib.timefmt import relative_changes_at, se_date_changes_at
from quaestio.posts import queries
from quaestio.posts.models import Post
from quaestio.posts.queries import PostViewer, QuestionPage, Sidebar
from quaestio.web.page_cache import PEOPLE, people_note_key, record_dependencies, still_current, versions
from quaestio.web.responses import cut_at_markers, join_with

# A bound on every entry, for what versions cannot see: a user read moments before their
# reputation changed, and related questions.
FRAGMENT_TTL = 600
CSRF_MARKER = "<!--quaestio:csrf-->"
VIEWS_MARKER = "<!--quaestio:views-->"
_CSRF_MARKER_BYTES = CSRF_MARKER.encode()
_VIEWS_MARKER_BYTES = VIEWS_MARKER.encode()
_BLOCK_TEMPLATE = "posts/partials/post.html"
_MAIN_TEMPLATE = "posts/partials/question_main.html"
_SIDEBAR_TEMPLATE = "posts/partials/question_sidebar.html"
_KEY_VERSION = 5


def thread_versions(question_id: int) -> dict[str, Any]:
    """The versions of a thread, read before its rows: what its blocks are stored against, and
    ``u:*``, which lets a column stored with them skip its people while nobody changes
    (``page_cache.still_current``)."""
    return versions(["all", f"q:{question_id}", PEOPLE])


@dataclass(frozen=True)
class QuestionBlocks:
    """The rendered blocks of a page's posts and its sidebar, with what they were checked or
    stored against: the versions of everything they show, and the moment the first of them
    goes out of date (a Unix time)."""

    html: Mapping[int, str]
    sidebar: Sidebar
    versions: Mapping[str, Any]
    expires_at: float

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


def _valid(entry: Any, current: Mapping[str, Any]) -> TypeGuard[tuple[dict[str, Any], Any, float]]:
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
    checked: dict[str, Any] = dict(snapshot)
    expires_at = time.time() + FRAGMENT_TTL
    for post in page.posts:
        entry = entries.get(wanted[post.pk][0])
        if _valid(entry, current):
            html[post.pk] = entry[1]
            checked.update(entry[0])
            expires_at = min(expires_at, entry[2])
        else:
            missing.append(post)

    if missing:
        details = queries.post_details(question, missing, show_all)
        context = {
            "csrf_input": Markup(CSRF_MARKER),  # noqa: S704 - a constant comment
            "comments_query_prefix": comments_query_prefix,
            "next_path": next_path,
        }
        fresh: dict[str, tuple[dict[str, Any], str, float]] = {}
        now = timezone.now()
        dependencies = {post.pk: _dependencies(post, details) for post in missing}
        current.update(versions(set().union(*dependencies.values()) - set(current)))
        for post in missing:
            key, kind, facts = wanted[post.pk]
            html[post.pk] = _render(post, kind, facts, details, context)
            # Not ``u:*``: a block stays good while its own people do, whoever else changes.
            stored = {name: current[name] for name in (*snapshot, *dependencies[post.pk]) if name != PEOPLE}
            checked.update(stored)
            lifetime = _fresh_for(post, facts, details, now)
            expires_at = min(expires_at, now.timestamp() + lifetime)
            if lifetime >= 1:
                fresh[key] = (stored, html[post.pk], now.timestamp() + lifetime)
        _store(fresh)

    sidebar_entry = entries.get(sidebar_key)
    if _valid(sidebar_entry, current):
        sidebar: Sidebar = sidebar_entry[1]
        checked.update(sidebar_entry[0])
        expires_at = min(expires_at, sidebar_entry[2])
    else:
        sidebar = queries.question_sidebar(question)
        listed = {f"q:{question_id}" for question_id in sidebar.question_ids}
        current.update(versions(listed - set(current)))
        stored = {name: current[name] for name in (*snapshot, *listed) if name != PEOPLE}
        checked.update(stored)
        cache.set(sidebar_key, (stored, sidebar, time.time() + FRAGMENT_TTL), FRAGMENT_TTL)
    return QuestionBlocks(html=html, sidebar=sidebar, versions=checked, expires_at=expires_at)


def _store(fresh: Mapping[str, tuple[dict[str, Any], str, float]]) -> None:
    now = time.time()
    by_lifetime: dict[int, dict[str, tuple[dict[str, Any], str, float]]] = {}
    for key, entry in fresh.items():
        by_lifetime.setdefault(int(entry[2] - now), {})[key] = entry
    for lifetime, batch in by_lifetime.items():
        if lifetime >= 1:
            cache.set_many(batch, lifetime)


@dataclass(frozen=True)
class QuestionMain:
    """The question page's main column and sidebar, rendered and encoded (UTF-8), and its meta
    description.

    The column is kept cut at its markers for the reader's CSRF field and the view count:
    ``pieces`` alternates text and markers, and ``fill`` joins them with the reader's values in
    one pass over a column that can weigh hundreds of kilobytes."""

    description: str
    pieces: tuple[bytes, ...]
    sidebar: bytes

    @classmethod
    def cut(cls, description: str, content: str, sidebar: str) -> QuestionMain:
        """A column rendered with its markers in place, encoded and cut at them."""
        return cls(
            description=description,
            pieces=cut_at_markers(content.encode(), (_CSRF_MARKER_BYTES, _VIEWS_MARKER_BYTES)),
            sidebar=sidebar.encode(),
        )

    def fill(self, csrf_field: Callable[[], str], view_count: int) -> bytes:
        """The main column for one request: the reader's CSRF field (asked for only where the
        column holds a form: anonymous columns hold none and stay cacheable pages) and the
        current view count in place."""
        times = "time" if view_count == 1 else "times"
        values = {_VIEWS_MARKER_BYTES: f'<span class="question-views">{view_count:,}</span> {times}'.encode()}
        if _CSRF_MARKER_BYTES in self.pieces:
            values[_CSRF_MARKER_BYTES] = csrf_field().encode()
        return join_with(self.pieces, values)


def question_main(
    page: QuestionPage,
    snapshot: Mapping[str, Any],
    *,
    comments_query_prefix: str,
    next_path: str,
    login_next: str,
    context: Mapping[str, Any],
    refused: Mapping[str, Any] | None = None,
) -> QuestionMain:
    """The main column and sidebar of ``page``, from the cache when an entry for the same
    thread, order and reader facts is current, rendered from the blocks otherwise (then stored).

    ``context`` holds what the column prints that follows from the question row alone (close
    text, the sort tabs); ``login_next`` is where the log-in link returns to, shown to anonymous
    readers only. ``refused`` carries a refused answer's sentence and text back to its form:
    such a column is the reader's alone and is neither looked up nor stored.
    """
    question = page.question
    shown_all = page.show_all_comments_for
    # Each post's facts, written once per distinct value (``facing`` shares equal ones): a
    # fifty-answer page has a handful of them.
    distinct: dict[int, tuple[int, str]] = {}
    posts = []
    for post in page.posts:
        facts = page.viewer.facing(post, question.owner_id)
        number = distinct.get(id(facts))
        if number is None:
            number = distinct[id(facts)] = (len(distinct), repr(facts))
        posts.append((post.id, number[0], shown_all == "all" or shown_all == post.id))
    spec = (
        _KEY_VERSION,
        [written for _number, written in distinct.values()],
        posts,
        str(page.answer_sort),
        page.answer_gate,
        page.protected_threshold,
        comments_query_prefix,
        next_path,
        login_next if page.answer_gate == "login" else "",
    )
    key = f"frag:main:{question.pk}:{hashlib.blake2b(repr(spec).encode(), digest_size=12).hexdigest()}"
    if refused is None:
        entry = cache.get(key)
        if entry is not None:
            stored, note_key, main, expires_at = entry
            if expires_at > time.time() and still_current(stored, note_key):
                # A page built around a cached column reads none of its people's rows: the
                # anonymous page cache learns what it shows from the entry instead.
                record_dependencies(stored)
                return main  # type: ignore[no-any-return]

    page = queries.with_whole_answers(page)
    blocks = question_blocks(page, snapshot, comments_query_prefix=comments_query_prefix, next_path=next_path)
    now = timezone.now()
    templates = engines["jinja2"].env  # type: ignore[attr-defined]
    render_context = {
        **context,
        **(refused or {}),
        "q": question,
        "page": page,
        "blocks": blocks,
        "csrf_input": Markup(CSRF_MARKER),  # noqa: S704 - a constant comment
        "views_marker": Markup(VIEWS_MARKER),  # noqa: S704 - a constant comment
        "login_next": login_next,
    }
    main = QuestionMain.cut(
        description=excerpt(question.body_html, 160),
        content=templates.get_template(_MAIN_TEMPLATE).render(render_context),
        sidebar=templates.get_template(_SIDEBAR_TEMPLATE).render({"blocks": blocks}),
    )
    record_dependencies(blocks.versions)
    if refused is None:
        # The header's relative dates and the notices' dates go out of date like the blocks'.
        header_dates = [question.creation_date, question.last_activity_date]
        changes = [relative_changes_at(moment, now) for moment in header_dates if moment is not None]
        changes += [
            se_date_changes_at(moment, now)
            for moment in (question.closed_date, question.locked_until)
            if moment is not None
        ]
        expires_at = min([blocks.expires_at, *(change.timestamp() for change in changes)])
        lifetime = int(expires_at - now.timestamp())
        if lifetime >= 1:
            stored = dict(blocks.versions)
            cache.set(key, (stored, people_note_key(stored), main, expires_at), lifetime)
    return main
