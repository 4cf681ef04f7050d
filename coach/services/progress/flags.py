"""The flags worth raising with a prescriber, read from a dashboard: rising pain, severe withdrawal,
missed check-ins. Shown on the Progress page and in the clinician report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coach.domain import clinical_flags as cf
from coach.domain import stats
from coach.domain.stats import Point
from coach.domain.wording import count, day_text
from coach.services.progress.charts import Dashboard, Flag, fmt

RISING_PAIN_POINTS = 1.0  # a PEG rise of a whole point between two 4-week windows is worth mentioning
PEG_OVERDUE_DAYS = 14  # PEG is weekly: two weeks without one counts as missed


def flags(board: Dashboard, latest_peg_day: date | None) -> list[Flag]:
    out: list[Flag] = []
    rising = _rising_pain(board.pain.points, board.period.end)
    if rising:
        before, after = rising
        out.append(
            Flag(
                "rising_pain",
                f"Pain is rising: the weekly pain check (PEG) average went from {fmt(before)} to {fmt(after)} "
                "over the last four weeks.",
                "watch",
                board.period.end,
            )
        )
    # The same rule and sentence as the clinician report and the coach's review (clinical_flags).
    records = [cf.WithdrawalRecord(at.date(), total) for at, total in board.withdrawal.points]
    for found in cf.withdrawal_flags(records):
        out.append(Flag(found.kind, found.text, found.severity, found.on))
    missed = _missed_checkins(board, latest_peg_day)
    if missed:
        out.append(Flag("missed_checkins", missed))
    return out


def _missed_checkins(board: Dashboard, latest_peg_day: date | None) -> str:
    parts: list[str] = []
    if latest_peg_day is not None:
        gap = (board.period.end - latest_peg_day).days
        if gap > PEG_OVERDUE_DAYS:
            parts.append(
                f"no weekly pain check (PEG) for {count(gap, 'day')} (last on {day_text(latest_peg_day)})"
            )
    if board.taper.steps:
        checked = {at.date() for at, _ in board.withdrawal.points}
        unchecked = [
            s.day
            for s in board.taper.steps
            if s.reduction
            and s.day + timedelta(days=6) <= board.period.end
            and not any(s.day + timedelta(days=i) in checked for i in range(7))
        ]
        if unchecked:
            parts.append(
                f"no withdrawal check-in in the week after {count(len(unchecked), 'taper step')} "
                f"(first on {day_text(unchecked[0])})"
            )
    if not parts:
        return ""
    return f"Missed check-ins: {'; '.join(parts)}."


def _rising_pain(points: Sequence[Point], end: date) -> tuple[float, float] | None:
    """(mean of the 4 weeks before, mean of the last 4 weeks) when pain rose by a point or more."""
    recent_start = end - timedelta(days=27)
    before_start = recent_start - timedelta(days=28)
    recent = [v for d, v in points if d >= recent_start]
    before = [v for d, v in points if before_start <= d < recent_start]
    if not recent or not before:
        return None
    after_mean, before_mean = stats.mean(recent), stats.mean(before)
    assert after_mean is not None and before_mean is not None
    if after_mean - before_mean >= RISING_PAIN_POINTS:
        return before_mean, after_mean
    return None
