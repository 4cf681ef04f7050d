"""Programs in a profile: built-in templates and saved ones, assignments, and today's plan and adherence.

Built-in templates are files (resources/programs, read and checked by coach.services.programs.definitions);
saved and imported programs live in the `programs` table (coach.storage.programs_repo). Assigning a program makes a new `assignments`
row 'active' and turns the one before into 'previous' (nothing is deleted), so the person can always see
and go back to what they did before. What was done on which day comes from coach.services.programs.days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.programs import (
    Adherence,
    Program,
    adherence,
    plan_for_day,
    program_from_dict,
    program_to_dict,
)
from coach.domain.timefmt import local_date
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.programs.days import TodayPlan, checkins_by_day, completed_by_day, taper_step_dates
from coach.services.programs.definitions import (
    ProgramError,
    builtin_program_ids,
    builtin_programs,
    validate_program_data,
)
from coach.storage.database import utc_now_iso
from coach.storage.programs_repo import Assignment, ProgramsRepo

__all__ = ["Assignment", "ProgramInfo", "ProgramService", "known_exercise_ids"]


def known_exercise_ids(ctx: AppContext) -> set[str]:
    from coach.services.practice.library import ExerciseLibrary

    return {exercise.id for exercise in ExerciseLibrary(ctx.store).all()}


@dataclass(frozen=True)
class ProgramInfo:
    program: Program
    origin: str  # builtin | custom | imported
    coach_name: str = ""

    @property
    def id(self) -> str:
        return self.program.id

    @property
    def title(self) -> str:
        return self.program.title


class ProgramService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = ProgramsRepo(ctx.store)

    # --- reading ---------------------------------------------------------------------------------
    def stored(self) -> list[ProgramInfo]:
        out: list[ProgramInfo] = []
        for row in self.repo.saved_programs():
            try:
                data = validate_program_data(json.loads(row.definition), f"program {row.id!r}")
            except (json.JSONDecodeError, ProgramError):
                continue  # a damaged row must not hide the rest of the list
            out.append(ProgramInfo(program_from_dict(data), row.origin, row.coach_name))
        return out

    def all(self) -> list[ProgramInfo]:
        """Built-in templates first, then saved and imported programs."""
        return [ProgramInfo(p, "builtin") for p in builtin_programs()] + self.stored()

    def get(self, program_id: str) -> Program:
        return self.info(program_id).program

    def info(self, program_id: str) -> ProgramInfo:
        for program in builtin_programs():
            if program.id == program_id:
                return ProgramInfo(program, "builtin")
        row = self.repo.program(program_id)
        if row is None:
            raise CoachError(f"no program called {program_id!r} (see `coach program list`)")
        try:
            data = validate_program_data(json.loads(row.definition), f"program {program_id!r}")
        except json.JSONDecodeError as exc:
            raise ProgramError(f"program {program_id!r}: its stored definition is not valid JSON") from exc
        return ProgramInfo(program_from_dict(data), row.origin, row.coach_name)

    def exists(self, program_id: str) -> bool:
        if program_id in builtin_program_ids():
            return True
        return self.repo.has_program(program_id)

    def free_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken yet."""
        if not self.exists(wanted):
            return wanted
        base = wanted[:56]
        n = 2
        while self.exists(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"

    # --- writing ---------------------------------------------------------------------------------
    def check(self, program: Program, origin: str = "program") -> dict[str, Any]:
        """The program as validated data; every exercise it names must exist in this profile."""
        data = validate_program_data(program_to_dict(program), origin)
        missing = program.missing_exercises(known_exercise_ids(self.ctx))
        if missing:
            raise ProgramError(f"{origin}: uses an exercise that does not exist: {missing[0]!r}")
        return data

    def save(self, program: Program, coach_name: str = "", origin: str = "custom") -> Program:
        """Add or replace a saved program. Built-in templates are read-only: save a copy with a new id."""
        if program.id in builtin_program_ids():
            raise ProgramError(f"{program.id!r} is a built-in template: save your version under a new name")
        data = self.check(program, f"program {program.id!r}")
        with self.ctx.store.transaction():
            self.repo.save_program(data, coach_name=coach_name, origin=origin, now=utc_now_iso())
        self.ctx.bus.publish(Topic.PROGRAMS)
        return program

    def delete(self, program_id: str) -> None:
        if program_id in builtin_program_ids():
            raise CoachError(f"{program_id!r} is a built-in template and cannot be deleted")
        if self.repo.is_followed(program_id):
            raise CoachError("this program is the one you are following: start another program first")
        with self.ctx.store.transaction():
            deleted = self.repo.delete_program(program_id)
        if not deleted:
            raise CoachError(f"no saved program called {program_id!r} (see `coach program list`)")
        self.ctx.bus.publish(Topic.PROGRAMS)

    def assign(self, program_id: str, started_on: date | None = None, assigned_by: str = "") -> Assignment:
        """Make `program_id` the active program from `started_on` (default: today)."""
        info = self.info(program_id)
        start = started_on or self.today_local()
        with self.ctx.store.transaction():
            assignment_id = self.assign_in(info, start, assigned_by)
        self.ctx.bus.publish(Topic.PROGRAMS)
        return self.assignment(assignment_id)

    def assign_in(self, info: ProgramInfo, start: date, assigned_by: str) -> int:
        """The assignment part of `assign`, for callers that already hold a transaction (bundle import):
        writes without publishing and returns the new assignment id."""
        now = utc_now_iso()
        if info.origin == "builtin":
            # The assignments table needs a programs row; a built-in is copied there as it is today.
            data = validate_program_data(program_to_dict(info.program), f"program {info.id!r}")
            self.repo.save_program(data, coach_name="", origin="builtin", now=now)
        return self.repo.start_assignment(info.id, start, assigned_by, now)

    def stop(self) -> None:
        """Stop following the active program (it stays in the history as 'previous')."""
        with self.ctx.store.transaction():
            self.repo.end_active_assignment()
        self.ctx.bus.publish(Topic.PROGRAMS)

    # --- assignments -----------------------------------------------------------------------------
    def assignment(self, assignment_id: int) -> Assignment:
        found = self.repo.assignment(assignment_id)
        if found is None:
            raise CoachError(f"no assignment number {assignment_id}")
        return found

    def active_assignment(self) -> Assignment | None:
        return self.repo.active_assignment()

    def history(self) -> list[Assignment]:
        """Every assignment, newest first."""
        return self.repo.assignments()

    # --- today and adherence ---------------------------------------------------------------------
    def today_local(self) -> date:
        return local_date(self.ctx.clock.now(), self.ctx.clock.local_zone())

    def today(self) -> TodayPlan | None:
        """The active program's plan for today, or None when no program is active."""
        assignment = self.active_assignment()
        if assignment is None:
            return None
        try:
            program = self.get(assignment.program_id)
        except CoachError:
            return None
        day = self.today_local()
        scheduled = plan_for_day(program, assignment.started_on, day, taper_step_dates(self.ctx))
        done = completed_by_day(self.ctx, day).get(day, [])
        checked = checkins_by_day(self.ctx, day).get(day, [])
        return TodayPlan(assignment, program, day, scheduled, tuple(done), tuple(checked))

    def adherence(
        self, assignment: Assignment | None = None, through: date | None = None
    ) -> Adherence | None:
        """Planned vs done for `assignment` (default: the active one) through `through` (default: today)."""
        assignment = assignment or self.active_assignment()
        if assignment is None:
            return None
        program = self.get(assignment.program_id)
        through = through or self.today_local()
        return adherence(
            program,
            assignment.started_on,
            through,
            completed_by_day(self.ctx, assignment.started_on),
            checkins_by_day(self.ctx, assignment.started_on),
            taper_step_dates(self.ctx),
        )
