"""The big tables' secondary indexes and triggers, set aside during a fresh import and put
back once their rows are in (the posts' and the tag index's with the posts' derived work, the
others at the end).

Keeping a dozen indexes up to date row by row costs more than inserting the rows themselves;
building each once, over the finished table, is a single sort. Only plain indexes go: primary
keys and unique indexes (they are constraints the loader relies on) stay.

The triggers of the posts and their tag index (migrations 0002 and 0005 of posts) run once
per row: one checks an answer's parent with a lookup, the other copies a question's sort keys
into each new tag index row with an update of its own. The loader already guarantees what the
first checks (an answer waits for its question), and the derived work writes the tag index
rows with their keys in one statement, so during a fresh import both only cost time; they
come back with the indexes, before the import is declared finished.

On PostgreSQL the foreign keys of these tables go too (SQLite stops checking its own for the
import: ``loader.import_connection_settings``). Each is a trigger per row inserted, a lookup in
the table referred to (two or three for most rows of a dump), where the loader has checked
every reference against its id sets already. Each comes back unchecked (``NOT VALID``, a
moment's lock), then is checked with ``VALIDATE CONSTRAINT``: every row at once, in one join,
locking only the table it checks, so the checks of different tables run side by side
(``recount.side_by_side``).

The exact statements that made them are read from the database and kept in the import's
bookkeeping in the same transaction as the drop (PostgreSQL's triggers are disabled instead:
it prints a trigger's condition back in a form of its own), so an import killed at any point
puts back exactly what the migrations made, names and definitions alike, when it resumes and
finishes.
"""

from __future__ import annotations

import time

from django.db import connection, models

from quaestio.accounts.models import ReputationEvent, User
from quaestio.badges.models import Badge
from quaestio.dumps.models import ImportRun, ImportStep
from quaestio.posts.models import Comment, Post, PostHistory, PostLink, PostTag, Vote

STEP = "indexes"
# The tables whose plain indexes a fresh import builds at the end instead of row by row.
INDEXED_LATER: list[type[models.Model]] = [
    User,
    ReputationEvent,
    Post,
    Comment,
    Vote,
    Badge,
    PostHistory,
    PostLink,
    PostTag,
]


def _tables(models_: list[type[models.Model]]) -> list[str]:
    return [model._meta.db_table for model in models_]


def secondary_indexes(models_: list[type[models.Model]]) -> list[tuple[str, str, str]]:
    """(name, CREATE INDEX statement, table) of every plain index on the models' tables."""
    tables = _tables(models_)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT index_class.relname, pg_get_indexdef(x.indexrelid), table_class.relname
                FROM pg_index x
                JOIN pg_class index_class ON index_class.oid = x.indexrelid
                JOIN pg_class table_class ON table_class.oid = x.indrelid
                WHERE table_class.relname = ANY(%s)
                  AND table_class.relnamespace = current_schema()::regnamespace
                  AND NOT x.indisunique AND NOT x.indisprimary
                ORDER BY index_class.relname
                """,
                [tables],
            )
        elif connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({placeholders}) AND sql NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
                tables,
            )
        else:
            return []
        return [(name, sql, table) for name, sql, table in cursor.fetchall()]


def triggers(models_: list[type[models.Model]]) -> list[tuple[str, str, str]]:
    """(name, CREATE TRIGGER statement, table) of every working trigger written by hand (not
    those a database makes for its own constraints, nor disabled ones) on the models' tables."""
    tables = _tables(models_)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT t.tgname, pg_get_triggerdef(t.oid), c.relname
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relname = ANY(%s) AND NOT t.tgisinternal AND t.tgenabled <> 'D'
                  AND c.relnamespace = current_schema()::regnamespace
                ORDER BY t.tgname
                """,
                [tables],
            )
        elif connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608
                f"AND tbl_name IN ({placeholders}) ORDER BY name",
                tables,
            )
        else:
            return []
        return [(name, sql, table) for name, sql, table in cursor.fetchall()]


def foreign_keys(models_: list[type[models.Model]]) -> list[tuple[str, str, str]]:
    """(name, definition, table) of every foreign key on the models' tables, on PostgreSQL
    (SQLite's are part of their table's definition)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT k.conname, pg_get_constraintdef(k.oid), c.relname
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype = 'f' AND c.relname = ANY(%s)
              AND c.relnamespace = current_schema()::regnamespace
            ORDER BY k.conname
            """,
            [_tables(models_)],
        )
        return [(name, definition, table) for name, definition, table in cursor.fetchall()]


def references_set_aside(run: ImportRun) -> bool:
    """Whether ``run`` has set aside what checks the posts' references (the posts' triggers,
    and on PostgreSQL their foreign keys) and not put it back yet: a row may then name a row
    that is not in yet (``Loader.references_ahead``)."""
    record = ImportStep.objects.filter(run=run, name=STEP).first()
    if record is None or record.finished:
        return False
    posts = Post._meta.db_table
    triggers_aside = any(table == posts for _name, _sql, table in record.report.get("triggers", []))
    if connection.vendor != "postgresql":
        return triggers_aside
    keys_aside = any(table == posts for _name, _sql, table in record.report.get("foreign_keys", []))
    return triggers_aside and keys_aside


def existing_trigger_names(models_: list[type[models.Model]]) -> set[str]:
    """The names of every working trigger now on the models' tables."""
    return {name for name, _sql, _table in triggers(models_)}


def existing_index_names(models_: list[type[models.Model]]) -> set[str]:
    """The names of every index now on the models' tables."""
    with connection.cursor() as cursor:
        found: set[str] = set()
        for table in _tables(models_):
            constraints = connection.introspection.get_constraints(cursor, table)
            found.update(name for name, info in constraints.items() if info.get("index"))
        return found


def set_aside(run: ImportRun, models_: list[type[models.Model]] = INDEXED_LATER) -> int:
    """Drop the plain indexes and the triggers, remembering their statements in the run's
    bookkeeping (in the caller's transaction); returns how many indexes were dropped. Done at
    most once per run."""
    record, created = ImportStep.objects.get_or_create(run=run, name=STEP)
    if not created:
        return 0
    indexes = secondary_indexes(models_)
    found_triggers = triggers(models_)
    keys = foreign_keys(models_)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Inside a transaction that inserted rows (--strict, tests), PostgreSQL alters no table
        # whose deferred foreign-key checks are pending: they are made first.
        pending_checks = connection.vendor == "postgresql" and connection.in_atomic_block
        if pending_checks:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _sql, _table in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, _sql, table in found_triggers:
            if connection.vendor == "postgresql":
                # Disabled rather than dropped: PostgreSQL prints a trigger's condition back in
                # a form of its own, so one made again from its printed definition would differ.
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
            else:
                cursor.execute(f"DROP TRIGGER {quote(name)}")
        for name, _definition, table in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        if pending_checks:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    record.report = {
        "indexes": [[name, sql, table] for name, sql, table in indexes],
        "triggers": [[name, sql, table] for name, sql, table in found_triggers],
        "foreign_keys": [[name, definition, table] for name, definition, table in keys],
    }
    record.save(update_fields=["report"])
    return len(indexes)


def _record(run: ImportRun) -> ImportStep | None:
    """The run's bookkeeping of what it set aside, while some of it is not back yet."""
    record = ImportStep.objects.filter(run=run, name=STEP).first()
    return None if record is None or record.finished else record


def put_back(run: ImportRun, only: list[type[models.Model]]) -> None:
    """Build every index ``set_aside`` dropped from these models' tables that is not there
    yet: for work that needs them before the end (``remaining_work`` gives the rest)."""
    record = _record(run)
    if record is None:
        return
    tables = set(_tables(only))
    present = existing_index_names(INDEXED_LATER)
    statements = [
        sql
        for name, sql, table in record.report.get("indexes", [])
        if table in tables and name not in present
    ]
    _run_timed(record, statements)


def _run_timed(record: ImportStep, statements: list[str]) -> None:
    """Run ``statements`` here, adding their time to the bookkeeping's."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        for sql in _with_session_settings(statements):
            cursor.execute(sql)
    seconds = record.report.get("seconds", 0.0) + time.monotonic() - started
    record.report = {**record.report, "seconds": round(seconds, 3)}
    record.save(update_fields=["report"])


def _with_session_settings(statements: list[str]) -> list[str]:
    """``statements`` with what PostgreSQL's session needs around them: room for the sorts of
    index builds, and, inside a transaction that inserted rows (--strict), the deferred
    foreign-key checks made first (it builds no index on a table, nor alters one, whose checks
    are pending) and deferred again after."""
    if connection.vendor != "postgresql" or not statements:
        return statements
    # Server memory, not ours.
    room = ["SET maintenance_work_mem = '256MB'"]
    if not connection.in_atomic_block:
        return [*room, *statements]
    return [*room, "SET CONSTRAINTS ALL IMMEDIATE", *statements, "SET CONSTRAINTS ALL DEFERRED"]


def put_back_unchecked(run: ImportRun, models_: list[type[models.Model]] = INDEXED_LATER) -> None:
    """Make the triggers ``set_aside`` took work again, and (PostgreSQL) add back its foreign
    keys without checking the rows yet (``NOT VALID``): a moment's lock each. Checking them
    (``VALIDATE CONSTRAINT``, in ``remaining_work``) then locks only the table it checks
    against writes, and the table it points at not at all, so each table's checks can run
    beside the index builds and statistics of the others."""
    record = _record(run)
    if record is None:
        return
    quote = connection.ops.quote_name
    statements: list[str] = []
    tables = set(_tables(models_))
    present_triggers = existing_trigger_names(models_)
    for name, sql, table in record.report.get("triggers", []):
        if table in tables and name not in present_triggers:
            if connection.vendor == "postgresql":
                statements.append(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
            else:
                statements.append(sql)
    present_keys = {name for name, _definition, _table in foreign_keys(models_)}
    for name, definition, table in record.report.get("foreign_keys", []):
        if table in tables and name not in present_keys:
            unchecked = f"{definition} NOT VALID"
            statements.append(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {unchecked}")
    _run_timed(record, statements)


def unchecked_keys(models_: list[type[models.Model]]) -> list[tuple[str, str]]:
    """(name, table) of the foreign keys on the models' tables that PostgreSQL has not
    checked the rows against (added ``NOT VALID``, which their definition then says)."""
    return [
        (name, table)
        for name, definition, table in foreign_keys(models_)
        if definition.endswith(" NOT VALID")
    ]


def remaining_work(run: ImportRun, models_: list[type[models.Model]] = INDEXED_LATER) -> dict[str, list[str]]:
    """What is still to do to put back what ``set_aside`` took, after ``put_back_unchecked``,
    by table: its indexes that are not there yet, then the checks of its foreign keys
    (``VALIDATE CONSTRAINT``, which checks every row at once, in one join). The tables'
    lists can run at the same time, each on a session of its own (nothing in one waits for
    a lock another takes)."""
    record = _record(run)
    if record is None:
        return {}
    present = existing_index_names(models_)
    work: dict[str, list[str]] = {table: [] for table in _tables(models_)}
    for name, sql, table in record.report.get("indexes", []):
        if table in work and name not in present:
            work[table].append(sql)
    quote = connection.ops.quote_name
    for name, table in unchecked_keys(models_):
        work.setdefault(table, []).append(f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")
    return {table: _with_session_settings(statements) for table, statements in work.items() if statements}


def add_seconds(run: ImportRun, seconds: float) -> None:
    """Add ``seconds`` to the time the run's bookkeeping says putting things back took."""
    record = _record(run)
    if record is not None:
        record.report = {**record.report, "seconds": round(record.report.get("seconds", 0.0) + seconds, 3)}
        record.save(update_fields=["report"])


def finish(run: ImportRun) -> None:
    """Declare everything ``set_aside`` took back (``remaining_work`` for every table is
    done)."""
    record = _record(run)
    if record is not None:
        record.finished = True
        record.save(update_fields=["finished"])


def analyze(models_: list[type[models.Model]]) -> None:
    """Refresh PostgreSQL's statistics of the models' tables, filled since it last looked:
    without them it takes a table loaded a moment ago for a small one and reads all of it
    where its index would find a few rows (the posts' lookups of their sources in the
    history did, a second per batch). SQLite plans from its indexes alone."""
    with connection.cursor() as cursor:
        for model in models_:
            for sql in statistics(model, vacuum=False):
                cursor.execute(sql)


def statistics(model: type[models.Model], *, vacuum: bool) -> list[str]:
    """On PostgreSQL, what tells it what the model's table now holds, once the import has
    filled it: ``VACUUM (ANALYZE)`` when ``vacuum`` (the tables the site's lists page
    through), ``ANALYZE`` otherwise. Elsewhere nothing.

    Right after a bulk load PostgreSQL has no visibility map and no statistics, and waits for
    autovacuum (which a server may have turned off) to make them: until then every index
    entry a page skips with OFFSET fetches its table row (page 134 of a 10k-post site's newest
    questions: 2,010 fetches and 4 ms, against none and 0.35 ms once vacuumed), and queries by
    id plan as if the tables were empty. ``VACUUM`` cannot run in a transaction: inside one
    (an import run by a test) the statistics are all that is refreshed.
    """
    if connection.vendor != "postgresql":
        return []
    command = "VACUUM (ANALYZE)" if vacuum and not connection.in_atomic_block else "ANALYZE"
    return [f"{command} {connection.ops.quote_name(model._meta.db_table)}"]
