"""Following a program day by day: today's plan and what is done of it, and the done-by-day records that
today's plan and adherence are measured against (completed sessions, check-ins, taper step dates).

Those records belong to other features (sessions, check-ins, taper); this module only reads them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coach.domain.programs import Program, ScheduledDay, is_finished
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.services.context import AppContext

if TYPE_CHECKING:  # programs.py builds TodayPlan, so it cannot be imported from here at run time
    from coach.services.programs.service import Assignment


@dataclass(frozen=True)
class TodayPlan:
    """What the active program asks of today, and what has been done of it."""

    assignment: Assignment
    program: Program
    day: date
    scheduled: ScheduledDay | None  # None before the start day or once a calendar program has ended
    done_exercises: tuple[str, ...]
    done_checkins: tuple[str, ...]

    @property
    def finished(self) -> bool:
        return is_finished(self.program, self.assignment.started_on, self.day)

    @property
    def not_started(self) -> bool:
        return self.day < self.assignment.started_on

    @property
    def exercises(self) -> tuple[str, ...]:
        return self.scheduled.plan.exercises if self.scheduled else ()

    @property
    def checkins(self) -> tuple[str, ...]:
        return self.scheduled.plan.checkins if self.scheduled else ()

    def next_exercise(self) -> str | None:
        """The first planned exercise not yet done today (None when the day is complete or empty)."""
        remaining = list(self.done_exercises)
        for exercise_id in self.exercises:
            if exercise_id in remaining:
                remaining.remove(exercise_id)
            else:
                return exercise_id
        return None


def taper_step_dates(ctx: AppContext) -> list[date]:
    """Dates of the steps in the active taper plan (the taper feature owns those tables)."""
    rows = ctx.store.db.execute(
        "select s.date from taper_steps s join taper_plans p on p.id = s.plan_id "
        "where p.status = 'active' order by s.date"
    ).fetchall()
    out: list[date] = []
    for (text,) in rows:
        try:
            out.append(date.fromisoformat(text))
        except (TypeError, ValueError):
            continue
    return out


def completed_by_day(ctx: AppContext, since: date) -> dict[date, list[str]]:
    """Exercise ids of completed sessions, grouped by the local day they started on."""
    zone = ctx.clock.local_zone()
    out: dict[date, list[str]] = defaultdict(list)
    lower_iso = local_day_bounds(since, zone)[0]
    for row in ctx.store.db.query(
        "select exercise_id, started_at from sessions where status = 'completed' and started_at >= ?",
        [lower_iso],
    ):
        day = local_date(from_db(row["started_at"]), zone)
        if day >= since:
            out[day].append(row["exercise_id"])
    return out


def checkins_by_day(ctx: AppContext, since: date) -> dict[date, list[str]]:
    """Check-in kinds ('peg', 'withdrawal', ...) grouped by the local day they were made on."""
    zone = ctx.clock.local_zone()
    lower_iso = local_day_bounds(since, zone)[0]
    out: dict[date, list[str]] = defaultdict(list)
    for row in ctx.store.db.query("select kind, at from checkins where at >= ?", [lower_iso]):
        out[local_date(from_db(row["at"]), zone)].append(row["kind"])
    for row in ctx.store.db.query("select at from withdrawal_checkins where at >= ?", [lower_iso]):
        out[local_date(from_db(row["at"]), zone)].append("withdrawal")
    return out
