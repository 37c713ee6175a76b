"""How a user's reputation follows from the ledger.

Reputation starts at 1 and never falls below 1: each event is applied in order and the floor
is applied after each one, as Stack Exchange does. The daily cap is applied when an event is
written (the ledger stores the amount actually granted), so folding the ledger needs no
knowledge of the cap.
"""

from __future__ import annotations

from collections.abc import Iterable

from quaestio.accounts.rules import REPUTATION_FLOOR, STARTING_REPUTATION


def fold_reputation(amounts: Iterable[int], start: int = STARTING_REPUTATION) -> int:
    """The reputation after applying ``amounts`` in order, floored at 1 after each."""
    reputation = start
    for amount in amounts:
        reputation = max(REPUTATION_FLOOR, reputation + amount)
    return reputation
