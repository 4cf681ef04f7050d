"""Programs in a profile: built-in templates and saved ones, the active assignment, today's plan, adherence.

Built-in templates are files (resources/programs); saved and imported programs live in the `programs`
table. Assigning a program makes a new `assignments` row 'active' and turns the one before into
'previous' (nothing is deleted), so the person can always see and go back to what they did before.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from coach.domain.errors import CoachError
from coach.domain.programs import (
    Adherence,
    Program,
    ScheduledDay,
    adherence,
    is_finished,
    plan_for_day,
    program_from_dict,
    program_to_dict,
)
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.resources import resource_path
from coach.services.context import AppContext
from coach.services.events import Topic
from coach.storage.database import utc_now_iso

SCHEMA_FILE = ("schemas", "program.schema.json")


class ProgramError(CoachError):
    """A program file or definition that does not fit the schema; the message names where and what."""


@lru_cache(maxsize=1)
def program_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(program_schema())


def _field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(error: ValidationError) -> tuple[str, str]:
    path = _field_path(error.absolute_path)
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a field"
        return (f"{path}.{missing}" if path else missing), "is missing (it is required)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        field = extras[0] if extras else "?"
        return (f"{path}.{field}" if path else field), "is not a known field"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return path, f"{str(error.instance)[:40]!r} is not one of: {allowed}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        return path, f"{error.instance[:40]!r} must be lowercase letters, digits and dashes"
    # jsonschema's messages quote the whole instance, which can be huge in a hostile file.
    message = str(error.message)
    return path, message if len(message) <= 160 else f"{message[:157]}..."


def validate_program_data(data: object, origin: str) -> dict[str, Any]:
    """Check `data` against program.schema.json plus the rules a schema cannot say; return it unchanged,
    or raise ProgramError naming `origin`, the field and the problem on one line."""
    try:
        errors = list(_validator().iter_errors(data))
    except RecursionError as exc:
        raise ProgramError(f"{origin}: is nested too deeply") from exc
    if errors:
        path, problem = _problem(best_match(errors))
        where = f"{origin}: {path}" if path else origin
        raise ProgramError(f"{where}: {problem}".replace("\n", " "))
    assert isinstance(data, dict)  # the schema's top-level type is object
    offsets = [d["offset"] for d in data.get("around_taper_step", [])]
    if len(offsets) != len(set(offsets)):
        raise ProgramError(f"{origin}: around_taper_step: each offset may appear only once")
    if offsets and data.get("schedule") != "taper":
        raise ProgramError(f"{origin}: around_taper_step: only a program with schedule 'taper' can use it")
    return data


def load_program_file(path: Path) -> Program:
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgramError(f"{name}: cannot be read ({exc.__class__.__name__})") from exc
    except json.JSONDecodeError as exc:
        raise ProgramError(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    valid = validate_program_data(data, name)
    if valid["id"] != path.stem:
        raise ProgramError(f"{name}: id: {valid['id']!r} must match the file name {path.stem!r}")
    return program_from_dict(valid)


@lru_cache(maxsize=4)
def _load_builtins(directory: Path) -> tuple[Program, ...]:
    return tuple(load_program_file(p) for p in sorted(directory.glob("*.json")))


def builtin_programs() -> list[Program]:
    return list(_load_builtins(resource_path("programs").resolve()))


def builtin_program_ids() -> set[str]:
    return {p.id for p in builtin_programs()}


def known_exercise_ids(ctx: AppContext) -> set[str]:
    from coach.services.library import ExerciseLibrary

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


@dataclass(frozen=True)
class Assignment:
    id: int
    program_id: str
    started_on: date
    status: str  # active | previous | finished
    assigned_by: str
    created_at: str


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


def _row_to_assignment(row: Any) -> Assignment:
    return Assignment(
        id=int(row["id"]),
        program_id=str(row["program_id"]),
        started_on=date.fromisoformat(row["started_on"]),
        status=str(row["status"]),
        assigned_by=str(row["assigned_by"]),
        created_at=str(row["created_at"]),
    )


class ProgramService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.db = ctx.store.db

    # --- reading ---------------------------------------------------------------------------------
    def stored(self) -> list[ProgramInfo]:
        out: list[ProgramInfo] = []
        for row in self.db.query(
            "select id, definition, origin, coach_name from programs"
            " where origin != 'builtin' order by title, id"
        ):
            try:
                data = validate_program_data(json.loads(row["definition"]), f"program {row['id']!r}")
            except (json.JSONDecodeError, ProgramError):
                continue  # a damaged row must not hide the rest of the list
            out.append(ProgramInfo(program_from_dict(data), row["origin"], row["coach_name"]))
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
        row = self.db.execute(
            "select definition, origin, coach_name from programs where id = ?", [program_id]
        ).fetchone()
        if row is None:
            raise CoachError(f"no program called {program_id!r} (see `coach program list`)")
        try:
            data = validate_program_data(json.loads(row[0]), f"program {program_id!r}")
        except json.JSONDecodeError as exc:
            raise ProgramError(f"program {program_id!r}: its stored definition is not valid JSON") from exc
        return ProgramInfo(program_from_dict(data), row[1], row[2])

    def exists(self, program_id: str) -> bool:
        if program_id in builtin_program_ids():
            return True
        return self.db.execute("select 1 from programs where id = ?", [program_id]).fetchone() is not None

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
        now = utc_now_iso()
        with self.ctx.store.transaction() as db:
            self._upsert(db, data, coach_name, origin, now)
        self.ctx.bus.publish(Topic.PROGRAMS)
        return program

    @staticmethod
    def _upsert(db: Any, data: dict[str, Any], coach_name: str, origin: str, now: str) -> None:
        db.execute(
            "INSERT INTO programs (id, title, definition, coach_name, origin, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " definition = excluded.definition, coach_name = excluded.coach_name, origin = excluded.origin,"
            " updated_at = excluded.updated_at",
            [
                data["id"],
                data["title"],
                json.dumps(data, ensure_ascii=False, sort_keys=True),
                coach_name,
                origin,
                now,
                now,
            ],
        )

    def delete(self, program_id: str) -> None:
        if program_id in builtin_program_ids():
            raise CoachError(f"{program_id!r} is a built-in template and cannot be deleted")
        if self.db.execute(
            "select 1 from assignments where program_id = ? and status = 'active'", [program_id]
        ).fetchone():
            raise CoachError("this program is the one you are following: start another program first")
        with self.ctx.store.transaction() as db:
            cursor = db.execute("DELETE FROM programs WHERE id = ?", [program_id])
        if cursor.rowcount == 0:
            raise CoachError(f"no saved program called {program_id!r} (see `coach program list`)")
        self.ctx.bus.publish(Topic.PROGRAMS)

    def assign(self, program_id: str, started_on: date | None = None, assigned_by: str = "") -> Assignment:
        """Make `program_id` the active program from `started_on` (default: today)."""
        info = self.info(program_id)
        start = started_on or self.today_local()
        with self.ctx.store.transaction() as db:
            assignment_id = self.assign_in(db, info, start, assigned_by)
        self.ctx.bus.publish(Topic.PROGRAMS)
        return self.assignment(assignment_id)

    def assign_in(self, db: Any, info: ProgramInfo, start: date, assigned_by: str) -> int:
        """The assignment part of `assign`, for callers that already hold a transaction (bundle import)."""
        now = utc_now_iso()
        if info.origin == "builtin":
            # The assignments table needs a programs row; a built-in is copied there as it is today.
            data = validate_program_data(program_to_dict(info.program), f"program {info.id!r}")
            self._upsert(db, data, "", "builtin", now)
        db.execute("UPDATE assignments SET status = 'previous' WHERE status = 'active'")
        cursor = db.execute(
            "INSERT INTO assignments (program_id, started_on, status, assigned_by, created_at)"
            " VALUES (?, ?, 'active', ?, ?)",
            [info.id, start.isoformat(), assigned_by, now],
        )
        return int(cursor.lastrowid or 0)

    def stop(self) -> None:
        """Stop following the active program (it stays in the history as 'previous')."""
        with self.ctx.store.transaction() as db:
            db.execute("UPDATE assignments SET status = 'previous' WHERE status = 'active'")
        self.ctx.bus.publish(Topic.PROGRAMS)

    # --- assignments -----------------------------------------------------------------------------
    def assignment(self, assignment_id: int) -> Assignment:
        row = next(self.db.query("select * from assignments where id = ?", [assignment_id]), None)
        if row is None:
            raise CoachError(f"no assignment number {assignment_id}")
        return _row_to_assignment(row)

    def active_assignment(self) -> Assignment | None:
        row = next(
            self.db.query("select * from assignments where status = 'active' order by id desc"),
            None,
        )
        return _row_to_assignment(row) if row else None

    def history(self) -> list[Assignment]:
        return [_row_to_assignment(r) for r in self.db.query("select * from assignments order by id desc")]

    # --- today and adherence ---------------------------------------------------------------------
    def today_local(self) -> date:
        return local_date(self.ctx.clock.now(), self.ctx.clock.local_zone())

    def taper_step_dates(self) -> list[date]:
        """Dates of the steps in the active taper plan (the taper feature owns those tables)."""
        rows = self.db.execute(
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

    def completed_by_day(self, since: date) -> dict[date, list[str]]:
        """Exercise ids of completed sessions, grouped by the local day they started on."""
        zone = self.ctx.clock.local_zone()
        out: dict[date, list[str]] = defaultdict(list)
        lower_iso = local_day_bounds(since, zone)[0]
        for row in self.db.query(
            "select exercise_id, started_at from sessions where status = 'completed' and started_at >= ?",
            [lower_iso],
        ):
            day = local_date(from_db(row["started_at"]), zone)
            if day >= since:
                out[day].append(row["exercise_id"])
        return out

    def checkins_by_day(self, since: date) -> dict[date, list[str]]:
        zone = self.ctx.clock.local_zone()
        lower_iso = local_day_bounds(since, zone)[0]
        out: dict[date, list[str]] = defaultdict(list)
        for row in self.db.query("select kind, at from checkins where at >= ?", [lower_iso]):
            out[local_date(from_db(row["at"]), zone)].append(row["kind"])
        for row in self.db.query("select at from withdrawal_checkins where at >= ?", [lower_iso]):
            out[local_date(from_db(row["at"]), zone)].append("withdrawal")
        return out

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
        scheduled = plan_for_day(program, assignment.started_on, day, self.taper_step_dates())
        done = self.completed_by_day(day).get(day, [])
        checked = self.checkins_by_day(day).get(day, [])
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
            self.completed_by_day(assignment.started_on),
            self.checkins_by_day(assignment.started_on),
            self.taper_step_dates(),
        )
