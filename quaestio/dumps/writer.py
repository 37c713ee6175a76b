"""Export the site as a Stack Exchange data dump: the eight files, in the official format.

Each file is UTF-8 with a byte-order mark, an XML declaration, the lowercase root element, and
one ``  <row .../>`` per line, attributes in the official order, NULL written as no attribute,
dates as ``2009-03-05T22:28:34.823``. Values are escaped as Stack Exchange's writer does
(``&amp; &lt; &gt; &quot;``, newline ``&#xA;``, carriage return ``&#xD;``), and tab as ``&#x9;``
so that it survives a reader's attribute-value normalisation. Rows are streamed from the
database in id order and written as they come, so memory stays flat.

Which optional attributes a row has follows the schema's presence rules, corrected by the
exceptions the importer kept in ``dump_extra``, so an imported dump is given back attribute for
attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quaestio.dumps.schema import TABLES, Column, Table, format_date
from quaestio.lib.tags import format_tags

CHUNK_SIZE = 2000
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#xA;", "\r": "&#xD;", "\t": "&#x9;"}
)
# Characters XML 1.0 cannot carry at all, even escaped; they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(value: str) -> str:
    """An attribute value as the dump writes it."""
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    return value.translate(_ESCAPES)


def _format(column: Column, value: Any) -> str:
    if column.kind == "date":
        assert isinstance(value, datetime)
        return format_date(value)
    if column.kind == "bool":
        return "True" if value else "False"
    if column.kind == "tags":
        return escape(format_tags(str(value).split()))
    if column.kind == "int":
        return str(value)
    return escape(str(value))


def row_line(table: Table, values: dict[str, Any], extra: dict[str, Any] | None) -> str:
    """One ``<row .../>`` (without indent or newline) for a row's field values."""
    flips: set[str] = set(extra.get("flip", ())) if extra else set()
    kept: dict[str, str] = dict(extra.get("attrs", {})) if extra else {}
    parts = ["<row"]
    for column in table.columns:
        if column.attr in kept:
            parts.append(f'{column.attr}="{escape(kept.pop(column.attr))}"')
            continue
        value = values[column.field]
        written = column.written(value, values) if not column.required else True
        if column.attr in flips:
            written = not written
        if not written:
            continue
        if value is None:
            value = column.default if column.default is not None else ""
        parts.append(f'{column.attr}="{_format(column, value)}"')
    # Attributes this schema does not know, from other dump versions, in their own order.
    for attr, raw in kept.items():
        parts.append(f'{attr}="{escape(raw)}"')
    parts.append("/>")
    return " ".join(parts)


@dataclass(frozen=True)
class Written:
    """One exported file."""

    file: str
    rows: int


def write_table(
    table: Table,
    directory: Path,
    *,
    newline: str = "\r\n",
    on_row: Callable[[int], None] | None = None,
) -> Written:
    """Write ``table``'s file into ``directory``; returns how many rows it has."""
    fields = table.fields
    queryset = table.model._default_manager.order_by("pk").values_list(*fields, "dump_extra")
    count = 0
    path = directory / table.file
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(f'<?xml version="1.0" encoding="utf-8"?>{newline}<{table.root}>{newline}')
        for record in queryset.iterator(chunk_size=CHUNK_SIZE):
            values = dict(zip(fields, record, strict=False))
            handle.write(f"  {row_line(table, values, record[-1])}{newline}")
            count += 1
            if on_row is not None and count % CHUNK_SIZE == 0:
                on_row(count)
        handle.write(f"</{table.root}>")
    if on_row is not None:
        on_row(count)
    return Written(table.file, count)


def export_dump(
    directory: Path,
    *,
    newline: str = "\r\n",
    on_file: Callable[[str], None] | None = None,
    on_row: Callable[[int], None] | None = None,
) -> list[Written]:
    """Write the eight files into ``directory`` (created if need be)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        if on_file is not None:
            on_file(table.file)
        written.append(write_table(table, directory, newline=newline, on_row=on_row))
    return written
