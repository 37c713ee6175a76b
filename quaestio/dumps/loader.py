"""The bulk loader: rows from the reader into the database, in batches, resumably.

The work is a fixed list of steps: Users, Posts (everything but answers), Posts again (the
answers: the database checks that an answer's question exists), Tags, Comments, Votes, Badges,
PostHistory, PostLinks; then the derived work of ``recount.py``. Each batch of a few thousand
rows is inserted with ``bulk_create`` and committed together with its step's checkpoint (the
number of rows of the file consumed), so a run killed at any moment resumes after its last
committed batch; the derived work is idempotent and runs again in full at the end. Under
``strict`` the whole import is one transaction instead: the first bad row rolls everything back.

No query is made per row: references are checked against in-memory id sets (a bit per id),
existing ids against the database once per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Min, Q
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.dumps import recount
from quaestio.dumps.inserter import Inserter
from quaestio.dumps.models import ImportConflict, ImportRun, ImportStep, PendingAccept
from quaestio.dumps.reader import DumpFileError, Row, RowError, read_rows
from quaestio.dumps.schema import (
    BADGES,
    COMMENTS,
    POST_HISTORY,
    POST_LINKS,
    POSTS,
    TAGS,
    USERS,
    VOTES,
    Table,
)
from quaestio.dumps.sources import DumpSource
from quaestio.lib.markdown import render_comment
from quaestio.posts.models import Post, PostType, Tag
from quaestio.web.page_cache import touch_everything

BATCH_SIZE = 2000
# A built row: model field values by attname, ready for the inserter.
Values = dict[str, Any]
# The question's AcceptedAnswerId travels with its row under this key until it is inserted.
ACCEPTED = "__accepted_answer_id"
MAX_EXAMPLES = 5
# Imported users cannot log in until an operator gives them credentials; a fixed unusable value
# (rather than a random one per user) keeps a resumed import identical to a clean one.
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "imported-from-a-stack-exchange-dump"


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
        )

    def merge(self, other: StepReport) -> None:
        """Add another step's figures (the two passes over Posts.xml make one line)."""
        self.read += other.read
        self.imported += other.imported
        self.skipped += other.skipped
        for reason, count in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count
            shown = self.examples.setdefault(reason, [])
            shown.extend(other.examples.get(reason, [])[: MAX_EXAMPLES - len(shown)])
        if other.error and other.error != self.error:
            self.error = f"{self.error}; {other.error}" if self.error else other.error


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


class IdSet:
    """A set of non-negative integer ids as a bitmap (a bit per id: 10 MB for 80 million ids),
    with the few negative ones (the Community user) in a plain set."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._negative: set[int] = set()

    def add(self, value: int) -> None:
        """Add one id."""
        if value < 0:
            self._negative.add(value)
            return
        index = value >> 3
        if index >= len(self._bits):
            self._bits.extend(bytes(max(index + 1 - len(self._bits), len(self._bits) // 2)))
        self._bits[index] |= 1 << (value & 7)

    def discard(self, value: int) -> None:
        """Remove one id if present."""
        if value < 0:
            self._negative.discard(value)
        elif (value >> 3) < len(self._bits):
            self._bits[value >> 3] &= ~(1 << (value & 7)) & 0xFF

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        if value < 0:
            return value in self._negative
        index = value >> 3
        return index < len(self._bits) and bool(self._bits[index] & (1 << (value & 7)))


@dataclass(frozen=True)
class Step:
    """One pass over one file."""

    name: str
    table: Table
    # Which converted rows this pass loads (the two passes over Posts.xml split the rows).
    wants: Callable[[Row], bool] = lambda _row: True
    # Whether malformed rows are reported by this pass (only by the first over a file).
    reports_errors: bool = True


def _is_answer(row: Row) -> bool:
    return bool(row.values["post_type"] == PostType.ANSWER)


STEPS: tuple[Step, ...] = (
    Step("users", USERS),
    Step("posts", POSTS, wants=lambda row: not _is_answer(row)),
    Step("answers", POSTS, wants=_is_answer, reports_errors=False),
    Step("tags", TAGS),
    Step("comments", COMMENTS),
    Step("votes", VOTES),
    Step("badges", BADGES),
    Step("posthistory", POST_HISTORY),
    Step("postlinks", POST_LINKS),
)


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
    ) -> None:
        self.source = source
        self.run = run
        self.strict = strict
        self.progress = progress
        self.batch_size = batch_size
        self._users: IdSet | None = None
        self._posts: IdSet | None = None
        self._questions: IdSet | None = None
        self._conflicts: dict[str, set[int]] | None = None
        self._first_post_date: datetime | None = None
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

    # ------------------------------------------------------------------ steps

    def run_step(self, step: Step) -> StepReport:
        """Load one step from its checkpoint to the end of its file."""
        record, _created = ImportStep.objects.get_or_create(run=self.run, name=step.name)
        report = StepReport.from_json(record.report)
        if record.finished:
            return report
        path = self.source.path(step.table.file)
        done = record.rows_done
        consumed = 0
        pending: list[tuple[Row, Values]] = []
        self.progress.begin(
            f"{step.table.file}" + (" (answers)" if step.name == "answers" else ""), path.stat().st_size
        )

        def on_progress(position: int) -> None:
            self.progress.update(position, report.read)

        try:
            for item in read_rows(path, step.table, on_progress=on_progress):
                consumed += 1
                if consumed <= done:
                    continue
                if isinstance(item, RowError):
                    if not step.reports_errors:
                        continue
                    report.read += 1
                    where = f"{step.table.file}, line {item.line}"
                    if self.strict:
                        raise ImportFailed(f"{where}: {item.problem}.")
                    report.note("malformed row: skipped", f"line {item.line}: {item.problem}", skipped=True)
                elif step.wants(item):
                    report.read += 1
                    built = self.build(step, item, report)
                    if built is not None:
                        pending.append((item, built))
                if len(pending) >= self.batch_size:
                    self.flush(step, record, report, pending, consumed)
                    pending = []
        except DumpFileError as error:
            if self.strict:
                raise ImportFailed(f"{error}.") from None
            # Rows before the bad spot are kept; the file is reported as incomplete.
            self.flush(step, record, report, pending, consumed)
            report.error = str(error)
            record.report = report.to_json()
            record.save(update_fields=["report"])
            self.progress.end()
            return report
        self.flush(step, record, report, pending, consumed, finished=True)
        self.progress.end()
        return report

    def flush(
        self,
        step: Step,
        record: ImportStep,
        report: StepReport,
        pending: list[tuple[Row, Values]],
        consumed: int,
        *,
        finished: bool = False,
    ) -> None:
        """Insert a batch and move the checkpoint past it, in one transaction."""
        with transaction.atomic():
            inserted = self.insert(step, pending, report)
            self.after_insert(step, inserted)
            report.imported += len(inserted)
            record.rows_done = consumed
            record.finished = finished
            record.report = report.to_json()
            record.save(update_fields=["rows_done", "finished", "report"])

    # ------------------------------------------------------------------ inserting

    def insert(self, step: Step, pending: list[tuple[Row, Values]], report: StepReport) -> list[Values]:
        """Insert what is new; rows whose id the site already has are left alone."""
        if not pending:
            return []
        model = step.table.model
        inserter = self.inserter(model)
        ids = [obj["id"] for _row, obj in pending]
        existing_filter = Q(pk__in=ids)
        if model is Tag:
            existing_filter |= Q(name__in=[obj["name"] for _row, obj in pending])
        existing_ids: set[int] = set()
        existing_names: set[str] = set()
        for pk, name in model._default_manager.filter(existing_filter).values_list(
            "pk", "name" if model is Tag else "pk"
        ):
            existing_ids.add(pk)
            existing_names.add(str(name))
        fresh: list[tuple[Row, Values]] = []
        for row, obj in pending:
            if obj["id"] in existing_ids or (model is Tag and obj["name"] in existing_names):
                report.note(
                    f"{step.table.file.removesuffix('.xml')} id already on the site: left alone",
                    f"line {row.line} (id {obj['id']})",
                    skipped=True,
                )
                kind = {User: "user", Post: "post"}.get(model)
                if kind is not None:
                    ImportConflict.objects.get_or_create(run=self.run, kind=kind, object_id=obj["id"])
                    self.conflicts(kind).add(obj["id"])
            else:
                fresh.append((row, obj))
        if not fresh:
            return []
        try:
            with transaction.atomic():
                inserter.insert_many(obj for _row, obj in fresh)
            return [obj for _row, obj in fresh]
        except (IntegrityError, DataError):
            pass
        # The database refused something in the batch: find which rows, one savepoint each.
        inserted: list[Values] = []
        for row, obj in fresh:
            try:
                with transaction.atomic():
                    inserter.insert_one(obj)
                inserted.append(obj)
            except (IntegrityError, DataError) as error:
                problem = str(error).splitlines()[0] if str(error) else error.__class__.__name__
                if self.strict:
                    raise ImportFailed(
                        f"{step.table.file}, line {row.line}: the database refused the row ({problem})."
                    ) from None
                report.note(
                    "the database refused the row: skipped", f"line {row.line}: {problem}", skipped=True
                )
        return inserted

    def after_insert(self, step: Step, inserted: list[Values]) -> None:
        """What goes with the rows into the same transaction: the users' opening balances,
        the questions' accepted answers for later, and the in-memory id sets."""
        if step.name == "users":
            events = []
            for user in inserted:
                self.users.add(user["id"])
                # The dump's reputation enters the ledger as one opening balance, so
                # ``recalc-reputation`` keeps it.
                events.append(
                    {
                        "user_id": user["id"],
                        "kind": ReputationEvent.Kind.OPENING_BALANCE,
                        "amount": user["reputation"] - 1,
                        "creation_date": user["last_access_date"],
                    }
                )
            self.inserter(ReputationEvent, with_id=False).insert_many(events)
        elif step.name in ("posts", "answers"):
            accepts = []
            for post in inserted:
                self.posts.add(post["id"])
                if post["post_type"] == PostType.QUESTION:
                    self.questions.add(post["id"])
                accepted = post.get(ACCEPTED)
                if accepted is not None:
                    accepts.append({"run_id": self.run.pk, "question_id": post["id"], "answer_id": accepted})
            self.inserter(PendingAccept, with_id=False).insert_many(accepts)

    # ------------------------------------------------------------------ building rows

    def _user_ref(
        self,
        values: dict[str, Any],
        extra: dict[str, Any] | None,
        field_name: str,
        attr: str,
        row: Row,
        report: StepReport,
    ) -> dict[str, Any] | None:
        """Clear a reference to a user who is not in the dump (deleted, or ``--merge`` conflict);
        the id is kept for the export and counted."""
        user_id = values.get(field_name)
        if user_id is None or user_id in self.users:
            return extra
        values[field_name] = None
        report.note(
            f"{attr} points at a user not in Users.xml: user cleared", f"line {row.line} (user {user_id})"
        )
        return _stash(extra, attr, user_id)

    def build(self, step: Step, row: Row, report: StepReport) -> Values | None:
        """The model instance for a row, or None when the row is skipped (and counted)."""
        values = dict(row.values)
        extra = row.extra
        name = step.name
        if name == "users":
            return {**values, "email": None, "password": UNUSABLE_PASSWORD, "dump_extra": extra}
        if name in ("posts", "answers"):
            return self._build_post(values, extra, row, report)
        if name == "tags":
            for field_name, attr in (("excerpt_post_id", "ExcerptPostId"), ("wiki_post_id", "WikiPostId")):
                post_id = values[field_name]
                if post_id is not None and post_id not in self.posts:
                    values[field_name] = None
                    extra = _stash(extra, attr, post_id)
                    report.note(f"{attr} points at a post not in the dump: cleared", f"line {row.line}")
            # A tag is as old as its first question (set at the end); until then, as the dump.
            return {**values, "creation_date": self.first_post_date(), "dump_extra": extra}
        if name == "comments":
            if values["post_id"] not in self.posts:
                report.note("comment on a post not in the dump: skipped", f"line {row.line}", skipped=True)
                return None
            extra = self._user_ref(values, extra, "user_id", "UserId", row, report)
            return {**values, "text_html": render_comment(values["text"]), "dump_extra": extra}
        if name == "votes":
            if values["post_id"] not in self.posts:
                report.note("vote on a post not in the dump: kept", f"line {row.line}")
            extra = self._user_ref(values, extra, "user_id", "UserId", row, report)
            return {**values, "dump_extra": extra}
        if name == "badges":
            if values["user_id"] not in self.users:
                report.note("badge of a user not in Users.xml: skipped", f"line {row.line}", skipped=True)
                return None
            return {**values, "dump_extra": extra}
        if name == "posthistory":
            if values["post_id"] not in self.posts:
                report.note("history of a post not in the dump: kept", f"line {row.line}")
            extra = self._user_ref(values, extra, "user_id", "UserId", row, report)
            return {**values, "dump_extra": extra}
        if name == "postlinks":
            if values["post_id"] not in self.posts or values["related_post_id"] not in self.posts:
                report.note("link to or from a post not in the dump: kept", f"line {row.line}")
            return {**values, "dump_extra": extra}
        raise AssertionError(f"unknown step {name}")

    def _build_post(
        self, values: dict[str, Any], extra: dict[str, Any] | None, row: Row, report: StepReport
    ) -> Values | None:
        if values["post_type"] == PostType.ANSWER:
            parent_id = values["parent_id"]
            if parent_id not in self.questions:
                report.note(
                    "answer whose question is not in the dump: skipped",
                    f"line {row.line} (question {parent_id})",
                    skipped=True,
                )
                return None
        elif values["parent_id"] is not None:
            # Only answers have a parent in our model; keep the value for the export.
            extra = _stash(extra, "ParentId", values["parent_id"])
            values["parent_id"] = None
            report.note("ParentId on a post that is not an answer: kept for export only", f"line {row.line}")
        # Set at the end, once the answers exist (the database checks it).
        values[ACCEPTED] = values.pop("accepted_answer_id")
        extra = self._user_ref(values, extra, "owner_id", "OwnerUserId", row, report)
        extra = self._user_ref(values, extra, "last_editor_id", "LastEditorUserId", row, report)
        return {**values, "dump_extra": extra}

    # ------------------------------------------------------------------ the whole import

    def load(self) -> ImportOutcome:
        """Run every step whose file the dump has, then the derived work."""
        files: dict[str, StepReport] = {}
        for step in STEPS:
            if step.table.file not in self.source.files:
                continue
            report = self.run_step(step)
            if step.table.file in files:
                files[step.table.file].merge(report)
            else:
                files[step.table.file] = report
            if step.name != "posts":
                self.source.release(step.table.file)
        checks = recount.finish_import(self.run, progress=self.progress)
        return ImportOutcome(files=files, missing=list(self.source.missing), checks=checks, resumed=False)


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
) -> ImportOutcome:
    """Import ``source`` into the site, resuming an unfinished import of the same dump.

    Raises ``AlreadyImported`` when this dump was imported completely before (unless
    ``merge``), ``SiteNotEmpty`` when the site has data and ``merge`` is not set, and
    ``ImportFailed`` under ``strict`` at the first bad row or file, having changed nothing.
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
        loader = Loader(source, run, strict=strict, progress=sink, batch_size=batch_size)
        outcome = loader.load()
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
