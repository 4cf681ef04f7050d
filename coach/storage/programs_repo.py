"""Programs in SQLite: saved programs (`programs`), which program is followed since when (`assignments`),
and the day records a program is measured against (completed sessions, check-ins, taper step dates).

Built-in templates are files, not rows; a built-in gets a `programs` row (origin 'builtin') only when it is
assigned, because an assignment needs one. Assigning never deletes: the program followed before turns
'previous'. The day records belong to other features' tables; this module only reads them.

Reads go through `store.conn` (plain sqlite3): the Today page asks for the active program's plan on the
start-up path, before sqlite-utils is loaded. Writes go through `store.db`, whose `execute` commits a
statement run outside a transaction, as every write here did before it moved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.storage.sessions_repo import done_clause

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class StoredProgram:
    """A `programs` row as saved. `definition` is the JSON text unparsed: a damaged row is the caller's
    to skip or report, not this module's to hide."""

    id: str
    definition: str
    origin: str  # builtin | custom | imported
    coach_name: str


@dataclass(frozen=True)
class Assignment:
    """One `assignments` row: `program_id` followed from `started_on` (a local date)."""

    id: int
    program_id: str
    started_on: date
    status: str  # active | previous | finished
    assigned_by: str
    created_at: str


def _assignment(row: tuple[Any, ...]) -> Assignment:
    return Assignment(
        id=int(row[0]),
        program_id=str(row[1]),
        started_on=date.fromisoformat(row[2]),
        status=str(row[3]),
        assigned_by=str(row[4]),
        created_at=str(row[5]),
    )


def _program(row: tuple[Any, ...]) -> StoredProgram:
    return StoredProgram(id=str(row[0]), definition=row[1], origin=row[2], coach_name=row[3])


class ProgramsRepo:
    """Every statement on `programs` and `assignments`, plus the read-only day records programs use."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- programs --------------------------------------------------------------------------------
    def saved_programs(self) -> list[StoredProgram]:
        """Saved and imported programs (not built-in copies), by title then id."""
        rows = self.store.conn.execute(
            "select id, definition, origin, coach_name from programs"
            " where origin != 'builtin' order by title, id"
        ).fetchall()
        return [_program(r) for r in rows]

    def program(self, program_id: str) -> StoredProgram | None:
        """The row saved under `program_id` (built-in copies included), or None."""
        row = self.store.conn.execute(
            "select id, definition, origin, coach_name from programs where id = ?", [program_id]
        ).fetchone()
        return _program(row) if row else None

    def has_program(self, program_id: str) -> bool:
        return (
            self.store.conn.execute("select 1 from programs where id = ?", [program_id]).fetchone()
            is not None
        )

    def save_program(self, definition: Mapping[str, Any], *, coach_name: str, origin: str, now: str) -> None:
        """Insert or replace the program `definition` (validated data with 'id' and 'title').

        A replaced row keeps its created_at; `now` (ISO-8601 UTC) becomes updated_at, and created_at of a
        new row. `origin` is 'builtin', 'custom' or 'imported' (the table's CHECK raises otherwise).
        """
        self.store.db.execute(
            "INSERT INTO programs (id, title, definition, coach_name, origin, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " definition = excluded.definition, coach_name = excluded.coach_name, origin = excluded.origin,"
            " updated_at = excluded.updated_at",
            [
                definition["id"],
                definition["title"],
                json.dumps(definition, ensure_ascii=False, sort_keys=True),
                coach_name,
                origin,
                now,
                now,
            ],
        )

    def delete_program(self, program_id: str) -> bool:
        """Delete the saved program (its assignments go with it); False when there was none."""
        cursor = self.store.db.execute("DELETE FROM programs WHERE id = ?", [program_id])
        return cursor.rowcount > 0

    # --- assignments -----------------------------------------------------------------------------
    def is_followed(self, program_id: str) -> bool:
        """True while `program_id` is the active assignment."""
        row = self.store.conn.execute(
            "select 1 from assignments where program_id = ? and status = 'active'", [program_id]
        ).fetchone()
        return row is not None

    def start_assignment(self, program_id: str, started_on: date, assigned_by: str, now: str) -> int:
        """Make `program_id` the one active assignment from `started_on`; the one before turns
        'previous'. Returns the new assignment id. The program must have a `programs` row (foreign key)."""
        with self.store.transaction() as db:
            db.execute("UPDATE assignments SET status = 'previous' WHERE status = 'active'")
            cursor = db.execute(
                "INSERT INTO assignments (program_id, started_on, status, assigned_by, created_at)"
                " VALUES (?, ?, 'active', ?, ?)",
                [program_id, started_on.isoformat(), assigned_by, now],
            )
        return int(cursor.lastrowid or 0)

    def end_active_assignment(self) -> None:
        """Stop following the active program; it stays in the history as 'previous'."""
        self.store.db.execute("UPDATE assignments SET status = 'previous' WHERE status = 'active'")

    def assignment(self, assignment_id: int) -> Assignment | None:
        row = self.store.conn.execute(
            "select id, program_id, started_on, status, assigned_by, created_at from assignments where id = ?",
            [assignment_id],
        ).fetchone()
        return _assignment(row) if row else None

    def active_assignment(self) -> Assignment | None:
        """The newest active assignment (there is at most one unless the file was edited by hand)."""
        row = self.store.conn.execute(
            "select id, program_id, started_on, status, assigned_by, created_at from assignments where status = 'active' order by id desc"
        ).fetchone()
        return _assignment(row) if row else None

    def assignments(self) -> list[Assignment]:
        """Every assignment, newest first."""
        rows = self.store.conn.execute(
            "select id, program_id, started_on, status, assigned_by, created_at from assignments order by id desc"
        ).fetchall()
        return [_assignment(r) for r in rows]

    # --- day records (other features' tables, read only) ------------------------------------------
    def active_taper_step_dates(self) -> list[date]:
        """Dates of the steps of every active taper plan, earliest first; an unreadable date is skipped."""
        rows = self.store.conn.execute(
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

    def completed_sessions_since(self, since: str) -> list[tuple[str, str]]:
        """(exercise id, started_at) of completed sessions started at or after `since` (ISO-8601 UTC)."""
        rows = self.store.conn.execute(
            f"select exercise_id, started_at from sessions where {done_clause()} and started_at >= ?",
            [since],
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def checkins_since(self, since: str) -> list[tuple[str, str]]:
        """(kind, at) of check-ins made at or after `since` (ISO-8601 UTC)."""
        rows = self.store.conn.execute("select kind, at from checkins where at >= ?", [since]).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def withdrawal_checkin_times_since(self, since: str) -> list[str]:
        """`at` of withdrawal check-ins made at or after `since` (ISO-8601 UTC)."""
        rows = self.store.conn.execute("select at from withdrawal_checkins where at >= ?", [since]).fetchall()
        return [str(r[0]) for r in rows]
