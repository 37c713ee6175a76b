"""``quaestio import-dump PATH``: import a Stack Exchange data dump (folder, .7z or one file)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from quaestio.dumps.loader import (
    AlreadyImported,
    ImportFailed,
    ImportOutcome,
    NoProgress,
    SiteNotEmpty,
    import_dump,
    iter_reasons,
)
from quaestio.dumps.sources import SourceError, opened


class RowsPerSecond(ProgressColumn):
    """Rows converted per second in the current file."""

    def render(self, task: Task) -> Text:
        """The rate, from the rows counted so far and the time elapsed."""
        rows = int(task.fields.get("rows", 0))
        elapsed = task.elapsed or 0.0
        rate = rows / elapsed if elapsed > 0 else 0.0
        return Text(f"{rows:,} rows · {rate:,.0f} rows/s", style="progress.data.speed")


class RichProgress:
    """One bar per file: bytes read of the file, rows/s and time left. Each thread has its
    bar (the posts' derived work goes on beside the later files on PostgreSQL)."""

    def __init__(self, console: Console) -> None:
        self.bars = Progress(
            TextColumn("{task.description:<26}"),
            BarColumn(),
            RowsPerSecond(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[int, TaskID] = {}

    @property
    def task(self) -> TaskID | None:
        """The bar of the calling thread's current file or part."""
        return self.tasks.get(threading.get_ident())

    @task.setter
    def task(self, task: TaskID | None) -> None:
        if task is None:
            self.tasks.pop(threading.get_ident(), None)
        else:
            self.tasks[threading.get_ident()] = task

    def begin(self, label: str, total_bytes: int) -> None:
        """Start a bar for a file."""
        if not self.bars.live.is_started:
            self.bars.start()
        self.task = self.bars.add_task(label, total=total_bytes or None, rows=0)

    def update(self, position: int, rows: int) -> None:
        """Move the bar to ``position`` bytes."""
        if self.task is not None:
            self.bars.update(self.task, completed=position, rows=rows)

    def end(self) -> None:
        """Fill the bar: the file is done."""
        if self.task is not None:
            total = self.bars.tasks[self.task].total
            self.bars.update(self.task, completed=total or 1, total=total or 1)
            self.task = None

    def stop(self) -> None:
        """Stop drawing."""
        self.bars.stop()


class Command(BaseCommand):
    help = (
        "Import a Stack Exchange data dump: a folder with the eight XML files, a site's .7z "
        "archive, or one file such as Posts.xml. An interrupted import resumes when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a folder, a .7z archive or one dump file")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="stop at the first bad row or file and leave the database as it was",
        )
        parser.add_argument(
            "--merge",
            action="store_true",
            help="import into a site that has data; ids it already uses are left alone",
        )
        parser.add_argument("--quiet", action="store_true", help="print only errors and a one-line summary")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet: bool = options["quiet"]
        # Django's OutputWrapper adds a newline to every write; rich wants the stream itself
        # (which is also what call_command captures).
        out = getattr(self.stdout, "_out", sys.stdout)
        console = Console(file=out, highlight=False, width=None if out.isatty() else 160)
        errors = Console(file=getattr(self.stderr, "_out", sys.stderr), highlight=False, width=160)
        started = time.monotonic()
        try:
            with opened(options["path"]) as source:
                for name in source.missing:
                    if not quiet:
                        console.print(f"{name} is not in the dump: skipped.")
                progress = NoProgress() if quiet else RichProgress(console)
                try:
                    outcome = import_dump(
                        source,
                        strict=options["strict"],
                        merge=options["merge"],
                        progress=progress,
                        batch_size=options["batch_size"],
                    )
                finally:
                    if isinstance(progress, RichProgress):
                        progress.stop()
        except AlreadyImported as done:
            self.stdout.write(str(done))
            return
        except (SourceError, SiteNotEmpty) as refused:
            raise CommandError(str(refused)) from None
        except ImportFailed as failed:
            raise CommandError(f"Import stopped, nothing was imported: {failed}") from None
        seconds = time.monotonic() - started
        if not quiet:
            console.print(self.report_table(outcome))
            for check in outcome.checks:
                console.print(f"Check: {check}.")
        for error in outcome.errors:
            errors.print(f"Error: {error}.")
        self.stdout.write(self.summary(outcome, seconds, source.description))
        if outcome.errors:
            raise CommandError(
                "The import is incomplete: fix the file(s) named above and run the same command again."
            )

    @staticmethod
    def report_table(outcome: ImportOutcome) -> Table:
        """Per file: rows read, imported, skipped, and the reasons with example lines."""
        table = Table(title="Import report", title_justify="left")
        table.add_column("file")
        table.add_column("read", justify="right")
        table.add_column("imported", justify="right")
        table.add_column("skipped", justify="right")
        table.add_column("rows/s", justify="right")
        table.add_column("notes")
        for name, report in outcome.files.items():
            notes = [
                f"{count:,} × {reason}" + (f" (e.g. {'; '.join(examples[:2])})" if examples else "")
                for reason, count, examples in iter_reasons(report)
            ]
            if report.error:
                notes.insert(0, f"ERROR: {report.error}")
            table.add_row(
                name,
                f"{report.read:,}",
                f"{report.imported:,}",
                f"{report.skipped:,}",
                f"{report.read / report.seconds:,.0f}" if report.seconds > 0 else "—",
                "\n".join(notes) or "—",
            )
        for name in outcome.missing:
            table.add_row(name, "—", "—", "—", "—", "not in the dump: skipped")
        return table

    @staticmethod
    def summary(outcome: ImportOutcome, seconds: float, description: str) -> str:
        """The one line scripts read."""
        read = sum(report.read for report in outcome.files.values())
        imported = sum(report.imported for report in outcome.files.values())
        skipped = sum(report.skipped for report in outcome.files.values())
        rate = read / seconds if seconds > 0 else 0.0
        resumed = " (resumed)" if outcome.resumed else ""
        return (
            f"Imported {imported:,} of {read:,} rows from {description}{resumed} in {seconds:.1f} s "
            f"({rate:,.0f} rows/s); {skipped:,} skipped, {len(outcome.errors)} file errors."
        )
