"""Awarding badges: the queue of badge checks, the worker's claim, and the award itself.

The participation actions call ``enqueue_badge_checks`` inside their transaction; the rows are
written when it commits, so a refused or rolled-back action leaves no work behind. ``quaestio
worker`` takes the rows one at a time (``process_next_check``): it claims a row with an
``update()`` that must touch exactly one row, so any number of workers can share the queue
without a broker (STYLE rule 12, healthchecks' ``sendalerts``), then runs the rules the event
can satisfy and awards what is missing. ``sweep`` runs every rule for every user, for the badges
that time earns (views, a week of silence, a year of membership); run it daily.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.badges import definitions
from quaestio.badges.definitions import BadgeDefinition, Earned, Scope
from quaestio.badges.models import Badge, BadgeCheck, BadgeCheckReason, BadgeClass
from quaestio.web.page_cache import touch_users

logger = logging.getLogger(__name__)

# A claimed row not finished after this long belongs to a worker that died; another may take it.
STALE_CLAIM = timedelta(minutes=10)
# Finished rows are kept this long for the operator, then the sweep deletes them.
KEEP_FINISHED = timedelta(days=7)
# Users handled per batch when reading existing awards (keeps SQL parameter lists short).
BATCH = 500


# ---------------------------------------------------------------- the queue


def enqueue_badge_checks(
    user_ids: Iterable[int | None], post_id: int | None = None, reason: str = BadgeCheckReason.VOTE
) -> None:
    """Queue one badge check per user, written when the current transaction commits.

    Call it from inside an action, after its writes: ``user_ids`` may hold ``None`` (a post
    without an owner) and duplicates, both ignored. ``reason`` is a ``BadgeCheckReason``; it
    chooses which rules the worker runs. Outside a transaction the rows are written at once.
    """
    if reason not in BadgeCheckReason.values:
        raise ValueError(f"Unknown badge check reason {reason!r}.")
    wanted = sorted({user_id for user_id in user_ids if user_id is not None})
    if not wanted:
        return

    def write() -> None:
        now = timezone.now()
        BadgeCheck.objects.bulk_create(
            [BadgeCheck(user_id=user_id, post_id=post_id, reason=reason, created=now) for user_id in wanted]
        )

    transaction.on_commit(write)


def _claimable(now: datetime) -> Q:
    return Q(finished_at__isnull=True) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))


def claim_check(check: BadgeCheck, now: datetime | None = None) -> bool:
    """Take ``check`` for this worker; False when another worker took it first.

    The ``update()`` matches the row only as this worker last read it (same ``claimed_at``,
    unfinished), so of two workers racing for one row exactly one touches it and gets 1 back.
    A claim older than ``STALE_CLAIM`` (its worker died) can be taken over the same way.
    """
    now = now or timezone.now()
    taken = (
        BadgeCheck.objects.filter(pk=check.pk, claimed_at=check.claimed_at, finished_at__isnull=True)
        .filter(_claimable(now))
        .update(claimed_at=now)
    )
    if taken == 1:
        check.claimed_at = now
    return taken == 1


def next_check(now: datetime | None = None) -> BadgeCheck | None:
    """The oldest check no live worker holds, or None when the queue is empty."""
    return BadgeCheck.objects.filter(_claimable(now or timezone.now())).order_by("pk").first()


def run_check(check: BadgeCheck) -> list[Badge]:
    """Run the rules ``check.reason`` can satisfy for ``check.user`` and mark the row finished.

    A failing rule is logged and recorded on the row, which is finished anyway: one bad row
    must not stall the queue, and the daily sweep will retry the rules."""
    awarded: list[Badge] = []
    error = ""
    try:
        awarded = award_badges(
            [check.user_id],
            definitions.for_reason(check.reason),
            tags=definitions.tag_badges_follow(check.reason),
        )
    except Exception as exc:  # any failure: recorded on the row and logged with its traceback
        logger.exception("Badge check %s failed", check.pk)
        error = f"{type(exc).__name__}: {exc}"
    BadgeCheck.objects.filter(pk=check.pk).update(finished_at=timezone.now(), error=error)
    return awarded


def process_next_check() -> bool:
    """Claim and run one pending check; False when there was nothing left to do."""
    while True:
        check = next_check()
        if check is None:
            return False
        if claim_check(check):
            run_check(check)
            return True
        # Another worker took that row between our read and our claim: look again.


def drain_queue(limit: int | None = None) -> int:
    """Run pending checks until the queue is empty (or ``limit`` ran); returns how many ran."""
    done = 0
    while (limit is None or done < limit) and process_next_check():
        done += 1
    return done


# ---------------------------------------------------------------- awarding


def _missing(wanted: list[int | None], existing: list[int | None], multiple: bool) -> list[int | None]:
    """The award keys still to give, given the awards of this badge the user already has."""
    if not wanted:
        return []
    if not multiple:
        return [] if existing else [wanted[0]]
    missing = Counter(wanted) - Counter(existing)
    # Imported awards carry no post (Badges.xml has none): each one beyond the awards owed
    # without a post counts against one owed post, so a site imported from a dump does not
    # award Nice Answer again for the answers its imported awards were for.
    unattributed = existing.count(None) - wanted.count(None)
    keys = sorted(missing.elements(), key=lambda key: (key is not None, key or 0))
    return keys[max(unattributed, 0) :]


def _plan(
    user_id: int,
    earned: dict[str, list[int | None]],
    earned_tags: list[tuple[str, BadgeClass]],
    badges: dict[str, BadgeDefinition],
    existing: list[tuple[str, int, bool, int | None]],
    now: datetime,
) -> list[Badge]:
    """The Badge rows to create for one user (unsaved)."""
    named: dict[str, list[int | None]] = {}
    tagged: set[tuple[str, int]] = set()
    for name, badge_class, tag_based, post_id in existing:
        if tag_based:
            tagged.add((name, badge_class))
        else:
            named.setdefault(name, []).append(post_id)
    new: list[Badge] = []
    for name, wanted in earned.items():
        badge = badges[name]
        for key in _missing(wanted, named.get(name, []), badge.multiple):
            new.append(
                Badge(user_id=user_id, name=name, badge_class=badge.badge_class, post_id=key, date=now)
            )
    for tag, badge_class in earned_tags:
        if (tag, badge_class) not in tagged:
            new.append(Badge(user_id=user_id, name=tag, badge_class=badge_class, tag_based=True, date=now))
    return new


def _existing(user_ids: Sequence[int]) -> dict[int, list[tuple[str, int, bool, int | None]]]:
    rows: dict[int, list[tuple[str, int, bool, int | None]]] = {}
    for user_id, name, badge_class, tag_based, post_id in Badge.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "name", "badge_class", "tag_based", "post_id"):
        rows.setdefault(user_id, []).append((name, badge_class, tag_based, post_id))
    return rows


def award_badges(users: Scope, badges: Iterable[BadgeDefinition], *, tags: bool = True) -> list[Badge]:
    """Evaluate ``badges`` (and tag badges when ``tags``) for ``users`` (None: everyone) and
    create the awards that are missing; returns the new ``Badge`` rows.

    Once-only badges are never given twice; multiple-award badges once per post (``post_id``
    recorded) or, for Yearling, once per year. Each rule is one or a few queries whatever the
    number of users. Awards to one user are written in a transaction that first locks the
    user's row and re-reads their badges, so two workers checking the same user at once
    cannot award the same badge twice.
    """
    chosen = {badge.name: badge for badge in badges}
    earned_by_user: dict[int, dict[str, list[int | None]]] = {}
    for name, badge in chosen.items():
        result: Earned = badge.rule(users)
        for user_id, keys in result.items():
            if keys:
                earned_by_user.setdefault(user_id, {})[name] = keys
    earned_tags = definitions.tag_badges(users) if tags else {}
    candidates = sorted(set(earned_by_user) | set(earned_tags))
    now = timezone.now()
    awarded: list[Badge] = []
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        existing = _existing(batch)
        for user_id in batch:
            earned = earned_by_user.get(user_id, {})
            tag_keys = earned_tags.get(user_id, [])
            if not _plan(user_id, earned, tag_keys, chosen, existing.get(user_id, []), now):
                continue
            with transaction.atomic():
                # Serialise with any other worker awarding to this user, then plan again from
                # what is committed now.
                if not User.objects.select_for_update().filter(pk=user_id).exists():
                    continue
                new = _plan(user_id, earned, tag_keys, chosen, _existing([user_id]).get(user_id, []), now)
                awarded.extend(Badge.objects.bulk_create(new))
                if new:
                    touch_users([user_id])
    return awarded


def sweep(now: datetime | None = None) -> list[Badge]:
    """Every rule for every user — the daily job for the badges that time earns — then drop
    finished badge checks older than ``KEEP_FINISHED``."""
    awarded = award_badges(None, definitions.BADGES, tags=True)
    cutoff = (now or timezone.now()) - KEEP_FINISHED
    BadgeCheck.objects.filter(finished_at__lt=cutoff).delete()
    return awarded
