"""URL slugs as Stack Exchange makes them: lower case, ASCII, words joined by hyphens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


@lru_cache(maxsize=16384)
def slugify_title(text: str) -> str:
    """``"Why doesn't Russia join NATO?"`` → ``"why-doesnt-russia-join-nato"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug
