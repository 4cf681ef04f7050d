"""What a program bundle reads and writes besides the program itself: the custom exercises it carries
(`exercises`) and their recordings (`recordings`).

The program and its assignment are coach.storage.programs_repo's; importing a bundle calls both inside one
`store.transaction()`, so a failure leaves neither. Writes go through `store.db`, whose `execute` commits a
statement run outside a transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class RecordingFile:
    """A `recordings` row as a bundle exports it: `path` is relative to the recordings folder unless
    absolute; `original_name` is '' when the person never named it."""

    exercise_id: str
    path: str
    original_name: str


class BundleRepo:
    """The exercise and recording statements of exporting and importing program bundles."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- exercises -------------------------------------------------------------------------------
    def exercise_definition(self, exercise_id: str) -> str | None:
        """The saved exercise's definition as stored (JSON text, unparsed), or None if there is none."""
        row = self.store.conn.execute(
            "select definition from exercises where id = ?", [exercise_id]
        ).fetchone()
        return None if row is None else row[0]

    def save_exercise(self, definition: Mapping[str, Any], *, author: str, now: str) -> None:
        """Insert or replace the exercise `definition` (validated data with id, title, category, minutes).

        A replaced row keeps its created_at; `now` (ISO-8601 UTC) becomes updated_at.
        """
        self.store.db.execute(
            "INSERT INTO exercises (id, title, category, minutes, definition, author, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " title = excluded.title, category = excluded.category, minutes = excluded.minutes,"
            " definition = excluded.definition, author = excluded.author,"
            " updated_at = excluded.updated_at",
            [
                definition["id"],
                definition["title"],
                definition["category"],
                definition["minutes"],
                json.dumps(definition, ensure_ascii=False, sort_keys=True),
                author,
                now,
                now,
            ],
        )

    # --- recordings ------------------------------------------------------------------------------
    def recordings_for(self, exercise_ids: Sequence[str]) -> list[RecordingFile]:
        """Recordings of any of `exercise_ids`, in the order they were added."""
        if not exercise_ids:
            return []
        marks = ", ".join("?" for _ in exercise_ids)  # placeholders only: the ids themselves are bound
        rows = self.store.conn.execute(
            f"select exercise_id, path, original_name from recordings where exercise_id in ({marks}) order by id",
            list(exercise_ids),
        ).fetchall()
        return [RecordingFile(str(r[0]), str(r[1]), r[2]) for r in rows]

    def has_recording(self, exercise_id: str, path: str) -> bool:
        row = self.store.conn.execute(
            "select 1 from recordings where exercise_id = ? and path = ?", [exercise_id, path]
        ).fetchone()
        return row is not None

    def add_recording(
        self, exercise_id: str, path: str, *, duration_s: float, original_name: str, now: str
    ) -> int:
        """Record a file in the recordings folder (`path` relative to it) for `exercise_id`; returns its id.

        Raises sqlite3.IntegrityError when `duration_s` is not positive (the table's CHECK).
        """
        cursor = self.store.db.execute(
            "INSERT INTO recordings (exercise_id, path, duration_s, original_name, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [exercise_id, path, duration_s, original_name, now],
        )
        return int(cursor.lastrowid or 0)
