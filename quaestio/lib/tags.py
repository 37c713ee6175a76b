"""Tag lists in the forms Stack Exchange uses: ``<a><b>`` (classic dumps), ``|a|b|`` (dumps since
late 2025) and ``a b`` (what people type)."""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"<([^>]+)>")


def parse_tags(raw: str) -> list[str]:
    """The tag names in ``raw``, in order, without duplicates."""
    value = raw.strip()
    if value.startswith("|"):
        names = [name for name in value.split("|") if name]
    elif value.startswith("<"):
        names = _BRACKETED.findall(value)
    else:
        names = value.replace(",", " ").split()
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name.strip().lower(), None)
    return [name for name in seen if name]


def format_tags(names: list[str]) -> str:
    """``["a", "b"]`` → ``"<a><b>"``."""
    return "".join(f"<{name}>" for name in names)
