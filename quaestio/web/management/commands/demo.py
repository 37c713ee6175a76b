"""``quaestio demo``: fill an empty site with a believable community, so there is something to see.

``make run`` calls it with ``--if-empty``, which quietly does nothing on a site that already has
questions (an import, or a real community). Without the flag it refuses such a site unless
``--force``. Running it again once the demo is loaded changes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quaestio.web.demo import DemoAlreadyLoaded, SiteNotEmpty, build_demo
from quaestio.web.demo.builder import demo_is_loaded, question_count
from quaestio.web.demo.people import DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL, MODERATOR_PASSWORD


class Command(BaseCommand):
    help = "Load the demo community (users, questions, answers, votes…) into an empty site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) if the site already has any question.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the demo even though the site has questions of its own.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_loaded():
            self.stdout.write("Demo content is already loaded.")
            self._print_logins()
            return
        existing = question_count()
        if existing and options["if_empty"]:
            self.stdout.write(f"The site already has {existing} question(s); demo content not added.")
            return
        if existing and not options["force"]:
            raise CommandError(
                f"The site already has {existing} question(s); the demo would mix with them. "
                "Use --force to add it anyway."
            )
        started = time.monotonic()
        try:
            summary = build_demo(force=options["force"], progress=self._progress)
        except DemoAlreadyLoaded:
            # Another process loaded it between our check and our transaction.
            self.stdout.write("Demo content is already loaded.")
            self._print_logins()
            return
        except SiteNotEmpty as error:
            raise CommandError(str(error)) from None
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {elapsed:.1f} s: {summary.users} users, {summary.questions} questions, "
                f"{summary.answers} answers, {summary.comments} comments, {summary.votes} votes, "
                f"{summary.tags} tags, {summary.badges} badges."
            )
        )
        self._print_logins()

    def _print_logins(self) -> None:
        # Printed on every run, so the login is on screen each time `make run` starts the site.
        self.stdout.write(f"Log in as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
        self.stdout.write(f"(moderator: {MODERATOR_EMAIL} with password {MODERATOR_PASSWORD})")

    def _progress(self, line: str) -> None:
        self.stdout.write(f"  {line}")
        self.stdout.flush()
