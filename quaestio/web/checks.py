"""Cross-setting mistakes, reported as Django system checks.

Each QUAESTIO_* variable is validated on its own when settings load (``quaestio.lib.env``); the
checks here catch combinations that are each valid but wrong together. They run before every
management command that needs them, ``quaestio serve`` included, and on ``quaestio check``.
Warnings do not stop the site: the operator may know better, and can silence one by its id.
Errors do: they are configurations that would lose data or mislead people, such as several
machines each keeping their own rate limits and sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.http.request import split_domain_port, validate_host

# Hosts Django itself allows when DEBUG is on and ALLOWED_HOSTS is empty.
_DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]
_LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"
# Caches that every machine reaches over the network (or through the shared database).
_NETWORK_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
}
_SQLITE = "django.db.backends.sqlite3"


def _allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        return _DEBUG_HOSTS
    return hosts


@register("quaestio", "security")
def check_wildcard_host(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """A public site that accepts any Host header can be made to build links to another host."""
    if settings.DEBUG or "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            "QUAESTIO_ALLOWED_HOSTS contains '*' while debug is off, so the site answers for any "
            "host name a client sends.",
            hint="List the site's own host names, e.g. QUAESTIO_ALLOWED_HOSTS=qa.example.org.",
            id="quaestio.W001",
        )
    ]


@register("quaestio")
def check_site_url(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """QUAESTIO_SITE_URL is the site's public address, which absolute links (canonical page
    addresses) are built from: it must be absolute, served by this site, and use HTTPS when the
    site says it is behind HTTPS."""
    site_url: str = settings.SITE_URL
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [
            Error(
                f"QUAESTIO_SITE_URL must be an absolute http:// or https:// address, not {site_url!r}.",
                hint="Give the address people type to reach the site, e.g. https://qa.example.org.",
                id="quaestio.E001",
            )
        ]
    messages: list[CheckMessage] = []
    host, _port = split_domain_port(parts.netloc.rsplit("@", 1)[-1])
    if host and not validate_host(host, _allowed_hosts()):
        messages.append(
            Warning(
                f"QUAESTIO_SITE_URL points at {parts.hostname}, which QUAESTIO_ALLOWED_HOSTS does not "
                "allow, so requests to the site's own address would be refused with 400 Bad Request.",
                hint=f"Add {parts.hostname} to QUAESTIO_ALLOWED_HOSTS.",
                id="quaestio.W002",
            )
        )
    if settings.HTTPS and parts.scheme != "https":
        messages.append(
            Warning(
                "QUAESTIO_HTTPS is on but QUAESTIO_SITE_URL starts with http://, so the absolute "
                "links the site gives out would not use HTTPS.",
                hint="Make QUAESTIO_SITE_URL start with https://.",
                id="quaestio.W003",
            )
        )
    return messages


def check_cache_is_shared(workers: int) -> list[CheckMessage]:
    """Several web processes need a shared cache: log-in rate limits and view counts are counted
    in the cache, and the anonymous page cache is invalidated through it, so with a
    process-local cache each process counts on its own and keeps serving pages that another
    process's writes changed. ``quaestio serve`` refuses to start on this error.

    Not registered: only ``quaestio serve`` knows how many processes it starts, so it calls this.
    """
    if workers <= 1 or settings.CACHES["default"]["BACKEND"] != _LOCAL_CACHE:
        return []
    consequence = "log-in rate limits and view counts would be counted per process"
    if getattr(settings, "PAGE_CACHE", False):
        consequence += (
            ", and an anonymous reader could be served a page cached by one process after a change "
            "made through another"
        )
    return [
        Error(
            f"{workers} web processes would each keep their own cache (a local-memory cache), so "
            f"{consequence}.",
            hint="Set QUAESTIO_REDIS_URL, or serve with --workers 1.",
            id="quaestio.E004",
        )
    ]


@register("quaestio")
def check_several_machines(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """With QUAESTIO_SEVERAL_MACHINES on, everything the web processes share must be reachable
    from every machine (``several_machines_refusals``)."""
    if not getattr(settings, "SEVERAL_MACHINES", False):
        return []
    return several_machines_refusals(
        database_engine=settings.DATABASES["default"]["ENGINE"],
        cache_backend=str(settings.CACHES["default"]["BACKEND"]),
        secret_key_generated=getattr(settings, "SECRET_KEY_GENERATED", False),
    )


def several_machines_refusals(
    *, database_engine: str, cache_backend: str, secret_key_generated: bool
) -> list[CheckMessage]:
    """What would be kept on one machine of a site served from several: the database, the cache
    (rate limits, view counts, the page cache's versions, Redis sessions) or the key that signs
    sessions. One error per part, each naming the variable to set."""
    messages: list[CheckMessage] = []
    if database_engine == _SQLITE:
        messages.append(
            Error(
                "QUAESTIO_SEVERAL_MACHINES is on, but QUAESTIO_DATABASE_URL is a SQLite file, which "
                "only the processes of one machine can share: each machine would have a site of its own.",
                hint="Set QUAESTIO_DATABASE_URL to a PostgreSQL server every machine reaches (postgres://...).",
                id="quaestio.E005",
            )
        )
    if cache_backend not in _NETWORK_CACHES:
        messages.append(
            Error(
                "QUAESTIO_SEVERAL_MACHINES is on, but the cache is kept on each machine "
                "(QUAESTIO_REDIS_URL is unset), so log-in rate limits and view counts would be "
                "counted per machine, a session ended on one machine would still work on another, "
                "and a page cached on one machine would still be served after a change made through "
                "another.",
                hint="Set QUAESTIO_REDIS_URL to a Redis server every machine reaches.",
                id="quaestio.E006",
            )
        )
    if secret_key_generated:
        messages.append(
            Error(
                "QUAESTIO_SEVERAL_MACHINES is on, but QUAESTIO_SECRET_KEY is unset, so each machine "
                "would sign sessions and CSRF tokens with a key generated in its own data directory, "
                "and people would be logged out whenever the load balancer sent them to another machine.",
                hint="Set QUAESTIO_SECRET_KEY to the same long random string on every machine.",
                id="quaestio.E007",
            )
        )
    return messages
