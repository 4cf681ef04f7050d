"""Writing the demo profile's generated rows in bulk: one explicit INSERT per table, with the tables and
their columns fixed here (coach.services.data.demo decides what the rows say)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.storage.store import Store

# Parents before children (a withdrawal check-in names its taper step), which is the order they are written.
DEMO_COLUMNS: dict[str, tuple[str, ...]] = {
    "medications": (
        "id",
        "name",
        "drug",
        "is_opioid",
        "strength",
        "unit",
        "doses_per_day",
        "schedule",
        "started_on",
        "note",
        "created_at",
    ),
    "taper_plans": (
        "id",
        "name",
        "status",
        "origin",
        "pace",
        "start_mme",
        "start_date",
        "note",
        "created_at",
    ),
    "taper_steps": ("id", "plan_id", "date", "target_mme", "doses", "is_draft", "note"),
    "taper_pauses": ("id", "plan_id", "start_date", "end_date", "reason"),
    "milestones": ("plan_id", "kind", "reached_on", "label"),
    "dose_events": ("medication_id", "taken_at", "amount", "unit", "kind", "note"),
    "sessions": (
        "exercise_id",
        "started_at",
        "ended_at",
        "updated_at",
        "status",
        "completed_fraction",
        "position_s",
        "pre_pain",
        "post_pain",
        "pre_distress",
        "post_distress",
        "body_areas",
        "note",
        "assignment_id",
    ),
    "checkins": ("at", "kind", "answers", "score", "note"),
    "withdrawal_checkins": ("at", "answers", "total", "step_id", "note"),
    "journal": ("at", "kind", "intensity", "trigger", "what_helped", "text"),
    "reminder_rules": (
        "id",
        "kind",
        "label",
        "at_time",
        "weekdays",
        "paused",
        "skip_if_done",
        "heads_up_minutes",
        "exercise_id",
        "payload",
        "created_at",
    ),
}

# Built once from the constants above; no name ever comes from a caller.
_INSERTS: dict[str, str] = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    for table, columns in DEMO_COLUMNS.items()
}


def insert_demo_rows(store: Store, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Insert `rows` (table name -> rows, each a mapping of exactly that table's DEMO_COLUMNS) in one
    transaction (a savepoint inside the caller's), parents first.

    Raises ValueError, before writing anything, for a table not in DEMO_COLUMNS or a row whose keys are
    not exactly its columns; sqlite3.IntegrityError (and nothing written) when a row breaks a constraint.
    """
    unknown = sorted(set(rows) - set(DEMO_COLUMNS))
    if unknown:
        raise ValueError(f"demo rows for an unknown table: {unknown[0]!r}")
    for table, table_rows in rows.items():
        wanted = set(DEMO_COLUMNS[table])
        for row in table_rows:
            if set(row) != wanted:
                odd = sorted(set(row) ^ wanted)
                raise ValueError(f"a demo row for {table} does not have exactly its columns ({odd[0]!r})")
    with store.transaction() as db:
        for table, columns in DEMO_COLUMNS.items():
            table_rows = rows.get(table, ())
            if table_rows:
                db.conn.executemany(_INSERTS[table], [[row[c] for c in columns] for row in table_rows])
