"""The reader's shortcuts give what the plain conversions give: dump dates as the database
stores them, and every row of the real dumps converted the same by the written-out row plans
as by reading each column through the schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from quaestio.dumps.inserter import POSTGRESQL_EPOCH
from quaestio.dumps.reader import RowPlan, postgresql_date, sqlite_date
from quaestio.dumps.schema import TABLES, Table
from quaestio.lib.tags import parse_tags
from tests.dumps.conftest import DATA


def plain_sqlite_date(raw: str) -> str:
    """What Django stores for the dump date in SQLite, the long way."""
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return str(moment)


def outcome(convert: object, raw: str) -> str:
    try:
        return str(convert(raw))  # type: ignore[operator]
    except ValueError:
        return "refused"


DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)
DATES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda moment: moment.isoformat(timespec="milliseconds")
    ),
    st.builds(
        lambda year, month, day, hour, minute, second, millis: (
            f"{year}-{month}-{day}T{hour}:{minute}:{second}.{millis}"
        ),
        DIGITS,
        DIGITS,
        DIGITS,
        DIGITS,
        DIGITS,
        DIGITS,
        DIGITS,
    ),
    st.sampled_from(
        [
            "2009-03-05T22:28:34.823",
            "2009-03-05T22:28:34.000",
            "2012-02-29T00:00:00.000",
            "2013-02-29T00:00:00.000",
            "2009-03-05T24:00:00.000",
            "2009-03-05T23:59:60.000",
            "2009-13-05T22:28:34.823",
            "2009-03-05T22:28:34.823+02:00",
            "2009-03-05T22:28:34",
            "2009-03-05",
            "2009-W10-4T22:28:34.823",
            "２００９-03-05T22:28:34.823",
            "",
        ]
    ),
    st.text(max_size=25),
)


@settings(max_examples=3000, deadline=None)
@given(DATES)
def test_dump_dates_convert_as_datetime_would_convert_them(raw: str) -> None:
    assert outcome(sqlite_date, raw) == outcome(plain_sqlite_date, raw)
    assert outcome(postgresql_moment, raw) == outcome(plain_moment, raw)


def postgresql_moment(raw: str) -> datetime:
    """The moment PostgreSQL reads from what the reader gives it for ``raw``: microseconds
    since 2000-01-01 UTC, the binary form of a timestamp."""
    return POSTGRESQL_EPOCH + timedelta(microseconds=postgresql_date(raw))


def plain_moment(raw: str) -> datetime:
    return datetime.fromisoformat(plain_sqlite_date(raw)).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2009-03-05T22:28:34.823", "2009-03-05 22:28:34.823000"),
        ("2009-03-05T22:28:34.000", "2009-03-05 22:28:34"),
        ("2009-03-05T22:28:34.823+02:00", "2009-03-05 20:28:34.823000"),
        # A day that was checked once is not checked again.
        ("2009-03-05T00:00:00.000", "2009-03-05 00:00:00"),
    ],
)
def test_dump_dates_take_the_form_django_stores(raw: str, stored: str) -> None:
    for _again in range(2):
        assert sqlite_date(raw) == stored
        assert postgresql_moment(raw) == datetime.fromisoformat(stored).replace(tzinfo=UTC)


def test_a_day_that_does_not_exist_is_refused_every_time() -> None:
    for _again in range(2):
        with pytest.raises(ValueError):
            sqlite_date("2009-02-30T00:00:00.000")
        with pytest.raises(ValueError):
            postgresql_date("2009-02-30T12:00:00.000")


def reference_conversion(table: Table, attrib: dict[str, str]) -> tuple[dict[str, Any], Any] | str:
    """A row converted column by column through the schema, the plain way: the field values
    (dates as stored in SQLite) and the exporter's extra, or the problem."""
    converters: dict[str, Callable[[str], Any]] = {
        "int": int,
        "date": plain_sqlite_date,
        "bool": lambda raw: {"true": True, "false": False}[raw.lower()],
        "tags": lambda raw: " ".join(parse_tags(raw)),
        "str": str,
    }
    values: dict[str, Any] = {}
    flip: list[str] = []
    present = 0
    for column in table.columns:
        raw = attrib.get(column.attr)
        if raw is None:
            if column.required:
                return f"no {column.attr}"
            value = column.default
        else:
            present += 1
            try:
                value = converters[column.kind](raw)
            except (ValueError, KeyError):
                return f"bad {column.attr}"
        values[column.field] = value
        if not column.required and (raw is not None) != column.written(value, values):
            flip.append(column.attr)
    extra: dict[str, Any] | None = {"flip": flip} if flip else None
    if len(attrib) > present:
        extra = {**(extra or {}), "attrs": {k: v for k, v in attrib.items() if k not in table.by_attr}}
    return values, extra


@pytest.mark.skipif(not DATA.is_dir(), reason=f"the real dumps are not at {DATA}")
@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.file)
def test_the_row_plans_convert_every_row_of_the_real_dumps_as_the_schema_says(table: Table) -> None:
    fields = [column.field for column in table.columns] + ["dump_extra"]
    plan = RowPlan(table, fields, {}, "sqlite")
    checked = 0
    for path in sorted(DATA.glob(f"*/{table.file}")):
        for _event, element in etree.iterparse(str(path), events=("end",), tag="row"):
            attrib = dict(element.attrib)
            expected = reference_conversion(table, attrib)
            _ordinal, _line, row, extra, accepted = plan.convert(attrib, 1, 1)
            if isinstance(expected, str):
                assert row is None, (path, attrib)
                continue
            assert row is not None, (path, attrib, extra)
            values, expected_extra = expected
            assert dict(zip(fields[:-1], row[:-1], strict=True)) == values, (path, attrib)
            assert extra == expected_extra, (path, attrib)
            if table.file == "Posts.xml":
                assert accepted == values["accepted_answer_id"]
            element.clear()
            checked += 1
    assert checked > 0
