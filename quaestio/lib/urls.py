"""URL reversing memoised: pages ask for the same few URLs many times, and each ``reverse``
walks the URL patterns (tens of microseconds)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def reverse_cached(name: str, *args: int | str) -> str:
    """``reverse(name, args=args)``, remembered per URL configuration and script prefix (what
    ``reverse`` depends on besides its arguments)."""
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


@lru_cache(maxsize=16384)
def _reverse(urlconf: str, prefix: str, name: str, args: tuple[int | str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)
