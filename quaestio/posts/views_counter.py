"""Question view counts without a database write per view.

A view is counted once per visitor per question per ``VISIT_WINDOW`` (the visitor is the
logged-in user, else the session, else the IP address). Counted views accumulate in the cache
(``cache.incr`` is atomic in Redis and in the local-memory cache alike) and reach
``Post.view_count`` with one ``F()`` update when ``FLUSH_THRESHOLD`` of them are pending or the
oldest has waited ``FLUSH_AFTER`` seconds. A cache that loses its keys loses at most the
pending views, which is the price of not writing on every page view.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest

from quaestio.posts.models import Post

VISIT_WINDOW = 15 * 60
FLUSH_THRESHOLD = 10
FLUSH_AFTER = 60
# A flush holds this lock so two processes never move the same pending views twice.
FLUSH_LOCK_SECONDS = 10


def _pending_key(question_id: int) -> str:
    return f"posts:views:pending:{question_id}"


def _since_key(question_id: int) -> str:
    return f"posts:views:since:{question_id}"


def _lock_key(question_id: int) -> str:
    return f"posts:views:flushing:{question_id}"


def visitor_key(request: HttpRequest) -> str:
    """Who is viewing, hashed so that neither session keys nor addresses sit in the cache."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    elif getattr(request, "session", None) is not None and request.session.session_key:
        who = f"session:{request.session.session_key}"
    else:
        who = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(who.encode()).hexdigest()[:32]


def record_view(request: HttpRequest, question_id: int, *, now: float | None = None) -> bool:
    """Count a view of the question unless this visitor was counted in the last 15 minutes.

    Returns whether the view counted. Issues no query unless it flushes (one UPDATE).
    """
    seen_key = f"posts:views:seen:{question_id}:{visitor_key(request)}"
    # Most views are a reader coming back: a read tells, without the write ``add`` takes.
    if cache.get(seen_key) is not None or not cache.add(seen_key, 1, VISIT_WINDOW):
        return False
    moment = time.time() if now is None else now
    pending_key = _pending_key(question_id)
    cache.add(pending_key, 0, None)
    cache.add(_since_key(question_id), moment, None)
    try:
        pending = cache.incr(pending_key)
    except ValueError:
        # The key was evicted between add() and incr(): start again from this view.
        cache.set(pending_key, 1, None)
        pending = 1
    since = cache.get(_since_key(question_id), moment)
    if pending >= FLUSH_THRESHOLD or moment - since >= FLUSH_AFTER:
        flush_views(question_id)
    return True


def pending_views(question_id: int) -> int:
    """Views counted but not yet written to the database (shown on the page with the rest)."""
    value = cache.get(_pending_key(question_id), 0)
    return value if isinstance(value, int) and value > 0 else 0


def flush_views(question_id: int) -> int:
    """Move the question's pending views to ``Post.view_count``; returns how many moved.

    Views recorded while the flush runs stay pending: the counter is decremented by the amount
    read instead of being reset.
    """
    lock_key = _lock_key(question_id)
    if not cache.add(lock_key, 1, FLUSH_LOCK_SECONDS):
        return 0
    try:
        pending = pending_views(question_id)
        if pending == 0:
            return 0
        try:
            cache.decr(_pending_key(question_id), pending)
        except ValueError:
            return 0
        # The next counted view starts the clock again.
        cache.delete(_since_key(question_id))
        Post.objects.filter(pk=question_id).update(view_count=F("view_count") + pending)
        return pending
    finally:
        cache.delete(lock_key)
