"""Paging as Stack Exchange does it, at any depth: ``?page=N&pagesize=15|30|50``, numbered
links with gaps, and links that carry a cursor so that a deep page costs what the first does.

A list is a queryset in a fixed order (an ``Ordering``) whose last key is unique (the id),
served by an index in exactly that order. ``page_keys`` finds a page's rows in one of two ways:

- By its number alone (``?page=N``, as people type it and as Stack Exchange links it): counted
  from whichever end of the list is nearer, an index seek to the nearest landmark before the
  page, then a short OFFSET from it (see below). The indexes are covering, so the rows skipped
  are index entries, never table rows.
- Through a cursor (``?page=N&cursor=…``), which the pager's links carry once they are more
  than a few pages from both ends: the keys of the last row of the page the link was on (or of
  its first row, for the pages before it). The page then starts with an index seek wherever it
  is, and nothing before it is read.

A seek after the key ``(v, id)`` in the order ``(k, id)`` is two queries, one per key: the rows
where ``k = v`` and the id lies beyond, then the rows where ``k`` lies beyond ``v``. A single
row-value comparison ``(k, id) < (v, id)`` would be one query, but SQLite seeks with it on
``k`` alone when ``id`` is the rowid, and would then walk through every row tied at ``v`` (a
quarter of all questions score 0); the split also serves orders whose keys run in opposite
directions (tags by count, then name).

A cursor names the list it belongs to (a digest of its scope and page size) and is checked
against the list the URL names: a cursor for another list, a malformed one, or one too far from
the page asked for is ignored, and the page number alone decides. A cursor only says where the
page starts in the list the URL names, so it can never show anything that list does not hold.

Landmarks keep a page reached by number from costing more the deeper it is. A landmark is the
key of the row at a multiple of ``LANDMARK_ROWS`` in one of a list's two directions, kept in the
cache under the page cache's versions of what the list depends on (``ListCache``), like its
total: any change to the list makes every landmark read before it out of date, so a page is
never found from a row that has since moved. The page is then the rows at or after its
landmark, skipping fewer than ``LANDMARK_ROWS`` of them: one query, whatever the depth. A
landmark the cache does not hold is read by OFFSET (one more query, which costs what the page
alone used to) and kept. The first ``LANDMARK_ROWS`` rows from either end need none.

Nothing here counts rows per request: a list's total comes from ``cached_total``
(``ListCache.total``), a count kept in the cache under the page cache's versions, so it is
recounted only after a change.
A page number that is not a whole number counts as page 1 (people edit URLs by hand); a page
past the last one is an error the view turns into a 404, so a URL never shows content it does
not name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from quaestio.lib.db_routing import replica_may_lag_behind
from quaestio.web.page_cache import PAGE_TTL, versions

T = TypeVar("T")

PAGE_SIZES = (15, 30, 50)
DEFAULT_PAGE_SIZE = 15
# Links to pages this close to either end carry no cursor: their offset is small, and their
# plain URLs are the ones people share and caches hold.
PLAIN_LINK_PAGES = 10
# How far past the page it came from a cursor may lead (the pager links two pages either
# side); farther, the page number alone decides.
CURSOR_REACH = 5
# Rows between two landmarks: a page reached by number skips fewer rows than this after its
# landmark (on SQLite about 70 ns each, through the arms of the query that reads them), and a
# list keeps one landmark per this many rows of depth that readers reach by number.
LANDMARK_ROWS = 100

Key = tuple[int | str | datetime, ...]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class PageOutOfRange(Exception):
    """The requested page lies past the last page of the list."""


def parse_page_number(raw: str | None) -> int:
    """``?page=`` as a positive whole number; anything else is page 1."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return max(number, 1)


def parse_page_size(
    raw: str | None, allowed: Sequence[int] = PAGE_SIZES, default: int = DEFAULT_PAGE_SIZE
) -> int:
    """``?pagesize=`` when it is one of ``allowed``, otherwise ``default``."""
    try:
        size = int(raw or "")
    except ValueError:
        return default
    return size if size in allowed else default


def last_page(total: int, size: int) -> int:
    """The number of the last page of ``total`` rows (page 1 of an empty list exists)."""
    return max(1, -(-total // size))


def page_bounds(number: int, size: int, total: int) -> tuple[int, int]:
    """The ``[start, stop)`` slice of page ``number``; raises ``PageOutOfRange`` past the end.

    Page 1 of an empty list exists (it says "no questions"), any later page does not.
    """
    last = last_page(total, size)
    if number > last:
        raise PageOutOfRange(f"Page {number} is past the last page ({last}).")
    start = (number - 1) * size
    return start, start + size


class ListCache:
    """What the cache keeps of one list (its total, its landmarks) under the page cache's
    versions of what the list depends on (``page_cache.touch``), read once, when it is made:
    one ``get_many``. An entry is used only while those versions are unchanged, so it is as
    fresh as the cached pages.

    The versions are read before the list is, so a change committed while counting or reading
    a landmark leaves an entry that is already out of date. Nothing read from a replica that
    may not yet hold a recent change is kept, as the page cache keeps no such page.
    """

    def __init__(self, dependencies: Sequence[str]) -> None:
        self.current = versions(dependencies)
        self._keep = not replica_may_lag_behind(self.current.values())

    def _read(self, entry_key: str, current: Mapping[str, Any]) -> tuple[bool, Any]:
        entry = cache.get(entry_key)
        if entry is not None and entry[0] == current:
            return True, entry[1]
        return False, None

    def _write(self, entry_key: str, current: Mapping[str, Any], value: object) -> None:
        if self._keep:
            cache.set(entry_key, (current, value), PAGE_TTL)

    def total(self, key: str, count: Callable[[], T], depends_on: Sequence[str] | None = None) -> T:
        """``count()`` (a count, or a few) as cached under ``key``: the "N questions" of a list
        and its pager's last page, without a COUNT per request. One cache read when fresh,
        plus the COUNT after a change. ``depends_on`` names the few of the cache's
        dependencies the count depends on, when not all of them (the number of users does
        not change with a vote, their order does)."""
        current = self.current if depends_on is None else {name: self.current[name] for name in depends_on}
        entry_key = f"pagination:total:{_digest(key)}"
        found, cached = self._read(entry_key, current)
        if found:
            known: T = cached
            return known
        total = count()
        self._write(entry_key, current, total)
        return total

    def landmark(self, scope: str, ordering: Ordering, index: int) -> Key | None:
        """The key of row ``index * LANDMARK_ROWS`` of the list ``scope`` in ``ordering``, if
        the cache holds it as of the current versions (one cache read)."""
        found, key = self._read(_landmark_key(scope, ordering, index), self.current)
        return tuple(key) if found else None

    def keep_landmark(self, scope: str, ordering: Ordering, index: int, key: Key) -> None:
        self._write(_landmark_key(scope, ordering, index), self.current, key)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _landmark_key(scope: str, ordering: Ordering, index: int) -> str:
    # The list's scope and the direction it is read in (a reversed ordering counts its rows
    # from the other end); the page size plays no part: landmarks are rows, not pages.
    order = ",".join(ordering.order_by)
    return f"pagination:landmark:{_digest(f'{scope}|{order}|{index}')}"


def cached_total(key: str, dependencies: Sequence[str], count: Callable[[], T]) -> T:
    """``count()`` cached until one of ``dependencies`` is touched: ``ListCache.total`` for a
    count that no page of a list goes with (a profile's post counts). Two cache reads when
    fresh, plus the COUNT after a change."""
    return ListCache(dependencies).total(key, count)


# ---------------------------------------------------------------- orders and cursors


@dataclass(frozen=True)
class SortKey:
    """One key of a list's order: a field (or annotation) of the paged rows, its direction,
    and the type its values have, which a cursor must match."""

    name: str
    descending: bool
    kind: type[int] | type[str] | type[datetime]

    @property
    def order_by(self) -> str:
        return f"-{self.name}" if self.descending else self.name

    def flipped(self) -> SortKey:
        return SortKey(self.name, not self.descending, self.kind)


def desc(name: str, kind: type[int] | type[str] | type[datetime]) -> SortKey:
    return SortKey(name, True, kind)


def asc(name: str, kind: type[int] | type[str] | type[datetime]) -> SortKey:
    return SortKey(name, False, kind)


@dataclass(frozen=True)
class Ordering:
    """A list's order: its keys, the last of which is unique and names the row a list item
    shows (a question's id, also when the paged rows are its PostTag rows), unless ``row``
    names the field that does (the popular tags end with the unique name, and are read by id).
    """

    keys: tuple[SortKey, ...]
    row: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def selected(self) -> tuple[str, ...]:
        """What a page's keys are read as: the order's keys, then ``row`` if it is set."""
        return (*self.names, self.row) if self.row else self.names

    @property
    def order_by(self) -> tuple[str, ...]:
        return tuple(key.order_by for key in self.keys)

    def reversed(self) -> Ordering:
        return Ordering(tuple(key.flipped() for key in self.keys), self.row)

    def cursor_key(self, found: Key) -> Key:
        """The order's keys of a row as ``page_keys`` read it (without ``row``)."""
        return found[: len(self.keys)]


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: just after the last row of page ``anchor`` (``forward``), or just
    before its first row, whose keys are ``key``."""

    anchor: int
    forward: bool
    key: Key


def list_digest(scope: str, size: int) -> str:
    """A short name for one list at one page size, which its cursors carry."""
    return hashlib.blake2b(f"{scope}|{size}".encode(), digest_size=4).hexdigest()


def _encode_value(value: int | str | datetime) -> str:
    if isinstance(value, datetime):
        # Microseconds since the epoch: exact, and no characters a URL must escape.
        return "t" + str((value - _EPOCH) // timedelta(microseconds=1))
    if isinstance(value, int):
        return "i" + str(value)
    return "s" + base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def _decode_value(raw: str, kind: type[int] | type[str] | type[datetime]) -> int | str | datetime:
    """One value of a cursor; raises ``ValueError`` when it is not of ``kind``."""
    tag, body = raw[:1], raw[1:]
    if kind is datetime and tag == "t":
        return _EPOCH + timedelta(microseconds=int(body))
    if kind is int and tag == "i":
        number = int(body)
        # Beyond 64 bits no column holds it, and the database driver would refuse it.
        if not -(2**63) <= number < 2**63:
            raise ValueError(raw)
        return number
    if kind is str and tag == "s":
        try:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError) as error:
            raise ValueError(raw) from error
    raise ValueError(raw)


def encode_cursor(cursor: Cursor, digest: str) -> str:
    """``cursor`` as URL-safe text: ``<anchor>.<a|b>.<digest>.<key>…``."""
    direction = "a" if cursor.forward else "b"
    return ".".join([str(cursor.anchor), direction, digest, *(_encode_value(v) for v in cursor.key)])


def decode_cursor(raw: str | None, ordering: Ordering, digest: str) -> Cursor | None:
    """The cursor in ``raw`` when it is well formed, belongs to the list named by ``digest``
    and has keys of ``ordering``'s types; ``None`` otherwise, like a missing one."""
    if not raw or len(raw) > 400:
        return None
    parts = raw.split(".")
    if len(parts) != 3 + len(ordering.keys) or parts[2] != digest or parts[1] not in ("a", "b"):
        return None
    values = zip(parts[3:], ordering.keys, strict=True)
    try:
        anchor = int(parts[0])
        key = tuple(_decode_value(value, sort_key.kind) for value, sort_key in values)
    # A date out of datetime's range (year 0, year 10000) raises OverflowError.
    except (ValueError, OverflowError):
        return None
    if anchor < 1:
        return None
    return Cursor(anchor=anchor, forward=parts[1] == "a", key=key)


# ---------------------------------------------------------------- finding a page's rows


# Placeholder values a prepared list query is compiled with, told apart from the queryset's own
# constants in the compiled parameters: whole numbers far outside any id and within 32 bits (a
# lookup whose value its column cannot hold compiles to no query), text no name holds, dates
# (distinct by their microseconds) before any site.
_INT_SENTINEL = -2_000_000_000
_STR_SENTINEL = "\x00quaestio-placeholder-"
_DATETIME_SENTINEL = datetime(1901, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _CompiledKeys:
    """A key query as SQL, and where each of its parameters comes from: ``("param", name)`` a
    parameter of the list's rows, ``("key", index)`` a value of the cursor's key (dates adapted
    to the database), ``("value", constant)`` the queryset's own."""

    sql: str
    slots: tuple[tuple[str, Any], ...]
    compiler: SQLCompiler
    converters: dict[int, Any]


# How ``ListRows`` reads a list's keys: by OFFSET, through a cursor (one query per position of
# the order's keys, see ``_seek``), or from a landmark (all positions in one query).
_BY_OFFSET = "offset"
_FROM_LANDMARK = "landmark"


class ListRows:
    """The rows a list pages through, ``build(**params)`` with whole-number ``params`` (a tag's
    id): the queries that read a page's keys are compiled once per database, order and way of
    reading (an OFFSET slice, a seek on one key of a cursor, the rows from a landmark), then
    run with new values. Django takes longer to build such a query than SQLite to run it.

    ``build`` must use each of its parameters once in the queryset. A list whose rows depend on
    text (a name filter) pages through a plain queryset instead.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[Any, ...], _CompiledKeys] = {}
        self._lock = threading.Lock()

    def bind(self, **params: int) -> BoundRows:
        return BoundRows(self, params)

    def _compile(
        self, alias: str, names: tuple[str, ...], ordering: Ordering, how: int | str
    ) -> _CompiledKeys:
        """The key query of ``ordering`` read by OFFSET (``how`` is ``_BY_OFFSET``), the seek
        past keys ``0…how`` of a cursor with the keys before ``how`` held equal, or the rows at
        or after a landmark's keys (``_FROM_LANDMARK``)."""
        connection = connections[alias]
        ops = connection.ops
        sentinels: dict[Any, tuple[str, Any]] = {}
        arguments = {}
        for serial, name in enumerate(names):
            arguments[name] = _INT_SENTINEL - serial
            sentinels[_INT_SENTINEL - serial] = ("param", name)
        held = len(ordering.keys) if how == _FROM_LANDMARK else 0 if how == _BY_OFFSET else int(how) + 1
        values: list[Any] = []
        for index, sort_key in enumerate(ordering.keys[:held]):
            if sort_key.kind is datetime:
                value: Any = _DATETIME_SENTINEL + timedelta(microseconds=index + 1)
                sentinels[ops.adapt_datetimefield_value(value)] = ("key", index)
            elif sort_key.kind is int:
                value = _INT_SENTINEL - len(names) - index
                sentinels[value] = ("key", index)
            else:
                value = f"{_STR_SENTINEL}{index}"
                sentinels[value] = ("key", index)
            values.append(value)

        def branch(queryset: QuerySet[Any]) -> tuple[str, list[tuple[str, Any]], SQLCompiler]:
            compiler = queryset.values_list(*ordering.selected).query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            slots = []
            for value in params:
                found = sentinels.get(value) if isinstance(value, int | str | datetime) else None
                slots.append(found if found is not None else ("value", value))
            return sql, slots, compiler

        if how == _BY_OFFSET:
            sql, slots, compiler = branch(self.build(**arguments).order_by(*ordering.order_by))
            sql += " LIMIT %s OFFSET %s"
            slots += [("limit_offset", "limit"), ("limit_offset", "offset")]
        elif how == _FROM_LANDMARK:
            # One arm per position of the keys, as ``_seek`` runs them, the landmark's own row
            # in the first; each arm walks no further than the page's last row. SQLite runs the
            # arms of a UNION ALL one after the other, so their rows come in list order and it
            # stops reading once the page is full. PostgreSQL promises no order for a UNION, so
            # there it is asked for (it merges the arms' index orders).
            arms, slots = [], []
            for position in reversed(range(len(ordering.keys))):
                lookups = _seek_lookups(ordering, tuple(values), position, inclusive=position == held - 1)
                arm = self.build(**arguments).filter(**lookups).order_by(*ordering.order_by[position:])
                arm_sql, arm_slots, compiler = branch(arm)
                # Compiled SQL and a number: nothing a request supplies.
                arms.append(f"SELECT * FROM ({arm_sql} LIMIT %s) AS landmark_{position}")  # noqa: S608
                slots += [*arm_slots, ("limit_offset", "span")]
            sql = " UNION ALL ".join(arms)
            if connection.vendor != "sqlite":
                sql += " ORDER BY " + ", ".join(
                    f"{column} {'DESC' if key.descending else 'ASC'}"
                    for column, key in enumerate(ordering.keys, start=1)
                )
            sql += " LIMIT %s OFFSET %s"
            slots += [("limit_offset", "limit"), ("limit_offset", "offset")]
        else:
            position = int(how)
            seek = self.build(**arguments).filter(**_seek_lookups(ordering, tuple(values), position))
            sql, slots, compiler = branch(seek.order_by(*ordering.order_by[position:]))
            sql += " LIMIT %s"
            slots += [("limit_offset", "limit")]
        if len({slot for slot in slots if slot[0] in ("param", "key")}) != len(sentinels):
            raise ValueError("A list's rows must use each of their parameters once.")
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        return _CompiledKeys(
            sql=sql,
            slots=tuple(slots),
            compiler=compiler,
            converters=compiler.get_converters(columns),
        )

    def keys(
        self,
        params: Mapping[str, int],
        ordering: Ordering,
        *,
        limit: int,
        offset: int = 0,
        seek: tuple[int, Key] | None = None,
        landmark: Key | None = None,
    ) -> list[Key]:
        """``limit`` keys from ``offset`` in ``ordering``; or past ``seek`` (a position and the
        cursor's key); or from ``offset`` among the rows at or after ``landmark`` (the keys of
        a row): one query."""
        alias = router.db_for_read(self.model) or "default"
        names = tuple(sorted(params))
        how: int | str = _BY_OFFSET if seek is None else seek[0]
        if landmark is not None:
            how = _FROM_LANDMARK
        cache_key = (alias, names, ordering, how)
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(cache_key) or self._compile(alias, names, ordering, how)
                self._compiled[cache_key] = compiled
        ops = connections[alias].ops
        key = landmark if landmark is not None else seek[1] if seek is not None else ()
        tail = {"limit": limit, "offset": offset, "span": offset + limit}
        values: list[Any] = []
        for source, what in compiled.slots:
            if source == "param":
                values.append(params[what])
            elif source == "key":
                value = key[what]
                values.append(ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value)
            elif source == "limit_offset":
                values.append(tail[what])
            else:
                values.append(what)
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return [tuple(row) for row in rows]


@dataclass(frozen=True)
class BoundRows:
    """``ListRows`` with the values of its parameters: one list's rows."""

    rows: ListRows
    params: Mapping[str, int]

    def queryset(self) -> QuerySet[Any]:
        return self.rows.build(**self.params)

    def count(self) -> int:
        return self.queryset().count()


@dataclass(frozen=True)
class Landmarks:
    """The landmarks of the list named ``scope`` (its rows, filter and order), as ``cache``
    holds them."""

    cache: ListCache
    scope: str


def _seek_lookups(ordering: Ordering, key: Key, position: int, *, inclusive: bool = False) -> dict[str, Any]:
    """The lookups of the seek branch at ``position``: the keys before it held equal to the
    cursor's, the one at it beyond (or, ``inclusive``, at or beyond)."""
    sort_key = ordering.keys[position]
    beyond = "lt" if sort_key.descending else "gt"
    if inclusive:
        beyond += "e"
    held = dict(zip(ordering.names[:position], key[:position], strict=True))
    return {**held, f"{sort_key.name}__{beyond}": key[position]}


def _seek(rows: QuerySet[Any] | BoundRows, ordering: Ordering, key: Key, limit: int) -> list[Key]:
    """The first ``limit`` rows strictly after ``key`` in ``ordering``: one query per key,
    each an index seek, run from the one with the most keys held equal (whose rows come first
    in the list) to the one with none."""
    found: list[Key] = []
    for position in reversed(range(len(ordering.keys))):
        if isinstance(rows, BoundRows):
            found.extend(rows.rows.keys(rows.params, ordering, limit=limit, seek=(position, key)))
            continue
        # The keys held equal are left out of the ORDER BY: SQLite sorts rows it could read in
        # index order when an expression key (a lower-cased name) is held equal and named.
        branch = (
            rows.filter(**_seek_lookups(ordering, key, position))
            .order_by(*ordering.order_by[position:])
            .values_list(*ordering.selected)[:limit]
        )
        found.extend(branch)
    return found[:limit]


def _slice(
    rows: QuerySet[Any] | BoundRows,
    ordering: Ordering,
    start: int,
    stop: int,
    landmarks: Landmarks | None = None,
) -> list[Key]:
    """Rows ``start`` to ``stop`` of ``ordering``: one query, from the landmark before
    ``start`` when ``landmarks`` hold it (one more query reads it by OFFSET and keeps it when
    they do not), otherwise by OFFSET from the first row."""
    if not isinstance(rows, BoundRows):
        return list(rows.order_by(*ordering.order_by).values_list(*ordering.selected)[start:stop])
    index = start // LANDMARK_ROWS
    if landmarks is not None and index > 0:
        landmark = landmarks.cache.landmark(landmarks.scope, ordering, index)
        if landmark is None:
            found = rows.rows.keys(rows.params, ordering, limit=1, offset=index * LANDMARK_ROWS)
            # A list shorter than the total said (changed since) has no such row: by OFFSET.
            if found:
                landmark = ordering.cursor_key(found[0])
                landmarks.cache.keep_landmark(landmarks.scope, ordering, index, landmark)
        if landmark is not None:
            skip = start - index * LANDMARK_ROWS
            return rows.rows.keys(rows.params, ordering, limit=stop - start, offset=skip, landmark=landmark)
    return rows.rows.keys(rows.params, ordering, limit=stop - start, offset=start)


def page_keys(
    rows: QuerySet[Any] | BoundRows,
    ordering: Ordering,
    *,
    number: int,
    size: int,
    total: int,
    cursor: Cursor | None,
    landmarks: Landmarks | None = None,
) -> list[Key]:
    """The keys of page ``number``'s rows, in list order, each ending with the row's id (the
    order's last key, or its ``row``).

    One query when the page is found by its number (from a landmark of ``landmarks`` when it
    lies deeper than the first; one more the first time a landmark is needed after a change),
    one per key of the order through a cursor. ``total`` is the list's length, which decides
    the last page and which end of the list is nearer. Raises ``PageOutOfRange`` past the last
    page.
    """
    last = last_page(total, size)
    if number > last:
        raise PageOutOfRange(f"Page {number} is past the last page ({last}).")
    if cursor is not None:
        stride = number - cursor.anchor if cursor.forward else cursor.anchor - number
        if 1 <= stride <= CURSOR_REACH:
            skip = (stride - 1) * size
            if cursor.forward:
                found = _seek(rows, ordering, cursor.key, skip + size)[skip:]
            else:
                found = _seek(rows, ordering.reversed(), cursor.key, skip + size)[skip:][::-1]
            # A cursor past the end of a list that shrank finds nothing: the number decides.
            if found:
                return found
    start = (number - 1) * size
    stop = min(start + size, total)
    from_end = total - stop
    if from_end < start:
        return _slice(rows, ordering.reversed(), from_end, total - start, landmarks)[::-1]
    return _slice(rows, ordering, start, start + size, landmarks)


def in_key_order(items: Iterable[T], keys: Sequence[Key], id_of: Callable[[T], object]) -> list[T]:
    """``items`` (read by id, in any order) in the order of ``keys``, whose last value is each
    item's id; an item gone since its key was read is left out."""
    by_id = {id_of(item): item for item in items}
    return [by_id[key[-1]] for key in keys if key[-1] in by_id]


def key_ids(keys: Sequence[Key]) -> list[int]:
    """The ids that end ``keys``, for an order whose last key is a whole-number id."""
    return [value for key in keys if isinstance(value := key[-1], int)]


# ---------------------------------------------------------------- the page and its links


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the pager needs to draw its links.

    ``first_key`` and ``last_key`` (the keys of the page's first and last rows) and ``digest``
    (the list's name in its cursors) let the links beyond the first and last few pages carry
    a cursor; a page without them links by number only.
    """

    items: Sequence[T]
    number: int
    size: int
    total: int
    # The other query parameters to keep in every pager link (tab, filter…).
    params: Mapping[str, str]
    default_size: int = DEFAULT_PAGE_SIZE
    first_key: Key | None = None
    last_key: Key | None = None
    digest: str = field(default="")

    @property
    def last(self) -> int:
        return last_page(self.total, self.size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    def numbers(self) -> list[int | None]:
        """Page numbers to link, ``None`` where a gap ("…") goes: 1 … 4 5 [6] 7 8 … 120."""
        wanted = {1, self.last, *range(self.number - 2, self.number + 3)}
        if self.number <= 4:
            wanted.update(range(1, 6))
        if self.number >= self.last - 3:
            wanted.update(range(self.last - 4, self.last + 1))
        shown = sorted(n for n in wanted if 1 <= n <= self.last)
        result: list[int | None] = []
        previous = 0
        for n in shown:
            if previous and n - previous > 1:
                result.append(None)
            result.append(n)
            previous = n
        return result

    def cursor_to(self, number: int) -> Cursor | None:
        """The cursor a link from this page to page ``number`` carries, if any."""
        if not self.digest or self.first_key is None or self.last_key is None:
            return None
        if number - 1 < PLAIN_LINK_PAGES or self.last - number < PLAIN_LINK_PAGES:
            return None
        if self.number < number <= self.number + CURSOR_REACH:
            return Cursor(anchor=self.number, forward=True, key=self.last_key)
        if self.number - CURSOR_REACH <= number < self.number:
            return Cursor(anchor=self.number, forward=False, key=self.first_key)
        return None

    def query(self, number: int | None = None, size: int | None = None) -> str:
        """The query string (with its ``?``) of page ``number`` at page size ``size``."""
        params = {key: value for key, value in self.params.items() if value}
        page_size = size if size is not None else self.size
        if page_size != self.default_size:
            params["pagesize"] = str(page_size)
        page_number = number if number is not None else self.number
        if page_number != 1:
            params["page"] = str(page_number)
        cursor = self.cursor_to(page_number) if page_size == self.size else None
        if cursor is not None:
            params["cursor"] = encode_cursor(cursor, self.digest)
        return "?" + urlencode(params) if params else "?"


def keyset_page(
    rows: QuerySet[Any] | BoundRows,
    ordering: Ordering,
    *,
    scope: str,
    number: int,
    size: int,
    total: int,
    cursor: str | None,
    fetch: Callable[[list[int]], Iterable[T]],
    id_of: Callable[[T], object],
    params: Mapping[str, str] | None = None,
    default_size: int = DEFAULT_PAGE_SIZE,
    cache: ListCache | None = None,
) -> Page[T]:
    """Page ``number`` of ``rows`` in ``ordering``: the page's keys (``page_keys``, through the
    raw ``?cursor=`` of a pager link when it belongs to this list), then its items, read by id
    with ``fetch`` (one prepared query) and put back in key order; ``id_of`` gives an item's id.

    ``scope`` names the list (its rows, filter and order, not the page size), so that a cursor
    made for another list is ignored. ``total`` is the list's length, as ``cache`` (a
    ``ListCache`` of what the list depends on) holds it; ``cache`` also keeps the landmarks of a
    list of prepared rows (``BoundRows``), from which a deep page is found by number.
    Queries: those of ``page_keys``, then ``fetch``'s, none when the page is empty. Raises
    ``PageOutOfRange`` past the last page.
    """
    digest = list_digest(scope, size)
    keys = page_keys(
        rows,
        ordering,
        number=number,
        size=size,
        total=total,
        cursor=decode_cursor(cursor, ordering, digest),
        landmarks=Landmarks(cache, scope) if cache is not None else None,
    )
    found = fetch(key_ids(keys)) if keys else []
    return Page(
        items=in_key_order(found, keys, id_of),
        number=number,
        size=size,
        total=total,
        params=params or {},
        default_size=default_size,
        first_key=ordering.cursor_key(keys[0]) if keys else None,
        last_key=ordering.cursor_key(keys[-1]) if keys else None,
        digest=digest,
    )
