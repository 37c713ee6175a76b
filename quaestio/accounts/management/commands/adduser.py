"""``quaestio adduser NAME --email E --password P [--reputation N] [--moderator]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quaestio.accounts.actions_admin import add_user
from quaestio.lib.errors import ActionError


class Command(BaseCommand):
    help = "Create a confirmed user who can log in at once (for operators and tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("display_name", help="The name shown on the site.")
        parser.add_argument("--email", required=True, help="The e-mail address to log in with.")
        parser.add_argument("--password", required=True, help="The password to log in with.")
        parser.add_argument(
            "--reputation",
            type=int,
            default=1,
            help="Starting reputation, entered in the ledger as an adjustment.",
        )
        parser.add_argument("--moderator", action="store_true", help="Make the user a ♦ moderator.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = add_user(
                options["display_name"],
                options["email"],
                options["password"],
                reputation=options["reputation"],
                moderator=options["moderator"],
            )
        except ActionError as error:
            raise CommandError(error.message) from None
        role = " (moderator)" if user.is_moderator else ""
        self.stdout.write(
            f"Created user {user.pk} {user.display_name} <{user.email}>{role}, reputation {user.reputation}."
        )
