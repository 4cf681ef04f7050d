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
