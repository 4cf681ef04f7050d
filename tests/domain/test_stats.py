"""Statistics behind the progress charts, checked against cases worked out by hand."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import pytest

from coach.domain import stats

D0 = date(2026, 1, 5)  # a Monday


def day(n: int) -> date:
    return D0 + timedelta(days=n)


# --- t distribution ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # Printed two-sided 95% critical values (any statistics table).
        (0.975, 1, 12.7062),
        (0.975, 2, 4.3027),
        (0.975, 4, 2.7764),
        (0.975, 5, 2.5706),
        (0.975, 10, 2.2281),
        (0.975, 30, 2.0423),
        (0.975, 120, 1.9799),
        (0.95, 10, 1.8125),
        (0.995, 20, 2.8453),
    ],
)
def test_t_quantile_matches_printed_tables(p: float, df: int, expected: float) -> None:
    assert stats.t_quantile(p, df) == pytest.approx(expected, abs=1e-4)


def test_t_quantile_is_symmetric_and_tends_to_the_normal() -> None:
    assert stats.t_quantile(0.025, 7) == pytest.approx(-stats.t_quantile(0.975, 7))
    assert stats.t_quantile(0.5, 3) == 0.0
    assert stats.t_quantile(0.975, 1_000_000) == pytest.approx(1.959964, abs=1e-5)


def test_t_cdf_inverts_the_quantile() -> None:
    for df in (1, 3, 9, 60):
        assert stats.t_cdf(stats.t_quantile(0.9, df), df) == pytest.approx(0.9, abs=1e-12)


# --- mean with interval ---------------------------------------------------------------------------


def test_mean_with_interval_by_hand() -> None:
    # mean 3, sd sqrt(2.5), se sqrt(2.5)/sqrt(5) = sqrt(0.5); t(0.975, 4) = 2.776445
    result = stats.mean_with_interval([1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(0.5)
    assert result.n == 5
    assert result.mean == pytest.approx(3.0)
    assert result.sd == pytest.approx(math.sqrt(2.5))
    assert result.low == pytest.approx(3 - half, abs=1e-5)
    assert result.high == pytest.approx(3 + half, abs=1e-5)


def test_mean_change_of_pain_drops() -> None:
    # post - pre of three sessions: -2, -1, -3 -> mean -2, sd 1, t(0.975, 2) = 4.302653
    result = stats.mean_with_interval([-2, -1, -3])
    half = 4.302653 / math.sqrt(3)
    assert result.mean == pytest.approx(-2.0)
    assert (result.low, result.high) == pytest.approx((-2 - half, -2 + half), abs=1e-5)
    assert result.half_width == pytest.approx(half, abs=1e-5)


def test_mean_with_too_few_values_has_no_interval() -> None:
    assert stats.mean_with_interval([]) == stats.MeanChange(0, None, None, None, None)
    one = stats.mean_with_interval([-1.5])
    assert (one.n, one.mean, one.low, one.high) == (1, -1.5, None, None)


def test_identical_values_give_a_zero_width_interval() -> None:
    result = stats.mean_with_interval([-1, -1, -1, -1])
    assert (result.low, result.mean, result.high) == (-1, -1, -1)


# --- habit strength -------------------------------------------------------------------------------


def test_daily_multiplier_halves_in_thirteen_days() -> None:
    m = stats.habit_multiplier(1.0)
    assert m == pytest.approx(0.5 ** (1 / 13))
    assert m**13 == pytest.approx(0.5)
    # A goal of fewer days a week decays more slowly.
    assert stats.habit_multiplier(3 / 7) > m


def test_habit_strength_rises_then_decays_by_hand() -> None:
    practised = [day(i) for i in range(13)]
    scores = dict(stats.habit_strength(practised, day(0), day(25), days_per_week=7))
    m = 0.5 ** (1 / 13)
    assert scores[day(0)] == pytest.approx(1 - m)
    # 13 practised days from zero: 1 - m**13 = 0.5 exactly.
    assert scores[day(12)] == pytest.approx(0.5)
    # then 13 days without practice halve it again.
    assert scores[day(25)] == pytest.approx(0.25)


def test_one_bad_week_does_not_erase_a_month() -> None:
    practised = [day(i) for i in range(30)]
    scores = dict(stats.habit_strength(practised, day(0), day(36), days_per_week=7))
    month, after_bad_week = scores[day(29)], scores[day(36)]
    assert month == pytest.approx(1 - 0.5 ** (30 / 13))
    assert after_bad_week == pytest.approx(month * 0.5 ** (7 / 13))
    assert after_bad_week > 0.65 * month
    # Practice again: the score climbs from where it was, not from zero.
    back = dict(stats.habit_strength([*practised, day(37)], day(0), day(37), days_per_week=7))
    assert back[day(37)] > after_bad_week


def test_five_day_goal_is_met_by_weekday_practice() -> None:
    weekdays = [day(i) for i in range(140) if day(i).weekday() < 5]
    five = stats.habit_strength(weekdays, day(0), day(139), days_per_week=5)
    seven = stats.habit_strength(weekdays, day(0), day(139), days_per_week=7)
    # Practising Monday to Friday meets a five-day goal in full: the score approaches 1 and weekends
    # cost nothing; against a daily goal the same practice plateaus well below.
    assert five[-1][1] > 0.95
    assert seven[-1][1] < 0.8
    assert all(b[1] >= a[1] for a, b in itertools.pairwise(five[13:]))


def test_habit_strength_covers_every_day_and_rejects_a_bad_goal() -> None:
    series = stats.habit_strength([], day(0), day(9))
    assert [d for d, _ in series] == [day(i) for i in range(10)]
    assert all(score == 0 for _, score in series)
    with pytest.raises(ValueError):
        stats.habit_strength([], day(0), day(1), days_per_week=0)


# --- rolling means and series -------------------------------------------------------------------


def test_rolling_mean_uses_a_trailing_seven_day_window() -> None:
    points = [(day(0), 4.0), (day(1), 6.0), (day(7), 8.0), (day(7), 2.0), (day(20), 5.0)]
    # day 7: the window (day 0, day 7] drops day 0 and holds 6, 8, 2.
    assert stats.rolling_mean(points, 7) == [
        (day(0), 4.0),
        (day(1), 5.0),
        (day(7), 7.0),
        (day(7), pytest.approx(16 / 3)),
        (day(20), 5.0),
    ]


def test_rolling_mean_of_one_day_window_is_the_values() -> None:
    points = [(day(0), 1.0), (day(1), 3.0)]
    assert stats.rolling_mean(points, 1) == points
    assert stats.rolling_mean([], 7) == []


def test_weekly_totals_include_empty_weeks() -> None:
    daily = {day(0): 10.0, day(4): 15.0, day(15): 5.0, day(40): 99.0}
    weeks = stats.weekly_totals(daily, day(2), day(20))
    # day(2) is a Wednesday: its week is labelled day(0) but counts only days in range (not day 0's 10
    # minutes); day(40) is outside the range.
    assert weeks == [(day(0), 15.0), (day(7), 0.0), (day(14), 5.0)]


def test_step_series_holds_each_level_until_the_next_step() -> None:
    steps = [(day(2), 90.0), (day(5), 80.0), (day(5), 81.0), (day(8), 70.0)]
    series = stats.step_series(steps, day(0), day(9))
    assert series[0] == (day(2), 90.0)  # nothing before the first step
    values = dict(series)
    assert [values[day(i)] for i in range(2, 10)] == [90, 90, 90, 81, 81, 81, 70, 70]
    # A range starting after some steps starts at the level in force.
    assert stats.step_series(steps, day(6), day(6)) == [(day(6), 81.0)]


def test_linear_slope_and_mean() -> None:
    assert stats.linear_slope([(day(0), 1.0), (day(2), 2.0), (day(4), 3.0)]) == pytest.approx(0.5)
    assert stats.linear_slope([(day(0), 1.0)]) is None
    assert stats.linear_slope([(day(3), 1.0), (day(3), 2.0)]) is None
    assert stats.mean([2.0, 4.0]) == 3.0
    assert stats.mean([]) is None
