"""``quaestio export-dump DIR``: write the site as a Stack Exchange data dump."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from quaestio.dumps.writer import export_dump


class Command(BaseCommand):
    help = "Write the site as a Stack Exchange data dump: the eight XML files, in the official format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the folder to write the files into")
        parser.add_argument(
            "--newline",
            choices=["crlf", "lf"],
            default="crlf",
            help="line ending between rows (the official files use CRLF; some older ones LF)",
        )
        parser.add_argument("--quiet", action="store_true", help="print only a one-line summary")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a folder.")
        newline = "\r\n" if options["newline"] == "crlf" else "\n"
        started = time.monotonic()
        quiet: bool = options["quiet"]
        bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<18}"),
            TextColumn("{task.completed:>12,} rows"),
            TimeElapsedColumn(),
            console=Console(file=sys.stdout),
            disable=quiet,
        )
        current: list[TaskID] = []

        def on_file(name: str) -> None:
            current.append(bars.add_task(name, total=None))

        def on_row(count: int) -> None:
            bars.update(current[-1], completed=count)

        try:
            with bars:
                written = export_dump(directory, newline=newline, on_file=on_file, on_row=on_row)
        except OSError as error:
            raise CommandError(f"Could not write the dump into {directory}: {error.strerror}.") from None
        rows = sum(item.rows for item in written)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Exported {rows:,} rows in {len(written)} files to {directory} in {seconds:.1f} s."
        )
