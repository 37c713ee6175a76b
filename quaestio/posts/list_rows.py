"""The rows of the question lists, rendered once and then kept under what they show.

Rendering a list's rows costs more than reading them: fifteen to fifty rows of links, numbers
and dates. A row shows nothing that depends on the reader, so it is cached, under a key made of
everything it prints (the question's title, tags, counts, state and excerpt source, its asker's
name and reputation, the date as it reads now) and of its template's source. A changed question
makes a new key, so a cached row is never stale, and nothing needs invalidating; the entries
only expire (``ROW_TTL``) so that rows nobody reads any more leave the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache as once

from django.core.cache import cache
from django.template import engines
from jinja2 import Environment, Template
from markupsafe import Markup

from quaestio.lib.timefmt import se_date
from quaestio.posts.lists import QuestionSummary, QuestionTab

ROW_TTL = 600
_ROW_TEMPLATE = "posts/partials/question_summary.html"


@once
def _template() -> tuple[Template, str]:
    """The row template and a digest of its source, so that an edited template makes new keys."""
    env: Environment = engines["jinja2"].env  # type: ignore[attr-defined]  # the Jinja2 backend's
    source, _filename, _uptodate = env.loader.get_source(env, _ROW_TEMPLATE)  # type: ignore[union-attr]
    return env.get_template(_ROW_TEMPLATE), hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def _key(summary: QuestionSummary, tab: QuestionTab, template_digest: str) -> str:
    """The cache key of a row: a digest of everything the row template prints (the values the
    row was read as, which tab it is on, and its date as it reads now)."""
    shown = (tab is QuestionTab.ACTIVE, se_date(summary.moment(tab)), summary.values)
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"listrow:{template_digest}:{digest}"


def rows_html(summaries: Sequence[QuestionSummary], tab: QuestionTab) -> Markup:
    """The HTML of ``summaries`` as list rows: one cache read, and the rows it lacks rendered
    and stored with one write."""
    template, template_digest = _template()
    keys = [_key(summary, tab, template_digest) for summary in summaries]
    found = cache.get_many(keys)
    rendered: dict[str, str] = {}
    rows = []
    for summary, key in zip(summaries, keys, strict=True):
        row = found.get(key) or rendered.get(key)
        if row is None:
            row = rendered[key] = template.render({"summary": summary, "tab": tab})
        rows.append(row)
    if rendered:
        cache.set_many(rendered, ROW_TTL)
    # Each row was rendered with autoescaping on, from the template alone.
    return Markup("".join(rows))  # noqa: S704
