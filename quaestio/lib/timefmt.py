"""Dates and numbers as Stack Exchange prints them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone


def se_date(moment: datetime | None, now: datetime | None = None) -> str:
    """``"Jan 24, 2022 at 0:44"``, ``"Feb 7 at 19:22"`` this year, ``"3 mins ago"`` today."""
    if moment is None:
        return ""
    now = now or timezone.now()
    delta = now - moment
    if timedelta(0) <= delta < timedelta(days=2):
        return relative(moment, now)
    day = f"{moment:%b} {moment.day}"
    clock = f"{moment.hour}:{moment:%M}"
    if moment.year == now.year:
        return f"{day} at {clock}"
    return f"{day}, {moment.year} at {clock}"


def se_date_changes_at(moment: datetime, now: datetime) -> datetime:
    """When ``se_date(moment)`` will next print something else than it prints at ``now``: the
    moment a cached rendering of it goes out of date."""
    delta = now - moment
    if delta < timedelta(0):
        # A date in the future prints as an absolute date until it is reached.
        return moment
    if delta < timedelta(days=2):
        return relative_changes_at(moment, now)
    # Absolute dates drop the year while it is the current one: they change at New Year.
    return datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)


def relative_changes_at(moment: datetime, now: datetime) -> datetime:
    """When ``relative(moment)`` will next print something else than it prints at ``now``."""
    seconds = int((now - moment).total_seconds())
    if seconds < 2:
        return moment + timedelta(seconds=2)  # "just now"
    if 86400 <= seconds < 2 * 86400:
        return moment + timedelta(days=2)  # "yesterday"
    if seconds < 60:
        step = 1
    elif seconds < 3600:
        step = 60
    elif seconds < 86400:
        step = 3600
    else:
        step = 86400
    return moment + timedelta(seconds=(seconds // step + 1) * step)


def relative(moment: datetime, now: datetime | None = None) -> str:
    """``"just now"``, ``"5 secs ago"``, ``"3 mins ago"``, ``"2 hours ago"``, ``"yesterday"``…"""
    now = now or timezone.now()
    seconds = int((now - moment).total_seconds())
    if seconds < 2:
        return "just now"
    if seconds < 60:
        return f"{seconds} secs ago"
    if seconds < 3600:
        minutes = seconds // 60
        return "1 min ago" if minutes == 1 else f"{minutes} mins ago"
    if seconds < 86400:
        hours = seconds // 3600
        return "1 hour ago" if hours == 1 else f"{hours} hours ago"
    if seconds < 2 * 86400:
        return "yesterday"
    days = seconds // 86400
    if days < 30:
        return f"{days} days ago"
    if days < 365:
        months = days // 30
        return "1 month ago" if months == 1 else f"{months} months ago"
    years = days // 365
    return "1 year ago" if years == 1 else f"{years} years ago"


def short_number(value: int) -> str:
    """Reputation and view counts as Stack Exchange abbreviates them: 999, 1,234, 12.3k, 1.2m."""
    if value < 10_000:
        return f"{value:,}"
    if value < 100_000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    if value < 1_000_000:
        return f"{value // 1000}k"
    return f"{value / 1_000_000:.1f}m".replace(".0m", "m")
