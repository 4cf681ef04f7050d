"""Statistics for the progress views: habit strength, rolling means, mean change with a 95% interval,
weekly totals, step series (daily MME) and simple trends. Pure functions over dates and numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

Point = tuple[date, float]

# --- Student's t distribution (no scipy: the app ships without it) ------------------------------------


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Lentz's method for the continued fraction of the incomplete beta function."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    # The fraction converges fast only on one side of the mean; use the symmetry relation on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_pdf(t: float, df: float) -> float:
    log_norm = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1.0) / 2.0 * math.log1p(t * t / df))


@lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """The t value with P(T <= t) = p.

    Newton's method from 0: for p > 0.5 the CDF is concave on t > 0, so every step lands below the root
    and the iteration climbs to it without overshooting.
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    t = 0.0
    for _ in range(200):
        step = (p - t_cdf(t, df)) / t_pdf(t, df)
        t += step
        if abs(step) < 1e-12 * max(1.0, t):
            break
    return t


# --- mean with an interval ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeanChange:
    """A mean with its sample size and a two-sided confidence interval (None when n < 2)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None

    @property
    def half_width(self) -> float | None:
        if self.mean is None or self.high is None:
            return None
        return self.high - self.mean


def mean_with_interval(values: Sequence[float], confidence: float = 0.95) -> MeanChange:
    """Mean and t-based interval: mean ± t(1-α/2, n-1) · sd/√n."""
    n = len(values)
    if n == 0:
        return MeanChange(0, None, None, None, None)
    mean = math.fsum(values) / n
    if n == 1:
        return MeanChange(1, mean, None, None, None)
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    sd = math.sqrt(variance)
    half = t_quantile(1.0 - (1.0 - confidence) / 2.0, n - 1) * sd / math.sqrt(n)
    return MeanChange(n, mean, mean - half, mean + half, sd)


# --- habit strength (Loop Habit Tracker style) ----------------------------------------------------

HALF_LIFE_DAYS = 13.0  # at a daily goal, a missed stretch halves the score in about 13 days


def habit_multiplier(frequency: float) -> float:
    """How much of yesterday's score survives one day: 0.5 ** (√frequency / 13).

    `frequency` is the goal in repetitions per day (1.0 daily, 5/7 for five days a week); a less frequent
    goal decays more slowly, so a gap of the same length costs less.
    """
    if frequency <= 0:
        raise ValueError("frequency must be positive")
    return float(0.5 ** (math.sqrt(frequency) / HALF_LIFE_DAYS))


def habit_strength(practised: Iterable[date], start: date, end: date, days_per_week: int = 7) -> list[Point]:
    """A score between 0 and 1 for each day from `start` to `end` (inclusive).

    Each day the score moves a small step towards how much of the goal was met, so it rises with
    practice and decays slowly: one bad week does not erase a month. For a goal below daily, the goal is
    measured over a two-week window (2 x days_per_week practice days in 14 days), which forgives
    practising on different weekdays from one week to the next.
    """
    if not 1 <= days_per_week <= 7:
        raise ValueError("days_per_week must be between 1 and 7")
    # Whole-number days (ordinals) in the loop: years of history are recomputed on every range switch.
    done = {d.toordinal() for d in practised}
    multiplier = habit_multiplier(days_per_week / 7.0)
    window, needed = (1, 1) if days_per_week == 7 else (14, 2 * days_per_week)
    first, last = start.toordinal(), end.toordinal()
    score = 0.0
    rolling = 0
    out: list[Point] = []
    for day in range(first, last + 1):
        if day in done:
            rolling += 1
        leaving = day - window
        if leaving >= first and leaving in done:
            rolling -= 1
        met = min(1.0, rolling / needed)
        score = score * multiplier + met * (1.0 - multiplier)
        out.append((date.fromordinal(day), score))
    return out


# --- series helpers -------------------------------------------------------------------------------


def rolling_mean(points: Sequence[Point], window_days: int = 7) -> list[Point]:
    """At each observation, the mean of the observations in the trailing `window_days` days.

    The window is (day - window_days, day]: with window_days=7 it holds that day and the six before.
    Points must be sorted by date; several on one day are all counted.
    """
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    out: list[Point] = []
    left = 0
    total = 0.0
    for right, (day, value) in enumerate(points):
        total += value
        while points[left][0] <= day - timedelta(days=window_days):
            total -= points[left][1]
            left += 1
        out.append((day, total / (right - left + 1)))
    return out


def daily_totals(points: Iterable[Point]) -> dict[date, float]:
    totals: dict[date, float] = {}
    for day, value in points:
        totals[day] = totals.get(day, 0.0) + value
    return totals


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of `day`'s week (0 = Monday, as in `date.weekday()`)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def weekly_totals(daily: Mapping[date, float], start: date, end: date, first_weekday: int = 0) -> list[Point]:
    """Sum per week for every week touching [start, end], zero weeks included (a gap is information)."""
    weeks: dict[date, float] = {}
    week = week_start(start, first_weekday)
    while week <= end:
        weeks[week] = 0.0
        week += timedelta(days=7)
    for day, value in daily.items():
        if start <= day <= end:
            weeks[week_start(day, first_weekday)] += value
    return sorted(weeks.items())


def step_series(steps: Sequence[Point], start: date, end: date) -> list[Point]:
    """A value for each day in [start, end]: the latest step on or before that day.

    Days before the first step get no value (they are left out), which is how a chart shows "no plan yet".
    Steps on the same day: the later one in `steps` wins (the sort is stable).
    """
    ordered = sorted(steps, key=lambda p: p[0])
    out: list[Point] = []
    index = -1
    while index + 1 < len(ordered) and ordered[index + 1][0] <= start:
        index += 1
    day = start
    while day <= end:
        while index + 1 < len(ordered) and ordered[index + 1][0] <= day:
            index += 1
        if index >= 0:
            out.append((day, ordered[index][1]))
        day += timedelta(days=1)
    return out


def linear_slope(points: Sequence[Point]) -> float | None:
    """Least-squares slope in units per day (None with fewer than two distinct days)."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [(d - origin).days for d, _ in points]
    ys = [v for _, v in points]
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None
