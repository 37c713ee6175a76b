"""Whole-page cache for anonymous readers, that never serves stale or private content.

Only GET/HEAD requests without a session cookie are considered, and only responses that set
no cookie (a page that hands out a CSRF token or starts a session is never cached), so nothing
private can be stored. Freshness works by versions instead of timeouts: while a page renders,
every ``Post`` and ``User`` row it reads is recorded as a dependency (``q:<question id>``,
``u:<user id>``), plus a scope known from the URL (``posts`` for lists, ``users`` for the
users list). Actions ``touch`` the versions of what they change when their transaction
commits. A cached page is served only while every version it was rendered against is
unchanged (``still_current``).

A page shows dozens of people (a fifty-answer thread: a hundred), each a version to check on
every hit. Every change to a person also moves one shared version, ``u:*`` (``PEOPLE``), read
with the page's own before it renders: while ``u:*`` is where it was, nobody changed, and the
hit checks the page's other versions alone; once it has moved, the people are checked one by
one, and when none of them changed that is noted under ``u:*``'s new version, so the hits
after it are quick again until the next change. A read-mostly site serves its pages at the
cost of a few versions whatever their number of people; a site where someone's reputation
changes every moment pays about what it paid before.

Race: the versions of the URL's own scope are read before rendering and re-read after it; if
they moved meanwhile the page is not stored. A row discovered during rendering whose version
is bumped within the few milliseconds between its read and the snapshot could leave a page
one change behind until that row changes again; the entry's timeout (``PAGE_TTL``) bounds it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from quaestio.lib.db_routing import replica_may_lag_behind

PAGE_TTL = 600
# The version every change to any person moves (see the module docstring).
PEOPLE = "u:*"
_COLLECTOR: ContextVar[set[str] | None] = ContextVar("quaestio_page_dependencies", default=None)
_QUESTION_PATH = re.compile(r"^/questions/(\d+)(?:/|$)")
# Pages whose membership changes with any post (lists, tags) or any user (users list).
_POSTS_SCOPE = re.compile(r"^/(?:$|questions(?:$|/tagged/)|tags$)")
_USERS_SCOPE = re.compile(r"^/users(?:$|/-?\d+)")
_HELP_SCOPE = re.compile(r"^/help/")


def _version_key(dependency: str) -> str:
    return f"pagecache:v:{dependency}"


def record_dependency(dependency: str) -> None:
    """Note that the page being rendered shows ``dependency`` (no-op outside a cached render)."""
    collected = _COLLECTOR.get()
    if collected is not None:
        collected.add(dependency)


def record_dependencies(dependencies: Iterable[str]) -> None:
    """``record_dependency`` for each of ``dependencies``: what a cached fragment was built on."""
    collected = _COLLECTOR.get()
    if collected is not None:
        collected.update(dependencies)


def record_post_dependency(sender: type, instance: Any, **kwargs: Any) -> None:
    """``post_init`` receiver: a post on the page makes its question a dependency. Reads the
    row's loaded values only, so deferred fields are never fetched."""
    collected = _COLLECTOR.get()
    if collected is None:
        return
    values = instance.__dict__
    question_id = values.get("parent_id") or values.get("id")
    if question_id is not None:
        collected.add(f"q:{question_id}")


def record_user_dependency(sender: type, instance: Any, **kwargs: Any) -> None:
    """``post_init`` receiver: a user on the page (a name, a reputation) is a dependency."""
    collected = _COLLECTOR.get()
    if collected is not None and instance.__dict__.get("id") is not None:
        collected.add(f"u:{instance.__dict__['id']}")


def touch(*dependencies: str) -> None:
    """Mark ``dependencies`` as changed once the current transaction commits."""
    keys = [_version_key(dependency) for dependency in dependencies]

    def bump() -> None:
        stamp = time.time_ns()
        cache.set_many(dict.fromkeys(keys, stamp), timeout=None)

    transaction.on_commit(bump)


def touch_question(question_id: int | None) -> None:
    """A question or anything on its page changed; lists may show it too."""
    if question_id is not None:
        touch(f"q:{question_id}", "posts")


def touch_users(user_ids: Iterable[int | None]) -> None:
    """These users' reputation, badges or profile changed."""
    wanted = [f"u:{user_id}" for user_id in user_ids if user_id is not None]
    if wanted:
        # In the same write as theirs: whoever reads ``u:*`` unchanged sees theirs unchanged.
        touch(*wanted, PEOPLE)


def touch_everything() -> None:
    """After bulk changes (an import, the demo): every cached page is out of date."""
    touch("all")


def _scopes(path: str) -> list[str] | None:
    """The dependencies a URL has before it renders, or None when it is not cacheable."""
    match = _QUESTION_PATH.match(path)
    if match:
        return ["all", f"q:{match.group(1)}"]
    if _POSTS_SCOPE.match(path):
        return ["all", "posts"]
    if _USERS_SCOPE.match(path):
        return ["all", "users", "posts"]
    if _HELP_SCOPE.match(path):
        return ["all", "posts", "users"]
    return None


def question_id_of(path: str) -> int | None:
    """The question a cached path shows, for hooks that act on question pages."""
    match = _QUESTION_PATH.match(path)
    return int(match.group(1)) if match else None


def versions(dependencies: Iterable[str]) -> dict[str, Any]:
    """The current version of each dependency (one ``get_many``).

    A version the cache does not hold (never changed, or evicted) is given one now: were it
    left absent, an entry stored while it was absent would pass for current again after an
    eviction that followed a change.
    """
    return _versions_and(dependencies, None)[0]


def _versions_and(dependencies: Iterable[str], also: str | None) -> tuple[dict[str, Any], Any]:
    """``versions(dependencies)`` and the value of the cache key ``also``, in the same
    ``get_many``."""
    keys = {dependency: _version_key(dependency) for dependency in dependencies}
    found = cache.get_many([*keys.values(), also] if also else list(keys.values()))
    absent = [key for key in keys.values() if key not in found]
    if absent:
        stamp = time.time_ns()
        for key in absent:
            cache.add(key, stamp, timeout=None)
        found.update(cache.get_many(absent))
    return {dependency: found.get(key) for dependency, key in keys.items()}, found.get(also) if also else None


def _is_person(dependency: str) -> bool:
    return dependency.startswith("u:") and dependency != PEOPLE


def people_note_key(snapshot: dict[str, Any]) -> str | None:
    """Where the note that ``snapshot``'s people were found unchanged goes (see
    ``still_current``), or None when it holds no people. Worked out once, when the entry is
    stored, and kept with it: a hit then costs the same whether the page shows ten people or
    a hundred."""
    people = sorted((name, version) for name, version in snapshot.items() if _is_person(name))
    if PEOPLE not in snapshot or not people:
        return None
    spec = repr((snapshot[PEOPLE], people)).encode()
    return f"pagecache:people-unchanged:{hashlib.blake2b(spec, digest_size=16).hexdigest()}"


def still_current(snapshot: dict[str, Any], note_key: str | None = None) -> bool:
    """Whether every version in ``snapshot`` is still the current one: an entry stored with it
    shows nothing that has changed since. When the snapshot holds ``u:*`` (read no later than
    its people's versions) and it has not moved, the people are not looked up one by one.
    ``note_key`` is ``people_note_key(snapshot)``, kept with the entry (worked out here when
    not given)."""
    checked_key = note_key or people_note_key(snapshot)
    if checked_key is None:
        return versions(snapshot) == snapshot
    rest = [name for name in snapshot if not _is_person(name)]
    # The note is read with the versions: a hit after someone else's change costs no more.
    current, note = _versions_and(rest, checked_key)
    if any(current[name] != snapshot[name] for name in rest if name != PEOPLE):
        return False
    moved_to = current[PEOPLE]
    if moved_to == snapshot[PEOPLE]:
        return True
    # Someone changed since: was it one of these people? Once they are found unchanged, that
    # is noted under ``u:*``'s new version, so the next hits are quick again until the next
    # change (else an entry would check everyone on every hit until it expires).
    if note == moved_to:
        return True
    held = {name: version for name, version in snapshot.items() if _is_person(name)}
    if versions(held) != held:
        return False
    # People read after ``u:*`` showed ``moved_to``: none of them changed up to then.
    cache.set(checked_key, moved_to, PAGE_TTL)
    return True


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring).

    Placed right after SecurityMiddleware, so a hit skips sessions, authentication and the
    view. ``on_hit`` hooks let features that must see every view (the view counter) run.
    """

    on_hit: list[Callable[[HttpRequest], None]] = []

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = getattr(settings, "PAGE_CACHE", True)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not self.enabled
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        scopes = _scopes(request.path)
        if scopes is None:
            return self.get_response(request)
        key = f"pagecache:page:v3:{request.get_full_path()}"
        entry = cache.get(key)
        if entry is not None:
            snapshot, note_key, status, content_type, content, location = entry
            if still_current(snapshot, note_key):
                if status == 200:
                    for hook in self.on_hit:
                        hook(request)
                response = HttpResponse(content, status=status, content_type=content_type)
                if location:
                    response["Location"] = location
                response["X-Page-Cache"] = "hit"
                return response
        # ``u:*`` before the page reads anyone (see ``still_current``).
        before = versions([*scopes, PEOPLE])
        token = _COLLECTOR.set(set(scopes))
        try:
            response = self.get_response(request)
            collected = _COLLECTOR.get() or set()
        finally:
            _COLLECTOR.reset(token)
        if self._storable(request, response) and versions(scopes) == {name: before[name] for name in scopes}:
            snapshot = versions(collected - {PEOPLE})
            if any(_is_person(name) for name in snapshot):
                snapshot[PEOPLE] = before[PEOPLE]
            if replica_may_lag_behind(snapshot.values()):
                # Read from a replica moments after a change it may not have yet: not kept.
                return response
            entry = (
                snapshot,
                people_note_key(snapshot),
                response.status_code,
                response["Content-Type"],
                response.content,
                response.get("Location", ""),
            )
            cache.set(key, entry, PAGE_TTL)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        """Only public pages: a 200 (or the permanent redirect of a question's short URL to its
        slug) that sets no cookie, used no CSRF token (the token in the page would be one
        visitor's), and was rendered for an anonymous visitor. ``Vary: Cookie`` is expected and
        harmless: only requests without a session cookie get here."""
        if response.status_code not in (200, 301) or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or "private" in response.get("Cache-Control", ""):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated
