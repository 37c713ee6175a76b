"""The Jinja2 environment the site's templates render in."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import Environment

from quaestio.lib.timefmt import relative, se_date, short_number


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url("posts:question", q.id, q.slug) }}``."""
    if kwargs or not all(isinstance(arg, int | str) for arg in args):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


@lru_cache(maxsize=8192)
def _reverse(urlconf: str, prefix: str, name: str, args: tuple[int | str, ...]) -> str:
    # Reversing walks the URL patterns each time (tens of microseconds) and a page asks for
    # the same few URLs many times. What reverse() depends on besides its arguments, the URL
    # configuration and the script prefix, is part of the key.
    return reverse(name, urlconf=urlconf, args=args or None)


def avatar_hue(user_id: int | None) -> int:
    """A stable hue per user for the letter avatar (no external image service)."""
    return ((user_id or 0) * 47) % 360


def environment(**options: Any) -> Environment:
    """Django's Jinja2 backend calls this once per process."""
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 - autoescape comes from TEMPLATES OPTIONS
    env.globals.update(
        {
            "url": url,
            "static": static,
            "site_name": settings.SITE_NAME,
            "get_messages": get_messages,
            "avatar_hue": avatar_hue,
        }
    )
    env.filters.update(
        {
            "se_date": se_date,
            "relative": relative,
            "short_number": short_number,
            "intcomma": lambda value: f"{int(value):,}",
        }
    )
    return env
