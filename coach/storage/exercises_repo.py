"""Custom exercises and a person's own recordings in SQLite (the `exercises` and `recordings` tables).

A custom exercise is stored as its validated definition (JSON text) beside the columns lists need; the
library validates it again on every read, so nothing here checks the schema. A recording row keeps its file
name relative to the profile's recordings folder and is read back with the absolute path.

Writes go through `store.db` (sqlite-utils commits a lone statement; inside `store.transaction()` it joins
that transaction). `title` serves the Today page on the start-up path, so it reads through `store.conn` and
this module imports sqlite-utils only for type checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.domain.timefmt import from_db

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class Recording:
    """A person's own recording of an exercise: mono 16-bit WAV, `duration_s` seconds long."""

    id: int
    exercise_id: str
    path: Path  # absolute
    duration_s: float
    original_name: str
    created_at: datetime


@dataclass(frozen=True)
class StoredExercise:
    """A custom exercise row: its id and its definition as stored (JSON text, not yet validated)."""

    id: str
    definition: str


class ExercisesRepo:
    """Every statement on `exercises` and `recordings`. Times passed in are ISO-8601 UTC text."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- custom exercises ------------------------------------------------------------------------
    def custom_definitions(self) -> list[StoredExercise]:
        """Every custom exercise, by id."""
        rows = self._store.db.query("select id, definition from exercises order by id")
        return [StoredExercise(str(row["id"]), str(row["definition"])) for row in rows]

    def definition(self, exercise_id: str) -> str | None:
        """The stored definition (JSON text) of one custom exercise, or None when there is no such row."""
        row = self._store.db.execute(
            "select definition from exercises where id = ?", [exercise_id]
        ).fetchone()
        return str(row[0]) if row is not None else None

    def save_custom(
        self,
        *,
        exercise_id: str,
        title: str,
        category: str,
        minutes: float,
        definition: str,
        author: str,
        now: str,
    ) -> None:
        """Add the exercise, or replace every column of the one with this id but its `created_at`."""
        self._store.db.execute(
            "INSERT INTO exercises"
            " (id, title, category, minutes, definition, author, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET title = excluded.title, category = excluded.category,"
            " minutes = excluded.minutes, definition = excluded.definition, author = excluded.author,"
            " updated_at = excluded.updated_at",
            [exercise_id, title, category, minutes, definition, author, now, now],
        )

    def delete_custom(self, exercise_id: str) -> bool:
        """Remove the custom exercise; False when there was none with this id."""
        cursor = self._store.db.execute("DELETE FROM exercises WHERE id = ?", [exercise_id])
        return cursor.rowcount > 0

    def categories(self) -> dict[str, str]:
        """Custom exercise id -> category, straight from the table (a definition that no longer validates
        still has its category column)."""
        rows = self._store.db.execute("select id, category from exercises").fetchall()
        return {str(row[0]): str(row[1]) for row in rows}

    def title(self, exercise_id: str) -> str | None:
        """The title of a custom exercise, or None; plain sqlite3 for the Today page at start-up."""
        row = self._store.conn.execute("select title from exercises where id = ?", [exercise_id]).fetchone()
        return str(row[0]) if row else None

    # --- recordings ------------------------------------------------------------------------------
    def _absolute(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self._store.paths.recordings_dir / path

    def add_recording(
        self, exercise_id: str, stored_name: str, duration_s: float, original_name: str, created_at: str
    ) -> int:
        """A recording whose file is `stored_name` in the recordings folder; returns its id."""
        cursor = self._store.db.execute(
            "INSERT INTO recordings (exercise_id, path, duration_s, original_name, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [exercise_id, stored_name, duration_s, original_name, created_at],
        )
        return int(cursor.lastrowid or 0)

    def recordings(self, exercise_id: str) -> list[Recording]:
        """The exercise's recordings, newest first."""
        rows = self._store.db.query(
            "select * from recordings where exercise_id = ? order by created_at desc, id desc", [exercise_id]
        )
        return [
            Recording(
                int(r["id"]),
                str(r["exercise_id"]),
                self._absolute(str(r["path"])),
                float(r["duration_s"]),
                str(r["original_name"]),
                from_db(r["created_at"]),
            )
            for r in rows
        ]

    def recording_path(self, recording_id: int) -> Path | None:
        """The absolute path of a recording's file, or None when there is no such recording."""
        row = self._store.db.execute("select path from recordings where id = ?", [recording_id]).fetchone()
        return self._absolute(str(row[0])) if row is not None else None

    def delete_recording(self, recording_id: int) -> None:
        """Remove the row only; the caller removes the file once the row is gone."""
        self._store.db.execute("DELETE FROM recordings WHERE id = ?", [recording_id])

    def recording_counts(self) -> dict[str, int]:
        """Exercise id -> how many recordings it has (exercises without any are absent)."""
        rows = self._store.db.execute(
            "select exercise_id, count(*) from recordings group by exercise_id"
        ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}
