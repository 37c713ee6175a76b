"""``quaestio serve``: the site through granian (WSGI), one worker per core by default.

Before granian starts, the static files are collected into STATIC_ROOT under hashed names when
they are missing or out of date, so that a fresh checkout, a new version or a new machine
serves them with long cache lifetimes and nothing to run by hand.
"""

from __future__ import annotations

import contextlib
import fcntl
import filecmp
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
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
        self._collect_static_files()
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

    def _collect_static_files(self) -> None:
        """Collect the static files into STATIC_ROOT, hashed and compressed, unless an earlier
        start (or ``quaestio collectstatic``) already did for these very files.

        Several ``serve`` processes may share the folder and start together: one collects while
        the others wait for its lock, and then find the folder current.
        """
        root = Path(settings.STATIC_ROOT)
        if getattr(staticfiles_storage, "manifest_name", None) is None:
            # A storage without hashed names serves the package's files through the finders; the
            # folder only keeps WhiteNoise from warning in every worker that it is missing. A
            # read-only data directory is a legitimate deployment, and the warning then honest.
            with contextlib.suppress(OSError):
                root.mkdir(parents=True, exist_ok=True)
            return
        if static_files_are_current(root):
            return
        try:
            with _collecting_lock(root):
                if static_files_are_current(root):
                    return
                self.stdout.write(f"Collecting static files into {root} (once for each version of quaestio).")
                self.stdout.flush()
                call_command("collectstatic", interactive=False, verbosity=0)
        except OSError as error:
            raise CommandError(
                f"The static files in {root} are missing or out of date and cannot be collected there "
                f"({error.strerror or error}): run `quaestio collectstatic --noinput` as a user who can "
                "write that folder, or set QUAESTIO_STATIC_ROOT to a folder this user can write."
            ) from None


def static_files_are_current(root: Path) -> bool:
    """Whether ``root`` holds what ``collectstatic`` would put there now: a manifest that lists
    every static file of the installed apps, each collected copy identical to its source and
    none newer than the manifest (which ``collectstatic`` writes last, so an interrupted run
    does not count). Reads every static file once: a few megabytes, the admin's included."""
    manifest = root / str(staticfiles_storage.manifest_name)  # type: ignore[attr-defined]  # checked by the caller
    try:
        listed = json.loads(manifest.read_text()).get("paths", {})
        written = manifest.stat().st_mtime_ns
    except (OSError, ValueError):
        return False
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns  # type: ignore[attr-defined]  # StaticFilesConfig's
    seen: set[str] = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns):
            prefix = getattr(storage, "prefix", None)
            name = f"{prefix}/{path}" if prefix else path
            # The first finder to list a name wins, as in collectstatic.
            if name in seen:
                continue
            seen.add(name)
            copy = root / name
            try:
                if (
                    name not in listed
                    or copy.stat().st_mtime_ns > written
                    or not filecmp.cmp(storage.path(path), copy, shallow=False)
                ):
                    return False
            except OSError:
                return False
    return True


@contextlib.contextmanager
def _collecting_lock(root: Path) -> Iterator[None]:
    """Hold the lock on collecting into ``root``, shared by this user's processes on this machine
    (kept outside ``root``, which WhiteNoise serves whole)."""
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"quaestio-collectstatic-{os.getuid()}-{digest}.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
