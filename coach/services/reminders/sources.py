"""Reminders the app derives from the person's data: weekly PEG check-in, withdrawal check-ins in the first
week of each taper step, "talk with your prescriber" a few days before a step, and the active program's
practice days.

Each derived reminder is one row in reminder_rules (so it can be paused, retimed, and has deliveries)
whose payload names its `source`; the dates it fires on are recomputed from the data every time.

Programs: the active row in `assignments` and its `programs.definition` JSON. The definition is read
with coach.domain.programs (weeks of 7 days, each day {"exercises": [...], "checkins": [...]}, calendar or
taper schedule). If that fails, a defensive fallback reads `{"weeks": [{"days": [...]}]}` directly: day d
of week w is `started_on + 7*w + d`, and a day reminds when it lists exercises (a non-empty list, a dict
with a non-empty "exercises" list, or an exercise id string).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coach.domain.reminders import DatedEntry
from coach.storage.reminders_repo import RemindersRepo

WITHDRAWAL_DAYS = 7  # the step day and the six days after it
DEFAULT_DAYS_BEFORE_STEP = 3
PAST_DAYS = 370  # derived dates are computed from this far back (catch-up looks back up to a year)
FUTURE_DAYS = 400


@dataclass(frozen=True)
class DerivedDefault:
    kind: str
    label: str
    at_time: str
    weekdays: str
    skip_if_done: bool
    payload: Mapping[str, Any]


ALL_WEEK = "mon,tue,wed,thu,fri,sat,sun"
DERIVED: dict[str, DerivedDefault] = {
    "peg": DerivedDefault("checkin", "Weekly pain check-in", "18:00", "sun", True, {"source": "peg"}),
    "withdrawal": DerivedDefault(
        "checkin",
        "Check-in in the week after a taper step",
        "19:00",
        ALL_WEEK,
        True,
        {"source": "withdrawal"},
    ),
    "taper_step": DerivedDefault(
        "taper",
        "Taper step coming up: talk with your prescriber",
        "10:00",
        ALL_WEEK,
        False,
        {"source": "taper_step", "days_before": DEFAULT_DAYS_BEFORE_STEP},
    ),
    "program": DerivedDefault(
        "program", "Practice from your program", "09:00", ALL_WEEK, False, {"source": "program"}
    ),
}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _long_date(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}"


class DerivedSources:
    """Reads the data a derived reminder depends on; `dates_for(source)` gives its dated entries."""

    def __init__(self, repo: RemindersRepo, today: date) -> None:
        self.repo = repo
        self.today = today
        self.first = today - timedelta(days=PAST_DAYS)
        self.last = today + timedelta(days=FUTURE_DAYS)
        self._steps: list[date] | None = None

    # --- what exists -------------------------------------------------------------------------------
    def step_dates(self) -> list[date]:
        """Taper step dates of active plans, without steps that fall inside a taper pause."""
        if self._steps is None:
            pauses = []
            for start, end in self.repo.active_taper_pauses():
                begin = _date(start)
                if begin is not None:
                    pauses.append((begin, _date(end) if end else None))
            steps = []
            for text in self.repo.active_taper_steps():
                day = _date(text)
                if day is None:
                    continue
                # A paused taper holds its steps: no "step coming up" while the pause lasts.
                if any(b <= day and (e is None or day <= e) for b, e in pauses):
                    continue
                steps.append(day)
            self._steps = sorted(set(steps))
        return self._steps

    def wanted(self, is_patient: bool) -> list[str]:
        """Which derived reminders should exist now (they are created once and never removed)."""
        wanted = ["peg"] if is_patient else []
        if self.step_dates():
            wanted += ["withdrawal", "taper_step"]
        if self.repo.active_assignment() is not None:
            wanted.append("program")
        return wanted

    # --- dates ---------------------------------------------------------------------------------------
    def dates_for(self, source: str, payload: Mapping[str, Any]) -> dict[date, DatedEntry] | None:
        """None for a weekday-based rule; else the dates it fires on (empty when its source is gone)."""
        if source == "withdrawal":
            return self._withdrawal_dates()
        if source == "taper_step":
            raw = payload.get("days_before", DEFAULT_DAYS_BEFORE_STEP)
            days_before = raw if isinstance(raw, int) and 0 <= raw <= 60 else DEFAULT_DAYS_BEFORE_STEP
            return self._taper_dates(days_before)
        if source == "program":
            return self._program_dates()
        return None

    def _withdrawal_dates(self) -> dict[date, DatedEntry]:
        out: dict[date, DatedEntry] = {}
        for step in self.step_dates():
            for offset in range(WITHDRAWAL_DAYS):
                day = step + timedelta(days=offset)
                if day in out:
                    continue  # overlapping windows: the earlier step's wording is fine
                when = "today" if offset == 0 else f"{offset} day{'s' if offset > 1 else ''} ago"
                out[day] = DatedEntry(
                    note=f"Your taper step was {when}. A two-minute check-in on how your body is doing "
                    "helps you and your prescriber see how it is going."
                )
        return out

    def _taper_dates(self, days_before: int) -> dict[date, DatedEntry]:
        out: dict[date, DatedEntry] = {}
        for step in self.step_dates():
            day = step - timedelta(days=days_before)
            when = "today" if days_before == 0 else f"in {days_before} day{'s' if days_before > 1 else ''}"
            out[day] = DatedEntry(
                note=f"Your next taper step, on {_long_date(step)}, is {when}. It is a good moment to talk "
                "with your prescriber about how things are going, and to mention anything that worries you."
            )
        return out

    def _program_dates(self) -> dict[date, DatedEntry]:
        found = self.repo.active_assignment()
        if found is None:
            return {}
        _program_id, started_text, definition = found
        started = _date(started_text)
        if started is None:
            return {}
        try:
            data = json.loads(definition)
        except ValueError:
            return {}
        try:
            days = self._program_days_via_domain(data, started)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError):
            days = _program_days_fallback(data, started)
        return {
            day: DatedEntry(
                exercise_id=exercises[0],
                note=f"Your program has {len(exercises)} "
                f"{'exercise' if len(exercises) == 1 else 'exercises'} for today, whenever you are ready.",
            )
            for day, exercises in days.items()
            if exercises and self.first <= day <= self.last
        }

    def _program_days_via_domain(self, data: Any, started: date) -> dict[date, list[str]]:
        from coach.domain import programs

        program = programs.program_from_dict(data)
        steps = self.step_dates()
        out: dict[date, list[str]] = {}
        day = max(started, self.first)
        while day <= self.last:
            scheduled = programs.plan_for_day(program, started, day, steps)
            if scheduled is None and day > started:
                if programs.is_finished(program, started, day):
                    break
            elif scheduled is not None and scheduled.plan.exercises:
                out[day] = list(scheduled.plan.exercises)
            day += timedelta(days=1)
        return out


def _exercises_of(day: Any) -> list[str]:
    if isinstance(day, str):
        return [day] if day else []
    if isinstance(day, list):
        return [x if isinstance(x, str) else str(x.get("id", "")) for x in day if isinstance(x, str | dict)]
    if isinstance(day, dict):
        items = day.get("exercises", [])
        return _exercises_of(items) if isinstance(items, list) else []
    return []


def _program_days_fallback(data: Any, started: date) -> dict[date, list[str]]:
    out: dict[date, list[str]] = {}
    weeks = data.get("weeks") if isinstance(data, dict) else None
    if not isinstance(weeks, list):
        return out
    for w, week in enumerate(weeks):
        days = week.get("days") if isinstance(week, dict) else None
        if not isinstance(days, list):
            continue
        for d, day in enumerate(days[:7]):
            exercises = [x for x in _exercises_of(day) if x]
            if exercises:
                out[started + timedelta(days=7 * w + d)] = exercises
    return out
