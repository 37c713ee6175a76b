"""``quaestio worker``: runs the site's background jobs from database rows, without a broker.

Today the jobs are badge checks; other kinds of jobs join the loop as further ``_run_*``
steps. Run one worker (or several: each row is claimed by exactly one) next to the web
processes, and ``quaestio worker --sweep`` once a day from cron.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quaestio.badges import actions


class Command(BaseCommand):
    help = "Process queued background jobs (badge checks); --once drains the queue and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Process every pending job, then exit.")
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="Evaluate every badge rule for every user, then exit (run it daily).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to sleep when the queue is empty (default 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sweep"]:
            awarded = actions.sweep()
            self.stdout.write(f"Sweep awarded {len(awarded)} badges.")
            if not options["once"]:
                return
        if options["once"]:
            done = actions.drain_queue()
            self.stdout.write(f"Processed {done} badge checks.")
            return
        self._loop(options["interval"])

    def _loop(self, interval: float) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            # Finish the job in hand, then leave: a job is never abandoned half-done.
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("Worker started; waiting for jobs.")
        while not stopping:
            if not actions.process_next_check():
                time.sleep(interval)
        self.stdout.write("Worker stopped.")
