"""Numbers, lengths and days read as people say them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest

from coach.domain import wording


@pytest.fixture(autouse=True)
def _plain_formats() -> Iterator[None]:
    wording.use_formats()
    yield
    wording.use_formats()


def test_counts_use_the_right_number() -> None:
    assert wording.count(1, "session") == "1 session"
    assert wording.count(0, "session") == "0 sessions"
    assert wording.count(2, "check-in") == "2 check-ins"
    assert wording.count(3, "day of practice", "days of practice") == "3 days of practice"
    assert [wording.times(n) for n in (1, 2, 5)] == ["once", "twice", "5 times"]


def test_lengths_are_rounded_minutes_in_words() -> None:
    assert wording.about_minutes(40) == "about 1 minute"
    assert wording.about_minutes(20) == "under a minute"
    assert wording.about_minutes(600) == "about 10 minutes"


def test_days_near_today_are_named_and_others_follow_the_installed_format() -> None:
    today = date(2026, 12, 3)
    assert wording.day_text(today, today) == "today"
    assert wording.day_text(date(2026, 12, 4), today) == "tomorrow"
    assert wording.day_text(date(2026, 12, 2), today) == "yesterday"
    assert wording.day_text(date(2026, 12, 10), today) == "Thu 10 Dec 2026"
    wording.use_formats(date_format=lambda d: d.strftime("%m/%d/%Y"), time_format=lambda t: "7:30 AM")
    assert wording.day_text(date(2026, 12, 10), today) == "12/10/2026"
    assert wording.clock_text(datetime(2026, 12, 3, 7, 30)) == "7:30 AM"
    wording.use_formats()
    assert wording.clock_text(time(7, 30)) == "07:30"
