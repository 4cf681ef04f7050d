"""Lessons of the Learn course a person has finished, in SQLite (the `lessons_completed` table).

One row per lesson: finishing it again keeps the first time it was finished and updates the reflection
answer. `completed` serves the Today page on the start-up path, so it reads through `store.conn`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coach.domain.timefmt import from_db

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class CompletedLesson:
    """A finished lesson: its id, when it was first finished (UTC), and the reflection answer chosen."""

    lesson_id: str
    completed_at: datetime
    reflection_answer: str


class LessonsRepo:
    """Every statement on `lessons_completed`. Times passed in are ISO-8601 UTC text."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def completed(self) -> list[CompletedLesson]:
        """Every finished lesson, earliest first."""
        rows = self._store.conn.execute(
            "select lesson_id, completed_at, reflection_answer from lessons_completed"
            " order by completed_at, lesson_id"
        ).fetchall()
        return [CompletedLesson(str(r[0]), from_db(str(r[1])), str(r[2])) for r in rows]

    def mark_completed(self, lesson_id: str, *, now: str, reflection_answer: str = "") -> None:
        """Record `lesson_id` as finished at `now`; a lesson finished before keeps its first time."""
        self._store.db.execute(
            "INSERT INTO lessons_completed (lesson_id, completed_at, reflection_answer) VALUES (?, ?, ?)"
            " ON CONFLICT (lesson_id) DO UPDATE SET reflection_answer = CASE"
            " WHEN excluded.reflection_answer = '' THEN lessons_completed.reflection_answer"
            " ELSE excluded.reflection_answer END",
            [lesson_id, now, reflection_answer],
        )

    def forget(self, lesson_id: str) -> bool:
        """Mark a lesson as not finished again; False if it was not finished."""
        cursor = self._store.db.execute("DELETE FROM lessons_completed WHERE lesson_id = ?", [lesson_id])
        return cursor.rowcount > 0
