"""The rows of the lists (question rows, tag cards, user cards), rendered once and then kept
under what they show.

Rendering a list's rows costs more than reading them: fifteen to fifty rows of links, numbers
and dates. A row shows nothing that depends on the reader, so it is cached, under a key made of
everything it prints (for a question row: the question's title, tags, counts, state and excerpt
source, its asker's name and reputation, and when its date will next read otherwise) and of its
template's source. A changed row makes a new key, so a cached row is never stale, and nothing
needs invalidating; the entries only expire (``ROW_TTL``) so that rows nobody reads any more
leave the cache.

A page's rows are also kept together, under a key made of all of theirs: a page that readers
come back to costs one cache read, and its rows one digest. When the page as a whole is not in
the cache (one of its rows changed, or it is a page nobody asked for yet), its rows are looked
up one by one and only those missing are rendered.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache as once
from typing import Any, TypeVar

from django.core.cache import cache
from django.template import engines
from jinja2 import Environment, Template
from markupsafe import Markup

from quaestio.accounts.queries import UserCard
from quaestio.lib import pagination
from quaestio.lib.pagination import Page
from quaestio.lib.timefmt import se_date_changes_at
from quaestio.posts.lists import QuestionSummary, QuestionTab, TagSummary

T = TypeVar("T")

ROW_TTL = 600
QUESTION_ROW = "posts/partials/question_summary.html"
TAG_CARD = "posts/partials/tag_card.html"
USER_CARD = "accounts/partials/user_card.html"


@once
def _template(name: str) -> tuple[Template, str]:
    """The row template ``name`` and a digest of its source, so that an edited template makes
    new keys."""
    env: Environment = engines["jinja2"].env  # type: ignore[attr-defined]  # the Jinja2 backend's
    source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return env.get_template(name), hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def _digest(shown: object) -> str:
    # Pickling is exact for the values rows show (numbers, text, dates, None, tuples of them):
    # two rows that print differently never pickle alike.
    return hashlib.blake2b(pickle.dumps(shown, pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


def cached_rows(
    name: str,
    items: Sequence[T],
    shown: Callable[[T], object],
    context: Callable[[T], Mapping[str, Any]],
) -> Markup:
    """The HTML of ``items``, each rendered with the template ``name`` and ``context(item)``,
    which must print nothing but what ``shown(item)`` holds.

    One cache read when the page's rows were cached together; otherwise one more read for the
    rows one by one, and the rows missing rendered and stored with the page in one write.
    """
    template, template_digest = _template(name)
    shown_rows = [shown(item) for item in items]
    page_key = f"listrows:{template_digest}:{_digest(shown_rows)}"
    page_html: str | None = cache.get(page_key)
    if page_html is None:
        keys = [f"listrow:{template_digest}:{_digest(row)}" for row in shown_rows]
        found = cache.get_many(keys)
        rendered: dict[str, str] = {}
        rows = []
        for item, key in zip(items, keys, strict=True):
            row = found.get(key) or rendered.get(key)
            if row is None:
                row = rendered[key] = template.render(context(item))
            rows.append(row)
        page_html = "".join(rows)
        cache.set_many({**rendered, page_key: page_html}, ROW_TTL)
    # Each row was rendered with autoescaping on, from its template alone.
    return Markup(page_html)  # noqa: S704


def rows_html(summaries: Sequence[QuestionSummary], tab: QuestionTab) -> Markup:
    """The question rows of ``summaries`` on ``tab``."""
    active = tab is QuestionTab.ACTIVE
    now = datetime.now(UTC)

    def shown(summary: QuestionSummary) -> object:
        # Its date prints the same until the moment it would read otherwise ("3 mins ago").
        # (The year too: a date of another year prints it.)
        return (active, now.year, se_date_changes_at(summary.moment(tab), now), summary.values)

    return cached_rows(QUESTION_ROW, summaries, shown, lambda summary: {"summary": summary, "tab": tab})


def tag_cards(tags: Sequence[TagSummary]) -> Markup:
    """The cards of the tags page."""
    return cached_rows(TAG_CARD, tags, lambda card: card.values, lambda card: {"item": card})


def user_cards(cards: Sequence[UserCard]) -> Markup:
    """The cards of the users list."""
    return cached_rows(USER_CARD, cards, lambda card: card.values, lambda card: {"card": card})


PAGER = "posts/partials/pager.html"
# Pagers this process has rendered, under everything they print. Held in the process, not the
# shared cache: a pager is cheaper to render again than to fetch, but not than a dict lookup.
_PAGERS: dict[tuple[Any, ...], Markup] = {}
_PAGERS_KEPT = 1024


def pager_html(page: Page[Any], list_path: str, sizes: Sequence[int] = ()) -> Markup:
    """The pager of ``page`` (its links lead to ``list_path``), with the page-size choice when
    ``sizes`` are given."""
    key = (
        page.number,
        page.size,
        page.total,
        tuple(page.params.items()),
        page.default_size,
        page.first_key,
        page.last_key,
        page.digest,
        list_path,
        tuple(sizes),
        # The module's settings decide which links carry a cursor (tests change them).
        pagination.PLAIN_LINK_PAGES,
        pagination.CURSOR_REACH,
    )
    found = _PAGERS.get(key)
    if found is None:
        template, _digest = _template(PAGER)
        found = Markup(template.render({"page": page, "list_path": list_path, "sizes": list(sizes)}))  # noqa: S704
        if len(_PAGERS) >= _PAGERS_KEPT:
            _PAGERS.clear()
        _PAGERS[key] = found
    return found
