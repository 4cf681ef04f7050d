"""Practice sessions in SQLite (the `sessions` table): start, autosave, finish or set aside, and read back.

Writes go through `store.db`: sqlite-utils commits a lone statement, and inside `store.transaction()` the
statement joins that transaction instead. The Today page's reads go through `store.conn` (plain sqlite3),
because Today is on the start-up path and sqlite-utils must not load before the first window; this module
therefore imports sqlite-utils only for type checking.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.domain.session_done import DEFAULT_DONE_FRACTION
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.domain.timefmt import from_db

if TYPE_CHECKING:
    from coach.storage.store import Store


def done_clause(alias: str = "") -> str:
    """The SQL condition for "this session counts as done" (coach.domain.session_done in SQL): finished,
    and at least the `session_done_fraction` setting (default 0.8) played. Every count of sessions done
    reads through this, so Today, Progress, programs, reminders and progress files agree. `alias` is the
    sessions table's alias in the query ("s" gives `s.status ...`), or "" for none."""
    prefix = f"{alias}." if alias else ""
    threshold = (
        f"coalesce((select cast(value as real) from settings where key = '{SESSION_DONE_FRACTION.key}'),"
        f" {DEFAULT_DONE_FRACTION!r})"
    )
    return f"({prefix}status = 'completed' and {prefix}completed_fraction + 1e-9 >= {threshold})"


@dataclass(frozen=True)
class SessionRecord:
    """One row of `sessions`; times are aware datetimes (UTC as stored), ratings 0-10 or None."""

    id: int
    exercise_id: str
    started_at: datetime
    ended_at: datetime | None
    updated_at: datetime
    status: str  # in_progress, completed, abandoned
    completed_fraction: float
    position_s: float
    pre_pain: int | None
    post_pain: int | None
    pre_distress: int | None
    post_distress: int | None
    body_areas: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PracticeDone:
    """Sessions done (coach.domain.session_done) in a time range and their minutes (end minus start);
    `partial`: sessions finished with less than the done share played, and their minutes."""

    sessions: int
    minutes: float
    partial: int = 0
    partial_minutes: float = 0.0


@dataclass(frozen=True)
class StampedRating:
    """A 0-10 rating and when it was given, as stored (ISO-8601 UTC text, so texts compare in time order)."""

    at: str
    value: int


def _record(row: dict[str, Any]) -> SessionRecord:
    try:
        areas = tuple(str(a) for a in json.loads(row["body_areas"] or "[]"))
    except (json.JSONDecodeError, TypeError):
        # A damaged list of body areas must not hide the session itself.
        areas = ()
    return SessionRecord(
        id=int(row["id"]),
        exercise_id=str(row["exercise_id"]),
        started_at=from_db(row["started_at"]),
        ended_at=from_db(row["ended_at"]) if row["ended_at"] else None,
        updated_at=from_db(row["updated_at"]),
        status=str(row["status"]),
        completed_fraction=float(row["completed_fraction"]),
        position_s=float(row["position_s"]),
        pre_pain=row["pre_pain"],
        post_pain=row["post_pain"],
        pre_distress=row["pre_distress"],
        post_distress=row["post_distress"],
        body_areas=areas,
        note=str(row["note"] or ""),
    )


class SessionsRepo:
    """Every statement on `sessions`. Times passed in are ISO-8601 UTC text (`to_db`); nothing here
    validates ratings or fractions (the service does, and the table's CHECKs back it up with
    sqlite3.IntegrityError)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- reading ---------------------------------------------------------------------------------
    def get(self, session_id: int) -> SessionRecord | None:
        rows = list(self._store.db.query("select * from sessions where id = ?", [session_id]))
        return _record(rows[0]) if rows else None

    def latest_in_progress(self, since: str) -> SessionRecord | None:
        """The in-progress session started at or after `since` that was saved last (ties: newest id)."""
        rows = list(
            self._store.db.query(
                "select * from sessions where status = 'in_progress' and started_at >= ?"
                " order by updated_at desc, id desc limit 1",
                [since],
            )
        )
        return _record(rows[0]) if rows else None

    def recent(self, limit: int) -> list[SessionRecord]:
        """Up to `limit` sessions of any status, latest start first."""
        rows = self._store.db.query(
            "select * from sessions order by started_at desc, id desc limit ?", [limit]
        )
        return [_record(row) for row in rows]

    # --- writing ---------------------------------------------------------------------------------
    def abandon_all_in_progress(self, now: str) -> None:
        """Set every in-progress session aside (ended and updated at `now`), keeping how far it got."""
        self._store.db.execute(
            "UPDATE sessions SET status = 'abandoned', ended_at = ?, updated_at = ?"
            " WHERE status = 'in_progress'",
            [now, now],
        )

    def add_started(
        self,
        exercise_id: str,
        now: str,
        pre_pain: int | None,
        pre_distress: int | None,
        body_areas: Sequence[str],
    ) -> int:
        """A new in-progress session started and updated at `now`; returns its id."""
        cursor = self._store.db.execute(
            "INSERT INTO sessions (exercise_id, started_at, updated_at, status, pre_pain, pre_distress,"
            " body_areas) VALUES (?, ?, ?, 'in_progress', ?, ?, ?)",
            [exercise_id, now, now, pre_pain, pre_distress, json.dumps(list(body_areas))],
        )
        return int(cursor.lastrowid or 0)

    def save_position(self, session_id: int, position_s: float, completed_fraction: float, now: str) -> None:
        """Position in seconds into the track, fraction 0-1 heard so far."""
        self._store.db.execute(
            "UPDATE sessions SET position_s = ?, completed_fraction = ?, updated_at = ? WHERE id = ?",
            [position_s, completed_fraction, now, session_id],
        )

    def complete(
        self,
        session_id: int,
        *,
        now: str,
        post_pain: int | None,
        post_distress: int | None,
        note: str,
        completed_fraction: float,
    ) -> None:
        """Close the session as completed at `now` with its after-ratings and note."""
        self._store.db.execute(
            "UPDATE sessions SET status = 'completed', ended_at = ?, updated_at = ?, post_pain = ?,"
            " post_distress = ?, note = ?, completed_fraction = ? WHERE id = ?",
            [now, now, post_pain, post_distress, note, completed_fraction, session_id],
        )

    def abandon(self, session_id: int, now: str) -> None:
        self._store.db.execute(
            "UPDATE sessions SET status = 'abandoned', ended_at = ?, updated_at = ? WHERE id = ?",
            [now, now, session_id],
        )

    # --- Today (plain sqlite3: the start-up path) -----------------------------------------------
    def practice_done(self, start: str, end: str) -> PracticeDone:
        """Sessions done started in [start, end) and their total minutes, and the partial ones apart."""
        minutes = "(julianday(ended_at) - julianday(started_at)) * 1440"
        row = self._store.conn.execute(
            f"select sum(case when {done_clause()} then 1 else 0 end),"
            f" coalesce(sum(case when {done_clause()} then {minutes} end), 0),"
            f" sum(case when {done_clause()} then 0 else 1 end),"
            f" coalesce(sum(case when {done_clause()} then 0 else {minutes} end), 0)"
            " from sessions where status = 'completed' and started_at >= ? and started_at < ?",
            [start, end],
        ).fetchone()
        return PracticeDone(int(row[0] or 0), float(row[1] or 0.0), int(row[2] or 0), float(row[3] or 0.0))

    def in_progress_count(self, since: str) -> int:
        """How many sessions started at or after `since` are still in progress."""
        row = self._store.conn.execute(
            "select count(*) from sessions where status = 'in_progress' and started_at >= ?", [since]
        ).fetchone()
        return int(row[0])

    def latest_pre_pain(self) -> StampedRating | None:
        """The pain rating given before the latest-started session that has one."""
        row = self._store.conn.execute(
            "select started_at, pre_pain from sessions where pre_pain is not null "
            "order by started_at desc limit 1"
        ).fetchone()
        return StampedRating(str(row[0]), int(row[1])) if row else None

    def latest_post_pain(self) -> StampedRating | None:
        """The pain rating given after the latest-ended session that has one (stamped with its end)."""
        row = self._store.conn.execute(
            "select coalesce(ended_at, updated_at), post_pain from sessions where post_pain is not null "
            "order by coalesce(ended_at, updated_at) desc limit 1"
        ).fetchone()
        return StampedRating(str(row[0]), int(row[1])) if row else None
