"""The demo's written material, as plain data: threads (a question, its answers and comments).

Hand-written threads live in ``threads-*.txt`` beside this module, in a small text format that
is quicker to write and read than Python literals full of escaped markdown::

    ==== question sourdough-dense
    tags: bread sourdough
    score: 14
    author: demo
    closed: duplicate other-thread-key
    protected: yes
    title: Why is my sourdough dense?

    The question's markdown body…

    ---- comment 3
    A comment on the post above it (the question), with 3 upvotes.
    ---- answer 21 accepted
    An answer's markdown body, score 21, accepted by the asker.
    ---- update
    Text the post's owner appended later in an edit (PostHistory type 5).

Every section after a post attaches to the nearest post above it. A comment may name its author
with ``by:asker`` (the question's author), ``by:owner`` (the author of the post it is on) or
``by:<persona key>``; otherwise the builder picks someone. In comment text ``{asker}``,
``{owner}`` and ``{prev}`` (the previous commenter) become that person's ``@name``, so replies
read naturally whoever the builder picks as authors. Generated variants (``variants.py``) produce
the same ``ThreadSpec`` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


class ContentError(ValueError):
    """A threads file does not follow the format above."""


@dataclass
class CommentSpec:
    """A comment, and how many upvotes it has."""

    text: str
    score: int = 0
    author: str | None = None


@dataclass
class PostSpec:
    """What a question and an answer have in common."""

    body: str
    score: int
    comments: list[CommentSpec] = field(default_factory=list)
    # Text the owner appends in a later edit; None if the post was never edited.
    update: str | None = None
    # The persona key of the author, or None to let the builder pick someone plausible.
    author: str | None = None


@dataclass
class AnswerSpec(PostSpec):
    """An answer; ``accepted`` by the asker, or a community wiki."""

    accepted: bool = False
    wiki: bool = False


@dataclass
class ThreadSpec(PostSpec):
    """A question with its answers."""

    key: str = ""
    title: str = ""
    tags: list[str] = field(default_factory=list)
    answers: list[AnswerSpec] = field(default_factory=list)
    # ("duplicate", original key) or (close reason name, "") — see builder.CLOSE_REASONS.
    closed: tuple[str, str] | None = None
    protected: bool = False


_THREAD = re.compile(r"^==== question (\S+)\s*$")
_SECTION = re.compile(r"^---- (comment|answer|update)\b(.*)$")
_HEADER = re.compile(r"^([a-z]+): (.*)$")
THREAD_FILES = (
    "threads-baking.txt",
    "threads-science.txt",
    "threads-kitchen.txt",
    "threads-world.txt",
)


def parse_threads(text: str, source: str = "<text>") -> list[ThreadSpec]:
    """The threads in ``text``; raises ContentError naming the line that is wrong."""
    threads: list[ThreadSpec] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _THREAD.match(line)
        if match is None:
            if line.strip():
                raise ContentError(f"{source}:{index + 1}: expected '==== question <key>', got {line!r}")
            index += 1
            continue
        thread = ThreadSpec(body="", score=0, key=match.group(1))
        index += 1
        while index < len(lines) and lines[index].strip():
            header = _HEADER.match(lines[index])
            if header is None:
                raise ContentError(f"{source}:{index + 1}: expected 'name: value', got {lines[index]!r}")
            _apply_header(thread, header.group(1), header.group(2).strip(), f"{source}:{index + 1}")
            index += 1
        body, index = _read_block(lines, index)
        thread.body = body
        last_post: PostSpec = thread
        while index < len(lines) and not _THREAD.match(lines[index]):
            section = _SECTION.match(lines[index])
            if section is None:
                raise ContentError(f"{source}:{index + 1}: expected a '---- ' section, got {lines[index]!r}")
            kind, words = section.group(1), section.group(2).split()
            where = f"{source}:{index + 1}"
            block, index = _read_block(lines, index + 1)
            if kind == "comment":
                last_post.comments.append(
                    CommentSpec(" ".join(block.split("\n")), _number(words, 0, where), _author(words))
                )
            elif kind == "update":
                last_post.update = block
            else:
                answer = AnswerSpec(
                    body=block,
                    score=_number(words, 0, where),
                    accepted="accepted" in words,
                    wiki="wiki" in words,
                    author=_author(words),
                )
                thread.answers.append(answer)
                last_post = answer
        _check(thread, source)
        threads.append(thread)
    return threads


def _apply_header(thread: ThreadSpec, name: str, value: str, where: str) -> None:
    if name == "title":
        thread.title = value
    elif name == "tags":
        thread.tags = value.split()
    elif name == "score":
        thread.score = int(value)
    elif name == "author":
        thread.author = value
    elif name == "protected":
        thread.protected = value == "yes"
    elif name == "closed":
        reason, _, original = value.partition(" ")
        thread.closed = (reason, original.strip())
    else:
        raise ContentError(f"{where}: unknown header {name!r}")


def _read_block(lines: list[str], index: int) -> tuple[str, int]:
    """The text from ``index`` up to the next section or thread line, trimmed."""
    start = index
    while index < len(lines) and not (_SECTION.match(lines[index]) or _THREAD.match(lines[index])):
        index += 1
    return "\n".join(lines[start:index]).strip(), index


def _author(words: list[str]) -> str | None:
    return next((word[3:] for word in words if word.startswith("by:")), None)


def _number(words: list[str], default: int, where: str) -> int:
    for word in words:
        if word.lstrip("-").isdigit():
            return int(word)
    if words and not all(w in {"accepted", "wiki"} or w.startswith("by:") for w in words):
        raise ContentError(f"{where}: cannot read {' '.join(words)!r}")
    return default


def _check(thread: ThreadSpec, source: str) -> None:
    where = f"{source}: thread {thread.key!r}"
    if not 15 <= len(thread.title) <= 150:
        raise ContentError(f"{where}: the title must have 15 to 150 characters")
    if not 1 <= len(thread.tags) <= 5:
        raise ContentError(f"{where}: a question carries 1 to 5 tags")
    if len(thread.body) < 30 or any(len(a.body) < 30 for a in thread.answers):
        raise ContentError(f"{where}: a body has fewer than 30 characters")
    if sum(a.accepted for a in thread.answers) > 1:
        raise ContentError(f"{where}: more than one accepted answer")
    if any(a.accepted and a.wiki for a in thread.answers):
        raise ContentError(f"{where}: a community wiki answer is never accepted here")


@cache
def hand_written_threads() -> tuple[ThreadSpec, ...]:
    """Every thread from the ``threads-*.txt`` files, in file order."""
    package = resources.files(__package__)
    threads: list[ThreadSpec] = []
    for name in THREAD_FILES:
        threads.extend(parse_threads(package.joinpath(name).read_text(encoding="utf-8"), name))
    keys = [t.key for t in threads]
    if len(keys) != len(set(keys)):
        raise ContentError("two threads share a key")
    return tuple(threads)
