"""The streaming converter: one dump file in, typed rows out, nothing else.

``read_rows`` walks a file with lxml's ``iterparse`` and clears each element once it is
converted, so memory stays flat whatever the file's size. It knows nothing of the database:
every row comes out as the model field values it maps to (``Row``) or as the reason it cannot
be converted (``RowError``), both with the line they came from. A file that is not
well-formed XML (truncated, wrong encoding) stops the walk with ``DumpFileError``, naming the
file and the line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from quaestio.dumps.schema import Table, parse_date
from quaestio.lib.tags import parse_tags
from quaestio.posts.models import VoteType

KNOWN_VOTE_TYPES = frozenset(VoteType.values)


class DumpFileError(Exception):
    """A whole file cannot be read: not XML, truncated, the wrong file."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Row:
    """A converted row: model field values (defaults filled in for absent attributes) and the
    exceptions the exporter needs (``extra``: ``flip`` lists attributes whose presence differs
    from the schema's rule, ``attrs`` keeps attributes that have no column), or None."""

    line: int
    values: dict[str, Any]
    extra: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that cannot be converted, and why, in a sentence."""

    line: int
    problem: str


class _CountingReader:
    """A binary file that remembers how many bytes were read, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.position += len(chunk)
        return chunk


def _to_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise ValueError(raw)
    return lowered == "true"


def _to_tags(raw: str) -> str:
    return " ".join(parse_tags(raw))


def _as_is(raw: str) -> str:
    return raw


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "date": parse_date,
    "bool": _to_bool,
    "tags": _to_tags,
    "str": _as_is,
}
_WHAT = {"int": "a whole number", "date": "a date like 2009-03-05T22:28:34.823", "bool": "True or False"}


def convert_row(table: Table, attrib: dict[str, str], line: int) -> Row | RowError:
    """Turn one ``<row>``'s attributes into model field values, or say what is wrong."""
    values: dict[str, Any] = {}
    flip: list[str] | None = None
    present = 0
    for column in table.columns:
        raw = attrib.get(column.attr)
        if raw is None:
            if column.required:
                return RowError(line, f"the row has no {column.attr} attribute, which every row needs")
            value = column.default
        else:
            present += 1
            try:
                value = _CONVERTERS[column.kind](raw)
            except ValueError:
                what = _WHAT.get(column.kind, "valid")
                return RowError(line, f"{column.attr}={raw!r} is not {what}")
        values[column.field] = value
        # Columns come in file order and the rules only look back (ViewCount at PostTypeId),
        # so presence can be checked as the values are filled in.
        if not column.required and (raw is not None) != column.written(value, values):
            if flip is None:
                flip = []
            flip.append(column.attr)
    if table.file == "Votes.xml" and values["vote_type"] not in KNOWN_VOTE_TYPES:
        return RowError(line, f"VoteTypeId {values['vote_type']} is not a vote type Stack Exchange uses")
    if table.file == "Posts.xml" and values["post_type"] == 2 and values["parent_id"] is None:
        return RowError(line, "the answer (PostTypeId 2) has no ParentId")
    extra: dict[str, Any] | None = None
    if flip is not None:
        extra = {"flip": flip}
    if len(attrib) > present:
        # Attributes this schema does not know (other dump versions): kept for the export.
        unknown = {name: value for name, value in attrib.items() if name not in table.by_attr}
        extra = {**(extra or {}), "attrs": unknown}
    return Row(line, values, extra)


def read_rows(
    path: Path,
    table: Table,
    *,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 2000,
) -> Iterator[Row | RowError]:
    """Every ``<row>`` of ``path`` converted for ``table``, in file order.

    ``on_progress`` receives the number of bytes read so far, every ``progress_every`` rows.
    Raises ``DumpFileError`` when the file is not well-formed or is not ``table``'s file.
    """
    with path.open("rb") as handle:
        counting = _CountingReader(handle)
        parser = etree.iterparse(
            counting, events=("end",), tag="row", huge_tree=True, resolve_entities=False, no_network=True
        )
        count = 0
        checked_root = False
        try:
            for _event, element in parser:
                if not checked_root:
                    parent = element.getparent()
                    root = parent.tag if parent is not None else None
                    if root != table.root:
                        raise DumpFileError(
                            table.file,
                            element.sourceline,
                            f"the root element is <{root}>, where {table.file} has <{table.root}>",
                        )
                    checked_root = True
                yield convert_row(table, dict(element.attrib), element.sourceline or 0)
                # Free the converted element and the ones before it: lxml keeps the tree.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
                count += 1
                if on_progress is not None and count % progress_every == 0:
                    on_progress(counting.position)
        except etree.XMLSyntaxError as error:
            line = error.lineno if error.lineno else None
            message = error.msg or str(error)
            raise DumpFileError(table.file, line, f"the file is not well-formed XML ({message})") from None
        if on_progress is not None:
            on_progress(counting.position)
