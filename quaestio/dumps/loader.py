"""The bulk loader: rows from the reader into the database, in batches, resumably.

The work is a fixed list of steps, one pass over each file: Users, PostHistory, Posts, Tags,
Comments, Votes, Badges, PostLinks, with the derived work of ``recount.py`` on the posts once
the posts and tags are in and the rest at the end. Each batch of a few thousand rows is
inserted (``executemany`` on SQLite, ``COPY`` on PostgreSQL) and committed together with its
step's checkpoint (the number of rows of the file consumed), so a run killed at any moment
resumes after its last committed batch; the derived work is idempotent and runs again in
full when a run resumes. Under ``strict`` the whole import is one transaction instead: the
first bad row rolls everything back.

Where the time goes, and what keeps it near the cost of parsing the XML (docs/dumps.md):

- Child processes parse and convert the files (lxml, the row plans of ``reader.py``, comment
  rendering) ahead of this one, which checks and inserts, through spool files on disk
  (``ReadAhead``); big files are cut in parts parsed side by side. Memory stays flat.
- The history goes in before the posts, so that each post is written once, with its markdown
  source (the text of its latest body revision) looked up by batch: filling them in afterwards
  rewrote every post, the biggest rows of the site.
- Posts.xml is read once. An answer goes in the batch after its question; the rare answer
  that comes before its question waits until the end of the file, and its place in the file
  is kept with the checkpoint, so a resumed run still has it.
- A fresh import sets the big tables' plain indexes aside and builds them once at the end
  (``indexes.py``).
- No query is made per row: references are checked against in-memory id sets (a bit per id);
  only ``--merge`` looks up the batch's ids in the database first.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DataError, IntegrityError, OperationalError, connection, models, transaction
from django.db.models import Min, Q
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.dumps import indexes, recount
from quaestio.dumps.idset import IdSet
from quaestio.dumps.inserter import Inserter, adapt_datetime, json_value
from quaestio.dumps.models import ImportConflict, ImportRun, ImportStep, PendingAccept
from quaestio.dumps.reader import (
    WHOLE,
    DumpFileError,
    FilePart,
    Item,
    RowPlan,
    read_items,
    rows_before,
    split_file,
)
from quaestio.dumps.schema import (
    BADGES,
    COMMENTS,
    POST_HISTORY,
    POST_LINKS,
    POSTS,
    TABLES,
    TAGS,
    USERS,
    VOTES,
    Table,
)
from quaestio.dumps.sources import DumpSource
from quaestio.posts.models import Post, PostHistory, PostType, Tag
from quaestio.web.page_cache import touch_everything

BATCH_SIZE = 2000
# How far the reading processes may run ahead of the loader: bytes of converted rows spooled
# to disk and not yet taken, by one reader, and by all of them before another one starts.
SPOOL_AHEAD_BYTES = 2**30
SPOOLS_AHEAD_BYTES = 4 * 2**30
# The readers' priority below the loader's (``os.nice``): they take the time it leaves.
READER_NICENESS = 10
# Questions whose AnswerCount the loader keeps open while their answers go in (a question's
# answers mostly follow it closely): about a hundred bytes each. Past this many at once, the
# counts are checked in the database instead.
OPEN_ANSWER_COUNTS = 200_000
MAX_EXAMPLES = 5
# Imported users cannot log in until an operator gives them credentials; a fixed unusable value
# (rather than a random one per user) keeps a resumed import identical to a clean one.
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "imported-from-a-stack-exchange-dump"
# The steps after the posts' derived work (``Loader.posts_derived_work``).
AFTER_THE_POSTS = frozenset({"comments", "votes", "badges", "postlinks"})
# The tables whose plain indexes a fresh import builds at the end instead of row by row.
INDEXED_LATER = indexes.INDEXED_LATER


class ImportFailed(Exception):
    """The import stopped (``--strict`` and a bad row, or a file that cannot be read)."""


class AlreadyImported(Exception):
    """This dump was imported before, completely."""


class SiteNotEmpty(Exception):
    """The site has questions, answers or users of its own, and ``--merge`` was not given."""


class Progress(Protocol):
    """Where the loader reports progress: one bar per step."""

    def begin(self, label: str, total_bytes: int) -> None: ...
    def update(self, position: int, rows: int) -> None: ...
    def end(self) -> None: ...


class NoProgress:
    """Progress for scripts and tests: none."""

    def begin(self, label: str, total_bytes: int) -> None:
        """Nothing to show."""

    def update(self, position: int, rows: int) -> None:
        """Nothing to show."""

    def end(self) -> None:
        """Nothing to show."""


@dataclass
class StepReport:
    """What one step did: rows read, imported, skipped (with reasons), and notes about rows
    kept with a change; stored with the checkpoint so a resumed run reports the whole file."""

    read: int = 0
    imported: int = 0
    skipped: int = 0
    # Reason → count, for skipped rows and for rows kept with a note.
    reasons: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None
    # Time spent on the file, over every run that worked on it.
    seconds: float = 0.0

    def note(self, reason: str, example: str, *, skipped: bool = False) -> None:
        """Count ``reason`` once (and the row as skipped when it is)."""
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < MAX_EXAMPLES:
            shown.append(example)
        if skipped:
            self.skipped += 1

    def to_json(self) -> dict[str, Any]:
        """The report as stored in the checkpoint."""
        return {
            "read": self.read,
            "imported": self.imported,
            "skipped": self.skipped,
            "reasons": self.reasons,
            "examples": self.examples,
            "error": self.error,
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepReport:
        """The report a checkpoint stored (empty for a new step)."""
        return cls(
            read=data.get("read", 0),
            imported=data.get("imported", 0),
            skipped=data.get("skipped", 0),
            reasons=dict(data.get("reasons", {})),
            examples={k: list(v) for k, v in data.get("examples", {}).items()},
            error=data.get("error"),
            seconds=data.get("seconds", 0.0),
        )


@dataclass
class ImportOutcome:
    """What an import did, per file, and the checks made afterwards."""

    files: dict[str, StepReport]
    missing: list[str]
    checks: list[str]
    resumed: bool

    @property
    def errors(self) -> list[str]:
        """File-level errors, one sentence each."""
        return [report.error for report in self.files.values() if report.error]


@dataclass(frozen=True)
class Step:
    """One pass over one file."""

    name: str
    table: Table


# The history before the posts: each post takes its markdown source from it as it goes in.
STEPS: tuple[Step, ...] = (
    Step("users", USERS),
    Step("posthistory", POST_HISTORY),
    Step("posts", POSTS),
    Step("tags", TAGS),
    Step("comments", COMMENTS),
    Step("votes", VOTES),
    Step("badges", BADGES),
    Step("postlinks", POST_LINKS),
)


# ---------------------------------------------------------------------- reading


@dataclass
class Batch:
    """Converted rows of one file: the items, the rows of the file consumed through the last
    one, the position in the file (for the progress bar), and the rows consumed before it."""

    items: list[Item]
    consumed: int
    position: int
    after: int = 0


@dataclass(frozen=True)
class ReadJob:
    """What one pass reads: the file, how to convert its rows, and where to start."""

    path: Path
    plan: RowPlan
    skip: int
    keep: frozenset[int]
    batch_size: int
    part: FilePart = WHOLE


class ReaderFailed(Exception):
    """The reading process died or raised something other than a file error."""


def read_batches(job: ReadJob) -> Generator[Batch, None, None]:
    """The job's rows (of its part of the file) in batches, read here. Raises
    ``DumpFileError`` (carrying the rows consumed before it in ``consumed``) after yielding
    the rows before the bad spot."""
    items: list[Item] = []
    before = rows_before(job.path, job.part.start) if job.part.start else (0, 0)
    after = before[0]
    seen = [job.part.start, before[0]]  # position in the file, rows seen

    def on_progress(position: int, count: int) -> None:
        seen[0], seen[1] = position, count

    try:
        for item in read_items(
            job.path,
            job.plan,
            skip=job.skip,
            keep=job.keep,
            on_progress=on_progress,
            part=job.part,
            before=before,
        ):
            items.append(item)
            if len(items) >= job.batch_size:
                yield Batch(items, item[0], seen[0], after)
                after = item[0]
                items = []
    except DumpFileError as error:
        last = items[-1][0] if items else seen[1]
        yield Batch(items, max(last, seen[1]), seen[0], after)
        error.consumed = max(last, seen[1])
        raise
    yield Batch(items, seen[1], seen[0], after)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the garbage collector's youngest generation less often: converting millions of rows
    allocates tuples by the million (none of them in cycles), and the default threshold would
    scan them every 700 allocations."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def rollback_journal() -> Iterator[None]:
    """On SQLite in WAL mode, outside a transaction: a rollback journal (``TRUNCATE``) while
    the rows go in, WAL again afterwards.

    In WAL mode every page is written twice, to the log at each commit and into the database
    at each checkpoint; with a rollback journal, pages appended to the file (nearly all of an
    import's) are written once, and only the few existing pages a batch changes are copied to
    the journal first. A killed import leaves that journal behind, and the next connection
    rolls the unfinished batch back with it, as it would from the log. The switch needs the
    database to itself: while another connection has it open (a running site), the import
    stays in WAL mode."""
    if (
        connection.vendor != "sqlite"
        or connection.in_atomic_block
        or recount.sqlite_journal_mode(connection) != "wal"
    ):
        yield
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = TRUNCATE")
    except OperationalError:
        # Another connection has the database open: SQLite refuses at once, without waiting.
        yield
        return
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")


@contextmanager
def import_connection_settings() -> Iterator[None]:
    """Settings for this connection while it imports, put back afterwards.

    PostgreSQL: commits that do not wait for the disk. SQLite: a larger page cache (the unique
    indexes kept during the import are written in random order), of 32 MB only: each reading
    process forked from this one keeps the pages this one rewrites as they were at the fork, so
    the cache counts once more for every reader (128 MB made an import of three processes use
    650 MB, and was no faster); WAL checkpoints every 40 MB
    instead of every 4 MB, and none of them waiting for the disk (``synchronous=OFF``: the
    checkpoints' flushes took a tenth of the import); sorts and temporary tables (the index
    builds, the derived data) in files rather than in memory, and no memory-mapped reads, so
    that the process's memory stays within its budget whatever the dump's size. All are safe
    if the process is killed: every committed batch is in the WAL or the database file, which
    the system writes out whatever happens to the process (only a crash of the machine itself
    could lose the last batches, and their checkpoints with them).

    SQLite also stops checking foreign keys (outside a transaction, where it allows the change):
    the loader checks every reference against its id sets before a row goes in, the database's
    own check cost a lookup per reference per row, and without it a question can be written
    with its accepted answer before the answer is in (``Loader.references_ahead``)."""
    if connection.vendor == "postgresql":
        # A commit per batch need not wait for the disk: a server crash could lose the last
        # few batches (never the database's consistency, and their checkpoints go with them),
        # a killed importer loses nothing.
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            synchronous_commit = cursor.fetchone()[0]
            cursor.execute("SET synchronous_commit = off")
            # Long values compressed with lz4, several times quicker than the default pglz,
            # where the server has it (PostgreSQL 14 and later, built with lz4).
            cursor.execute(
                "SELECT setting FROM pg_settings "
                "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
            )
            found = cursor.fetchone()
            toast_compression = None if found is None else found[0]
            if toast_compression is not None:
                cursor.execute("SET default_toast_compression = lz4")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [synchronous_commit])
                if toast_compression is not None:
                    cursor.execute(
                        "SELECT set_config('default_toast_compression', %s, false)", [toast_compression]
                    )
        return
    if connection.vendor != "sqlite":
        yield
        return
    wanted = {"cache_size": -32768, "wal_autocheckpoint": 10000, "mmap_size": 0}
    if not connection.in_atomic_block:
        # SQLite refuses to change these inside a transaction (--strict, tests).
        wanted["temp_store"] = 1
        wanted["synchronous"] = 0
        wanted["foreign_keys"] = 0
    with connection.cursor() as cursor:
        before = {}
        for name, value in wanted.items():
            cursor.execute(f"PRAGMA {name}")
            current = cursor.fetchone()
            if current is None:
                continue  # not a setting of this database (mmap_size in memory)
            before[name] = int(current[0])
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def can_read_in_parallel() -> bool:
    """Whether rows can be read by forked child processes (POSIX systems)."""
    return "fork" in multiprocessing.get_all_start_methods()


def reading_processes() -> int:
    """How many processes read ahead at once: one per core but the loader's, and at least
    two, so that a file cut in two is parsed by both while the loader waits at the start."""
    return max(2, (os.cpu_count() or 2) - 1)


# How a spooled message is serialised: a batch's rows (tuples of numbers, strings, None and
# the extras' dicts) with marshal, which writes them in half the time pickle takes; anything
# else (the end, a file error, a crash) with pickle.
_MARSHALLED, _PICKLED = b"m", b"p"


def _write_message(fd: int, message: tuple[str, Any, int]) -> int:
    """Append one message to a spool: its length, then its bytes. Returns the bytes written."""
    kind, payload, _number = message
    if kind == "rows":
        fields = (payload.items, payload.consumed, payload.position, payload.after)
        data = _MARSHALLED + marshal.dumps(fields)
    else:
        data = _PICKLED + pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    header = len(data).to_bytes(8, "little")
    written = os.writev(fd, [header, data])
    while written < len(header) + len(data):  # a regular file takes it all unless the disk is full
        written += os.write(fd, (header + data)[written:])
    return written


def _read_message(data: bytes) -> tuple[str, Any, int]:
    """A message ``_write_message`` spooled (by our own child process)."""
    body = memoryview(data)[1:]
    if data[:1] == _MARSHALLED:
        items, consumed, position, after = marshal.loads(body)  # noqa: S302
        return ("rows", Batch(items, consumed, position, after), 0)
    message: tuple[str, Any, int] = pickle.loads(body)  # noqa: S301
    return message


def _read_to_spool(job: ReadJob, fd: int, taken: Any, parent: int) -> None:
    """A reading process: the job's batches appended to its spool, then how it ended.

    It runs at a lower priority than the loader, whose process decides how long the import
    takes, and uses the time the loader leaves. It stays at most ``SPOOL_AHEAD_BYTES`` ahead
    of what the loader has taken, and ends when the loader is gone (killed)."""
    with suppress(OSError):
        os.nice(READER_NICENESS)
    # What the loader had when this process was forked stays out of its collections: walking
    # it would copy the pages this process shares with the loader.
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)
    written = 0

    def put(message: tuple[str, Any, int]) -> None:
        nonlocal written
        written += _write_message(fd, message)
        while os.getppid() == parent and written - taken.value > SPOOL_AHEAD_BYTES:
            time.sleep(0.05)
        if os.getppid() != parent:
            os._exit(0)

    try:
        try:
            for batch in read_batches(job):
                put(("rows", batch, 0))
        except DumpFileError as error:
            put(("file_error", error, error.consumed))
            return
        put(("end", None, 0))
    except BaseException:
        put(("crash", traceback.format_exc(), 0))
    finally:
        os.close(fd)


@dataclass
class _Reading:
    """One part of one file on its way through a reading process and its spool."""

    step: str
    job: ReadJob
    first: bool
    process: multiprocessing.process.BaseProcess | None = None
    fd: int = -1
    offset: int = 0
    taken: Any = None

    def spooled(self) -> int:
        """Bytes in the spool the loader has not taken yet."""
        return os.fstat(self.fd).st_size - self.offset if self.fd >= 0 else 0


class ReadAhead:
    """The reading processes of one import, running ahead of the loader across its files.

    Each file the steps read (the big ones cut in parts, ``split_file``) is parsed and
    converted by a child process into a spool file, an unlinked temporary file of serialised
    batches, as far ahead of the loader as ``SPOOL_AHEAD_BYTES`` lets it; ``reading_processes``
    of them run at once, at a lower priority than the loader. The loader's own process, which
    checks and inserts, is the longest road through an import: the readers take every moment
    it leaves, including while it builds indexes, and it never waits on a pipe. Memory stays
    bounded (a batch per process); the spools are on disk.

    ``steps`` gives, in the order the loader takes them, each step to read ahead with what
    makes its job (called when its first reader starts: an archive's member is extracted
    then)."""

    def __init__(self, steps: Sequence[tuple[str, Callable[[], ReadJob]]], processes: int) -> None:
        self.pending = list(steps)
        self.steps = {step for step, _make_job in steps}
        self.processes = processes
        self.readings: list[_Reading] = []
        self.context = multiprocessing.get_context("fork")
        self.lock = threading.Lock()

    def _running(self) -> int:
        return sum(
            1 for reading in self.readings if reading.process is not None and reading.process.is_alive()
        )

    def _start(self, reading: _Reading) -> None:
        fd, name = tempfile.mkstemp(prefix="quaestio-import-")
        try:
            reading.fd = os.open(name, os.O_RDONLY)
        finally:
            Path(name).unlink()
        reading.taken = self.context.RawValue("q", 0)
        reading.process = self.context.Process(
            target=_read_to_spool,
            args=(reading.job, fd, reading.taken, os.getpid()),
            name=f"quaestio import: reading {reading.job.plan.file}",
            daemon=True,
        )
        reading.process.start()
        os.close(fd)

    def fill(self, *, make_jobs: bool = True) -> None:
        """Start readers while fewer than ``processes`` run and the spools hold less than
        ``SPOOLS_AHEAD_BYTES`` the loader has not taken (``make_jobs``: making the next
        step's job when every job made has its reader)."""
        with self.lock:
            while self._running() < self.processes:
                waiting = next((reading for reading in self.readings if reading.process is None), None)
                if waiting is None:
                    if not self.pending or not make_jobs:
                        return
                    self._make_next_job()
                    continue
                if sum(reading.spooled() for reading in self.readings) > SPOOLS_AHEAD_BYTES:
                    return
                self._start(waiting)

    def _make_next_job(self) -> None:
        step, make_job = self.pending.pop(0)
        job = make_job()
        whole = job.skip > 0 or bool(job.keep)
        parts = [WHOLE] if whole else split_file(job.path, job.plan.table, self.processes)
        self.readings.extend(
            _Reading(step, replace(job, part=part), first=number == 0) for number, part in enumerate(parts)
        )

    @contextmanager
    def meanwhile(self) -> Iterator[None]:
        """Go on starting readers, from a thread, while this process does something else
        than take batches (the posts' derived work: a reader that ends then would otherwise
        wait for it to end). Every job is made first, here: making one reads the database,
        which that thread must not."""
        with self.lock:
            while self.pending:
                self._make_next_job()
        stop = threading.Event()

        def keep_filling() -> None:
            while not stop.wait(0.05):
                self.fill(make_jobs=False)

        filling = threading.Thread(target=keep_filling, name="import: starting readers", daemon=True)
        filling.start()
        try:
            yield
        finally:
            stop.set()
            filling.join()

    def batches(self, step: str) -> Generator[Batch, None, None]:
        """The step's batches in file order, from its readers' spools. Raises ``DumpFileError``
        (carrying the rows consumed before it) after the rows before the bad spot, and
        ``ReaderFailed`` when a reading process dies."""
        consumed = 0
        while True:
            self.fill()
            reading = next((reading for reading in self.readings if reading.step == step), None)
            if reading is None:
                return
            if reading.process is None:
                self._start(reading)
            try:
                for batch in self._take(reading):
                    if not reading.first and batch.after != consumed:
                        # The rows counted ahead of the cut were not the rows parsed before it
                        # (never in an official dump): the rest is read in one piece.
                        self._read_rest_whole(step, reading.job, consumed)
                        break
                    consumed = batch.consumed
                    yield batch
                    self.fill()
                else:
                    self._finish(reading)
            except BaseException:
                self.close(step)
                raise

    def _take(self, reading: _Reading) -> Iterator[Batch]:
        """The batches of one reader's spool, waiting for it where the loader has caught up."""
        while True:
            message = self._next_message(reading)
            kind, payload, consumed = message
            if kind == "rows":
                yield payload
            elif kind == "end":
                return
            elif kind == "file_error":
                payload.consumed = consumed
                raise payload
            else:
                raise ReaderFailed(f"reading {reading.job.plan.file} failed:\n{payload}")

    def _next_message(self, reading: _Reading) -> tuple[str, Any, int]:
        assert reading.process is not None
        while True:
            alive = reading.process.is_alive()
            header = os.pread(reading.fd, 8, reading.offset)
            if len(header) == 8:
                size = int.from_bytes(header, "little")
                data = os.pread(reading.fd, size, reading.offset + 8)
                while len(data) < size:
                    more = os.pread(reading.fd, size - len(data), reading.offset + 8 + len(data))
                    if not more:
                        break
                    data += more
                if len(data) == size:
                    reading.offset += 8 + size
                    reading.taken.value = reading.offset
                    return _read_message(data)
            if not alive:
                # It had ended before this look, so everything it wrote was there to be read.
                reading.process.join()
                code = reading.process.exitcode
                raise ReaderFailed(f"the process reading {reading.job.plan.file} stopped (exit code {code})")
            time.sleep(0.002)

    def _finish(self, reading: _Reading) -> None:
        if reading.process is not None:
            reading.process.join()
        if reading.fd >= 0:
            os.close(reading.fd)
            reading.fd = -1
        self.readings.remove(reading)

    def _read_rest_whole(self, step: str, job: ReadJob, consumed: int) -> None:
        self.close(step)
        rest = _Reading(step, replace(job, part=WHOLE, skip=consumed), first=True)
        self.readings.insert(0, rest)

    def close(self, step: str | None = None) -> None:
        """Stop the readers (of ``step``, or all) and drop their spools."""
        with self.lock:
            self._close(step)

    def _close(self, step: str | None) -> None:
        for reading in [reading for reading in self.readings if step is None or reading.step == step]:
            if reading.process is not None and reading.process.is_alive():
                reading.process.terminate()
            self._finish(reading)


# ---------------------------------------------------------------------- loading


def _stash(extra: dict[str, Any] | None, attr: str, value: object) -> dict[str, Any]:
    """Keep an attribute the row cannot hold in a column, so the export gives it back."""
    kept = dict(extra) if extra else {}
    attrs = dict(kept.get("attrs", {}))
    attrs[attr] = str(value)
    kept["attrs"] = attrs
    return kept


class Loader:
    """Runs the steps of one import. Use ``import_dump``."""

    def __init__(
        self,
        source: DumpSource,
        run: ImportRun,
        *,
        strict: bool,
        progress: Progress,
        batch_size: int,
        parallel: bool = True,
    ) -> None:
        self.source = source
        self.run = run
        self.strict = strict
        self.progress = progress
        self.batch_size = batch_size
        self.parallel = parallel and can_read_in_parallel()
        self._users: IdSet | None = None
        self._posts: IdSet | None = None
        self._questions: IdSet | None = None
        self._conflicts: dict[str, set[int]] | None = None
        self._first_post_date: datetime | None = None
        # The earliest creation date of the posts this run inserted, as stored, when this run
        # read all of Posts.xml into an empty site (saves a scan of the posts table).
        self.first_post_stored: str | None = None
        # When this run read all of Posts.xml into an empty site: the questions that went in
        # answered (``StepWork.answered_with_their_answers``), and those that did not but have
        # a live answer scoring above zero (the derived work then sets ``is_answered`` on
        # them, by id).
        self.went_in_answered: IdSet | None = None
        self.answered: IdSet | None = None
        # Then too, each question's AnswerCount less the answers that went in, where that is
        # not zero, for the counter checks; None when more questions than
        # ``OPEN_ANSWER_COUNTS`` were waiting for answers at once (they are checked in the
        # database instead).
        self.answer_counts: dict[int, int] | None = None
        self._inserters: dict[type[models.Model], Inserter] = {}

    # ------------------------------------------------------------------ id sets

    def conflicts(self, kind: str) -> set[int]:
        """Ids of this kind the site already used when the dump arrived (``--merge``)."""
        if self._conflicts is None:
            self._conflicts = {"user": set(), "post": set()}
            for found_kind, object_id in ImportConflict.objects.filter(run=self.run).values_list(
                "kind", "object_id"
            ):
                self._conflicts.setdefault(found_kind, set()).add(object_id)
        return self._conflicts.setdefault(kind, set())

    def _id_set(self, queryset: models.QuerySet[Any], kind: str) -> IdSet:
        ids = IdSet()
        for object_id in queryset.values_list("pk", flat=True).iterator(chunk_size=20000):
            ids.add(object_id)
        for object_id in self.conflicts(kind):
            ids.discard(object_id)
        return ids

    @property
    def users(self) -> IdSet:
        """The users rows may point at: those in the database, less ``--merge`` conflicts."""
        if self._users is None:
            self._users = self._id_set(User.objects.all(), "user")
        return self._users

    @property
    def posts(self) -> IdSet:
        """The posts rows may point at."""
        if self._posts is None:
            self._posts = self._id_set(Post.objects.all(), "post")
        return self._posts

    @property
    def questions(self) -> IdSet:
        """The questions answers may belong to."""
        if self._questions is None:
            self._questions = self._id_set(Post.objects.filter(post_type=PostType.QUESTION), "post")
        return self._questions

    def inserter(self, model: type[models.Model], *, with_id: bool = True) -> Inserter:
        """The raw inserter for a model's table, made once."""
        if model not in self._inserters:
            self._inserters[model] = Inserter(model, with_id=with_id)
        return self._inserters[model]

    def first_post_date(self) -> datetime:
        """The earliest post's date: the date a tag without questions is given."""
        if self._first_post_date is None:
            first = Post.objects.aggregate(first=Min("creation_date"))["first"]
            self._first_post_date = first or timezone.now()
        return self._first_post_date

    def references_ahead(self) -> bool:
        """Whether a row may name a row that is not in yet: the posts' triggers and foreign
        keys set aside (``indexes.set_aside``; SQLite's foreign-key checks are off for the
        import outside a transaction, ``import_connection_settings``). Questions then go in
        with their accepted answer as the dump names it, checked at the end, instead of being
        written a second time for it."""
        if self.run.merge or connection.vendor not in ("sqlite", "postgresql"):
            return False
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys")
                if cursor.fetchone()[0]:
                    return False
        return indexes.references_set_aside(self.run)

    def plan(self, step: Step) -> RowPlan:
        """How the step's rows become insert tuples for its table."""
        inserter = self.inserter(step.table.model)
        from_dump = set(step.table.fields)
        fixed = {name: value for name, value in inserter.defaults.items() if name not in from_dump}
        if step.name == "users":
            fixed.update(email=None, password=UNUSABLE_PASSWORD)
        elif step.name == "posts" and not self.references_ahead():
            # Set at the end, once the answers exist (the database checks it).
            fixed.update(accepted_answer_id=None)
        elif step.name == "tags":
            # A tag is as old as its first question (set at the end); until then, as the dump.
            first = self.first_post_stored or adapt_datetime(self.first_post_date())
            fixed.update(creation_date=first)
        return RowPlan(step.table, inserter.fields, fixed, connection.vendor)

    # ------------------------------------------------------------------ steps

    def read_job(self, step: Step) -> ReadJob:
        """What reading the step's file takes: its plan, and the rows an earlier run did."""
        record, _created = ImportStep.objects.get_or_create(run=self.run, name=step.name)
        return ReadJob(
            self.source.path(step.table.file),
            self.plan(step),
            record.rows_done,
            frozenset(record.report.get("deferred", [])),
            self.batch_size,
        )

    def run_step(self, step: Step, readers: ReadAhead | None = None) -> StepReport:
        """Load one step from its checkpoint to the end of its file, from ``readers`` when
        they read it ahead, else here."""
        record, _created = ImportStep.objects.get_or_create(run=self.run, name=step.name)
        report = StepReport.from_json(record.report)
        if record.finished:
            return report
        path = self.source.path(step.table.file)
        work = StepWork(self, step, record, report)
        work.deferred_ordinals = set(record.report.get("deferred", []))
        self.progress.begin(step.table.file, path.stat().st_size)
        batches = (
            readers.batches(step.name)
            if readers is not None and step.name in readers.steps
            else read_batches(self.read_job(step))
        )
        try:
            for batch in batches:
                work.take(batch)
                self.progress.update(batch.position, report.read)
        except DumpFileError as error:
            if self.strict:
                raise ImportFailed(f"{error}.") from None
            # Rows before the bad spot are kept; the file is reported as incomplete.
            work.finish(max(record.rows_done, error.consumed), error=str(error))
            self.progress.end()
            return report
        finally:
            batches.close()
        work.finish(max(record.rows_done, work.consumed))
        self.progress.end()
        return report

    def read_ahead(self) -> ReadAhead | None:
        """Reading processes for the steps still to do, when they can run here. The tags
        are read in this process when their turn comes: a tag's date waits for the posts."""
        if not self.parallel:
            return None
        finished = set(ImportStep.objects.filter(run=self.run, finished=True).values_list("name", flat=True))
        steps = [
            (step.name, partial(self.read_job, step))
            for step in STEPS
            if step.table.file in self.source.files and step.name not in finished and step.name != "tags"
        ]
        return ReadAhead(steps, reading_processes())

    # ------------------------------------------------------------------ the whole import

    def run_steps(self, steps: list[Step], files: dict[str, StepReport], readers: ReadAhead | None) -> None:
        """Run these steps, in order, for the files the dump has; their reports go in ``files``."""
        for step in steps:
            if step.table.file not in self.source.files:
                continue
            if step.name == "posts":
                # The posts look their sources up in the history by post.
                with transaction.atomic():
                    indexes.put_back(self.run, only=[PostHistory])
                indexes.analyze([PostHistory])
            files[step.table.file] = self.run_step(step, readers)
            self.source.release(step.table.file)

    @contextmanager
    def posts_derived_work(self, readers: ReadAhead | None) -> Iterator[None]:
        """The posts' derived work (``recount.finish_posts``), once the posts and tags are in,
        around the steps after them. Where the database serves two sessions that write at once
        (PostgreSQL), on a second one beside those steps: they touch no row it does. Elsewhere
        first, while the readers go on with the files of those steps. Posts loaded here after
        the history have their sources; only posts that were on the site before (--merge) or
        came without Posts.xml may still need theirs."""
        work = partial(
            recount.finish_posts,
            self.run,
            progress=self.progress,
            from_history=self.run.merge or POSTS.file not in self.source.files,
            answered=self.answered,
            answer_counts_differ=None if self.answer_counts is None else len(self.answer_counts),
        )
        if recount.second_session_possible(reads_only=False):
            with recount.alongside(work, {}, "posts' derived work"):
                yield
            return
        with readers.meanwhile() if readers is not None else nullcontext():
            work()
        yield

    def load(self, *, fresh: bool) -> ImportOutcome:
        """Run every step whose file the dump has, then the derived work. ``fresh``: the site
        had nothing when this import started, so indexes can wait until the end."""
        if fresh:
            with transaction.atomic():
                indexes.set_aside(self.run)
        files: dict[str, StepReport] = {}
        with import_connection_settings():
            readers = self.read_ahead()
            try:
                with fewer_collections(), rollback_journal():
                    self.run_steps(
                        [step for step in STEPS if step.name not in AFTER_THE_POSTS], files, readers
                    )
                    with self.posts_derived_work(readers):
                        self.run_steps(
                            [step for step in STEPS if step.name in AFTER_THE_POSTS], files, readers
                        )
            finally:
                if readers is not None:
                    readers.close()
            checks = recount.finish_import(self.run, progress=self.progress)
        # The report lists the files in the dump's own order.
        ordered = {table.file: files[table.file] for table in TABLES if table.file in files}
        return ImportOutcome(files=ordered, missing=list(self.source.missing), checks=checks, resumed=False)


class StepWork:
    """One step's rows on their way in: checks against the id sets, batches, checkpoints."""

    def __init__(self, loader: Loader, step: Step, record: ImportStep, report: StepReport) -> None:
        self.loader = loader
        self.step = step
        self.record = record
        self.report = report
        self.file = step.table.file
        self.model = step.table.model
        self.inserter = loader.inserter(self.model)
        self.at = self.inserter.position
        self.consumed = record.rows_done
        self.started = time.monotonic() - report.seconds
        # Answers read before their question: (ordinal, line, row, extra, accepted).
        self.deferred: list[Item] = []
        self.deferred_ordinals: set[int] = set()
        # The AcceptedAnswerId of questions in the batch being checked, by question.
        self.accepts: dict[int, int] = {}
        # Whether every post of the site goes through this step in this run.
        self.dates_all_posts = step.name == "posts" and record.rows_done == 0 and not loader.run.merge
        if self.dates_all_posts:
            loader.went_in_answered, loader.answered, loader.answer_counts = IdSet(), IdSet(), {}
        self.check = {
            "users": self.check_user,
            "posts": self.check_post,
            "tags": self.check_tag,
            "comments": self.check_comment,
            "votes": self.check_vote,
            "badges": self.check_badge,
            "posthistory": self.check_history,
            "postlinks": self.check_link,
        }[step.name]

    # ------------------------------------------------------------------ a batch

    def take(self, batch: Batch) -> None:
        """Check a batch's rows and insert those that pass, with the checkpoint past them."""
        report = self.report
        done = self.record.rows_done
        check = self.check
        ready: list[Item] = []
        for item in batch.items:
            ordinal, line, row, extra, _accepted = item
            if ordinal <= done:
                # An answer an earlier run set aside until its question: still waiting.
                self.deferred.append(item)
                continue
            report.read += 1
            if row is None:
                if self.loader.strict:
                    raise ImportFailed(f"{self.file}, line {line}: {extra}.")
                report.note("malformed row: skipped", f"line {line}: {extra}", skipped=True)
                continue
            checked = check(item)
            if checked is not None:
                ready.append(checked)
        self.flush(ready, max(done, batch.consumed))

    def finish(self, consumed: int, *, error: str | None = None) -> None:
        """Insert the answers that waited for their question, and close the step.

        Each chunk of them leaves the checkpoint's list of waiting answers in the transaction
        that inserts it, so a run killed in between still finds the others when it resumes."""
        waiting, self.deferred = self.deferred, []
        ready: list[Item] = []
        for item in waiting:
            _ordinal, line, row, _extra, accepted = item
            assert row is not None
            if row[self.at["parent_id"]] in self.loader.questions:
                ready.append(item)
                if accepted is not None:
                    self.accepts[row[self.at["id"]]] = accepted
            else:
                self.deferred_ordinals.discard(item[0])
                self.report.note(
                    "answer whose question is not in the dump: skipped",
                    f"line {line} (question {row[self.at['parent_id']]})",
                    skipped=True,
                )
        for start in range(0, len(ready), self.loader.batch_size):
            chunk = ready[start : start + self.loader.batch_size]
            self.deferred_ordinals.difference_update(item[0] for item in chunk)
            self.flush(chunk, consumed)
        self.report.error = error
        self.flush([], consumed, finished=error is None)

    def flush(self, ready: list[Item], consumed: int, *, finished: bool = False) -> None:
        """Insert a batch and move the checkpoint past it, in one transaction."""
        with transaction.atomic():
            inserted = self.insert(ready)
            self.after_insert(inserted)
            self.report.imported += len(inserted)
            self.report.seconds = time.monotonic() - self.started
            self.consumed = consumed
            self.record.rows_done = consumed
            self.record.finished = finished
            self.record.report = self.report.to_json()
            if self.deferred_ordinals:
                self.record.report["deferred"] = sorted(self.deferred_ordinals)
            self.record.save(update_fields=["rows_done", "finished", "report"])

    # ------------------------------------------------------------------ inserting

    def insert(self, ready: list[Item]) -> list[tuple[Any, ...]]:
        """Insert what is new; rows whose id the site already has are left alone."""
        if not ready:
            return []
        if self.loader.run.merge or self.model is Tag:
            ready = self.leave_existing_alone(ready)
            if not ready:
                return []
        if self.model is Post:
            ready = self.with_sources(ready)
        rows = [row for _ordinal, _line, row, _extra, _accepted in ready if row is not None]
        whole = self.answered_with_their_answers(rows) if self.model is Post else rows
        try:
            with transaction.atomic():
                self.inserter.insert_many(whole)
            return whole
        except (IntegrityError, DataError):
            pass
        # The database refused something in the batch: find which rows, one savepoint each.
        inserted: list[tuple[Any, ...]] = []
        refused_questions: set[int] = set()
        id_at = self.at["id"]
        type_at, parent_at = self.at.get("post_type", id_at), self.at.get("parent_id", id_at)
        for _ordinal, line, row, _extra, _accepted in ready:
            assert row is not None
            if self.model is Post and row[type_at] == PostType.ANSWER and row[parent_at] in refused_questions:
                self.report.note(
                    "answer whose question is not in the dump: skipped",
                    f"line {line} (question {row[parent_at]})",
                    skipped=True,
                )
                continue
            try:
                with transaction.atomic():
                    self.inserter.insert_one(row)
                inserted.append(row)
            except (IntegrityError, DataError) as error:
                if self.model is Post:
                    refused_questions.add(row[id_at])
                    self.loader.questions.discard(row[id_at])
                if self.model._default_manager.filter(pk=row[id_at]).exists():
                    # The dump has the id twice, or the site has it (--merge).
                    self.note_existing(line, row[id_at])
                    continue
                problem = str(error).splitlines()[0] if str(error) else error.__class__.__name__
                if self.loader.strict:
                    raise ImportFailed(
                        f"{self.file}, line {line}: the database refused the row ({problem})."
                    ) from None
                self.report.note(
                    "the database refused the row: skipped", f"line {line}: {problem}", skipped=True
                )
        return inserted

    def answered_with_their_answers(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The posts, with each question that has a live answer scoring above zero among them
        marked answered: the batch goes in whole or not at all, so the answer is there with
        it. Answers mostly follow their question closely in a dump (at a million posts,
        99.8% of them in the same batch), and a question written a second time for the flag
        is a new copy of the whole row; the others are marked at the end
        (``recount.mark_answered``)."""
        at = self.at
        type_at, parent_at, id_at, flag_at = at["post_type"], at["parent_id"], at["id"], at["is_answered"]
        score_at, deleted_at = at["score"], at["deletion_date"]
        parents = {
            row[parent_at]
            for row in rows
            if row[type_at] == PostType.ANSWER and row[score_at] > 0 and row[deleted_at] is None
        }
        if not parents:
            return rows
        return [
            (*row[:flag_at], True, *row[flag_at + 1 :])
            if row[id_at] in parents and row[type_at] == PostType.QUESTION and not row[flag_at]
            else row
            for row in rows
        ]

    def with_sources(self, ready: list[Item]) -> list[Item]:
        """The posts, each with its markdown source and its state (closed, locked, protected)
        when the history has them (one query for the batch; the history is in and indexed by
        post before the posts come), rather than written a second time for them."""
        at = self.at
        id_at, source_at = at["id"], at["body_markdown"]
        state_at = (at["close_reason"], at["locked_date"], at["protected_date"])
        history = recount.from_history([item[2][id_at] for item in ready if item[2] is not None])
        if not history.sources and not history.states:
            return ready
        completed: list[Item] = []
        for item in ready:
            row = item[2]
            assert row is not None
            source = history.sources.get(row[id_at])
            state = history.states.get(row[id_at])
            if source is not None or state is not None:
                changed = list(row)
                if source is not None:
                    changed[source_at] = source
                if state is not None:
                    close_reason, locked, protected = state
                    changed[state_at[0]] = close_reason
                    changed[state_at[1]] = None if locked is None else adapt_datetime(locked)
                    changed[state_at[2]] = None if protected is None else adapt_datetime(protected)
                item = (item[0], item[1], tuple(changed), item[3], item[4])
            completed.append(item)
        return completed

    def leave_existing_alone(self, ready: list[Item]) -> list[Item]:
        """The rows whose id (or, for tags, name) the site does not have yet."""
        id_at = self.at["id"]
        ids = [row[id_at] for _ordinal, _line, row, _extra, _accepted in ready if row is not None]
        existing_filter = Q(pk__in=ids)
        name_at = self.at.get("name", id_at)
        if self.model is Tag:
            existing_filter |= Q(name__in=[row[name_at] for _o, _l, row, _e, _a in ready if row is not None])
        existing_ids: set[int] = set()
        existing_names: set[str] = set()
        for pk, name in self.model._default_manager.filter(existing_filter).values_list(
            "pk", "name" if self.model is Tag else "pk"
        ):
            existing_ids.add(pk)
            existing_names.add(str(name))
        fresh: list[Item] = []
        for item in ready:
            line, row = item[1], item[2]
            assert row is not None
            if row[id_at] in existing_ids or (self.model is Tag and row[name_at] in existing_names):
                self.note_existing(line, row[id_at])
            else:
                fresh.append(item)
        return fresh

    def note_existing(self, line: int, object_id: int) -> None:
        """A row whose id the site already has: counted, and remembered for users and posts."""
        self.report.note(
            f"{self.file.removesuffix('.xml')} id already on the site: left alone",
            f"line {line} (id {object_id})",
            skipped=True,
        )
        kind = {User: "user", Post: "post"}.get(self.model)
        if kind is not None:
            ImportConflict.objects.get_or_create(run=self.loader.run, kind=kind, object_id=object_id)
            self.loader.conflicts(kind).add(object_id)
            if not self.loader.run.merge:
                return
            # The site's own row: nothing in the dump may attach to it.
            if kind == "post":
                self.loader.posts.discard(object_id)
                self.loader.questions.discard(object_id)
            else:
                self.loader.users.discard(object_id)

    def after_insert(self, inserted: list[tuple[Any, ...]]) -> None:
        """What goes with the rows into the same transaction: the users' opening balances,
        the questions' accepted answers for later, and the in-memory id sets."""
        loader = self.loader
        id_at = self.at["id"]
        if self.step.name == "users":
            users = loader.users
            reputation_at, date_at = self.at["reputation"], self.at["last_access_date"]
            events = self.loader.inserter(ReputationEvent, with_id=False)
            opening = ReputationEvent.Kind.OPENING_BALANCE
            balances = []
            for user in inserted:
                users.add(user[id_at])
                # The dump's reputation enters the ledger as one opening balance, so
                # ``recalc-reputation`` keeps it.
                balances.append(
                    events.row(
                        {
                            "user_id": user[id_at],
                            "kind": opening,
                            "amount": user[reputation_at] - 1,
                            "creation_date": user[date_at],
                        }
                    )
                )
            events.insert_many(balances)
        elif self.step.name == "posts":
            if self.dates_all_posts and inserted:
                # Dates as stored sort as the moments they stand for.
                earliest = min(post[self.at["creation_date"]] for post in inserted)
                if loader.first_post_stored is None or earliest < loader.first_post_stored:
                    loader.first_post_stored = earliest
            posts = loader.posts
            pending = self.accepts
            accepts = []
            bookkeeping = self.loader.inserter(PendingAccept, with_id=False)
            answered, went_in, counts = loader.answered, loader.went_in_answered, loader.answer_counts
            type_at, parent_at = self.at["post_type"], self.at["parent_id"]
            score_at, deleted_at = self.at["score"], self.at["deletion_date"]
            flag_at, count_at = self.at["is_answered"], self.at["answer_count"]
            for post in inserted:
                post_id = post[id_at]
                posts.add(post_id)
                if answered is not None and went_in is not None:
                    if post[type_at] == PostType.QUESTION:
                        if post[flag_at]:
                            went_in.add(post_id)
                    elif (
                        post[type_at] == PostType.ANSWER
                        and post[score_at] > 0
                        and post[deleted_at] is None
                        and post[parent_at] not in went_in
                    ):
                        answered.add(post[parent_at])
                if counts is not None:
                    question, change = (
                        (post_id, post[count_at] or 0)
                        if post[type_at] == PostType.QUESTION
                        else (post[parent_at], -1 if post[type_at] == PostType.ANSWER else 0)
                    )
                    if change:
                        left = counts.get(question, 0) + change
                        if left:
                            counts[question] = left
                        else:
                            del counts[question]
                if post_id in pending:
                    accepts.append(
                        bookkeeping.row(
                            {"run_id": loader.run.pk, "question_id": post_id, "answer_id": pending[post_id]}
                        )
                    )
            self.accepts = {}
            if accepts:
                bookkeeping.insert_many(accepts)
            if counts is not None and len(counts) > OPEN_ANSWER_COUNTS:
                loader.answer_counts = None

    # ------------------------------------------------------------------ checking rows

    def clear_user(self, item: Item, row: list[Any], field_name: str, attr: str, extra: Any) -> Any:
        """Clear a reference to a user who is not in the dump (deleted, or ``--merge`` conflict);
        the id is kept for the export and counted. Returns the row's new extra."""
        user_id = row[self.at[field_name]]
        row[self.at[field_name]] = None
        self.report.note(
            f"{attr} points at a user not in Users.xml: user cleared", f"line {item[1]} (user {user_id})"
        )
        return _stash(extra, attr, user_id)

    def with_changes(self, item: Item, row: list[Any], extra: Any) -> Item:
        """The item with its row changed and its extra written again."""
        row[self.at["dump_extra"]] = json_value(extra)
        return (item[0], item[1], tuple(row), extra, item[4])

    def check_user(self, item: Item) -> Item | None:
        return item

    def check_post(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        loader = self.loader
        at = self.at
        changed: list[Any] | None = None
        extra = item[3]
        post_type = row[at["post_type"]]
        if post_type == PostType.ANSWER:
            if row[at["parent_id"]] not in loader.questions:
                # Its question may come later in the file: decided at the end.
                self.deferred.append(item)
                self.deferred_ordinals.add(item[0])
                return None
        elif row[at["parent_id"]] is not None:
            # Only answers have a parent in our model; keep the value for the export.
            changed = list(row)
            extra = _stash(extra, "ParentId", row[at["parent_id"]])
            changed[at["parent_id"]] = None
            self.report.note(
                "ParentId on a post that is not an answer: kept for export only", f"line {item[1]}"
            )
        users = loader.users
        for field_name, attr in (("owner_id", "OwnerUserId"), ("last_editor_id", "LastEditorUserId")):
            user_id = row[at[field_name]]
            if user_id is not None and user_id not in users:
                changed = changed or list(row)
                extra = self.clear_user(item, changed, field_name, attr, extra)
        post_id = row[at["id"]]
        if post_type == PostType.QUESTION:
            # Answers later in this batch may belong to it.
            loader.questions.add(post_id)
        if item[4] is not None:
            self.accepts[post_id] = item[4]
        return self.with_changes(item, changed, extra) if changed is not None else item

    def check_tag(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        changed: list[Any] | None = None
        extra = item[3]
        for field_name, attr in (("excerpt_post_id", "ExcerptPostId"), ("wiki_post_id", "WikiPostId")):
            post_id = row[self.at[field_name]]
            if post_id is not None and post_id not in self.loader.posts:
                changed = changed or list(row)
                changed[self.at[field_name]] = None
                extra = _stash(extra, attr, post_id)
                self.report.note(f"{attr} points at a post not in the dump: cleared", f"line {item[1]}")
        return self.with_changes(item, changed, extra) if changed is not None else item

    def _user_checked(self, item: Item) -> Item:
        row = item[2]
        assert row is not None
        user_id = row[self.at["user_id"]]
        if user_id is None or user_id in self.loader.users:
            return item
        changed = list(row)
        extra = self.clear_user(item, changed, "user_id", "UserId", item[3])
        return self.with_changes(item, changed, extra)

    def check_comment(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        if row[self.at["post_id"]] not in self.loader.posts:
            self.report.note("comment on a post not in the dump: skipped", f"line {item[1]}", skipped=True)
            return None
        return self._user_checked(item)

    def check_vote(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        if row[self.at["post_id"]] not in self.loader.posts:
            self.report.note("vote on a post not in the dump: kept", f"line {item[1]}")
        return self._user_checked(item)

    def check_badge(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        if row[self.at["user_id"]] not in self.loader.users:
            self.report.note("badge of a user not in Users.xml: skipped", f"line {item[1]}", skipped=True)
            return None
        return item

    def check_history(self, item: Item) -> Item | None:
        # The history comes before the posts: rows of posts the dump lacks are counted by the
        # checks at the end.
        return self._user_checked(item)

    def check_link(self, item: Item) -> Item | None:
        row = item[2]
        assert row is not None
        posts = self.loader.posts
        if row[self.at["post_id"]] not in posts or row[self.at["related_post_id"]] not in posts:
            self.report.note("link to or from a post not in the dump: kept", f"line {item[1]}")
        return item


def site_has_data() -> bool:
    """Whether the site has posts or users of its own (the Community user does not count)."""
    return Post.objects.exists() or User.objects.exclude(pk=-1).exists()


def import_dump(
    source: DumpSource,
    *,
    strict: bool = False,
    merge: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    parallel: bool = True,
) -> ImportOutcome:
    """Import ``source`` into the site, resuming an unfinished import of the same dump.

    Raises ``AlreadyImported`` when this dump was imported completely before (unless
    ``merge``), ``SiteNotEmpty`` when the site has data and ``merge`` is not set, and
    ``ImportFailed`` under ``strict`` at the first bad row or file, having changed nothing.
    ``parallel=False`` reads the files in this process instead of a child process.
    """
    sink = progress or NoProgress()
    outer: AbstractContextManager[Any] = transaction.atomic() if strict else nullcontext()
    with outer:
        previous = ImportRun.objects.filter(source_key=source.key).order_by("-id").first()
        resumed = previous is not None and previous.finished_at is None
        if previous is not None and previous.finished_at is not None and not merge:
            raise AlreadyImported(
                f"{source.description} was imported on {previous.finished_at:%Y-%m-%d at %H:%M} UTC; "
                "there is nothing to do (use --merge to import it again beside what is there)."
            )
        if resumed:
            assert previous is not None
            run = previous
        else:
            if not merge and site_has_data():
                raise SiteNotEmpty(
                    "The site already has posts or users of its own; importing would mix the dump "
                    "with them. Give --merge to import it beside them (ids the site already uses "
                    "are left alone), or import into an empty site."
                )
            run = ImportRun.objects.create(source_key=source.key, source=source.description, merge=merge)
        loader = Loader(source, run, strict=strict, progress=sink, batch_size=batch_size, parallel=parallel)
        # Into an empty site the indexes can wait until the rows are in (a resumed run finds
        # them set aside by the first, and puts them back all the same).
        outcome = loader.load(fresh=not resumed and not merge)
        outcome.resumed = resumed
        if strict and outcome.errors:
            raise ImportFailed(outcome.errors[0])
        if not outcome.errors:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
        # Bulk inserts bypass the actions, so every cached page is declared out of date.
        touch_everything()
    return outcome


def iter_reasons(report: StepReport) -> Iterator[tuple[str, int, list[str]]]:
    """The report's reasons, most frequent first, with their example lines."""
    for reason, count in sorted(report.reasons.items(), key=lambda item: (-item[1], item[0])):
        yield reason, count, report.examples.get(reason, [])
