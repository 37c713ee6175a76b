"""How a user's reputation follows from the ledger.

Reputation starts at 1 and never falls below 1. The daily cap and the floor are applied when an
event is written, and the ledger stores the amount actually applied, so the cached value is
1 + the sum of the user's events; folding (with the floor after each event, which then never
bites) also gives it for ledgers that came from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Sum
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.rules import DAILY_REPUTATION_CAP, REPUTATION_FLOOR, STARTING_REPUTATION
from quaestio.web.page_cache import touch, touch_users

# Events that count toward the daily cap: votes on the user's posts and approved edits.
CAPPED_KINDS = (
    ReputationEvent.Kind.POST_UPVOTED,
    ReputationEvent.Kind.POST_UNUPVOTED,
    ReputationEvent.Kind.POST_DOWNVOTED,
    ReputationEvent.Kind.POST_UNDOWNVOTED,
    ReputationEvent.Kind.SUGGESTED_EDIT_APPROVAL_RECEIVED,
)


def fold_reputation(amounts: Iterable[int], start: int = STARTING_REPUTATION) -> int:
    """The reputation after applying ``amounts`` in order, floored at 1 after each."""
    reputation = start
    for amount in amounts:
        reputation = max(REPUTATION_FLOOR, reputation + amount)
    return reputation


def grant(
    user_id: int,
    kind: int,
    amount: int,
    *,
    post_id: int | None = None,
    actor_id: int | None = None,
    capped: bool = False,
) -> int:
    """Write one ledger event and move the cached reputation with it; returns the amount granted.

    Must run inside the caller's transaction; locks the user's row (callers that lock several
    users lock them in id order first, see ``lock_users``). A capped gain is cut so that the
    day's capped events (UTC) do not exceed the daily cap, and a loss stops at the floor of 1:
    the ledger stores the amount actually applied, so undoing an event gives back exactly that.
    """
    now = timezone.now()
    current = User.objects.select_for_update().values_list("reputation", flat=True).get(pk=user_id)
    if capped and amount > 0:
        day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today = (
            ReputationEvent.objects.filter(
                user_id=user_id, kind__in=CAPPED_KINDS, creation_date__gte=day_start
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
        amount = max(0, min(amount, DAILY_REPUTATION_CAP - today))
    amount = max(REPUTATION_FLOOR, current + amount) - current
    ReputationEvent.objects.create(
        user_id=user_id, kind=kind, amount=amount, post_id=post_id, actor_id=actor_id, creation_date=now
    )
    if amount:
        User.objects.filter(pk=user_id).update(reputation=F("reputation") + amount)
        touch_users([user_id])
    return amount


def lock_users(*user_ids: int | None) -> None:
    """Lock the rows of the users an action will change, always in id order, so two actions
    that touch the same two users cannot deadlock."""
    wanted = sorted({user_id for user_id in user_ids if user_id is not None})
    if wanted:
        list(
            User.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values_list("pk", flat=True)
        )


def reverse_grant(
    user_id: int, original_kind: int, reversal_kind: int, *, post_id: int, actor_id: int
) -> int:
    """Undo the most recent ``original_kind`` event that ``actor_id`` caused on ``post_id``.

    The reversal takes back exactly what was granted (a vote that hit the daily cap gave
    nothing, so undoing it takes nothing).
    """
    original = (
        ReputationEvent.objects.filter(
            user_id=user_id, kind=original_kind, post_id=post_id, actor_id=actor_id
        )
        .order_by("-creation_date", "-id")
        .values_list("amount", flat=True)
        .first()
    )
    if original is None:
        return 0
    return grant(user_id, reversal_kind, -original, post_id=post_id, actor_id=actor_id)


def recalculate(user_ids: Iterable[int] | None = None) -> int:
    """Rebuild cached reputations from the ledger; returns how many users changed."""

    users = User.objects.all() if user_ids is None else User.objects.filter(pk__in=list(user_ids))
    changed = 0
    for user_id, cached in users.values_list("pk", "reputation").iterator():
        amounts = (
            ReputationEvent.objects.filter(user_id=user_id)
            .order_by("creation_date", "id")
            .values_list("amount", flat=True)
        )
        rebuilt = fold_reputation(amounts)
        if rebuilt != cached:
            User.objects.filter(pk=user_id).update(reputation=rebuilt)
            touch_users([user_id])
            changed += 1
    if changed:
        # The users list is ordered by reputation: its pages and landmarks follow the change.
        touch("users")
    return changed
