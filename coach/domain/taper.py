"""Taper arithmetic: draft schedules from a pace preset, pace checks, pauses, milestones, projected finish.

The app records what the prescriber decides; everything here either describes a plan or drafts one for
the person to take to their prescriber. No function ever proposes a level above the one before it.

Presets (percentages are always of the STARTING daily MME, never of the current one):
- `cdc-monthly`: for people on opioids a year or more (CDC 2022: about 10% a month or slower). Steps of
  10% of the start each month while the level is above 30% of the start; from 30% down, steps of 5% of
  the start each month. We chose "5% a month" over "10% every two months": the same average pace, but
  smaller jumps, which is what "slow down at lower doses" is meant to buy.
- `weekly-10`: older advice for shorter-term use (e.g. the Washington AMDG calculator): 10% of the start
  each week, no slowing.
Pauses are inclusive date ranges [start_date, end_date]; an open pause has no end yet. A step dated
inside a pause takes effect the day after the pause ends; while a pause is open, later steps wait.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.errors import CoachError

CDC_MONTHLY = "cdc-monthly"
WEEKLY_10 = "weekly-10"
PACES: tuple[str, ...] = (CDC_MONTHLY, WEEKLY_10)
PACE_LABELS: dict[str, str] = {
    CDC_MONTHLY: "About 10% of the starting dose a month, slower below 30% (CDC 2022: a year or more on "
    "opioids)",
    WEEKLY_10: "10% of the starting dose a week (older advice for shorter-term use)",
}
DRAFT_LABEL = "draft: discuss with your prescriber"

SLOW_BELOW_FRACTION = 0.30
MAX_START_MME = 5000.0

# Guideline allowance used by the pace check: (share of the start per period, days in a period). A month
# counts as 28 days so a February step is never called fast.
_PACE_RULES: dict[str, tuple[float, int]] = {CDC_MONTHLY: (0.10, 28), WEEKLY_10: (0.10, 7)}
# Rounding slack: 0.5% of the start, so a prescriber's "round to the nearest tablet" is not a warning.
_SLACK = 0.005
# Drafts give levels to 0.01 MME; on a very small start (under 2 MME) that rounding is larger than the slack.
_LEVEL_PRECISION = 0.01


@dataclass(frozen=True)
class DraftStep:
    date: date
    target_mme: float
    percent_of_start: float

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "target_mme": self.target_mme}


@dataclass(frozen=True)
class PlanStep:
    """A recorded step: from `date` on, the daily total agreed with the prescriber is `target_mme`."""

    date: date
    target_mme: float
    id: int | None = None


@dataclass(frozen=True)
class Pause:
    start_date: date
    end_date: date | None = None
    reason: str = ""
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def length_days(self, today: date) -> int:
        """Days held so far (an open pause counts up to and including today)."""
        last = self.end_date if self.end_date is not None else max(today, self.start_date)
        return (last - self.start_date).days + 1


@dataclass(frozen=True)
class PaceWarning:
    step_index: int
    date: date
    kind: str  # "fast": faster than the guideline pace; "up": higher than the level before
    reduction_percent: float  # of the starting dose (negative when the level went up)
    held_days: int | None
    message: str


@dataclass(frozen=True)
class Milestone:
    kind: str
    reached_on: date
    label: str


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_start(start_mme: float, floor: float) -> tuple[float, float]:
    start = float(start_mme)
    if not math.isfinite(start) or start <= 0:
        raise CoachError(f"the starting dose must be above 0 MME a day, got {start_mme!r}")
    if start > MAX_START_MME:
        raise CoachError(f"a starting dose of {start:g} MME a day is beyond what this app can draft")
    low = float(floor)
    if not math.isfinite(low) or low < 0:
        raise CoachError(f"the floor must be 0 or more, got {floor!r}")
    if low >= start:
        raise CoachError(f"the floor ({low:g}) must be below the starting dose ({start:g})")
    return start, low


def _draft_percents(pace: str) -> list[tuple[int, float]]:
    """(period index, percent of start) for each reduction, all the way to 0."""
    if pace == WEEKLY_10:
        return [(i, 100.0 - 10 * (i + 1)) for i in range(10)]
    if pace == CDC_MONTHLY:
        out: list[tuple[int, float]] = []
        percent = 100.0
        while percent > 0:
            # At or below 30% of the start the steps halve in size: 5% of the start a month.
            percent -= 5.0 if percent <= SLOW_BELOW_FRACTION * 100 + 1e-9 else 10.0
            out.append((len(out), max(percent, 0.0)))
        return out
    raise CoachError(f"unknown pace {pace!r}: use {' or '.join(PACES)}")


def draft_schedule(start_mme: float, pace: str, start: date, floor: float = 0.0) -> list[DraftStep]:
    """A draft to discuss with the prescriber: the first reduction on `start`, then one per period.

    Levels never rise, and the last step is the floor (0 unless the person set one).
    """
    begin, low = _check_start(start_mme, floor)
    steps: list[DraftStep] = []
    for period, percent in _draft_percents(pace):
        target = round(begin * percent / 100.0, 2)  # to _LEVEL_PRECISION
        when = add_months(start, period) if pace == CDC_MONTHLY else start + timedelta(weeks=period)
        if target <= low:
            steps.append(DraftStep(when, round(low, 2), round(low / begin * 100.0, 2)))
            break
        steps.append(DraftStep(when, target, percent))
    return steps


def sorted_steps(steps: Sequence[PlanStep]) -> list[PlanStep]:
    return sorted(steps, key=lambda s: (s.date, s.id or 0))


def pace_warnings(start_mme: float, steps: Sequence[PlanStep], pace: str | None = None) -> list[PaceWarning]:
    """Steps faster than the guideline pace, and steps that go up (shown neutrally: the prescriber may
    have set them). The first step is only checked for size, since the start level was held before it."""
    rule_pace = pace if pace in _PACE_RULES else CDC_MONTHLY
    share, period_days = _PACE_RULES[rule_pace]
    start = float(start_mme)
    if start <= 0:
        return []
    allowance = share * start
    slack = max(_SLACK * start, _LEVEL_PRECISION)
    out: list[PaceWarning] = []
    previous_level, previous_date = start, None
    for index, step in enumerate(sorted_steps(steps)):
        drop = previous_level - step.target_mme
        held = (step.date - previous_date).days if previous_date is not None else None
        percent = round(drop / start * 100.0, 1)
        if drop < -slack:
            out.append(
                PaceWarning(
                    index,
                    step.date,
                    "up",
                    percent,
                    held,
                    "This step is higher than the one before. If your prescriber set it this way, that is "
                    "fine: the app keeps it as entered.",
                )
            )
        elif drop > slack:
            too_big = drop > allowance + slack
            too_soon = held is not None and drop > allowance * held / period_days + slack
            if too_big or too_soon:
                out.append(
                    PaceWarning(
                        index, step.date, "fast", percent, held, _fast_message(rule_pace, percent, held)
                    )
                )
        previous_level, previous_date = step.target_mme, step.date
    return out


FAST_ADVICE = (
    "Faster steps can bring stronger withdrawal and pain. Talk it over with your prescriber, and bring your "
    "check-ins."
)


def _fast_message(pace: str, percent: float, held_days: int | None) -> str:
    guide = (
        "about 10% of the starting dose a month or slower (CDC 2022)"
        if pace == CDC_MONTHLY
        else "10% of the starting dose a week"
    )
    after = f", {held_days} days after the one before" if held_days is not None else ""
    return f"This step lowers the dose by {percent:g}% of where you started{after}: faster than {guide}. {FAST_ADVICE}"


def open_pause(pauses: Sequence[Pause]) -> Pause | None:
    for pause in pauses:
        if pause.end_date is None:
            return pause
    return None


def paused_on(pauses: Sequence[Pause], day: date) -> Pause | None:
    for pause in sorted(pauses, key=lambda p: p.start_date):
        if pause.covers(day):
            return pause
    return None


def effective_date(step_date: date, pauses: Sequence[Pause]) -> date | None:
    """When a step takes effect: its own date, or the day after a pause that covers it; None while an
    open pause holds it."""
    day = step_date
    for pause in sorted(pauses, key=lambda p: p.start_date):
        if pause.end_date is None:
            if day >= pause.start_date:
                return None
        elif pause.start_date <= day <= pause.end_date:
            day = pause.end_date + timedelta(days=1)
    return day


def shift_dates(steps: Sequence[PlanStep], from_day: date, days: int) -> list[PlanStep]:
    """Steps dated on or after `from_day` moved `days` later (a pause that held the level)."""
    return [
        PlanStep(s.date + timedelta(days=days), s.target_mme, s.id) if s.date >= from_day else s
        for s in steps
    ]


def level_on(start_mme: float, steps: Sequence[PlanStep], pauses: Sequence[Pause], day: date) -> float:
    """The agreed daily MME on `day`: the latest step in effect, else the starting level."""
    level = float(start_mme)
    for step in sorted_steps(steps):
        when = effective_date(step.date, pauses)
        if when is not None and when <= day:
            level = step.target_mme
    return level


def current_step_start(steps: Sequence[PlanStep], pauses: Sequence[Pause], today: date) -> date | None:
    """The day the level in effect today began (None before the first step)."""
    latest: date | None = None
    for step in sorted_steps(steps):
        when = effective_date(step.date, pauses)
        if when is not None and when <= today:
            latest = when
    return latest


def in_first_week(steps: Sequence[PlanStep], pauses: Sequence[Pause], today: date) -> int | None:
    """Day number (1-7) within the first week of the current step, or None outside it."""
    began = current_step_start(steps, pauses, today)
    if began is None:
        return None
    day = (today - began).days + 1
    return day if 1 <= day <= 7 else None


def projected_finish(
    steps: Sequence[PlanStep], pauses: Sequence[Pause], today: date, floor: float = 0.0
) -> date | None:
    """When the last step reaches 0 (or the floor), allowing for pauses; None if no step gets there.

    While a pause is open the finish is projected as if it ended today, so it moves later each paused day.
    """
    ordered = sorted_steps(steps)
    if not ordered or ordered[-1].target_mme > floor + 1e-9:
        return None
    last = ordered[-1]
    when = effective_date(last.date, pauses)
    if when is not None:
        return when
    current = open_pause(pauses)
    assert current is not None  # effective_date only returns None under an open pause
    return max(last.date, current.start_date) + timedelta(days=current.length_days(today))


REDUCTION_MARKS: tuple[int, ...] = (25, 50, 75, 100)


def milestones(
    start_mme: float, steps: Sequence[PlanStep], pauses: Sequence[Pause], today: date
) -> list[Milestone]:
    """Milestones reached by `today`: each step, 25/50/75/100% below the start, a first steady week at each
    level. Computed from the record, so correcting a step corrects its milestones."""
    start = float(start_mme)
    found: list[Milestone] = []
    effective = [(s, effective_date(s.date, pauses)) for s in sorted_steps(steps)]
    reached = [(s, d) for s, d in effective if d is not None and d <= today]
    marks_done: set[int] = set()
    for number, (step, when) in enumerate(reached, start=1):
        found.append(
            Milestone(f"step-{number}", when, f"Step {number} reached: {step.target_mme:g} MME a day")
        )
        if start > 0:
            for mark in REDUCTION_MARKS:
                if mark not in marks_done and step.target_mme <= start * (1 - mark / 100) + 1e-9:
                    marks_done.add(mark)
                    found.append(Milestone(f"reduction-{mark}", when, _reduction_label(mark)))
    starts = [d for _, d in effective if d is not None]
    for number, (step, when) in enumerate(reached, start=1):
        week_done = when + timedelta(days=7)
        next_starts = [d for d in starts if d > when]
        interrupted = bool(next_starts) and min(next_starts) < week_done
        if week_done <= today and not interrupted:
            found.append(
                Milestone(
                    f"steady-week-{number}",
                    week_done,
                    f"A first steady week at {step.target_mme:g} MME a day",
                )
            )
    return sorted(found, key=lambda m: (m.reached_on, m.kind))


def _reduction_label(mark: int) -> str:
    if mark == 100:
        return "Taper complete: 0 MME a day"
    return f"{mark}% below where you started"
