"""Privilege checks: ``can_<verb>`` answers, ``require_<verb>`` raises ``NotPermitted``.

Thresholds come from ``accounts/rules.py``; ♦ moderators hold every privilege.
"""

from __future__ import annotations

from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.models import User
from quaestio.accounts.rules import Privilege
from quaestio.lib.errors import NotPermitted


def has_privilege(user: User, privilege: Privilege) -> bool:
    """Whether ``user`` holds ``privilege`` (by reputation, or as a moderator)."""
    if not user.is_active:
        return False
    if user.is_moderator:
        return True
    return user.reputation >= rules.threshold(privilege)


def require_privilege(user: User, privilege: Privilege, action: str) -> None:
    """Raise ``NotPermitted`` with a sentence naming the reputation ``action`` needs."""
    if has_privilege(user, privilege):
        return
    needed = rules.threshold(privilege)
    raise NotPermitted(f"You need {needed:,} reputation to {action}; you have {user.reputation:,}.")


def require_active(user: User) -> None:
    """Suspended and deactivated users can read but not take part."""
    if not user.is_active:
        raise NotPermitted("This account is deactivated.")
    if user.suspended_until is not None and user.suspended_until > timezone.now():
        until = f"{user.suspended_until:%b} {user.suspended_until.day}, {user.suspended_until.year}"
        raise NotPermitted(f"This account is suspended until {until}.")
