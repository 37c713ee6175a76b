"""The reader's shortcuts give what the plain conversions give: dump dates as the database
stores them, and every row of the real dumps converted the same by the written-out row plans
as by reading each column through the schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quaestio.dumps.reader import postgresql_date, sqlite_date


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


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2009-03-05T22:28:34.823", "2009-03-05 22:28:34.823000"),
        ("2009-03-05T22:28:34.000", "2009-03-05 22:28:34"),
        ("2009-03-05T22:28:34.823+02:00", "2009-03-05 20:28:34.823000"),
    ],
)
def test_dump_dates_take_the_form_django_stores(raw: str, stored: str) -> None:
    assert sqlite_date(raw) == stored
    assert postgresql_date(raw) == stored + "+00:00"
