"""The comment renderer's shortcuts change nothing: plain comments skip markdown-it and the
quick linkify pretest answers as linkify-it's own, so every comment renders byte for byte as
the unshortened renderer (markdown-it with linkify-it as shipped, then nh3) renders it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt  # type: ignore[import-untyped]
from lxml import etree
from markdown_it import MarkdownIt

from quaestio.lib.markdown import (
    _CODE_CHARS,
    _MAY_LINK,
    _SIMPLE_MARKUP,
    _render_simple_markup,
    comment_markdown,
    render_comment,
    render_comment_fully,
)

DATA = Path(os.environ.get("QUAESTIO_DUMP_DATA", "/work/shared/data"))
GENERATED = Path(__file__).resolve().parents[2] / "bench" / "data" / "10000" / "Comments.xml"


@lru_cache(maxsize=1)
def reference_markdown() -> MarkdownIt:
    """The comment parser with linkify-it's own pretest."""
    return comment_markdown(quick_linkify=False)


def reference(text: str) -> str:
    """What the comment renderer gives without any shortcut."""
    return render_comment_fully(text, reference_markdown())


def comment_files() -> list[Path]:
    """Every Comments.xml of the real test dumps, and of the generated 10k site if present."""
    files = sorted(DATA.glob("*/Comments.xml")) if DATA.is_dir() else []
    return files + ([GENERATED] if GENERATED.is_file() else [])


def comment_texts(path: Path) -> Iterator[str]:
    for _event, row in etree.iterparse(str(path), events=("end",), tag="row"):
        yield row.get("Text") or ""
        row.clear()


@pytest.mark.skipif(not comment_files(), reason="no dump with comments is available")
@pytest.mark.parametrize("path", comment_files(), ids=lambda path: path.parent.name)
def test_every_comment_of_the_dumps_renders_as_the_full_renderer_renders_it(path: Path) -> None:
    texts = list(comment_texts(path))
    assert texts
    mismatches = [text for text in texts if render_comment(text) != reference(text)]
    assert mismatches == []


# Characters that matter to the shortcuts: markdown and HTML punctuation, link material,
# whitespace and control characters, a no-break space, a noncharacter, letters whose case
# folding is unusual (the Kelvin sign folds to k, the long s to s), and any other character.
MEANINGFUL = list(
    "*_~`[]()\\&<>\"'@:/.!#=|{}^-+ \t\n\r\x00\x0b\x1f\x7f\x85\xa0\u2028\ufdd0\ufffe\u212a\u017f"
)
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(MEANINGFUL),
        st.sampled_from(list("abcwxyz0129")),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)
LINKISH = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "http:",
                "https://",
                "HTTP://",
                "ftp:",
                "mailto:",
                "//",
                "///",
                "www.",
                "WWW.",
                "localhost",
                "LOCALHOST",
                "locaLhoſt",
                ".com",
                ".Com",
                ".1.",
                ".xn--p1ai",
                ".рф",
                "@",
                "a@b.org",
                "_http:",
                "\uff5chttp:",
            ]
        ),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(LINKISH)
def test_the_quick_pretest_answers_as_linkify_it_does(text: str) -> None:
    quick = comment_markdown().linkify
    assert quick is not None
    assert quick.pretest(text) == LinkifyIt().pretest(text)


# Comments built from the markup the shortcut renders itself, its near misses, and glue.
MARKUPISH = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(["word", "two words", "x.y()", "a", "A1", "e.g.", "it's", "co-op", "_", "*", "**"]),
        st.builds(lambda inner: f"`{inner}`", st.one_of(TEXT, st.sampled_from(["a.b()", " a ", "`", "a b"]))),
        st.builds(
            lambda inner: f"**{inner}**", st.one_of(TEXT, st.sampled_from(["bold", "a b", " a", "a."]))
        ),
        st.builds(lambda inner: f"*{inner}*", st.sampled_from(["it", "a b"])),
        st.builds(
            lambda text, href: f"[{text}]({href})",
            st.one_of(TEXT, st.sampled_from(["docs", "two words", ""])),
            st.one_of(
                TEXT,
                st.sampled_from(
                    [
                        "https://docs.example.org/array",
                        "http://a.b/c.d/",
                        "https://Example.org/",
                        "https://x.org/a%20b",
                        "javascript:alert(1)",
                        "https://localhost/",
                        "https://xn--p1ai.org/x",
                    ]
                ),
            ),
        ),
        st.sampled_from([" ", "(", ")", ".", ",", "`", "!", "[", "]", "\n", "\\", "&", "<", "~~"]),
    ),
    max_size=10,
).map("".join)


WORD = st.text(alphabet="abcXYZ019'-", min_size=1, max_size=8)
# Mostly well-formed simple markup between words, so that the shortcut is really exercised.
SIMPLEISH = st.lists(
    st.one_of(
        WORD,
        st.builds(lambda inner: f"`{inner}`", st.text(alphabet="ab.()[]*_:/@\\{}~ ", min_size=1, max_size=8)),
        st.builds(lambda inner: f"**{inner}**", st.text(alphabet="ab1 ,.'-", min_size=1, max_size=8)),
        st.builds(
            lambda text, path: f"[{text}](https://docs.example.org/{path})",
            st.text(alphabet="ab1 '-", min_size=1, max_size=8),
            st.text(alphabet="aZ9._-/", max_size=8),
        ),
    ),
    min_size=1,
    max_size=8,
).flatmap(
    lambda pieces: st.lists(
        st.sampled_from([" ", " (", ") ", ". ", ", ", "", "\n"]), min_size=len(pieces), max_size=len(pieces)
    ).map(lambda glue: "".join(piece + sep for piece, sep in zip(pieces, glue, strict=True)))
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(TEXT, LINKISH, MARKUPISH, SIMPLEISH))
def test_any_comment_renders_as_the_full_renderer_renders_it(text: str) -> None:
    assert render_comment(text) == reference(text)


def test_the_simple_markup_examples_mostly_take_the_shortcut() -> None:
    taken = 0

    @settings(max_examples=500, deadline=None, database=None, derandomize=True)
    @given(SIMPLEISH)
    def count(text: str) -> None:
        nonlocal taken
        taken += _render_simple_markup(text.strip()) is not None

    count()
    # The property test above would prove little if the shortcut were rarely taken. The
    # examples are derandomised, so this count is the same on every run, not a coin toss.
    assert taken > 100, taken


@pytest.mark.parametrize(
    "text",
    [
        "A plain sentence. And another one?",
        "  padded  ",
        "tabs\tand\nnewlines",
        "caf\u00e9 \u2014 \U0001f600",
        "see example.com",
        "e.g. this",
        "end with www.",
        "a///b",
        "x:y",
        "localhost:8000",
        "no\u00a0break",
        "",
    ],
)
def test_texts_near_the_shortcut_boundary_render_as_the_full_renderer_renders_them(text: str) -> None:
    assert render_comment(text) == reference(text)


# The two expressions in the form they were first written, before they were rearranged to begin
# with their own characters (which lets the engine skip to them): what they match is the spec.
PLAIN_MAY_LINK = re.compile(r"[:@/]|\.\S|www\.|localhost", re.IGNORECASE)
PLAIN_SIMPLE_MARKUP = re.compile(
    f"(?<!`)`(?P<code>[{_CODE_CHARS}](?:[ {_CODE_CHARS}]*[{_CODE_CHARS}])?)`(?!`)"
    f"|(?<![^ (])\\*\\*(?P<strong>[A-Za-z0-9](?:[ A-Za-z0-9,.'-]*[A-Za-z0-9])?)\\*\\*(?=[ .,;?!)]|$)"
    f"|\\[(?P<text>[A-Za-z0-9](?:[ A-Za-z0-9'-]*[A-Za-z0-9])?)\\]"
    "\\((?P<href>https?://[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/[A-Za-z0-9._-]*)*)\\)"
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(TEXT, LINKISH, MARKUPISH, SIMPLEISH))
def test_the_rearranged_expressions_find_what_their_plain_forms_find(text: str) -> None:
    assert (_MAY_LINK.search(text) is None) == (PLAIN_MAY_LINK.search(text) is None)
    found = [(match.span(), match.groupdict()) for match in _SIMPLE_MARKUP.finditer(text)]
    assert found == [(match.span(), match.groupdict()) for match in PLAIN_SIMPLE_MARKUP.finditer(text)]
