"""Plain bulk inserts for the loader, without building model instances.

``bulk_create`` spends most of its time instantiating models and preparing each value through
its field; for millions of rows that dominates the import. This writes rows that are already
tuples of database values (``reader.RowPlan`` makes them): on SQLite, one ``executemany`` per
batch of statements that each insert many rows, on PostgreSQL one binary ``COPY … FROM
STDIN`` (several times faster than INSERTs there; dates and JSON in their binary forms:
``adapt_datetime``, ``json_value``).
Columns a row does not give take the field's default, fixed and adapted once per table
(callable defaults such as ``timezone.now`` are always given by the loader, so their one-time
value is never stored).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

from django.db import connection, models

Adapter = Callable[[Any], Any]
# Rows per INSERT statement on SQLite (fewer where the columns would pass its limit of
# parameters). Each statement, not each row, pays for starting and ending: AUTOINCREMENT
# reads and writes the table's sequence then. A batch of votes went in 1.6–2.4 times as fast.
ROWS_PER_STATEMENT = 100


# PostgreSQL's binary form of a timestamp with time zone: microseconds since this moment.
POSTGRESQL_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def adapt_datetime(value: datetime) -> str | int:
    """A datetime in the form the reader gives dump dates for this database: on PostgreSQL the
    microseconds since 2000 that binary ``COPY`` sends, elsewhere the text stored."""
    if connection.vendor == "postgresql":
        return postgresql_microseconds(value)
    return datetime_as_text(value)


def postgresql_microseconds(value: datetime) -> int:
    """A datetime (naive: UTC) as the microseconds since 2000-01-01 UTC that PostgreSQL's
    binary form of a timestamp is made of."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - POSTGRESQL_EPOCH) // _MICROSECOND


def datetime_as_text(value: datetime) -> str:
    """A datetime as a statement's parameter in SQL written by hand: the text SQLite stores
    (Django's form for UTC), ISO 8601 in UTC elsewhere."""
    if connection.vendor == "sqlite" and connection.timezone == UTC:
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(sep=" ")


def postgresql_json(value: Any) -> bytes:
    """A JSON value in PostgreSQL's binary form of ``jsonb``: its version (1), then the text."""
    return b"\x01" + json.dumps(value).encode()


# The type binary COPY sends each column as, by the column's type: a timestamp goes as the
# 64-bit count of microseconds it is made of, ``jsonb`` as its version byte and text (the
# bytes ``postgresql_json`` makes), every other type as itself.
_BINARY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "text": "text",
    "timestamp with time zone": "int8",
    "jsonb": "bytea",
}


def _binary_type(field: models.Field[Any, Any]) -> str:
    db_type = str(field.db_type(connection))
    if db_type.startswith("varchar("):
        return "text"
    try:
        return _BINARY_TYPES[db_type]
    except KeyError:
        raise ValueError(f"{field.model.__name__}.{field.name}: no binary COPY form for {db_type}") from None


def json_value(value: Any) -> Any:
    """A JSON value (a row's ``dump_extra``) as the inserter takes it for this database."""
    if value is None:
        return None
    return postgresql_json(value) if connection.vendor == "postgresql" else json.dumps(value)


class Inserter:
    """Inserts tuples of database values into ``model``'s table, in ``fields`` order."""

    def __init__(self, model: type[models.Model], *, with_id: bool = True) -> None:
        # Without ``with_id`` the database numbers the rows (the ledger, the bookkeeping).
        concrete = [field for field in model._meta.concrete_fields if with_id or not field.primary_key]
        quote = connection.ops.quote_name
        self.model = model
        self.fields = [field.attname for field in concrete]
        self.position = {name: index for index, name in enumerate(self.fields)}
        columns = ", ".join(quote(field.column) for field in concrete)
        placeholders = ", ".join(["%s"] * len(concrete))
        # Table and column names come from the model and are quoted; values go as parameters.
        self.table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.rows_per_statement = 1
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.rows_per_statement = max(1, min(ROWS_PER_STATEMENT, limit // len(concrete)))
        self.sql_rows = self.sql + f", ({placeholders})" * (self.rows_per_statement - 1)
        # PostgreSQL reads binary COPY without parsing the values' text (the posts went in with
        # 5.1 processor seconds of the server's instead of 7.2).
        self.copy_sql = f"COPY {self.table} ({columns}) FROM STDIN (FORMAT BINARY)"
        self.copy_types = (
            [_binary_type(field) for field in concrete] if connection.vendor == "postgresql" else []
        )
        self.timestamps = [
            index for index, field in enumerate(concrete) if isinstance(field, models.DateTimeField)
        ]
        self.json = [index for index, field in enumerate(concrete) if isinstance(field, models.JSONField)]
        self.defaults: dict[str, Any] = {}
        for field in concrete:
            default = field.get_default() if field.has_default() else None
            self.defaults[field.attname] = self.adapt(field, default)

    @staticmethod
    def adapt(field: models.Field[Any, Any], value: Any) -> Any:
        """One value as the database takes it (dates as the reader writes them, JSON as text)."""
        if value is None:
            return None
        if isinstance(field, models.DateTimeField):
            return adapt_datetime(value)
        if isinstance(field, models.JSONField):
            return json_value(value)
        return value

    def row(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """A tuple from field values by attname (the rest take their defaults); dates and JSON
        must already be in the database's form."""
        return tuple(values.get(name, default) for name, default in self.defaults.items())

    def insert_many(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert every row: one COPY on PostgreSQL, statements of many rows on SQLite."""
        if connection.vendor == "postgresql":
            with (
                connection.cursor() as cursor,
                connection.wrap_database_errors,
                cursor.cursor.copy(self.copy_sql) as copy,
            ):
                copy.set_types(self.copy_types)
                for row in rows:
                    copy.write_row(row)
            return
        self._execute_many("", rows)

    def _execute_many(self, suffix: str, rows: Iterable[Sequence[Any]]) -> None:
        """SQLite: the rows in statements of ``rows_per_statement`` rows, the rest one by one."""
        batch = rows if isinstance(rows, list) else list(rows)
        if not batch:
            return
        size = self.rows_per_statement
        whole = len(batch) - len(batch) % size if size > 1 else 0
        with connection.cursor() as cursor:
            if whole:
                cursor.executemany(
                    self.sql_rows + suffix,
                    [
                        tuple(chain.from_iterable(batch[start : start + size]))
                        for start in range(0, whole, size)
                    ],
                )
            if whole < len(batch):
                cursor.executemany(self.sql + suffix, batch[whole:])

    def insert_new(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert the rows that break no unique constraint, leaving the others out: through a
        COPY into a scratch table on PostgreSQL (COPY itself cannot skip conflicts), one
        ``executemany`` elsewhere."""
        if connection.vendor != "postgresql":
            self._execute_many(" ON CONFLICT DO NOTHING", rows)
            return
        batch = rows if isinstance(rows, list) else list(rows)
        if not batch:
            return
        scratch = connection.ops.quote_name("import_scratch")
        columns = self.copy_sql.removeprefix(f"COPY {self.table} ").removesuffix(
            " FROM STDIN (FORMAT BINARY)"
        )
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns[1:-1]} FROM {self.table} WITH NO DATA"  # noqa: S608
            )
            with cursor.cursor.copy(f"COPY {scratch} {columns} FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(self.copy_types)
                for row in batch:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {self.table} {columns} SELECT * FROM {scratch} ON CONFLICT DO NOTHING"  # noqa: S608
            )
            cursor.execute(f"DROP TABLE {scratch}")

    def insert_one(self, row: Sequence[Any]) -> None:
        """Insert one row (used to find which row of a refused batch is at fault)."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.as_parameters(row))

    def as_parameters(self, row: Sequence[Any]) -> Sequence[Any]:
        """A row's values as a statement's parameters: on PostgreSQL its timestamps and JSON
        from their binary COPY form."""
        if connection.vendor != "postgresql":
            return row
        values = list(row)
        for index in self.timestamps:
            if values[index] is not None:
                values[index] = POSTGRESQL_EPOCH + values[index] * _MICROSECOND
        for index in self.json:
            if values[index] is not None:
                values[index] = values[index][1:].decode()
        return values
