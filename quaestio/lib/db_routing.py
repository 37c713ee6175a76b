"""Read replicas: the reading pages read a replica, everything else the primary.

``ReplicaRouter`` is a Django database router (Django's documented multi-database API:
``db_for_read``, ``db_for_write``, ``allow_relation``, ``allow_migrate``), installed by
``DATABASE_ROUTERS``. With no replica configured (``QUAESTIO_DATABASE_REPLICA_URLS`` unset) it
sends everything to ``default``, exactly as Django would without it. With replicas:

- Writes go to the primary (``default``), and so do migrations.
- A read goes to a replica only inside a request that ``ReplicaRoutingMiddleware`` chose for
  it: a GET or HEAD of one of ``READING_PAGES``. Even there it goes to the primary once the
  request has written anything (a view count reaching the database, say), and whenever a
  transaction is open on the primary, because a read that decides a write must see the data it
  decides on. Requests for any other page, every other method, and code outside requests (the
  worker, management commands) read the primary.
- Read-your-own-writes: a replica is a little behind its primary, so for
  ``DATABASE_REPLICA_LAG_SECONDS`` after a person's write (the response to any POST, PUT,
  PATCH or DELETE) that person's requests read the primary. The write response carries a
  short-lived signed cookie saying when it was given; nothing else is stored. Responses to
  writes are never cached and the anonymous page cache looks only at the session cookie, so
  the cookie does not change what the page cache stores or serves.

A page rendered from a replica may miss a change committed a moment earlier; the page cache
asks ``replica_may_lag_behind`` before storing such a page, so it is not kept after the change.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

# The pages that only read: lists, question pages, user pages, badges and help. Form pages
# (ask, edit, log in) are left out on purpose: what they show is what the next write starts from.
READING_PAGES: frozenset[str] = frozenset(
    {
        "posts:home",
        "posts:questions",
        "posts:tagged",
        "posts:question",
        "posts:question_no_slug",
        "posts:question_permalink",
        "posts:question_share",
        "posts:answer_permalink",
        "posts:answer_share",
        "posts:tags",
        "posts:comments",
        "posts:revisions",
        "accounts:users",
        "accounts:profile",
        "accounts:profile_no_slug",
        "badges:list",
        "badges:detail",
        "badges:detail_no_slug",
        "badges:tag",
        "web:privileges",
        "web:privilege",
    }
)
PRIMARY_COOKIE = "quaestio_primary"
_SIGNING_SALT = "quaestio.db_routing.recent-write"
_READING_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _Reads:
    """Where the current request (or ``reads_from_replica`` block) reads."""

    replica: str | None = None
    wrote: bool = False


_READS: ContextVar[_Reads | None] = ContextVar("quaestio_replica_reads", default=None)


def replica_aliases() -> list[str]:
    """The database aliases of the configured replicas (``replica1``, ``replica2``, …)."""
    return list(getattr(settings, "DATABASE_REPLICAS", []))


@contextmanager
def reads_from_replica(alias: str | None = None) -> Iterator[str | None]:
    """Send the block's reads to ``alias`` (by default a replica chosen at random), under the
    router's rules: not inside a transaction, and not after the block has written.

    Yields the alias chosen, or None when no replica is configured (reads stay on the primary).
    For reports and exports that can live with a replica's lag; requests get it from
    ``ReplicaRoutingMiddleware``.
    """
    replicas = replica_aliases()
    chosen = alias or (random.choice(replicas) if replicas else None)  # noqa: S311 (load spreading, not secrecy)
    token = _READS.set(_Reads(replica=chosen))
    try:
        yield chosen
    finally:
        _READS.reset(token)


def replica_may_lag_behind(stamps: Iterable[object]) -> bool:
    """Whether the current request read a replica that may not yet hold a change made at one of
    ``stamps`` (``time.time_ns()`` values, as the page cache's versions are): true when one lies
    within ``DATABASE_REPLICA_LAG_SECONDS`` of now."""
    reads = _READS.get()
    if reads is None or reads.replica is None:
        return False
    horizon = time.time_ns() - int(settings.DATABASE_REPLICA_LAG_SECONDS * 1_000_000_000)
    return any(isinstance(stamp, int) and stamp > horizon for stamp in stamps)


class ReplicaRouter:
    """Django database router: reads of reading pages to a replica, the rest to the primary
    (see the module docstring for the rules)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        """A replica inside a reading page that has not written and has no transaction open."""
        reads = _READS.get()
        if (
            reads is None
            or reads.replica is None
            or reads.wrote
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return reads.replica

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        """Always the primary; what the request reads afterwards comes from the primary too."""
        reads = _READS.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        """A row read from a replica and one from the primary are rows of the same database."""
        same_data = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        """Migrations run on the primary only; replicas receive them through replication."""
        return db == DEFAULT_DB_ALIAS


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SIGNING_SALT)


def wrote_recently(request: HttpRequest) -> bool:
    """Whether the request carries a valid recent-write cookie (given at most
    ``DATABASE_REPLICA_LAG_SECONDS`` ago), so that its reads must see the primary."""
    value = request.COOKIES.get(PRIMARY_COOKIE)
    if not value:
        return False
    try:
        _signer().unsign(value, max_age=settings.DATABASE_REPLICA_LAG_SECONDS)
    except signing.BadSignature:  # expired, or not ours
        return False
    return True


class ReplicaRoutingMiddleware:
    """Chooses a replica for the reading pages and marks write responses (module docstring).

    Placed before the page cache, so that the page cache can ask whether the page it is about
    to store was read from a replica. Does nothing when no replica is configured.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        token = _READS.set(_Reads())
        try:
            response = self.get_response(request)
        finally:
            _READS.reset(token)
        if request.method not in _READING_METHODS and request.method != "OPTIONS":
            lag = settings.DATABASE_REPLICA_LAG_SECONDS
            response.set_cookie(
                PRIMARY_COOKIE,
                _signer().sign("1"),
                max_age=lag,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        """Once the URL has named its view, let a reading page's reads go to a replica."""
        reads = _READS.get()
        if reads is None or request.method not in _READING_METHODS:
            return
        match = request.resolver_match
        if match is None or match.view_name not in READING_PAGES or wrote_recently(request):
            return
        reads.replica = random.choice(replica_aliases())  # noqa: S311 (load spreading, not secrecy)
