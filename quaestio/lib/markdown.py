"""Markdown the way Stack Exchange renders it, done once at write time.

Posts are CommonMark (Stack Exchange switched to it in 2020) plus tables and strikethrough;
code blocks are highlighted by Pygments, the language taken from the fence or, failing that,
from the question's tags. Comments use Stack Exchange's comment mini-markdown: links, `code`,
*italic*, **bold** and ~~strike~~, never raw HTML. Everything passes nh3, so what reaches a
page holds only the tags and attributes Stack Exchange itself allows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import nh3
from linkify_it import LinkifyIt  # type: ignore[import-untyped]
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

POST_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strike",
    "strong",
    "sub",
    "sup",
    "ul",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
POST_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
_PYGMENTS_CLASSES = {name for name in STANDARD_TYPES.values() if name}
_ALLOWED_CLASSES = {
    "span": _PYGMENTS_CLASSES,
    "pre": {"highlight", "s-code-block"},
    "div": {"snippet", "spoiler"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
COMMENT_TAGS = {"a", "code", "em", "strong", "del"}
COMMENT_ATTRIBUTES = {"a": {"href", "title"}}

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def _lexer(name: str) -> Lexer | None:
    try:
        return get_lexer_by_name(name, stripnl=False)
    except ClassNotFound:
        return None


def _highlighter(language_hint: str | None) -> Callable[[str, str, str], str]:
    def highlight_code(code: str, lang: str, _attrs: str) -> str:
        lexer = _lexer(lang.strip().lower()) if lang else None
        if lexer is None and language_hint:
            lexer = _lexer(language_hint)
        if lexer is None:
            return ""  # markdown-it escapes the code itself
        body = highlight(code, lexer, _FORMATTER)
        return f'<pre class="highlight"><code>{body}</code></pre>\n'

    return highlight_code


def _post_renderer(language_hint: str | None) -> MarkdownIt:
    highlighter = _highlighter(language_hint)
    md = MarkdownIt("commonmark", {"html": True, "highlight": highlighter})
    md.enable(["table", "strikethrough"])
    if language_hint:
        # Indented code blocks have no fence to name a language; Stack Exchange highlights them
        # in the language of the question's tags, and so do we.
        def code_block(
            _renderer: object, tokens: Sequence[Token], idx: int, _options: OptionsDict, _env: EnvType
        ) -> str:
            return highlighter(tokens[idx].content, "", "") or _escape_code_block(tokens[idx].content)

        md.add_render_rule("code_block", code_block)
    return md


def _escape_code_block(code: str) -> str:
    return f"<pre><code>{html.escape(code, quote=False)}</code></pre>\n"


@lru_cache(maxsize=1)
def _default_renderer() -> MarkdownIt:
    return _post_renderer(None)


def language_from_tags(tags: list[str]) -> str | None:
    """The first tag that names a language Pygments knows, used for unfenced code blocks."""
    for tag in tags:
        if _lexer(tag) is not None:
            return tag
    return None


def render_markdown(source: str, tags: list[str] | None = None) -> str:
    """Render a post body (CommonMark + tables + strikethrough) to sanitised HTML."""
    hint = language_from_tags(tags) if tags else None
    md = _post_renderer(hint) if hint else _default_renderer()
    return sanitize_post_html(md.render(source))


def sanitize_post_html(raw_html: str) -> str:
    """Keep only what Stack Exchange allows in a post; links get rel="nofollow noopener"."""
    return nh3.clean(
        raw_html,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        allowed_classes=_ALLOWED_CLASSES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


class _QuickLinkify(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
    """linkify-it with the same answers, sooner.

    ``pretest`` is one regular expression whose first branch (a schema such as ``http:`` after
    a space or punctuation) tries a class of thousands of characters at every position of the
    text: about 70 µs for a comment, more than the rest of its rendering. Here the schema is
    looked for first (a plain literal search) and the character before it checked only where
    one is found; the other two branches (a fuzzy host, an ``@``) are cheap on their own. The
    answer is the same for every text (``tests/lib/test_markdown_comments.py``).
    """

    def _compile(self) -> None:
        super()._compile()
        schemas = "|".join(re.escape(name) for name, rule in self._compiled.items() if name and rule)
        # A lookahead, so that schemas overlapping each other ("///") are all tried.
        self._schema = re.compile(f"(?=(?:{schemas}))", re.IGNORECASE)
        # The one character a schema may follow: what the original's prefix group accepts.
        self._before_schema = re.compile("(?!_)(?:[><\uff5c]|" + self.re["src_ZPCc"] + ")", re.IGNORECASE)
        self._fuzzy_host = re.compile(self.re["host_fuzzy_test"], re.IGNORECASE)

    def pretest(self, text: str) -> bool:
        """Whether a link may be in ``text``: exactly ``LinkifyIt.pretest``, faster."""
        if "@" in text or self._fuzzy_host.search(text):
            return True
        for found in self._schema.finditer(text):
            start = found.start()
            if start == 0 or self._before_schema.match(text, start - 1):
                return True
        return False


def comment_markdown(*, quick_linkify: bool = True) -> MarkdownIt:
    """The comment mini-markdown parser; ``quick_linkify=False`` keeps linkify-it's own
    ``pretest`` (the reference the tests compare the quick one with)."""
    md = MarkdownIt("zero", {"html": False, "linkify": True})
    md.enable(["backticks", "emphasis", "link", "linkify", "escape", "strikethrough", "entity"])
    if quick_linkify:
        md.linkify = _QuickLinkify()
    return md


@lru_cache(maxsize=1)
def _comment_renderer() -> MarkdownIt:
    return comment_markdown()


# Text that comment mini-markdown and the sanitiser give back unchanged: none of the
# characters a rule starts at or HTML escapes (`*_~[]\&<>"@`), no control character, no
# no-break space (the sanitiser writes it as &nbsp;) and no noncharacter.
_NOT_PLAIN = re.compile(
    "[^\n\t !#-%'-)+-;=?A-Z^a-}\u00a1-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010fffd]"
)
# Everything linkify could turn into a link needs one of these: a schema's colon or slashes,
# an e-mail's @, a dot inside a host name, or localhost (the same case-insensitive match).
# Whether text may hold a link: ``[:@/]|\.\S|www\.|localhost``, any case. Written to begin
# with one class of characters, each continued by what follows it, so that the engine skips
# to the next of them instead of trying every form at every position (2.4 → 1.0 µs a comment).
_MAY_LINK = re.compile(r"[:@/.wWlL](?:(?<=[:@/])|(?<=\.)\S|(?<=[wW])(?i:ww\.)|(?<=[lL])(?i:ocalhost))")


def render_plain_comment(text: str) -> str | None:
    """``render_comment`` of a comment without any markup (most are plain sentences: the
    renderer would give them back as they are); None for any other comment."""
    stripped = text.strip()
    if _NOT_PLAIN.search(stripped) is None and _MAY_LINK.search(stripped) is None:
        return stripped
    return None


def render_comment(text: str) -> str:
    """Render comment mini-markdown (links, bare URLs, `code`, *italic*, **bold**, ~~strike~~)."""
    # Plain comments, and those whose only markup is simple, skip markdown-it (a quarter of a
    # dump import's time went there). Both shortcuts are proven byte-identical to the full
    # rendering over every comment of the test dumps and by property tests.
    plain = render_plain_comment(text)
    if plain is not None:
        return plain
    stripped = text.strip()
    simple = _render_simple_markup(stripped)
    return simple if simple is not None else render_comment_fully(stripped)


# The markup most comments use, in forms whose rendering does not depend on anything around
# them: `code` (one backtick on each side, no space at either end, nothing to escape), **bold**
# (a word character at each end inside, after a space or a parenthesis, before a space or
# punctuation), [text](https://host/path) with a plain lower-case host and path.
_CODE_CHARS = "!#-%'-;=?-_a-~\u00a1-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd"
_PLAIN_CHARS = "\n\t !#-%'-)+-;=?A-Z^a-}\u00a1-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010fffd"
# Each form begins with its own character and looks behind it only after: the regular
# expression engine then skips to the next of those characters instead of trying every form at
# every position (the search took half the time of a comment with markup).
_SIMPLE_MARKUP = re.compile(
    f"`(?<!``)(?P<code>[{_CODE_CHARS}](?:[ {_CODE_CHARS}]*[{_CODE_CHARS}])?)`(?!`)"
    f"|\\*\\*(?<![^ (]\\*\\*)(?P<strong>[A-Za-z0-9](?:[ A-Za-z0-9,.'-]*[A-Za-z0-9])?)\\*\\*(?=[ .,;?!)]|$)"
    f"|\\[(?P<text>[A-Za-z0-9](?:[ A-Za-z0-9'-]*[A-Za-z0-9])?)\\]"
    "\\((?P<href>https?://[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/[A-Za-z0-9._-]*)*)\\)"
)


def _render_simple_markup(text: str) -> str | None:
    """What the full renderer makes of ``text`` when all its markup is of the simple forms
    above and the rest is plain; None when it has anything else."""
    parts: list[str] = []
    plain: list[str] = []
    position = 0
    for found in _SIMPLE_MARKUP.finditer(text):
        plain.append(text[position : found.start()])
        parts.append(plain[-1])
        code, strong, link_text = found.group("code", "strong", "text")
        if code is not None:
            parts.append(f"<code>{code}</code>")
        elif strong is not None:
            plain.append(strong)
            parts.append(f"<strong>{strong}</strong>")
        else:
            plain.append(link_text)
            parts.append(f'<a href="{found.group("href")}" rel="nofollow noopener">{link_text}</a>')
        position = found.end()
    if not parts:
        return None
    plain.append(text[position:])
    parts.append(plain[-1])
    for segment in plain:
        if _NOT_PLAIN.search(segment) is not None or _MAY_LINK.search(segment) is not None:
            return None
    return "".join(parts)


def render_comment_fully(text: str, md: MarkdownIt | None = None) -> str:
    """``render_comment`` without its shortcut for plain text: markdown-it (``md``, the
    comment parser by default), then nh3."""
    rendered = (md or _comment_renderer()).renderInline(text.strip())
    return nh3.clean(
        rendered,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener",
    )


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def excerpt(fragment: str, length: int = 200) -> str:
    """The first ``length`` characters of a post's text, cut at a word, with an ellipsis."""
    text = html_to_text(fragment)
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
