"""The derived work after the rows are in: accepted answers, ``is_answered``, the markdown
source of the bodies that did not get it on the way in, closed/locked/protected state, the
tag index, and checks of the dump's counters against its rows. Also the lookup of markdown
sources that the loader makes for each batch of posts (the history goes in first).

Every function here is idempotent and set-based (a few statements for the whole site, or a
stream in id order with batched updates), so a resumed import simply runs them all again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.management.color import no_style
from django.db import IntegrityError, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery

from quaestio.accounts.models import ReputationEvent, User
from quaestio.badges.models import Badge
from quaestio.dumps import indexes
from quaestio.dumps.idset import IdSet
from quaestio.dumps.inserter import datetime_as_text
from quaestio.dumps.models import ImportConflict, ImportRun, ImportStep, PendingAccept
from quaestio.lib.prepared import PreparedQuery
from quaestio.posts.models import (
    Comment,
    Post,
    PostHistory,
    PostHistoryType,
    PostLink,
    PostTag,
    PostType,
    Tag,
    Vote,
)

if TYPE_CHECKING:
    from quaestio.dumps.loader import Progress

BATCH_SIZE = 2000
H = PostHistoryType
BODY_TYPES = (H.INITIAL_BODY, H.EDIT_BODY, H.ROLLBACK_BODY)
# History types that set or clear a state, by the Post field they drive.
STATE_FAMILIES: dict[int, str] = {
    H.POST_CLOSED: "close",
    H.POST_REOPENED: "close",
    H.POST_LOCKED: "lock",
    H.POST_UNLOCKED: "lock",
    H.QUESTION_PROTECTED: "protect",
    H.QUESTION_UNPROTECTED: "protect",
}


def reset_sequences() -> None:
    """Ids came from the dump; PostgreSQL's sequences must continue after them."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [User, Post, Tag, Comment, Vote, Badge, PostHistory, PostLink]
    )
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def set_accepted_answers(run: ImportRun, answered: IdSet | None = None) -> int:
    """Give questions the accepted answers the dump named, where the answer belongs to the
    question; returns how many could not be set (their id is kept for the export, and cleared
    where the question went in with it: see ``Loader.references_ahead``). The questions whose
    accepted answer holds and that went in without it (and so without the flag) are added to
    ``answered`` when it is given; a question that went in with an accepted answer that does
    not hold has ``is_answered`` worked out again.

    The accepted answers are checked in one pass; only questions that went in without theirs
    are written (on SQLite a write rewrites the whole row, bodies included), and on a fresh
    import, where every question went in with its accepted answer, the statement that writes
    them is not even run."""
    belongs = Post.objects.filter(pk=OuterRef("answer_id"), parent_id=OuterRef("question_id"))
    waiting = Post.objects.filter(pk=OuterRef("question_id"), accepted_answer_id__isnull=True)
    pending = PendingAccept.objects.filter(run=run).annotate(ok=Exists(belongs))
    invalid: list[tuple[int, int]] = []
    with transaction.atomic():
        any_waiting = False
        for question_id, answer_id, ok, not_set in (
            pending.annotate(not_set=Exists(waiting))
            .values_list("question_id", "answer_id", "ok", "not_set")
            .iterator(chunk_size=20000)
        ):
            if not ok:
                invalid.append((question_id, answer_id))
                continue
            any_waiting = any_waiting or not_set
            if answered is not None and not_set:
                answered.add(question_id)
        if any_waiting:
            Post.objects.filter(
                pk__in=pending.filter(ok=True).values("question_id"), accepted_answer_id__isnull=True
            ).update(
                accepted_answer_id=Subquery(
                    PendingAccept.objects.filter(run=run, question_id=OuterRef("pk")).values("answer_id")[:1]
                )
            )
        for question_id, answer_id in invalid:
            question = Post.objects.filter(pk=question_id).only("dump_extra").first()
            if question is None:
                continue
            extra = dict(question.dump_extra or {})
            extra["attrs"] = {**extra.get("attrs", {}), "AcceptedAnswerId": str(answer_id)}
            Post.objects.filter(pk=question_id).update(dump_extra=extra, accepted_answer_id=None)
        if invalid:
            refresh_is_answered(Post.objects.filter(pk__in=[question_id for question_id, _answer in invalid]))
        PendingAccept.objects.filter(run=run).delete()
    return len(invalid)


def mark_answered(question_ids: Iterable[int]) -> int:
    """Set ``is_answered`` on these questions (in increasing order, as an ``IdSet`` gives them),
    which the site had with the default (False) or already with the flag (those that went in
    with their accepted answer, or with an answer: ``StepWork.answered_with_their_answers``):
    what ``refresh_is_answered`` does, without reading every question, when the loader saw
    every answer go in and knows which questions have a live answer scoring above zero or an
    accepted answer. Questions that have the flag are not written again; returns how many
    were written."""
    written = 0
    batch: list[int] = []
    for question_id in question_ids:
        batch.append(question_id)
        if len(batch) >= BATCH_SIZE:
            written += _mark_answered(batch)
            batch = []
    if batch:
        written += _mark_answered(batch)
    return written


def _mark_answered(question_ids: list[int]) -> int:
    return Post.objects.filter(pk__in=question_ids, post_type=PostType.QUESTION, is_answered=False).update(
        is_answered=True
    )


def refresh_is_answered(questions: Any = None) -> None:
    """``is_answered``, as the actions keep it: an accepted answer, or a live answer scoring
    above zero. ``questions`` narrows it to a queryset of questions (all by default)."""
    positive = Post.objects.filter(post_type=PostType.ANSWER, deletion_date__isnull=True, score__gt=0)
    target = questions if questions is not None else Post.objects.filter(post_type=PostType.QUESTION)
    answered = Q(accepted_answer__isnull=False) | Q(pk__in=positive.values("parent_id"))
    # Only the questions whose flag changes are written: each write is a whole row (bodies
    # included), and on a fresh import most questions keep the default.
    target.filter(answered, is_answered=False).update(is_answered=True)
    target.filter(is_answered=True).exclude(answered).update(is_answered=False)


# A post's state as its history leaves it: the close reason, the date it was locked and the
# date it was protected (see ``apply_history_state``).
State = tuple[int | None, datetime | None, datetime | None]
_BODY_KINDS = frozenset(int(kind) for kind in BODY_TYPES)


def _history_that_fills_posts(posts: models.QuerySet[Any]) -> models.QuerySet[Any]:
    # In order, so each post's last row of a kind is its latest.
    return (
        posts.filter(post_history_type__in=[*BODY_TYPES, *STATE_FAMILIES])
        .order_by("post_id", "creation_date", "id")
        .values_list("post_id", "post_history_type", "text", "creation_date", "comment")
    )


_HISTORY_OF_POSTS = PreparedQuery(
    PostHistory, lambda posts: _history_that_fills_posts(PostHistory.objects.filter(post_id__in=posts))
)
_HISTORY_OF_RANGE = PreparedQuery(
    PostHistory,
    lambda low, high: _history_that_fills_posts(
        PostHistory.objects.filter(post_id__gte=low, post_id__lte=high)
    ),
)


@dataclass(frozen=True)
class FromHistory:
    """What the history gives a batch of posts: the markdown source of those it has a body
    revision for, and the state of those it has closed, locked or protected (or reopened,
    unlocked, unprotected)."""

    sources: dict[int, str]
    states: dict[int, State]


def from_history(post_ids: list[int]) -> FromHistory:
    """The markdown source (the text of the latest body revision: types 2, 5, 8) and the state
    (``apply_history_state``'s) of each of these posts that the history has them for. One
    query, through the history's index by post.

    A batch of Posts.xml is nearly a run of consecutive ids: then the history of the run is
    read as one stretch of the index, and the rows of posts not asked for are dropped here,
    rather than looking each post up on its own."""
    if not post_ids:
        return FromHistory({}, {})
    low, high = min(post_ids), max(post_ids)
    wanted: set[int] | None = None
    if high - low < 2 * len(post_ids):
        wanted = set(post_ids)
        rows = _HISTORY_OF_RANGE.rows(low=low, high=high)
    else:
        rows = _HISTORY_OF_POSTS.rows(posts=post_ids)
    sources: dict[int, str] = {}
    latest: dict[int, dict[str, tuple[int, datetime, str]]] = {}
    for post_id, kind, text, date, comment in rows:
        if wanted is not None and post_id not in wanted:
            continue
        if kind in _BODY_KINDS:
            sources[post_id] = text
        else:
            latest.setdefault(post_id, {})[STATE_FAMILIES[kind]] = (kind, date, comment)
    return FromHistory(sources, {post_id: _state(families) for post_id, families in latest.items()})


def fill_markdown_from_history(excluded: Iterable[int] = (), chunk: int = 50_000) -> None:
    """A post's markdown source is the text of its latest body revision (types 2, 5, 8).
    Only posts without a source are filled, so the site's own posts are never touched. Done
    in chunks of posts, each in its own transaction when none is open."""
    revisions = PostHistory.objects.filter(post_id=OuterRef("pk"), post_history_type__in=BODY_TYPES)
    latest = revisions.order_by("-creation_date", "-id").values("text")[:1]
    excluded_ids = list(excluded)
    bounds = Post.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    for start in range(bounds["low"], bounds["high"] + 1, chunk):
        with transaction.atomic():
            (
                Post.objects.filter(pk__gte=start, pk__lt=start + chunk, body_markdown="")
                .filter(Exists(revisions))
                .exclude(pk__in=excluded_ids)
                .update(body_markdown=Subquery(latest))
            )


def _latest_states(excluded: set[int]) -> Iterator[tuple[int, dict[str, tuple[int, datetime, str]]]]:
    """For each post with state history: the latest row of each family (close, lock, protect)."""
    rows = (
        PostHistory.objects.filter(post_history_type__in=list(STATE_FAMILIES))
        .order_by("post_id", "creation_date", "id")
        .values_list("post_id", "post_history_type", "creation_date", "comment")
        .iterator(chunk_size=BATCH_SIZE)
    )
    current: int | None = None
    latest: dict[str, tuple[int, datetime, str]] = {}
    for post_id, kind, date, comment in rows:
        if post_id != current:
            if current is not None and current not in excluded:
                yield current, latest
            current, latest = post_id, {}
        latest[STATE_FAMILIES[kind]] = (kind, date, comment)
    if current is not None and current not in excluded:
        yield current, latest


def _state(latest: dict[str, tuple[int, datetime, str]]) -> State:
    """A post's state from the latest history row of each family (type, date, comment)."""
    close = latest.get("close")
    close_reason = (
        int(close[2]) if close and close[0] == H.POST_CLOSED and close[2].strip().isdigit() else None
    )
    lock = latest.get("lock")
    locked = lock[1] if lock and lock[0] == H.POST_LOCKED else None
    protect = latest.get("protect")
    protected = protect[1] if protect and protect[0] == H.QUESTION_PROTECTED else None
    return close_reason, locked, protected


def apply_history_state(excluded: set[int]) -> None:
    """Close reason, lock and protection as the latest history row of each family left them
    (10/11 close and reopen, 14/15 lock, 19/20 protect). ClosedDate comes from Posts.xml as is;
    the close reason is the type-10 row's Comment."""
    quote = connection.ops.quote_name
    # The fields are their columns.
    sql = (
        f"UPDATE {quote(Post._meta.db_table)} SET close_reason = %s, "  # noqa: S608
        "locked_date = %s, protected_date = %s WHERE id = %s"
    )
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for post_id, latest in _latest_states(excluded):
            close_reason, locked, protected = _state(latest)
            batch.append(
                (
                    close_reason,
                    None if locked is None else datetime_as_text(locked),
                    None if protected is None else datetime_as_text(protected),
                    post_id,
                )
            )
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def build_post_tags(run: ImportRun) -> int:
    """PostTag rows for every question's tags, with copies of the question's sort keys,
    creating tags the questions use but Tags.xml lacks and dating each tag by its first
    question; returns how many tags were created. Existing PostTag rows are kept, and posts
    the site had before a ``--merge`` are left alone.

    A handful of statements for the whole site: the questions' tag names are split once into
    a scratch table (a recursive query on SQLite, ``unnest`` on PostgreSQL; ``Post.tags``
    holds the names separated by single spaces), and everything else is a join with it. The
    rows carry their keys themselves, so the trigger that copies them one row at a time
    (set aside during a fresh import) has nothing to add."""
    quote = connection.ops.quote_name
    post, tag, post_tag = (quote(model._meta.db_table) for model in (Post, Tag, PostTag))
    conflict, names, first = (
        quote(ImportConflict._meta.db_table),
        quote("import_tag_names"),
        quote("import_tag_first"),
    )
    questions = (
        f"p.post_type = {int(PostType.QUESTION)} AND p.tags <> '' AND p.id NOT IN "  # noqa: S608
        f"(SELECT object_id FROM {conflict} WHERE run_id = %s AND kind = 'post')"
    )
    # The questions' sort keys are read with their tags, in one pass over the posts in the
    # table's order: looking them up for each (tag, question) pair in the tag index's order
    # read the posts, the site's biggest rows, at random.
    keys = "p.creation_date, p.last_activity_date, p.score, p.is_answered, p.deletion_date"
    with connection.cursor() as cursor:
        temporary = "CREATE TEMPORARY TABLE {} ({})"
        if connection.vendor == "postgresql":
            date_type = "timestamptz"
            cursor.execute(
                temporary.format(
                    names,
                    "post_id bigint, name text, creation_date timestamptz, last_activity_date timestamptz, "
                    "score integer, is_answered boolean, deletion_date timestamptz",
                )
            )
            cursor.execute(
                f"INSERT INTO {names} SELECT p.id, name, {keys} "  # noqa: S608
                f"FROM {post} p CROSS JOIN LATERAL unnest(string_to_array(p.tags, ' ')) AS name "
                f"WHERE {questions} AND name <> ''",
                [run.pk],
            )
        else:
            # Dates are stored as text that sorts as the moments it stands for.
            date_type = "text"
            cursor.execute(
                temporary.format(
                    names,
                    "post_id integer, name text, creation_date text, last_activity_date text, "
                    "score integer, is_answered bool, deletion_date text",
                )
            )
            carried = "creation_date, last_activity_date, score, is_answered, deletion_date"
            cursor.execute(
                f"INSERT INTO {names} WITH RECURSIVE split(post_id, name, rest, {carried}) AS ("  # noqa: S608
                f"SELECT p.id, NULL, p.tags || ' ', {keys} FROM {post} p WHERE {questions} "
                "UNION ALL SELECT post_id, substr(rest, 1, instr(rest, ' ') - 1), "
                f"substr(rest, instr(rest, ' ') + 1), {carried} FROM split WHERE rest <> '') "
                f"SELECT post_id, name, {carried} FROM split WHERE name <> ''",
                [run.pk],
            )
        # Each tag's first question: the date of the tags created here, and of the others
        # when it is earlier than the one they have.
        cursor.execute(temporary.format(first, f"name text PRIMARY KEY, first {date_type}"))
        cursor.execute(f"INSERT INTO {first} SELECT name, MIN(creation_date) FROM {names} GROUP BY name")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {tag} (name, count, is_moderator_only, is_required, creation_date) "  # noqa: S608
            f"SELECT f.name, 0, %s, %s, f.first FROM {first} f "
            f"WHERE NOT EXISTS (SELECT 1 FROM {tag} t WHERE t.name = f.name) ORDER BY f.name",
            [False, False],
        )
        created: int = cursor.rowcount
        cursor.execute(
            f"UPDATE {tag} SET creation_date = (SELECT f.first FROM {first} f WHERE f.name = {tag}.name) "  # noqa: S608
            f"WHERE EXISTS (SELECT 1 FROM {first} f "
            f"WHERE f.name = {tag}.name AND f.first < {tag}.creation_date)"
        )
        # In the order of the unique (tag, post) index, which is kept up to date meanwhile.
        insert = (
            f"INSERT INTO {post_tag} (post_id, tag_id, creation_date, last_activity_date, score, "  # noqa: S608
            "is_answered, deletion_date) SELECT n.post_id, t.id, n.creation_date, n.last_activity_date, "
            f"n.score, n.is_answered, n.deletion_date FROM {names} n JOIN {tag} t ON t.name = n.name "
            "WHERE true ORDER BY t.id, n.post_id"
        )
        # Into an empty tag index the rows go in plainly: PostgreSQL's ON CONFLICT checks
        # every row before inserting it, which took the statement from 2.8 to 4.9 s at a
        # million posts. A row that is there twice (two names one tag) refuses the plain
        # statement, and the one that leaves conflicts out runs instead.
        if PostTag.objects.exists() or not _inserted_plainly(cursor, insert):
            cursor.execute(f"{insert} ON CONFLICT DO NOTHING")
        cursor.execute(f"DROP TABLE {first}")
        cursor.execute(f"DROP TABLE {names}")
    return max(created, 0)


def _inserted_plainly(cursor: Any, insert: str) -> bool:
    """Whether ``insert`` went in without breaking a unique constraint; if it did not, it
    left nothing behind (it ran in a savepoint)."""
    try:
        with transaction.atomic():
            cursor.execute(insert)
    except IntegrityError:
        return False
    return True


def check_posts_counts(answer_counts_differ: int | None = None) -> list[str]:
    """Compare the posts' and tags' counters with the rows (AnswerCount, Tags.xml's Count),
    and count the history of posts the site does not have; the dump's values and rows are
    kept either way. ``answer_counts_differ``: the questions whose AnswerCount differs from
    their answers, when the loader counted them as the posts went in (otherwise they are
    counted here)."""
    found: list[str] = []
    orphans = PostHistory.objects.exclude(Exists(Post.objects.filter(pk=OuterRef("post_id")))).count()
    if orphans:
        found.append(f"PostHistory.xml has {orphans} rows of posts not in the dump: kept")
    questions = Post.objects.filter(post_type=PostType.QUESTION)
    answers = (
        answer_counts_differ
        if answer_counts_differ is not None
        else questions.annotate(found=Count("answers")).exclude(answer_count=F("found")).count()
    )
    if answers:
        found.append(f"AnswerCount differs from the answers in the dump for {answers} questions: kept as is")
    tags = Tag.objects.annotate(found=Count("post_tags")).exclude(count=F("found")).count()
    if tags:
        found.append(f"Tags.xml Count differs from the tagged questions for {tags} tags: kept as is")
    return found


def check_comment_counts() -> list[str]:
    """Compare the posts' CommentCount with their comments; the dump's values are kept."""
    comments = Post.objects.annotate(found=Count("comments")).exclude(comment_count=F("found")).count()
    if comments:
        return [f"CommentCount differs from the comments in the dump for {comments} posts: kept as is"]
    return []


def sqlite_journal_mode(database: BaseDatabaseWrapper) -> str:
    """A SQLite connection's journal mode, in lower case (``wal``, ``memory``, …)."""
    with database.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()
    return "" if mode is None else str(mode[0]).lower()


def second_session_possible(*, reads_only: bool) -> bool:
    """Whether a second connection would see this one's committed rows and could work beside
    it (see ``alongside``): writing too unless ``reads_only``."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "postgresql":
        return True
    if connection.vendor != "sqlite" or not reads_only:
        return False
    # An in-memory database (the tests') has no second connection to the same rows.
    return sqlite_journal_mode(connection) == "wal"


def _on_its_own_connection(work: Callable[[], None], name: str) -> threading.Thread:
    """A thread, started, that runs ``work`` on connections of its own (Django gives each
    thread its own), closed when it ends."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()  # this thread's connections

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@contextmanager
def alongside(
    work: Callable[[], object], seconds: dict[str, float], label: str, *, reads_only: bool = False
) -> Iterator[None]:
    """Run ``work`` while the body of the ``with`` runs: on a connection of its own, in a
    thread, where the database can serve two sessions at once (PostgreSQL, outside a
    transaction: inside one, the other session would not see its rows; SQLite in WAL mode when
    ``work`` only reads, since it has one writer but readers beside it); otherwise after the
    body, on this connection. Its time goes into ``seconds`` under ``label``; its error is
    raised here.

    The derived work keeps one process busy while the machine's other cores wait; work whose
    locks do not conflict with the body's can run beside it."""
    failure: list[BaseException] = []

    def timed() -> None:
        started = time.monotonic()
        try:
            work()
        except BaseException as error:  # raised again by the thread that waits for it
            failure.append(error)
        finally:
            seconds[label] = round(time.monotonic() - started, 3)

    if not second_session_possible(reads_only=reads_only):
        yield
        timed()
        if failure:
            raise failure[0]
        return

    helper = _on_its_own_connection(timed, f"import: {label}")
    try:
        yield
    finally:
        helper.join()
    if failure:
        raise failure[0]


class _DerivedParts:
    """Runs the parts of the derived work, a progress line for each, and keeps how long each
    took with the run's bookkeeping (the benchmark's report reads it)."""

    def __init__(self, run: ImportRun, progress: Progress) -> None:
        self.progress = progress
        self.record, _created = ImportStep.objects.get_or_create(run=run, name="derived")
        self.seconds: dict[str, float] = dict(self.record.report.get("seconds", {}))

    def __call__(self, label: str, work: Callable[[], Any], *, atomic: bool = True) -> Any:
        self.progress.begin(label, 0)
        started = time.monotonic()
        with transaction.atomic() if atomic else nullcontext():
            done = work()
        self.seconds[label] = round(time.monotonic() - started, 3)
        self.progress.end()
        return done

    @property
    def findings(self) -> list[str]:
        """What the posts' part found, kept for the report (a resumed import that runs the
        part again finds nothing where the first run did the work)."""
        return list(self.record.report.get("findings", []))

    def save(self, *, findings: Sequence[str] = (), finished: bool = False) -> None:
        kept = self.findings
        kept += [finding for finding in findings if finding not in kept]
        self.record.report = {**self.record.report, "seconds": self.seconds, "findings": kept}
        self.record.finished = finished
        self.record.save(update_fields=["report", "finished"])


def finish_posts(
    run: ImportRun,
    *,
    progress: Progress,
    from_history: bool = True,
    answered: IdSet | None = None,
    answer_counts_differ: int | None = None,
) -> list[str]:
    """The derived work on the posts, once the posts and the tags are in: accepted answers,
    ``is_answered``, markdown sources, closed/locked/protected state, the tag index and the
    posts' indexes; returns the findings for the report. The loader runs it before the
    comments, votes and badges go in, so that the processes reading those files work beside
    it. ``from_history``: some posts may lack the markdown source and the state their history
    gives them (they were not loaded after it: ``FromHistory``), so look for them.
    ``answered``: the questions with a live answer
    scoring above zero that went in without the flag, when the loader saw all of the site's
    posts go in (otherwise ``is_answered`` is worked out from the posts table).
    ``answer_counts_differ``: see ``check_posts_counts``."""
    excluded = set(ImportConflict.objects.filter(run=run, kind="post").values_list("object_id", flat=True))
    checks: list[str] = []
    part = _DerivedParts(run, progress)
    # The order saves work on a fresh import, whose plain indexes and triggers are still set
    # aside: the history's indexes first (the loader builds them before the posts; the states
    # look revisions up by post), then the updates of the posts while the posts have none to
    # keep up and no tag index rows to copy their keys to, then the tag index rows while its
    # own indexes are not there.
    part("history indexes", lambda: indexes.put_back(run, only=[PostHistory]))
    invalid = part("accepted answers", lambda: set_accepted_answers(run, answered))
    if invalid:
        checks.append(f"AcceptedAnswerId names no answer of the question for {invalid} questions: not set")
    if answered is None:
        part("answered questions", refresh_is_answered)
    else:
        part("answered questions", lambda: mark_answered(answered))
    # Chunks of posts, each committed (it only fills posts without a source, so it can stop
    # and start again anywhere), keep SQLite's write-ahead log small.
    if from_history:
        part("markdown sources", lambda: fill_markdown_from_history(excluded), atomic=False)
        part("closed, locked, protected", lambda: apply_history_state(excluded))
    # On PostgreSQL the posts' indexes are built on a second session while the tag index is
    # written (it only reads them); elsewhere after it.
    with alongside(partial(indexes.put_back, run, only=[Post]), part.seconds, "posts' indexes"):
        created = part("tag index", lambda: build_post_tags(run))
        if created:
            checks.append(f"{created} tags are used by questions but missing from Tags.xml: created")
    # The posts, the tag index and the tags are finished: their foreign keys, the tag index's
    # indexes and their statistics need not wait for the other tables, and the checks of
    # their counters (reads) run beside (see ``alongside``).
    found: list[str] = []
    with alongside(
        lambda: found.extend(check_posts_counts(answer_counts_differ)),
        part.seconds,
        "posts' counter checks",
        reads_only=True,
    ):
        part("posts' keys and statistics", lambda: put_back_the_rest(run, POSTS_AND_TAGS), atomic=False)
    part.save(findings=[*checks, *found])
    return checks


def finish_import(run: ImportRun, *, progress: Progress) -> list[str]:
    """The derived work once every row is in (``finish_posts`` has run): the sequences, and
    for the other tables the triggers, the indexes and (PostgreSQL) the foreign keys' checks
    and the planner's statistics, with the check of the comment counters beside them;
    returns the checks' findings for the report, ``finish_posts``' first."""
    part = _DerivedParts(run, progress)
    part("sequences", reset_sequences)
    # Where the database can serve two sessions at once, the check (reads) runs beside the
    # indexes and statistics (see ``alongside``); elsewhere after them.
    found: list[str] = []
    with alongside(
        lambda: found.extend(check_comment_counts()), part.seconds, "counter checks", reads_only=True
    ):
        part("indexes and statistics", lambda: put_back_the_rest(run, LOADED_AFTER), atomic=False)
        indexes.finish(run)
    checks = [*part.findings, *found]
    run.checks = checks
    run.save(update_fields=["checks"])
    part.save(finished=True)
    return checks


# The tables whose statistics come with a VACUUM on PostgreSQL: those the site's lists page
# through (see ``indexes.statistics``).
VACUUMED = [Post, PostTag, User, Tag]
# The tables in the order their work is taken, those with the most to do first (at a
# million posts: the posts' foreign keys and VACUUM, 5 s; the tag index's indexes, 3 s; the
# votes', 2 s), so that the sessions end close together.
BIGGEST_FIRST = [Post, PostTag, Vote, Comment, PostHistory, User, Badge, ReputationEvent, PostLink, Tag]
# The tables finished with the posts' derived work (``finish_posts``), and the others, whose
# work waits for the last row (``finish_import``).
POSTS_AND_TAGS = [Post, PostTag, Tag]
LOADED_AFTER = [model for model in BIGGEST_FIRST if model not in POSTS_AND_TAGS]
# Sessions that put the indexes and statistics back at once, where the database serves them.
SESSIONS_AT_THE_END = 2


def put_back_the_rest(run: ImportRun, models_: list[type[models.Model]]) -> None:
    """For these models' tables: the triggers and the foreign keys unchecked
    (``indexes.put_back_unchecked``), then, a table at a time on up to
    ``SESSIONS_AT_THE_END`` sessions at once (``side_by_side``), its indexes, the checks of
    its foreign keys and its statistics, the biggest tables first."""
    set_aside = [model for model in models_ if model in indexes.INDEXED_LATER]
    started = time.monotonic()
    indexes.put_back_unchecked(run, set_aside)
    work = indexes.remaining_work(run, set_aside)
    jobs = [
        work.get(model._meta.db_table, []) + indexes.statistics(model, vacuum=model in VACUUMED)
        for model in BIGGEST_FIRST
        if model in models_
    ]
    side_by_side(jobs, sessions=SESSIONS_AT_THE_END)
    indexes.add_seconds(run, time.monotonic() - started)


def side_by_side(jobs: Sequence[Sequence[str]], *, sessions: int) -> None:
    """Run each job's statements in order, up to ``sessions`` jobs at once, each on a
    connection of its own in a thread, taking the next job as one ends, where the database
    can serve sessions that write at once (``second_session_possible``); otherwise one job
    after another here. The first error stops the taking of jobs and is raised here.

    An index build, a check of foreign keys and a ``VACUUM`` each keep one process of the
    server busy; on their own, one after another, they left the machine's other cores idle
    at the end of an import."""
    pending = [job for job in jobs if job]
    if sessions < 2 or len(pending) < 2 or not second_session_possible(reads_only=False):
        with connection.cursor() as cursor:
            for job in pending:
                for sql in job:
                    cursor.execute(sql)
        return
    queue = list(reversed(pending))
    lock = threading.Lock()
    failure: list[BaseException] = []

    def take_jobs() -> None:
        try:
            with connection.cursor() as cursor:
                while True:
                    with lock:
                        if failure or not queue:
                            return
                        job = queue.pop()
                    for sql in job:
                        cursor.execute(sql)
        except BaseException as error:  # raised again by the thread that waits for it
            with lock:
                failure.append(error)

    helpers = [
        _on_its_own_connection(take_jobs, f"import: session {number}") for number in range(2, sessions + 1)
    ]
    try:
        take_jobs()
    finally:
        for helper in helpers:
            helper.join()
    if failure:
        raise failure[0]
