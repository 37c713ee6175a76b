"""``quaestio serve``: the site through granian (WSGI), one worker per core by default."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from quaestio.web.checks import check_cache_is_shared


class Command(BaseCommand):
    help = "Serve the site with granian (WSGI); SIGTERM or Ctrl+C stops it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Worker processes (default: one per core).",
        )
        parser.add_argument("--threads", type=int, default=1, help="Blocking threads per worker (default 1).")

    def handle(self, *args: Any, **options: Any) -> None:
        from granian.constants import Interfaces
        from granian.server import Server

        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}.")
        if options["workers"] < 1:
            raise CommandError(f"--workers must be at least 1, not {options['workers']}.")
        if options["threads"] < 1:
            raise CommandError(f"--threads must be at least 1, not {options['threads']}.")
        refused = check_cache_is_shared(options["workers"])
        if refused:
            raise CommandError(" ".join(f"{error.msg} {error.hint}" for error in refused))
        self._ensure_static_root()
        self.stdout.write(
            f"quaestio serving on http://{options['host']}:{options['port']} "
            f"with {options['workers']} worker(s); Ctrl+C stops it."
        )
        self.stdout.flush()
        server = Server(
            "quaestio.wsgi:application",
            address=options["host"],
            port=options["port"],
            interface=Interfaces.WSGI,
            workers=options["workers"],
            blocking_threads=options["threads"],
            # WSGI has no websockets; saying so keeps granian from logging that it ignores them.
            websockets=False,
            log_access=False,
        )
        server.serve()

    def _ensure_static_root(self) -> None:
        """Create STATIC_ROOT if it is missing.

        WhiteNoise serves collected files from STATIC_ROOT and the package's own files through
        the finders; without the folder every worker warns at start-up that it is missing, which
        reads like a fault on a site that simply has not run collectstatic.
        """
        # A read-only data directory is a legitimate deployment; the warning is then honest.
        with contextlib.suppress(OSError):
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
