"""Text for the generated site: pools of markdown blocks, their HTML, comments, titles and names.

Rendering markdown and escaping XML are the expensive parts of writing a million posts, so both
happen once, here, on a few thousand fragments; the generator then only joins pre-escaped
strings. A body is a sequence of blocks separated by blank lines, and every block renders on its
own (fenced code, no indented code, never two lists in a row), so the HTML of a body is the HTML
of its blocks concatenated, exactly what rendering the whole body would give.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from quaestio.lib.markdown import render_markdown


def _words(text: str, separator: str = " ") -> tuple[str, ...]:
    return tuple(text.split(separator))


WORDS = _words(
    "the a an this that these those it its we you they one some any each every other another "
    "system value file server client request response query index table row column cache page "
    "user session token error warning message result output input string number list array map "
    "function method class module package library version release update change patch build test "
    "memory disk network socket thread process worker queue job task event signal handler loop "
    "config setting option flag argument parameter default limit timeout retry lock transaction "
    "database schema migration field record key record model view template route path url domain "
    "works fails returns raises throws expects reads writes sends receives opens closes starts "
    "stops runs calls loads saves parses renders compiles installs imports exports checks counts "
    "sorts when because although while after before until unless since if then so but and or not "
    "quickly slowly always never often sometimes usually rarely already still again only also "
    "large small new old first last same different wrong right empty full local remote public "
    "private simple complex better worse faster slower correct broken strange common obvious in "
    "on at by for with without from into over under between through about against during"
)
NOUNS = _words(
    "cache index query server client request response session token schema migration template "
    "thread process worker queue socket buffer parser compiler library package module function "
    "method class object array string dictionary iterator generator decorator exception logger "
    "router middleware handler controller serializer validator scheduler transaction cursor "
    "connection pool proxy gateway container image volume cluster node replica partition shard"
)
VERBS = _words(
    "configure debug optimise cache index parse serialise validate migrate deploy monitor profile "
    "reuse share lock retry paginate sort filter group merge split encode decode compress stream"
)
ADJECTIVES = _words(
    "slow large nested empty concurrent lazy cached stale duplicate missing broken recursive "
    "partial unicode binary remote local temporary default custom generic asynchronous legacy"
)
FIRST_NAMES = _words(
    "Ada Alan Anna Ben Carla Dan Elena Emil Farah Gustav Hana Ivan Jonas Julia Karim Lena Marco "
    "Maya Nina Omar Paula Quentin Rosa Sami Sofia Tomas Uma Victor Wen Yara Zoe Kofi Ines Lars"
)
LAST_NAMES = _words(
    "Andersen Brown Costa Dubois Eriksson Fischer Garcia Haddad Ito Jensen Kowalski Lopez Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Schmidt Tanaka Ueda Virtanen Weber Xu Yilmaz Zhang Novak"
)
CITIES = _words(
    "Berlin, Germany;Lyon, France;Toronto, Canada;Austin, TX;Kyoto, Japan;Porto, Portugal;"
    "Nairobi, Kenya;Krakow, Poland;Melbourne, Australia;Bangalore, India;Oslo, Norway",
    ";",
)
LANGUAGES = ("python", "javascript", "sql", "bash", "go", "rust")


def xml_attr(value: str) -> str:
    """Escape a value for a dump attribute as the official files do: the five XML specials
    except the apostrophe, and newlines and carriage returns as character references."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#xD;")
        .replace("\n", "&#xA;")
    )


@dataclass(frozen=True)
class Block:
    """One markdown block with its rendered HTML, both already escaped for an attribute."""

    markdown: str
    html: str


MD_SEPARATOR = xml_attr("\n\n")


class TextPool:
    """Every piece of text the generator writes, drawn from pools built once from a seed."""

    def __init__(self, rng: random.Random, paragraphs: int = 3000, specials: int = 600) -> None:
        self.rng = rng
        self.paragraphs = [self._block(self._paragraph()) for _ in range(paragraphs)]
        self.specials = [self._block(self._special()) for _ in range(specials)]
        self.comments = [xml_attr(self._comment()) for _ in range(4000)]
        self.about = [self._block(self._paragraph(2)).html for _ in range(500)]

    # ------------------------------------------------------------ building the pools

    def _sentence(self, low: int = 6, high: int = 16) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        roll = self.rng.random()
        if roll < 0.15:
            words[self.rng.randrange(len(words))] = f"`{self.rng.choice(NOUNS)}.{self.rng.choice(VERBS)}()`"
        elif roll < 0.22:
            words[self.rng.randrange(len(words))] = f"**{self.rng.choice(ADJECTIVES)}**"
        elif roll < 0.28:
            noun = self.rng.choice(NOUNS)
            words[self.rng.randrange(len(words))] = f"[{noun}](https://docs.example.org/{noun})"
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".....?!")

    def _paragraph(self, sentences: int = 0) -> str:
        count = sentences or self.rng.randint(1, 4)
        return " ".join(self._sentence() for _ in range(count))

    def _special(self) -> str:
        kind = self.rng.random()
        if kind < 0.5:
            language = self.rng.choice(LANGUAGES)
            lines = [
                f"{self.rng.choice(NOUNS)} = {self.rng.choice(VERBS)}({self.rng.choice(NOUNS)}, "
                f"{self.rng.randint(0, 999)})"
                for _ in range(self.rng.randint(2, 12))
            ]
            return f"```{language}\n" + "\n".join(lines) + "\n```"
        if kind < 0.8:
            return "\n".join(f"- {self._sentence(3, 9)}" for _ in range(self.rng.randint(2, 5)))
        return "> " + self._sentence(8, 20)

    def _block(self, markdown: str) -> Block:
        return Block(
            markdown=xml_attr(markdown),
            html=xml_attr(render_markdown(markdown)),
        )

    def _comment(self) -> str:
        text = " ".join(self._sentence(4, 14) for _ in range(self.rng.randint(1, 3)))
        return text[:600]

    # ------------------------------------------------------------ drawing from the pools

    def body(self, blocks: int) -> list[Block]:
        """``blocks`` blocks, paragraphs first; special blocks (code, lists, quotes) only ever
        follow a paragraph, so no two lists meet."""
        chosen = [self.rng.choice(self.paragraphs)]
        after_special = False
        while len(chosen) < blocks:
            if not after_special and self.rng.random() < 0.35:
                chosen.append(self.rng.choice(self.specials))
                after_special = True
            else:
                chosen.append(self.rng.choice(self.paragraphs))
                after_special = False
        return chosen

    def title(self) -> str:
        """A question title of 15 to 150 characters, of characters that need no escaping."""
        rng = self.rng
        shapes = (
            f"How do I {rng.choice(VERBS)} a {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}",
            f"Why does my {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(NOUNS)} twice",
            f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} after I "
            f"{rng.choice(VERBS)} the {rng.choice(NOUNS)}",
            f"Best way to {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}s "
            f"with a {rng.choice(NOUNS)}",
        )
        title = rng.choice(shapes)
        suffix = rng.random()
        if suffix < 0.3:
            title += f" in {rng.choice(NOUNS)} {rng.randint(2, 12)}"
        elif suffix < 0.5:
            title += f" without a {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        return title + ("?" if rng.random() < 0.7 else "")


def join_markdown(blocks: list[Block]) -> str:
    return MD_SEPARATOR.join(block.markdown for block in blocks)


def join_html(blocks: list[Block]) -> str:
    # Each block's HTML ends with the newline(s) the renderer puts after it.
    return "".join(block.html for block in blocks)


def display_name(user_id: int) -> str:
    """A user's display name, a pure function of the id so that close voters' JSON can name
    anyone without a table of names in memory."""
    mixed = (user_id * 2654435761) & 0xFFFFFFFF
    first = FIRST_NAMES[mixed % len(FIRST_NAMES)]
    last = LAST_NAMES[(mixed >> 8) % len(LAST_NAMES)]
    return f"{first} {last}" if user_id % 7 else f"{first.lower()}{user_id}"


def tag_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct tag names, the most popular first: words, then word pairs with
    hyphens and a version number now and then."""
    seen: dict[str, None] = {}
    pool = [*NOUNS, *VERBS, *ADJECTIVES, *LANGUAGES]
    for word in pool:
        if len(seen) >= count:
            break
        seen[word] = None
    while len(seen) < count:
        name = f"{rng.choice(pool)}-{rng.choice(NOUNS)}"
        if rng.random() < 0.2:
            name += f"-{rng.randint(1, 9)}"
        seen[name] = None
    return list(seen)
