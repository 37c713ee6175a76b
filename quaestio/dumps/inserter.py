"""Plain multi-row inserts for the loader, without building model instances.

``bulk_create`` spends most of its time instantiating models and preparing each value through
its field; for millions of rows that dominates the import. This writes the same rows with one
``executemany`` per batch, adapting only the values that need it (dates, JSON), with the
adapters chosen once per table. Columns a row does not give take the field's default, fixed
once per table as well (callable defaults such as ``timezone.now`` are always given by the
loader, so their one-time value is never stored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC
from typing import Any

from django.db import connection, models

Adapter = Callable[[Any], Any]


class Inserter:
    """Inserts dicts of field values (by attname: ``owner_id``) into ``model``'s table."""

    def __init__(self, model: type[models.Model], *, with_id: bool = True) -> None:
        # Without ``with_id`` the database numbers the rows (the ledger, the bookkeeping).
        fields = [field for field in model._meta.concrete_fields if with_id or not field.primary_key]
        quote = connection.ops.quote_name
        self.attnames = [field.attname for field in fields]
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Table and column names come from the model and are quoted; values go as parameters.
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.defaults: list[Any] = []
        self.adapters: list[Adapter | None] = []
        for field in fields:
            self.defaults.append(field.get_default() if field.has_default() else None)
            self.adapters.append(self._adapter(field))

    @staticmethod
    def _adapter(field: models.Field[Any, Any]) -> Adapter | None:
        if isinstance(field, models.DateTimeField):
            adapt_datetime = connection.ops.adapt_datetimefield_value
            if connection.vendor == "sqlite" and connection.timezone == UTC:
                # What Django's adapter stores for a UTC datetime, without its checks per value.
                return lambda value: (
                    str(value.replace(tzinfo=None)) if value.tzinfo is UTC else adapt_datetime(value)
                )
            return adapt_datetime
        if isinstance(field, models.JSONField):
            return lambda value: None if value is None else field.get_db_prep_save(value, connection)
        return None

    def params(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The row's values in column order, adapted for the database."""
        values = []
        for attname, default, adapter in zip(self.attnames, self.defaults, self.adapters, strict=True):
            value = row.get(attname, default)
            values.append(adapter(value) if adapter is not None and value is not None else value)
        return tuple(values)

    def insert_many(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert every row with one ``executemany``."""
        batch = [self.params(row) for row in rows]
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, batch)

    def insert_one(self, row: Mapping[str, Any]) -> None:
        """Insert one row (used to find which row of a refused batch is at fault)."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params(row))
