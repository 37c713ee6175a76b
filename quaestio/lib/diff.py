"""Word-level diffs of post revisions, as HTML: inline (one column with deletions and
insertions marked) and side by side (the old text with deletions, the new with insertions)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Diff:
    """The three renderings of one change; each is safe HTML (the texts are escaped)."""

    inline: str
    before: str
    after: str
    changed: bool


def diff_words(old: str, new: str) -> Diff:
    """Compare two texts word by word (whitespace kept, so line breaks survive in ``pre``)."""
    old_tokens = _TOKENS.findall(old)
    new_tokens = _TOKENS.findall(new)
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    inline: list[str] = []
    before: list[str] = []
    after: list[str] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        removed = html.escape("".join(old_tokens[a0:a1]))
        added = html.escape("".join(new_tokens[b0:b1]))
        if op == "equal":
            inline.append(removed)
            before.append(removed)
            after.append(added)
            continue
        if removed:
            inline.append(f"<del>{removed}</del>")
            before.append(f"<del>{removed}</del>")
        if added:
            inline.append(f"<ins>{added}</ins>")
            after.append(f"<ins>{added}</ins>")
    return Diff("".join(inline), "".join(before), "".join(after), changed=old != new)
