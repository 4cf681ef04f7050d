"""Check-ins in SQLite: questionnaires (`checkins`), the withdrawal checklist (`withdrawal_checkins`) and
the flare log (flare rows of `journal`).

Answers are stored as JSON text (a list for questionnaires, a mapping for withdrawal). Scores are computed
by coach.domain.measures before they reach this module; nothing here checks them.

Writes go through `store.db`: sqlite-utils commits a lone statement (the services publish right after).
`latest_peg` serves the Today page on the start-up path, so it reads through `store.conn` and this module
imports sqlite-utils only for type checking.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.domain.timefmt import from_db

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class Checkin:
    """A questionnaire answered at `at`: kind is peg, pgic, phq9 or gad7; answers in question order."""

    id: int
    at: datetime
    kind: str
    answers: list[int]
    score: float
    note: str


@dataclass(frozen=True)
class WithdrawalEntry:
    """A withdrawal checklist: its total and each symptom's 0-4 answer by key."""

    at: datetime
    total: int
    answers: dict[str, int]


@dataclass(frozen=True)
class Flare:
    """A flare note: intensity 0-10 or None, and what the person wrote."""

    id: int
    at: datetime
    intensity: int | None
    trigger: str
    what_helped: str
    text: str


@dataclass(frozen=True)
class StampedScore:
    """A score and when it was recorded, as stored (ISO-8601 UTC text, so texts compare in time order)."""

    at: str
    score: float


def _checkin(row: Sequence[Any]) -> Checkin:
    return Checkin(int(row[0]), from_db(row[1]), row[2], json.loads(row[3]), float(row[4]), row[5])


class CheckinsRepo:
    """Every statement on `checkins`, `withdrawal_checkins` and the flare rows of `journal`. Times passed
    in are ISO-8601 UTC text (`to_db`)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- questionnaires ---------------------------------------------------------------------------
    def add(self, at: str, kind: str, answers: Sequence[int], score: float, note: str) -> int:
        """Record a questionnaire; returns its id. sqlite3.IntegrityError for an unknown kind."""
        cursor = self._store.db.execute(
            "insert into checkins (at, kind, answers, score, note) values (?, ?, ?, ?, ?)",
            [at, kind, json.dumps(list(answers)), score, note],
        )
        return int(cursor.lastrowid or 0)

    def get(self, checkin_id: int) -> Checkin | None:
        row = self._store.db.execute(
            "select id, at, kind, answers, score, note from checkins where id = ?", [checkin_id]
        ).fetchone()
        return _checkin(row) if row is not None else None

    def history(self, kind: str, limit: int) -> list[Checkin]:
        """Up to `limit` check-ins of one kind, newest first (ties: the later-recorded first)."""
        rows = self._store.db.execute(
            "select id, at, kind, answers, score, note from checkins where kind = ? "
            "order by at desc, id desc limit ?",
            [kind, limit],
        ).fetchall()
        return [_checkin(row) for row in rows]

    def between(self, start: str, end: str, kinds: Sequence[str] | None = None) -> list[Checkin]:
        """Check-ins at or after `start` and before `end` (DB time text), oldest first; only `kinds` when
        given (an empty sequence matches nothing)."""
        rows = self._store.db.execute(
            "select id, at, kind, answers, score, note from checkins where at >= ? and at < ? "
            "order by at, id",
            [start, end],
        ).fetchall()
        found = [_checkin(row) for row in rows]
        return found if kinds is None else [c for c in found if c.kind in kinds]

    def all(self, kind: str | None = None) -> list[Checkin]:
        """Every check-in (of one kind when given), newest first."""
        if kind is None:
            rows = self._store.db.execute(
                "select id, at, kind, answers, score, note from checkins order by at desc, id desc"
            ).fetchall()
        else:
            rows = self._store.db.execute(
                "select id, at, kind, answers, score, note from checkins where kind = ? "
                "order by at desc, id desc",
                [kind],
            ).fetchall()
        return [_checkin(row) for row in rows]

    def latest_peg(self) -> StampedScore | None:
        """The latest PEG score; plain sqlite3 for the Today page at start-up."""
        row = self._store.conn.execute(
            "select at, score from checkins where kind = 'peg' order by at desc limit 1"
        ).fetchone()
        return StampedScore(str(row[0]), float(row[1])) if row else None

    def latest_flare_rating(self) -> StampedScore | None:
        """The latest pain rating (0-10) given with a flare note; plain sqlite3 for the Today page."""
        row = self._store.conn.execute(
            "select at, intensity from journal where kind = 'flare' and intensity is not null "
            "order by at desc, id desc limit 1"
        ).fetchone()
        return StampedScore(str(row[0]), float(row[1])) if row else None

    # --- withdrawal -------------------------------------------------------------------------------
    def add_withdrawal(
        self, at: str, answers: Mapping[str, int], total: int, step_id: int | None, note: str
    ) -> int:
        """Record a withdrawal checklist taken on taper step `step_id` (None off a plan); returns its id."""
        cursor = self._store.db.execute(
            "insert into withdrawal_checkins (at, answers, total, step_id, note) values (?, ?, ?, ?, ?)",
            [at, json.dumps(dict(answers)), total, step_id, note],
        )
        return int(cursor.lastrowid or 0)

    def withdrawal_history(self, limit: int) -> list[WithdrawalEntry]:
        """Up to `limit` withdrawal checklists, newest first."""
        rows = self._store.db.execute(
            "select at, total, answers from withdrawal_checkins order by at desc, id desc limit ?", [limit]
        ).fetchall()
        return [WithdrawalEntry(from_db(r[0]), int(r[1]), json.loads(r[2])) for r in rows]

    def withdrawal_between(self, start: str, end: str) -> list[WithdrawalEntry]:
        """Withdrawal checklists at or after `start` and before `end` (DB time text), oldest first."""
        rows = self._store.db.execute(
            "select at, total, answers from withdrawal_checkins where at >= ? and at < ? order by at, id",
            [start, end],
        ).fetchall()
        return [WithdrawalEntry(from_db(r[0]), int(r[1]), json.loads(r[2])) for r in rows]

    # --- flare log --------------------------------------------------------------------------------
    def add_flare(self, at: str, intensity: int | None, trigger: str, what_helped: str, text: str) -> int:
        cursor = self._store.db.execute(
            "insert into journal (at, kind, intensity, trigger, what_helped, text) "
            "values (?, 'flare', ?, ?, ?, ?)",
            [at, intensity, trigger, what_helped, text],
        )
        return int(cursor.lastrowid or 0)

    def update_flare(
        self, flare_id: int, intensity: int | None, trigger: str, what_helped: str, text: str
    ) -> None:
        """Rewrite a flare note's fields (its time stays); a journal row that is not a flare is left alone."""
        self._store.db.execute(
            "update journal set intensity = ?, trigger = ?, what_helped = ?, text = ? "
            "where id = ? and kind = 'flare'",
            [intensity, trigger, what_helped, text, flare_id],
        )

    def flares(self, limit: int, flare_id: int | None = None) -> list[Flare]:
        """Up to `limit` flare notes, newest first; only the one with `flare_id` when it is given."""
        if flare_id is None:
            rows = self._store.db.execute(
                "select id, at, intensity, trigger, what_helped, text from journal where kind = 'flare'"
                " order by at desc, id desc limit ?",
                [limit],
            ).fetchall()
        else:
            rows = self._store.db.execute(
                "select id, at, intensity, trigger, what_helped, text from journal where kind = 'flare'"
                " and id = ? order by at desc, id desc limit ?",
                [flare_id, limit],
            ).fetchall()
        return [Flare(int(r[0]), from_db(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
