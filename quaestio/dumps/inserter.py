"""Plain bulk inserts for the loader, without building model instances.

``bulk_create`` spends most of its time instantiating models and preparing each value through
its field; for millions of rows that dominates the import. This writes rows that are already
tuples of database values (``reader.RowPlan`` makes them): on SQLite, one ``executemany`` per
batch of statements that each insert many rows, on PostgreSQL one ``COPY … FROM STDIN``
(several times faster than INSERTs there).
Columns a row does not give take the field's default, fixed and adapted once per table
(callable defaults such as ``timezone.now`` are always given by the loader, so their one-time
value is never stored).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from django.db import connection, models

Adapter = Callable[[Any], Any]
# Rows per INSERT statement on SQLite (fewer where the columns would pass its limit of
# parameters). Each statement, not each row, pays for starting and ending: AUTOINCREMENT
# reads and writes the table's sequence then. A batch of votes went in 1.6–2.4 times as fast.
ROWS_PER_STATEMENT = 100


def adapt_datetime(value: datetime) -> str:
    """A datetime in the form the reader gives dump dates for this database."""
    if connection.vendor == "sqlite" and connection.timezone == UTC:
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(sep=" ")


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
        self.copy_sql = f"COPY {self.table} ({columns}) FROM STDIN"
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
            return field.get_db_prep_save(value, connection)
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
        columns = self.copy_sql.removeprefix(f"COPY {self.table} ").removesuffix(" FROM STDIN")
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns[1:-1]} FROM {self.table} WITH NO DATA"  # noqa: S608
            )
            with cursor.cursor.copy(f"COPY {scratch} {columns} FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {self.table} {columns} SELECT * FROM {scratch} ON CONFLICT DO NOTHING"  # noqa: S608
            )
            cursor.execute(f"DROP TABLE {scratch}")

    def insert_one(self, row: Sequence[Any]) -> None:
        """Insert one row (used to find which row of a refused batch is at fault)."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, row)
