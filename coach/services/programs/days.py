"""Following a program day by day: today's plan and what is done of it, and the done-by-day records that
today's plan and adherence are measured against (completed sessions, check-ins, taper step dates).

Those records belong to other features (sessions, check-ins, taper); this module only reads them, through
coach.storage.programs_repo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from coach.domain.programs import Program, ScheduledDay, is_finished
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.services.context import AppContext
from coach.storage.programs_repo import Assignment, ProgramsRepo


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

    @property
    def lessons(self) -> tuple[str, ...]:
        """Learn lesson ids the day holds (read in the Learn page; done once, not daily)."""
        return self.scheduled.plan.lessons if self.scheduled else ()

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
    return ProgramsRepo(ctx.store).active_taper_step_dates()


def completed_by_day(ctx: AppContext, since: date) -> dict[date, list[str]]:
    """Exercise ids of completed sessions, grouped by the local day they started on."""
    zone = ctx.clock.local_zone()
    out: dict[date, list[str]] = defaultdict(list)
    lower_iso = local_day_bounds(since, zone)[0]
    for exercise_id, started_at in ProgramsRepo(ctx.store).completed_sessions_since(lower_iso):
        day = local_date(from_db(started_at), zone)
        if day >= since:
            out[day].append(exercise_id)
    return out


def checkins_by_day(ctx: AppContext, since: date) -> dict[date, list[str]]:
    """Check-in kinds ('peg', 'withdrawal', ...) grouped by the local day they were made on."""
    zone = ctx.clock.local_zone()
    lower_iso = local_day_bounds(since, zone)[0]
    out: dict[date, list[str]] = defaultdict(list)
    repo = ProgramsRepo(ctx.store)
    for kind, at in repo.checkins_since(lower_iso):
        out[local_date(from_db(at), zone)].append(kind)
    for at in repo.withdrawal_checkin_times_since(lower_iso):
        out[local_date(from_db(at), zone)].append("withdrawal")
    return out
