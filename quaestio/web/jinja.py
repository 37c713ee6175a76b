"""The Jinja2 environment the site's templates render in."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment

from quaestio.lib.timefmt import relative, se_date, short_number
from quaestio.lib.urls import reverse_cached


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url("posts:question", q.id, q.slug) }}``."""
    if kwargs or not all(isinstance(arg, int | str) for arg in args):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    return reverse_cached(name, *args)


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
            # Hashed names are fixed for the life of a process (collectstatic runs before it
            # starts); while developing, files change under the server and are looked up anew.
            "static": static if settings.DEBUG else lru_cache(maxsize=1024)(static),
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
