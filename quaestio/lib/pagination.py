"""Paging as Stack Exchange does it: ``?page=N&pagesize=15|30|50``, numbered links with gaps.

The pager costs one COUNT; the page's rows are a LIMIT/OFFSET slice of the same query. A page
number that is not a whole number counts as page 1 (people edit URLs by hand); a page past the
last one is an error the view turns into a 404, so a URL never shows content it does not name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

T = TypeVar("T")

PAGE_SIZES = (15, 30, 50)
DEFAULT_PAGE_SIZE = 15


class PageOutOfRange(Exception):
    """The requested page lies past the last page of the list."""


def parse_page_number(raw: str | None) -> int:
    """``?page=`` as a positive whole number; anything else is page 1."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return max(number, 1)


def parse_page_size(
    raw: str | None, allowed: Sequence[int] = PAGE_SIZES, default: int = DEFAULT_PAGE_SIZE
) -> int:
    """``?pagesize=`` when it is one of ``allowed``, otherwise ``default``."""
    try:
        size = int(raw or "")
    except ValueError:
        return default
    return size if size in allowed else default


def page_bounds(number: int, size: int, total: int) -> tuple[int, int]:
    """The ``[start, stop)`` slice of page ``number``; raises ``PageOutOfRange`` past the end.

    Page 1 of an empty list exists (it says "no questions"), any later page does not.
    """
    last = max(1, -(-total // size))
    if number > last:
        raise PageOutOfRange(f"Page {number} is past the last page ({last}).")
    start = (number - 1) * size
    return start, start + size


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the pager needs to draw its links."""

    items: Sequence[T]
    number: int
    size: int
    total: int
    # The other query parameters to keep in every pager link (tab, filter…).
    params: Mapping[str, str]
    default_size: int = DEFAULT_PAGE_SIZE

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    def numbers(self) -> list[int | None]:
        """Page numbers to link, ``None`` where a gap ("…") goes: 1 … 4 5 [6] 7 8 … 120."""
        wanted = {1, self.last, *range(self.number - 2, self.number + 3)}
        if self.number <= 4:
            wanted.update(range(1, 6))
        if self.number >= self.last - 3:
            wanted.update(range(self.last - 4, self.last + 1))
        shown = sorted(n for n in wanted if 1 <= n <= self.last)
        result: list[int | None] = []
        previous = 0
        for n in shown:
            if previous and n - previous > 1:
                result.append(None)
            result.append(n)
            previous = n
        return result

    def query(self, number: int | None = None, size: int | None = None) -> str:
        """The query string (with its ``?``) of page ``number`` at page size ``size``."""
        params = {key: value for key, value in self.params.items() if value}
        page_size = size if size is not None else self.size
        if page_size != self.default_size:
            params["pagesize"] = str(page_size)
        page_number = number if number is not None else self.number
        if page_number != 1:
            params["page"] = str(page_number)
        return "?" + urlencode(params) if params else "?"
