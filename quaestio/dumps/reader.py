"""The streaming converter: one dump file in, rows ready for the database out, nothing else.

``read_items`` walks a file with lxml's ``iterparse`` and clears each element once it is
converted, so memory stays flat whatever the file's size. It knows nothing of what the database
holds: every row comes out as the tuple of column values its table's ``RowPlan`` inserts
(dates already in the form the database stores, comments already rendered), or as the reason
it cannot be converted, both with the line they came from. A file that is not well-formed XML
(truncated, wrong encoding) stops the walk with ``DumpFileError``, naming the file and the line.

Conversion is the importer's inner loop (millions of rows), so everything a row does not need
to decide is decided once per table: the converter of each column, whether an absent or a
present attribute departs from the schema's presence rule, and where each value goes in the
insert.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

from quaestio.dumps.inserter import postgresql_json, postgresql_microseconds
from quaestio.dumps.schema import Table, always, for_questions, when_set
from quaestio.lib.markdown import render_comment
from quaestio.lib.tags import parse_tags
from quaestio.posts.models import VoteType

KNOWN_VOTE_TYPES = frozenset(VoteType.values)

# One converted row: (ordinal in the file, line, the insert tuple, the row's extra for the
# exporter or None, the posts' AcceptedAnswerId). A row that cannot be converted is
# (ordinal, line, None, the problem in a sentence, None).
Item = tuple[int, int, tuple[Any, ...] | None, Any, Any]


class DumpFileError(Exception):
    """A whole file cannot be read: not XML, truncated, the wrong file."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        # Rows of the file consumed before the bad spot (set by whoever reads in batches).
        self.consumed = 0
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Crosses from the reading process to the loading one.
        return (DumpFileError, (self.file, self.line, self.problem))


@dataclass(frozen=True)
class FilePart:
    """A stretch of a dump file that is read on its own, from the byte ``start`` (the beginning
    of a row's line) to ``end`` (None: the end of the file). ``split_file`` cuts them."""

    start: int = 0
    end: int | None = None


WHOLE = FilePart()
# Files smaller than this are read in one piece: cutting them gains less than it costs.
SPLIT_BYTES = 64 * 2**20
# A file is cut only when it begins the way every official dump does: an XML declaration of
# UTF-8, the root element on a line of its own, then a row per line (the cut's reader parses
# its stretch behind a declaration and root of its own).
_DUMP_HEAD = re.compile(
    rb'(?:\xef\xbb\xbf)?<\?xml version="1\.0" encoding="utf-8"\?>\r?\n<(\w+)>\r?\n[ \t]*<row[ \t/>]', re.I
)
_ROW_LINE = re.compile(rb"\n[ \t]*<row[ \t/>]")


def split_file(path: Path, table: Table, parts: int) -> list[FilePart]:
    """``path`` cut into up to ``parts`` stretches of about the same size, each beginning
    with a row's line, so that several processes can parse it at once; the whole file when
    it is small or does not look like an official dump."""
    size = path.stat().st_size
    if parts < 2 or size < SPLIT_BYTES:
        return [WHOLE]
    cuts: list[int] = []
    with path.open("rb") as handle:
        head = _DUMP_HEAD.match(handle.read(4096))
        if head is None or head.group(1).decode() != table.root:
            return [WHOLE]
        for number in range(1, parts):
            aim = size * number // parts
            handle.seek(aim)
            found = _ROW_LINE.search(handle.read(2**20))
            if found is not None and (not cuts or aim + found.start() + 1 > cuts[-1]):
                cuts.append(aim + found.start() + 1)
    starts = [0, *cuts]
    ends: list[int | None] = [*cuts, None]
    return [FilePart(start, end) for start, end in zip(starts, ends, strict=True)]


# The bytes ``rows_before`` reads at a time.
COUNTING_CHUNK = 16 * 2**20


def rows_before(path: Path, offset: int) -> tuple[int, int]:
    """The rows and the lines of ``path`` before the byte ``offset`` (a line's beginning):
    where a stretch cut by ``split_file`` takes up the file's ordinals and line numbers. A
    dump's text escapes every ``<`` inside values, so each ``<row`` is a row."""
    rows = lines = 0
    tail = b""
    with path.open("rb") as handle:
        left = offset
        while left > 0:
            chunk = handle.read(min(left, COUNTING_CHUNK))
            if not chunk:
                break
            left -= len(chunk)
            # A ``<row`` across two chunks is counted once: the three bytes carried over
            # cannot hold one of their own.
            rows += (tail + chunk).count(b"<row")
            lines += chunk.count(b"\n")
            tail = chunk[-3:]
    return rows, lines


class _PartReader:
    """The bytes of one stretch of a file, behind and before what makes it a document of its
    own; remembers where in the file it is, for the progress bar."""

    def __init__(self, raw: IO[bytes], part: FilePart, root: str) -> None:
        self.raw = raw
        self.position = part.start
        self.end = part.end
        self.prefix = b'<?xml version="1.0" encoding="utf-8"?><' + root.encode() + b">" if part.start else b""
        self.suffix = b"</" + root.encode() + b">" if part.end is not None else b""
        raw.seek(part.start)

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            chunk, self.prefix = self.prefix, b""
            return chunk
        if self.end is not None:
            left = self.end - self.position
            if left <= 0:
                chunk, self.suffix = self.suffix, b""
                return chunk
            size = left if size < 0 else min(size, left)
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


def _any_date(raw: str) -> str:
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return str(moment)


# The shape every dump date has: 2009-03-05T22:28:34.823. Such a date is valid when it has
# that shape, with hours, minutes and seconds in range, and its day exists (checked once per
# distinct day, so leap years and month lengths are datetime's business). One match of the
# shape and a set lookup of the day cost a third of parsing it into a datetime and printing
# it back, and dates are a fifth of the values a dump holds. Other forms (a time zone, no
# milliseconds) take the long way.
_DUMP_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}")
_is_dump_date = _DUMP_DATE.fullmatch
_VALID_DAYS: set[str] = set()


def _valid_day(day: str) -> bool:
    date.fromisoformat(day)  # raises ValueError for 2009-02-30
    _VALID_DAYS.add(day)
    return True


def sqlite_date(raw: str) -> str:
    """A dump date as Django stores a UTC datetime in SQLite: ``2009-03-05 22:28:34.823000``
    (``str`` of the naive UTC datetime: no fraction when it is zero)."""
    if _is_dump_date(raw) is not None and (raw[:10] in _VALID_DAYS or _valid_day(raw[:10])):
        if raw.endswith(".000"):
            return raw[:10] + " " + raw[11:19]
        return raw.replace("T", " ") + "000"
    return _any_date(raw)


# A valid day, time of day and millisecond of a dump date, each as the microseconds it adds
# to a PostgreSQL timestamp (since 2000-01-01 UTC): filled as they are first met and checked.
_DAY_MICROSECONDS: dict[str, int] = {}
_TIME_MICROSECONDS: dict[str, int] = {}
_MILLISECOND_MICROSECONDS = {f"{millis:03d}": millis * 1000 for millis in range(1000)}


def postgresql_date(raw: str) -> int:
    """A dump date as PostgreSQL's binary ``COPY`` sends a timestamp with time zone: the
    microseconds since 2000-01-01 UTC. Three lookups of its day, its time of day and its
    milliseconds, each a key only once checked (a string that does not match all three
    takes the long way: a new day or time, another form, or no date at all)."""
    if len(raw) == 23 and raw[10] == "T" and raw[19] == ".":
        day = _DAY_MICROSECONDS.get(raw[:10])
        time = _TIME_MICROSECONDS.get(raw[11:19])
        millis = _MILLISECOND_MICROSECONDS.get(raw[20:])
        if day is not None and time is not None and millis is not None:
            return day + time + millis
    # Raises ValueError for what is not a date (2009-02-30 included).
    moment = postgresql_microseconds(datetime.fromisoformat(raw))
    if _is_dump_date(raw) is not None:
        midnight = postgresql_microseconds(datetime.fromisoformat(raw[:10]))
        _DAY_MICROSECONDS[raw[:10]] = midnight
        _TIME_MICROSECONDS[raw[11:19]] = moment - midnight - _MILLISECOND_MICROSECONDS[raw[20:]]
    return moment


DATE_FORMATS: dict[str, Callable[[str], str | int]] = {"sqlite": sqlite_date, "postgresql": postgresql_date}
_WHAT = {"int": "a whole number", "date": "a date like 2009-03-05T22:28:34.823", "bool": "True or False"}


class RowPlan:
    """How one file's rows become insert tuples for its model's table.

    ``fields`` are the inserter's columns (attnames) in order; each takes the dump's value,
    one of the ``fixed`` values (already in the database's form), the row's extra as JSON
    (``dump_extra``) or, for comments, the rendered text (``text_html``).

    The conversion runs once per row of the dump, millions of times, so it is written out as
    Python source for the table (the way ``dataclasses`` writes ``__init__``): straight-line
    code per column, with every decision that does not depend on the row (converter, whether
    an absent or present attribute departs from the schema's presence rule, the tuple's
    order) already taken. ``source`` keeps the code for reading.
    """

    def __init__(self, table: Table, fields: Sequence[str], fixed: Mapping[str, Any], vendor: str) -> None:
        self.table = table
        self.file = table.file
        self.fields = list(fields)
        self.source = _conversion_source(table, self.fields, fixed)
        namespace: dict[str, Any] = {
            "convert_date": DATE_FORMATS.get(vendor, sqlite_date),
            "to_bool": _to_bool,
            "to_tags": _to_tags,
            "render_comment": render_comment,
            "dumps": postgresql_json if vendor == "postgresql" else json.dumps,
            "KNOWN_VOTE_TYPES": KNOWN_VOTE_TYPES,
            "known": frozenset(table.by_attr),
            "fixed": [fixed.get(name) for name in self.fields],
            "rules": [column.written for column in table.columns],
        }
        exec(compile(self.source, f"<row plan for {table.file}>", "exec"), namespace)  # noqa: S102
        self.convert: Callable[[Mapping[str, str], int, int], Item] = namespace["convert"]


_CONVERT_CALLS = {
    "int": "int(raw)",
    "date": "convert_date(raw)",
    "bool": "to_bool(raw)",
    "tags": "to_tags(raw)",
}


def _conversion_source(table: Table, fields: list[str], fixed: Mapping[str, Any]) -> str:
    """The Python source of ``convert(attrib, line, ordinal)`` for one table (see ``RowPlan``)."""
    index = {column.field: position for position, column in enumerate(table.columns)}
    lines = [
        "def convert(attrib, line, ordinal):",
        "    get = attrib.get",
        "    present = 0",
        "    flip = None",
    ]

    def emit(*code: str) -> None:
        lines.extend("    " + text for text in code)

    def flipped(attr: str) -> str:
        return f"flip = [*flip, {attr!r}] if flip else [{attr!r}]"

    for position, column in enumerate(table.columns):
        value = f"v{position}"
        attr = column.attr
        emit(f"raw = get({attr!r})", "if raw is None:")
        if column.required:
            problem = f"the row has no {attr} attribute, which every row needs"
            emit(f"    return (ordinal, line, None, {problem!r}, None)")
        else:
            emit(f"    {value} = {column.default!r}")
            # Whether an absent attribute departs from the rule (the row says nothing, the
            # rule would write the default).
            if column.written is always or column.written is when_set:
                if column.written(column.default, {}):
                    emit(f"    {flipped(attr)}")
            elif column.written is for_questions and "post_type" in index:
                # A question always has it: absent, the default is written unless it is NULL.
                question = f"v{index['post_type']} == 1"
                if always(column.default, {}) != when_set(column.default, {}):
                    emit(f"    if {question}:", f"        {flipped(attr)}")
                elif always(column.default, {}):
                    emit(f"    {flipped(attr)}")
            else:
                so_far = ", ".join(f"{name!r}: v{index[name]}" for name in list(index)[: position + 1])
                emit(f"    if rules[{position}]({value}, {{{so_far}}}):", f"        {flipped(attr)}")
        emit("else:", "    present += 1")
        if column.kind == "str":
            emit(f"    {value} = raw")
        else:
            what = _WHAT.get(column.kind, "valid")
            emit(
                "    try:",
                f"        {value} = {_CONVERT_CALLS[column.kind]}",
                "    except ValueError:",
                f"        return (ordinal, line, None, f'{attr}={{raw!r}} is not {what}', None)",
            )
        # Whether a present attribute departs from the rule (the rule would leave it out).
        # Columns come in file order and the rules only look back (ViewCount at PostTypeId).
        if not column.required and column.written is not always:
            if column.written is when_set:
                emit(f"    if not {value}:", f"        {flipped(attr)}")
            elif column.written is for_questions and "post_type" in index:
                # Other posts have it only when it is set.
                emit(f"    if v{index['post_type']} != 1 and not {value}:", f"        {flipped(attr)}")
            else:
                so_far = ", ".join(f"{name!r}: v{index[name]}" for name in list(index)[: position + 1])
                emit(f"    if not rules[{position}]({value}, {{{so_far}}}):", f"        {flipped(attr)}")
    if table.file == "Votes.xml":
        vote_type = f"v{index['vote_type']}"
        emit(
            f"if {vote_type} not in KNOWN_VOTE_TYPES:",
            "    return (ordinal, line, None,"
            f" f'VoteTypeId {{{vote_type}}} is not a vote type Stack Exchange uses', None)",
        )
    accepted = "None"
    if table.file == "Posts.xml":
        emit(
            f"if v{index['post_type']} == 2 and v{index['parent_id']} is None:",
            "    return (ordinal, line, None, 'the answer (PostTypeId 2) has no ParentId', None)",
        )
        accepted = f"v{index['accepted_answer_id']}"
    emit(
        "extra = None if flip is None else {'flip': flip}",
        "if len(attrib) > present:",
        "    # Attributes this schema does not know (other dump versions): kept for the export.",
        "    unknown = {name: value for name, value in attrib.items() if name not in known}",
        "    extra = {**(extra or {}), 'attrs': unknown}",
    )
    parts = []
    for position, name in enumerate(fields):
        if name == "dump_extra":
            parts.append("None if extra is None else dumps(extra)")
        elif name == "text_html" and "text" in index:
            # Comments are rendered here, beside the loader, whose process is the one that
            # decides how long an import takes.
            parts.append(f"render_comment(v{index['text']})")
        elif name == "is_answered" and table.file == "Posts.xml" and "accepted_answer_id" not in fixed:
            # A question that goes in with its accepted answer is answered; both are checked
            # at the end (``recount.set_accepted_answers``), so most answered questions are
            # not written a second time for the flag.
            parts.append(f"v{index['accepted_answer_id']} is not None")
        elif name in fixed:
            # Fixed values win over the dump's (the posts' AcceptedAnswerId waits for the end).
            parts.append(f"fixed[{position}]")
        elif name in index:
            parts.append(f"v{index[name]}")
        else:
            raise ValueError(f"{table.file}: nothing gives the column {name}")
    emit(f"return (ordinal, line, ({', '.join(parts)},), extra, {accepted})")
    return "\n".join(lines) + "\n"


def read_items(
    path: Path,
    plan: RowPlan,
    *,
    skip: int = 0,
    keep: frozenset[int] = frozenset(),
    on_progress: Callable[[int, int], None] | None = None,
    progress_every: int = 2000,
    part: FilePart = WHOLE,
    before: tuple[int, int] = (0, 0),
) -> Iterator[Item]:
    """Every ``<row>`` of ``path`` (of its ``part``) converted by ``plan``, in file order,
    ordinals from 1.

    The first ``skip`` rows (done by an earlier run) are only counted, except those whose
    ordinal is in ``keep``. ``on_progress`` receives the position in the file and the rows
    seen so far, every ``progress_every`` rows. A part that does not begin the file gives
    ordinals and lines after ``before``, the rows and lines ahead of it (``rows_before``).
    Raises ``DumpFileError`` when the file is not well-formed or is not ``plan``'s file.
    """
    table = plan.table
    base_lines = before[1]
    with path.open("rb") as handle:
        counting = _PartReader(handle, part, table.root)
        parser = etree.iterparse(
            counting, events=("end",), tag="row", huge_tree=True, resolve_entities=False, no_network=True
        )
        count = before[0]
        # A later part's root element is the reader's own.
        checked_root = part.start > 0
        convert = plan.convert
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
                count += 1
                if count > skip or count in keep:
                    # The attributes are read where they are, without copying them to a dict.
                    yield convert(element.attrib, (element.sourceline or 0) + base_lines, count)
                # Free the converted element and the ones before it: lxml keeps the tree.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
                if on_progress is not None and count % progress_every == 0:
                    on_progress(counting.position, count)
        except etree.XMLSyntaxError as error:
            line = error.lineno + base_lines if error.lineno else None
            message = error.msg or str(error)
            raise DumpFileError(table.file, line, f"the file is not well-formed XML ({message})") from None
        if on_progress is not None:
            on_progress(counting.position, count)
