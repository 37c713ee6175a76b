"""Dates as Stack Exchange prints them, and when a printed date changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quaestio.lib.timefmt import se_date, se_date_changes_at

NOW = datetime(2026, 11, 29, 9, 30, 15, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    "age",
    [
        timedelta(seconds=0),
        timedelta(seconds=1.5),
        timedelta(seconds=42.3),
        timedelta(minutes=1),
        timedelta(minutes=5, seconds=20),
        timedelta(minutes=59, seconds=59.9),
        timedelta(hours=3, minutes=7),
        timedelta(hours=23, minutes=59, seconds=30),
        timedelta(days=1, hours=5),
        timedelta(days=1, hours=23, minutes=59, seconds=59),
        timedelta(days=2),
        timedelta(days=40),
        timedelta(days=400),
    ],
)
def test_a_printed_date_holds_until_the_moment_given_and_not_past_it(age: timedelta) -> None:
    moment = NOW - age
    changes = se_date_changes_at(moment, NOW)
    assert changes > NOW
    printed = se_date(moment, NOW)
    # Unchanged at every tenth of the way to the change…
    for step in range(10):
        assert se_date(moment, NOW + (changes - NOW) * step / 10) == printed
    # …and the day-or-less changes really happen there (a year boundary is far for old dates).
    if age < timedelta(days=2):
        assert se_date(moment, changes) != printed


def test_a_date_in_the_future_is_fixed_until_it_is_reached() -> None:
    moment = NOW + timedelta(minutes=3)
    assert se_date_changes_at(moment, NOW) == moment
