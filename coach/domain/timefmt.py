"""How times are written to the database (UTC ISO-8601 with offset) and turned into local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def to_db(moment: datetime) -> str:
    """`2026-11-21T15:00:00+00:00`: one fixed shape, so text order is time order in SQL."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def from_db(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def local_date(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def local_day_bounds(day: date, zone: tzinfo) -> tuple[str, str]:
    """The UTC database strings for [local midnight of `day`, local midnight of the next day)."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return to_db(start), to_db(end)
