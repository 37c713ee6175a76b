"""Markdown rendered as Stack Exchange does, and nothing unsafe gets through."""

from __future__ import annotations

import pytest

from quaestio.lib.markdown import excerpt, render_comment, render_markdown


def test_commonmark_with_tables_and_strikethrough() -> None:
    html = render_markdown("**bold** ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<strong>bold</strong>" in html
    assert "<s>gone</s>" in html
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_fenced_code_is_highlighted_in_the_fence_language() -> None:
    html = render_markdown("```python\ndef f(): pass\n```\n")
    assert '<pre class="highlight"><code>' in html
    assert '<span class="k">def</span>' in html


def test_indented_code_takes_the_language_of_the_question_tags() -> None:
    html = render_markdown("Look:\n\n    def f(): pass\n", tags=["discussion", "python"])
    assert '<span class="k">def</span>' in html


def test_code_without_a_known_language_is_escaped_not_highlighted() -> None:
    html = render_markdown("    <b>x</b>\n", tags=["no-such-language"])
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<span" not in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<span class="k" onmouseover="alert(1)">x</span>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="/users/logout" method="post"><button>x</button></form>',
    ],
)
def test_no_script_reaches_the_page(attack: str) -> None:
    html = render_markdown(attack).lower()
    for forbidden in (
        "<script",
        "onerror",
        'href="javascript:',
        "url(javascript:",
        "<iframe",
        "style=",
        "onmouseover",
        "<form",
        "<svg",
    ):
        assert forbidden not in html


def test_allowed_html_survives() -> None:
    html = render_markdown('<kbd>Ctrl</kbd> <sup>2</sup> <img src="https://i.example/x.png" alt="x">')
    assert "<kbd>Ctrl</kbd>" in html
    assert "<sup>2</sup>" in html
    assert '<img src="https://i.example/x.png" alt="x">' in html


def test_links_are_nofollow() -> None:
    assert 'rel="nofollow noopener"' in render_markdown("[x](https://example.org)")


def test_comment_mini_markdown() -> None:
    html = render_comment("see [docs](https://example.org) and `a<b>` **bold** *it* https://example.com/x")
    assert '<a href="https://example.org" rel="nofollow noopener">docs</a>' in html
    assert "<code>a&lt;b&gt;</code>" in html
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert '<a href="https://example.com/x" rel="nofollow noopener">' in html


def test_comments_never_carry_raw_html_or_blocks() -> None:
    html = render_comment("<b>x</b>\n\n# heading\n\n- item <script>alert(1)</script>")
    assert "<b>" not in html
    assert "<script" not in html
    assert "<h1>" not in html
    assert "<li>" not in html
    assert "&lt;b&gt;" in html


def test_comment_javascript_link_is_not_a_link() -> None:
    assert "<a" not in render_comment("[x](javascript:alert(1))")


def test_excerpt_cuts_at_a_word() -> None:
    text = excerpt("<p>" + "word " * 100 + "</p>", length=30)
    assert text.endswith("…")
    assert len(text) <= 31
    assert "<" not in text
