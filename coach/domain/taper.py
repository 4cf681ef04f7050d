"""Taper arithmetic: draft schedules from a pace preset, pace checks, pauses, milestones, projected finish.

The app records what the prescriber decides; everything here either describes a plan or drafts one for
the person to take to their prescriber. No function ever proposes a level above the one before it.

Drafts (CDC 2022: about 10% a month or slower for a year or more on opioids, slower at lower doses; HHS
2019: common tapers cut 5-20% every 4 weeks, faster ones risk withdrawal, pain and distress):
- `cdc-monthly`: each month, 10% of the STARTING dose until 30% of it remains; from there, 10% of the dose
  then taken. So the cuts shrink as the dose does, and never exceed a quarter of what is taken then.
- `weekly-10`: the same each week (older advice for shorter-term use, e.g. the Washington AMDG calculator).
- No cut is ever more than 25% of the dose then taken (MAX_CUT_SHARE).
- Below the lowest practical dose (DEFAULT_LOWEST, 5 MME a day unless the person sets another), a cut is not
  drafted: the draft holds the last level at least 4 weeks, then its last step reads STOP_TALK.
Pace warnings compare each cut with the dose then taken: more than 25% in one step, or more than 10% of it a
week on average over the time since the step before (HHS 2019: rapid tapers bring risks).
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
from coach.domain.wording import count

CDC_MONTHLY = "cdc-monthly"
WEEKLY_10 = "weekly-10"
PACES: tuple[str, ...] = (CDC_MONTHLY, WEEKLY_10)
PACE_LABELS: dict[str, str] = {
    CDC_MONTHLY: "Monthly, about 10% (CDC 2022)",
    WEEKLY_10: "Weekly, about 10% (shorter-term use)",
}
PACE_DETAILS: dict[str, str] = {
    CDC_MONTHLY: "Each month, 10% of the starting dose until 30% of it remains, then 10% of the dose then "
    "taken (CDC 2022: for a year or more on opioids).",
    WEEKLY_10: "Each week, 10% of the starting dose until 30% of it remains, then 10% of the dose then taken "
    "(older advice for shorter-term use).",
}
DRAFT_LABEL = "draft: discuss with your prescriber"
STOP_TALK = "talk with your prescriber about stopping or spacing doses"

SLOW_BELOW_FRACTION = 0.30  # below this share of the start, cuts are 10% of the dose then taken
CUT_SHARE = 0.10  # of the start while above SLOW_BELOW_FRACTION, then of the dose then taken
MAX_CUT_SHARE = 0.25  # no cut above a quarter of the dose then taken, in a draft or unwarned in a plan
WEEKLY_SHARE = 0.10  # a plan's cut faster than this share of the dose a week (on average) is warned
DEFAULT_LOWEST = 5.0  # MME a day: below it the draft stops cutting and suggests a talk instead
HOLD_BEFORE_TALK_DAYS = 28
MAX_START_MME = 5000.0
_MAX_DRAFT_STEPS = 400  # a guard: even 2000 MME to 0.01 MME weekly takes fewer

# Rounding slack: 0.5% of the dose then taken, so a prescriber's "round to the nearest tablet" is no warning.
_SLACK = 0.005
# Drafts give levels to 0.01 MME; on a very small dose that rounding is larger than the slack.
_LEVEL_PRECISION = 0.01


@dataclass(frozen=True)
class DraftStep:
    """A drafted level from `date`; `note` is STOP_TALK on the last step of a draft that reached the lowest
    practical dose (that step holds the level: stopping is the prescriber's call)."""

    date: date
    target_mme: float
    percent_of_start: float
    cut_percent: float = 0.0  # the cut as a share of the dose taken before this step
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"date": self.date.isoformat(), "target_mme": self.target_mme}
        if self.note:
            out["note"] = self.note
        return out


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
    reduction_percent: float  # of the dose taken before the step (negative when the level went up)
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


def start_range_message() -> str:
    """The one sentence shown when a draft's starting dose is missing or outside what the app drafts."""
    return f"Type the daily dose now as a number above 0 and up to {MAX_START_MME:g} MME a day."


def _check_start(start_mme: float, floor: float, lowest: float) -> tuple[float, float, float]:
    start = float(start_mme)
    # One sentence a person can act on: what is allowed, not what the code received.
    if not math.isfinite(start) or start <= 0 or start > MAX_START_MME:
        raise CoachError(start_range_message())
    low = float(floor)
    if not math.isfinite(low) or low < 0:
        raise CoachError("The lowest dose to stop at must be 0 or more MME a day (0 means all the way).")
    if low >= start:
        raise CoachError(
            f"The lowest dose to stop at ({low:g} MME a day) must be below the starting dose "
            f"({start:g} MME a day)."
        )
    least = float(lowest)
    if not math.isfinite(least) or least <= 0:
        raise CoachError("The lowest practical dose must be above 0 MME a day.")
    return start, low, least


def _period_date(pace: str, start: date, period: int) -> date:
    return add_months(start, period) if pace == CDC_MONTHLY else start + timedelta(weeks=period)


def next_cut(start_mme: float, level: float) -> float:
    """The drafted cut from `level`: 10% of the start while above 30% of it, then 10% of the level, and
    never above 25% of the level."""
    # The 0.01 tolerance: levels are rounded to 0.01, so 30% of the start may be stored a hair above it.
    share_of_start = (
        CUT_SHARE * start_mme if level > SLOW_BELOW_FRACTION * start_mme + _LEVEL_PRECISION else 0.0
    )
    cut = share_of_start or CUT_SHARE * level
    return min(cut, MAX_CUT_SHARE * level)


def draft_schedule(
    start_mme: float, pace: str, start: date, floor: float = 0.0, lowest: float = DEFAULT_LOWEST
) -> list[DraftStep]:
    """A draft to discuss with the prescriber: the first cut on `start`, then one per period (a month for
    `cdc-monthly`, a week for `weekly-10`), by the rules in this module's docstring.

    Levels never rise and no cut is above 25% of the dose then taken. A `floor` (MME a day, 0 = none) ends
    the draft there. Otherwise cuts stop before the level would fall below `lowest` (MME a day), and a last
    step at least 4 weeks later holds that level with the note STOP_TALK. Raises CoachError for a start not
    above 0 or past MAX_START_MME, an unknown pace, a floor not below the start, or `lowest` not above 0.
    """
    if pace not in PACES:
        raise CoachError(f"unknown pace {pace!r}: use {' or '.join(PACES)}")
    begin, low, least = _check_start(start_mme, floor, lowest)
    steps: list[DraftStep] = []
    level = begin
    while len(steps) < _MAX_DRAFT_STEPS:
        cut = next_cut(begin, level)
        target = round(level - cut, 2)  # to _LEVEL_PRECISION
        when = _period_date(pace, start, len(steps))
        if low > 0 and target <= low:
            steps.append(_draft_step(when, low, level, begin))
            return steps
        if target < least:
            break
        steps.append(_draft_step(when, target, level, begin))
        level = target
    # Hold the last level at least 4 weeks, then hand the last part to the prescriber.
    if steps:
        last = steps[-1].date
        when = max(_period_date(pace, start, len(steps)), last + timedelta(days=HOLD_BEFORE_TALK_DAYS))
    else:
        when = start
    steps.append(DraftStep(when, level, round(level / begin * 100.0, 2), 0.0, STOP_TALK))
    return steps


def _draft_step(when: date, target: float, before: float, begin: float) -> DraftStep:
    target = round(target, 2)
    return DraftStep(
        when, target, round(target / begin * 100.0, 2), round((before - target) / before * 100.0, 1)
    )


def sorted_steps(steps: Sequence[PlanStep]) -> list[PlanStep]:
    return sorted(steps, key=lambda s: (s.date, s.id or 0))


def pace_warnings(start_mme: float, steps: Sequence[PlanStep], pace: str | None = None) -> list[PaceWarning]:
    """Cuts faster than the guideline pace, and steps that go up (shown neutrally: the prescriber set them).

    Each cut is compared with the dose taken before it: more than 25% of it in one step, or more than 10%
    of it a week on average since the step before, is "fast" (HHS 2019; CDC 2022). The first step is only
    checked for size, since the start level was held before it. `pace` is kept for callers; the rule is
    the same for every plan because it follows the dose still taken, not the preset.
    """
    del pace
    start = float(start_mme)
    if start <= 0:
        return []
    out: list[PaceWarning] = []
    previous_level, previous_date = start, None
    for index, step in enumerate(sorted_steps(steps)):
        drop = previous_level - step.target_mme
        held = (step.date - previous_date).days if previous_date is not None else None
        slack = max(_SLACK * previous_level, _LEVEL_PRECISION)
        percent = round(drop / previous_level * 100.0, 1) if previous_level > 0 else 0.0
        if drop < -slack:
            out.append(
                PaceWarning(
                    index,
                    step.date,
                    "up",
                    percent,
                    held,
                    "This step is higher than the one before. The app keeps it as entered, because you "
                    "confirmed your prescriber set it this way.",
                )
            )
        elif drop > slack and previous_level > 0:
            too_big = drop > MAX_CUT_SHARE * previous_level + slack
            too_soon = held is not None and drop > WEEKLY_SHARE * previous_level * held / 7 + slack
            if too_big or too_soon:
                out.append(
                    PaceWarning(
                        index, step.date, "fast", percent, held, _fast_message(percent, held, too_big)
                    )
                )
        previous_level, previous_date = step.target_mme, step.date
    return out


FAST_ADVICE = (
    "Faster steps can bring stronger withdrawal and pain. Talk it over with your prescriber, and bring your "
    "check-ins."
)


def _fast_message(percent: float, held_days: int | None, too_big: bool) -> str:
    after = f", {count(held_days, 'day')} after the one before" if held_days is not None else ""
    why = "more than a quarter of it in one step" if too_big else "faster than 10% of it a week on average"
    return f"This step lowers your dose by {percent:g}% of what you were taking{after}: {why}. {FAST_ADVICE}"


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
