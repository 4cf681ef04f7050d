"""Where days sit on the Progress charts' time axis (seconds since 1970 at noon UTC of each day), the
point nearest the mouse, and the axis ranges padded so a point at either end of a range is drawn whole."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

DAY_S = 86400


EPOCH = date(1970, 1, 1).toordinal()


def day_x(day: date) -> float:
    """Seconds since the epoch at noon UTC of `day`: one x unit for every time chart, centred on the day."""
    return float((day.toordinal() - EPOCH) * DAY_S + DAY_S // 2)


def x_day(x: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int(x // DAY_S))


def nearest(
    points: Sequence[tuple[date, float]], x: float, within_days: float = 3.5
) -> tuple[date, float] | None:
    """The point closest to x (a day_x value), if it is within a few days."""
    if not points:
        return None
    best = min(points, key=lambda p: abs(day_x(p[0]) - x))
    return best if abs(day_x(best[0]) - x) <= within_days * DAY_S else None


def day_range(start: date, end: date) -> tuple[float, float]:
    """The x range (day_x units) of a time chart showing the days `start`..`end`: both end days whole (a
    point sits at a day's noon, a day's step or bar spans its whole day) with a margin of a day, or 3% of
    the span when that is more, so a point or bar on the first or last day, or the only one, is drawn
    whole and clear of the plot's edge."""
    span = day_x(end) - day_x(start)
    margin = max(DAY_S, 0.03 * span)
    return day_x(start) - margin, day_x(end) + margin


def value_range(low: float, high: float, share: float = 0.04) -> tuple[float, float]:
    """The y range for values `low`..`high` with `share` of the span added at both ends, so a point on
    the lowest or highest value (a withdrawal total of 0) is drawn whole."""
    margin = (high - low) * share
    return low - margin, high + margin
