"""Failed log-in counting, per client address and per e-mail address, in Django's cache.

The cache is shared by every web process (Redis in production), so the limits hold however
many processes serve the site. Windows are fixed: the first failure opens a window of
``WINDOW_SECONDS``; once ``MAX_FAILURES`` failures fall inside it, log-ins for that address or
e-mail are refused until the window closes, without even checking the password.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60
_PREFIX = "login-failures"


def _keys(ip: str, email: str) -> list[str]:
    # E-mail addresses are hashed so that keys stay short and safe for memcached-style backends.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return [f"{_PREFIX}:ip:{ip}", f"{_PREFIX}:email:{digest}"]


def retry_after(ip: str, email: str) -> int | None:
    """Seconds until a log-in from ``ip`` for ``email`` may be tried again, or None if it may now.

    One cache round trip.
    """
    keys = _keys(ip, email)
    stored = cache.get_many([*keys, *(f"{key}:until" for key in keys)])
    now = time.time()
    waits = [
        math.ceil(float(stored.get(f"{key}:until", now + WINDOW_SECONDS)) - now)
        for key in keys
        if int(stored.get(key, 0)) >= MAX_FAILURES
    ]
    return max(1, *waits) if waits else None


def record_failure(ip: str, email: str) -> None:
    """Count one failed log-in against ``ip`` and against ``email``."""
    for key in _keys(ip, email):
        if cache.add(key, 1, WINDOW_SECONDS):
            cache.set(f"{key}:until", time.time() + WINDOW_SECONDS, WINDOW_SECONDS)
            continue
        try:
            cache.incr(key)
        except ValueError:
            # The window closed between add() and incr(): this failure opens a new one.
            cache.add(key, 1, WINDOW_SECONDS)
            cache.set(f"{key}:until", time.time() + WINDOW_SECONDS, WINDOW_SECONDS)


def forget_email(email: str) -> None:
    """Clear the e-mail's count after a successful log-in.

    The address's count is kept: otherwise someone guessing passwords for many accounts could
    reset their own limit by logging into an account of their own between guesses.
    """
    email_key = _keys("", email)[1]
    cache.delete_many([email_key, f"{email_key}:until"])
