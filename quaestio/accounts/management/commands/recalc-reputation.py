"""``quaestio recalc-reputation``: rebuild every cached reputation from the ledger."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quaestio.accounts.reputation import recalculate


class Command(BaseCommand):
    help = "Rebuild each user's cached reputation from the reputation ledger."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = recalculate()
        self.stdout.write(f"Reputation recalculated; {changed} user(s) changed.")
