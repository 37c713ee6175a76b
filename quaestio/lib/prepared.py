"""Querysets compiled once per process and run again with other ids: the hot read paths.

Building a queryset costs Django far more than running it: on a question page the ORM spent
about a millisecond per query resolving lookups, joins and the select list, against tens of
microseconds in SQLite. A ``PreparedQuery`` builds its queryset once per database and shape
(the lengths of its id lists), keeps the compiled SQL and the compiler, and afterwards only
substitutes the ids, executes, and turns rows into model instances exactly as the queryset
would (``select_related`` rows included, through Django's own populators), or into the tuples
a ``values_list`` gives.

Parameters are whole numbers (ids, counts): the queryset is built once with unique sentinel
values and each sentinel's position in the compiled parameters is remembered. The database is
chosen per call by the routers, as a queryset would, so read replicas keep working.

Rows become instances the way ``Model.from_db`` makes them, less the generic work of
``Model.__init__`` (walking the fields one by one, checking keyword arguments): the values go
straight into the instance's ``__dict__``, which is where ``__init__`` puts them, and
``post_init`` is sent as ``__init__`` sends it (the page cache listens to it). That is only
done for a model whose ``from_db`` is Django's, with no ``pre_init`` receivers and fields that
are all plain attributes; any other model is built by ``from_db``.

This leans on the compiler's ``results_iter`` and ``get_related_populators``, which are
internal to Django; the tests compare every prepared query's result with its plain queryset,
so a Django upgrade that changes them fails loudly.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.db.models.sql.compiler import SQLCompiler
from psycopg.types.numeric import Int8

M = TypeVar("M", bound=models.Model)
Param = int | Sequence[int]
# Where a compiled parameter comes from: (argument, index in its list; None for a single value;
# ``_WHOLE_LIST`` for the list itself), or (None, a constant of the queryset).
Slot = tuple[str, int | None] | tuple[None, Any]
# Far outside any id a site uses (ids are positive, the Community user is -1), distinct per
# position so compiled parameters can be told apart from the queryset's constants, and within
# a 32-bit integer: Django turns a lookup whose value a column cannot hold into no query at all.
_SENTINEL_BASE = -2_000_000_000


@cache
def _fills_dict(model: type[models.Model]) -> bool:
    """Whether instances of ``model`` can be made by filling their ``__dict__`` (see the module
    docstring): decided once per model, after the apps have connected their receivers."""
    if model.from_db.__func__ is not models.Model.from_db.__func__:  # type: ignore[attr-defined]
        return False
    if pre_init.has_listeners(model):
        return False
    plain = (DeferredAttribute, ForeignKeyDeferredAttribute)
    return all(type(model.__dict__.get(field.attname)) in plain for field in model._meta.concrete_fields)


def instance(
    model: type[M], alias: str, attnames: Sequence[str], values: Sequence[Any], *, announce: bool = True
) -> M:
    """What ``model.from_db(alias, attnames, values)`` returns (the fields not named are
    deferred), built the fast way where the model allows it (see the module docstring).
    ``announce=False`` leaves out ``post_init``, for rows whose receivers would learn nothing
    new (the caller says why)."""
    if not _fills_dict(model):
        return model.from_db(alias, attnames, values)
    obj = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = alias
    obj.__dict__["_state"] = state
    obj.__dict__.update(zip(attnames, values, strict=True))
    if announce:
        post_init.send(sender=model, instance=obj)
    return obj


def _populate(populator: Any, row: Sequence[Any], parent: models.Model) -> None:
    """Django's ``RelatedPopulator.populate``, building the related instance by ``instance``."""
    if populator.reorder_for_init:
        values = populator.reorder_for_init(row)
    else:
        values = row[populator.cols_start : populator.cols_end]
    if values[populator.pk_idx] is None:
        related = None
    else:
        related = instance(populator.model_cls, populator.db, populator.init_list, values)
        for nested in populator.related_populators:
            _populate(nested, row, related)
    populator.local_setter(parent, related)
    if related is not None:
        populator.remote_setter(related, parent)


@dataclass(frozen=True)
class _Rows:
    """How a model query's rows become instances, worked out once (as ``ModelIterable`` does
    for every query)."""

    model: type[models.Model]
    start: int
    end: int
    init_list: list[str]
    populators: list[Any]
    annotation_col_map: dict[str, int]


@dataclass(frozen=True)
class _Compiled:
    sql: str | None
    slots: tuple[Slot, ...]
    compiler: SQLCompiler
    models: bool
    # The database converters of the selected columns (dates on SQLite, …).
    converters: dict[int, Any] | None = None
    instances: _Rows | None = None
    # On SQLite: ``sql`` with SQLite's placeholders and the queryset's constants written in,
    # and the slots of the parameters left (``_sqlite_statement``).
    sqlite_sql: str | None = None
    sqlite_slots: tuple[Slot, ...] = ()
    # On PostgreSQL: run as a server-side prepared statement where the connection allows it.
    server_prepared: bool = False

    def convert(self, rows: list[Any]) -> list[Any]:
        if not self.converters:
            return rows
        return list(self.compiler.apply_converters(rows, self.converters))


# The slot of a list argument passed whole, as one array (``_lists_as_arrays``).
_WHOLE_LIST = -1
_PLACEHOLDER = re.compile(r"%%|%s")


def _split_at_placeholders(sql: str) -> list[str]:
    """The text around each ``%s`` of Django's SQL (``%%`` is a literal percent sign)."""
    texts: list[str] = []
    start = 0
    for match in _PLACEHOLDER.finditer(sql):
        if match.group() == "%s":
            texts.append(sql[start : match.start()])
            start = match.end()
    texts.append(sql[start:])
    return texts


def _sqlite_statement(sql: str, slots: Sequence[Slot]) -> dict[str, Any]:
    """``sql`` for SQLite itself: ``?`` placeholders for the arguments, and the queryset's own
    whole-number constants (a post type, vote types) written into the text.

    Written in, because SQLite compiles a statement again each time a parameter is bound
    that its planner looked at to decide whether a partial index applies (``post_type = ?``
    against the posts' partial indexes): the question's query took 0.12 ms with its post type
    bound and 0.03 ms with it written in. Strings stay parameters."""
    texts = _split_at_placeholders(sql)
    assert len(texts) == len(slots) + 1
    parts = [texts[0].replace("%%", "%")]
    kept: list[Slot] = []
    for slot, text in zip(slots, texts[1:], strict=True):
        if slot[0] is None and type(slot[1]) in (int, bool):
            parts.append(str(int(slot[1])))
        else:
            parts.append("?")
            kept.append(slot)
        parts.append(text.replace("%%", "%"))
    return {"sqlite_sql": "".join(parts), "sqlite_slots": tuple(kept)}


def _lists_as_arrays(sql: str, slots: list[Slot], lengths: Mapping[str, int]) -> tuple[str, list[Slot]]:
    """On PostgreSQL, each ``IN (%s, %s, …)`` that lists every id of a list argument becomes
    ``= ANY(%s)``, with the list sent as one array.

    Fifty ids are then one parameter instead of fifty, and the statement is the same for every
    length of the list, so one prepared statement serves them all: a prepared query of the
    viewer's votes on a fifty-answer page took 0.36 ms with fifty parameters and 0.17 ms with
    one array (a round trip is 0.06 ms)."""
    texts = _split_at_placeholders(sql)
    assert len(texts) == len(slots) + 1
    out_texts: list[str] = [texts[0]]
    out_slots: list[Slot] = []
    position = 0
    while position < len(slots):
        name, index = slots[position]
        length = lengths.get(name, 0) if name is not None else 0
        end = position + length
        whole = (
            index == 0
            and length > 0
            and out_texts[-1].endswith(" IN (")
            and not out_texts[-1].endswith(" NOT IN (")
            and end <= len(slots)
            and all(slots[position + offset] == (name, offset) for offset in range(length))
            and all(texts[position + offset] == ", " for offset in range(1, length))
            and texts[end].startswith(")")
        )
        if whole:
            assert name is not None
            out_texts[-1] = out_texts[-1][: -len("IN (")] + "= ANY("
            out_slots.append((name, _WHOLE_LIST))
            out_texts.append(texts[end])
            position = end
        else:
            out_slots.append(slots[position])
            out_texts.append(texts[position + 1])
            position += 1
    return "%s".join(out_texts), out_slots


def _values(slots: Sequence[Slot], params: Mapping[str, Param]) -> list[Any]:
    """The parameters of one run, in the order of ``slots``."""
    values = []
    for name, extra in slots:
        if name is None:
            values.append(extra)
        elif extra is None:
            values.append(params[name])
        elif extra == _WHOLE_LIST:
            values.append(list(params[name]))  # type: ignore[arg-type]
        else:
            values.append(params[name][extra])  # type: ignore[index]
    return values


def _as_bigint(value: Any) -> Any:
    # Whole numbers go as bigint: psycopg would pick the smallest type for each value, and
    # ids of different sizes would make different statements.
    if type(value) is int:
        return Int8(value)
    if type(value) is list:
        return [Int8(item) if type(item) is int else item for item in value]
    return value


def _run_server_prepared(database: BaseDatabaseWrapper, sql: str, values: list[Any]) -> list[Any]:
    """Rows of ``sql`` run through a server-side binding cursor, which psycopg turns into a
    prepared statement of the connection once it has run ``prepare_threshold`` times.

    Django's cursors bind parameters on the client, so PostgreSQL parses and plans every query
    again: on the question page's queries planning took 0.2–0.5 ms each, against 0.02–0.2 ms
    of execution.
    """
    database.validate_no_broken_transaction()
    with database.wrap_database_errors, psycopg.Cursor(database.connection) as server_cursor:
        server_cursor.execute(
            sql,  # compiled by Django, never built from input
            [_as_bigint(value) for value in values],
        )
        return server_cursor.fetchall()


class PreparedQuery(Generic[M]):
    """A queryset built by ``build(**params)``, compiled on first use for each database and
    each combination of id-list lengths, then run with new ``params`` at the cost of the SQL.

    ``build`` must return a queryset whose ids come only from its arguments: plain model
    querysets (``select_related``, ``only``, ``annotate`` allowed) give model instances,
    ``values_list`` querysets give tuples.
    """

    def __init__(self, model: type[M], build: Callable[..., models.QuerySet[Any]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, tuple[tuple[str, int], ...]], _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str, shape: tuple[tuple[str, int], ...]) -> _Compiled:
        sentinels: dict[int, tuple[str, int | None]] = {}
        arguments: dict[str, Param] = {}
        serial = 0
        for name, length in shape:
            if length < 0:
                value = _SENTINEL_BASE - serial
                sentinels[value] = (name, None)
                arguments[name] = value
                serial += 1
            else:
                values = []
                for index in range(length):
                    value = _SENTINEL_BASE - serial
                    sentinels[value] = (name, index)
                    values.append(value)
                    serial += 1
                arguments[name] = values
        queryset = self.build(**arguments)
        compiler = queryset.query.get_compiler(using=alias)
        is_models = queryset._iterable_class is ModelIterable
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if all(length != 0 for _name, length in shape):
                raise ValueError(
                    "A prepared query compiled to no query without an empty id list: a column "
                    "cannot hold its placeholder values (use whole-number columns)."
                ) from None
            # An empty id list that leaves nothing to match: no query at all, as Django does.
            return _Compiled(sql=None, slots=(), compiler=compiler, models=is_models)
        slots: list[Slot] = []
        for value in params:
            slot = sentinels.get(value) if isinstance(value, int) and not isinstance(value, bool) else None
            slots.append(slot if slot is not None else (None, value))
        found = {slot for slot in slots if slot[0] is not None}
        if len(found) != len(sentinels):
            raise ValueError("A prepared query must use each of its arguments as a parameter.")
        if connections[alias].vendor == "postgresql":
            sql, slots = _lists_as_arrays(sql, slots, dict(shape))
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        instances = None
        if is_models:
            klass_info = compiler.klass_info
            assert klass_info is not None
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            instances = _Rows(
                model=klass_info["model"],
                start=start,
                end=end,
                init_list=[column[0].target.attname for column in compiler.select[start:end]],
                populators=get_related_populators(klass_info, compiler.select, alias),
                annotation_col_map=dict(compiler.annotation_col_map or {}),
            )
        return _Compiled(
            sql=sql,
            slots=tuple(slots),
            compiler=compiler,
            models=is_models,
            converters=compiler.get_converters(columns),
            instances=instances,
            **(_sqlite_statement(sql, slots) if connections[alias].vendor == "sqlite" else {}),
            server_prepared=connections[alias].vendor == "postgresql",
        )

    def _prepared(self, params: Mapping[str, Param]) -> tuple[str, _Compiled]:
        alias = router.db_for_read(self.model) or "default"
        shape = tuple(
            sorted((name, -1 if isinstance(value, int) else len(value)) for name, value in params.items())
        )
        key = (alias, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(alias, shape)
                self._compiled[key] = compiled
        return alias, compiled

    def _run(self, params: Mapping[str, Param]) -> tuple[str, _Compiled, list[Any]]:
        alias, compiled = self._prepared(params)
        if compiled.sql is None:
            return alias, compiled, []
        database = connections[alias]
        with database.cursor() as cursor:
            plain = type(cursor) is CursorWrapper and not database.execute_wrappers
            if compiled.sqlite_sql is not None and plain:
                # What ``cursor.execute`` does, less rewriting the SQL's placeholders for SQLite
                # with a regular expression on every call (tens of microseconds a query), and
                # with the constants written in (``_sqlite_statement``). A cursor that logs
                # queries (the tests' counts) and wrapped executions take the usual way.
                database.validate_no_broken_transaction()
                with database.wrap_database_errors:
                    sqlite_cursor = cursor.cursor
                    sqlite3.Cursor.execute(
                        sqlite_cursor, compiled.sqlite_sql, _values(compiled.sqlite_slots, params)
                    )
                    rows = sqlite_cursor.fetchall()
            elif compiled.server_prepared and plain and database.connection.prepare_threshold is not None:
                rows = _run_server_prepared(database, compiled.sql, _values(compiled.slots, params))
            else:
                cursor.execute(compiled.sql, _values(compiled.slots, params))
                rows = cursor.fetchall()
        return alias, compiled, rows

    def objects(self, **params: Param) -> list[M]:
        """The model instances the queryset would give for ``params``."""
        alias, compiled, rows = self._run(params)
        if not compiled.models:
            raise TypeError("This prepared query gives tuples: call rows().")
        plan = compiled.instances
        if not rows or plan is None:
            return []
        model, start, end, init_list = plan.model, plan.start, plan.end, plan.init_list
        found: list[M] = []
        for row in compiled.convert(rows):
            obj = instance(model, alias, init_list, row[start:end])
            for populator in plan.populators:
                _populate(populator, row, obj)
            for attr_name, position in plan.annotation_col_map.items():
                setattr(obj, attr_name, row[position])
            found.append(obj)  # type: ignore[arg-type]
        return found

    def rows(self, **params: Param) -> list[tuple[Any, ...]]:
        """The tuples a ``values_list`` queryset would give for ``params``."""
        _alias, compiled, rows = self._run(params)
        if compiled.models:
            raise TypeError("This prepared query gives model instances: call objects().")
        if not rows:
            return []
        return [tuple(row) for row in compiled.convert(rows)]
