"""Progress files in SQLite: the rows a patient's progress file shares (read only, from other features'
tables) and the patient records a coach profile imports (`patient_records`).

Ranges are half-open ISO-8601 UTC bounds, `lower <= at < upper`, and rows come oldest first; turning them
into local days and the shared shapes is coach.services.caseload.progress_files' job. Writes go through
`store.db`, whose `execute` commits a statement run outside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.domain.limits import is_row_id

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class SharedSession:
    """A practice session as a progress file may share it; ratings are 0-10 or None when not given."""

    exercise_id: str
    status: str  # in_progress | completed | abandoned
    started_at: str
    ended_at: str | None
    pre_pain: int | None
    post_pain: int | None
    pre_distress: int | None
    post_distress: int | None


@dataclass(frozen=True)
class SharedCheckin:
    """A PEG, PGIC, PHQ-9 or GAD-7 check-in; `answers` is the stored JSON text, unparsed."""

    at: str
    kind: str
    score: float
    answers: str


@dataclass(frozen=True)
class SharedJournalEntry:
    at: str
    kind: str  # journal | flare
    intensity: int | None  # 0-10, flares only
    text: str


@dataclass(frozen=True)
class SharedTaper:
    """The active taper plan's name and its steps as (YYYY-MM-DD, target MME a day), earliest first."""

    name: str
    steps: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PatientRecordRow:
    """An imported progress file. `data` is the stored JSON text, unparsed: a damaged record is the
    caller's to skip, so one bad file never hides every patient. Range dates are YYYY-MM-DD or None."""

    id: int
    name: str
    imported_at: str
    range_start: str | None
    range_end: str | None
    data: str


def _patient_record(row: tuple[Any, ...]) -> PatientRecordRow:
    return PatientRecordRow(
        id=int(row[0]),
        name=row[1],
        imported_at=row[2],
        range_start=row[3],
        range_end=row[4],
        data=row[5],
    )


class CaseloadRepo:
    """Reads for a patient's progress file, and the coach's imported patient records."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- patient side: what a progress file shares ------------------------------------------------
    def sessions_between(self, lower: str, upper: str) -> list[SharedSession]:
        rows = self.store.conn.execute(
            "select exercise_id, status, started_at, ended_at, pre_pain, post_pain, pre_distress,"
            " post_distress from sessions where started_at >= ? and started_at < ? order by started_at",
            [lower, upper],
        ).fetchall()
        return [SharedSession(*r) for r in rows]

    def checkins_between(self, lower: str, upper: str) -> list[SharedCheckin]:
        rows = self.store.conn.execute(
            "select at, kind, score, answers from checkins where at >= ? and at < ? order by at",
            [lower, upper],
        ).fetchall()
        return [SharedCheckin(*r) for r in rows]

    def withdrawal_totals_between(self, lower: str, upper: str) -> list[tuple[str, int]]:
        """(at, total score) of withdrawal check-ins."""
        rows = self.store.conn.execute(
            "select at, total from withdrawal_checkins where at >= ? and at < ? order by at", [lower, upper]
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def journal_between(self, lower: str, upper: str) -> list[SharedJournalEntry]:
        rows = self.store.conn.execute(
            "select at, kind, intensity, text from journal where at >= ? and at < ? order by at",
            [lower, upper],
        ).fetchall()
        return [SharedJournalEntry(*r) for r in rows]

    def active_taper(self) -> SharedTaper | None:
        """The newest active taper plan with all its steps, or None when no plan is active."""
        plan = self.store.conn.execute(
            "select id, name from taper_plans where status = 'active' order by created_at desc limit 1"
        ).fetchone()
        if plan is None:
            return None
        steps = self.store.conn.execute(
            "select date, target_mme from taper_steps where plan_id = ? order by date", [plan[0]]
        ).fetchall()
        return SharedTaper(name=plan[1], steps=tuple((s[0], s[1]) for s in steps))

    # --- coach side: imported patient records -----------------------------------------------------
    def add_patient_record(
        self, *, name: str, imported_at: str, range_start: str, range_end: str, data: str
    ) -> int:
        """Store an imported progress file (`data` is JSON text); returns the new record id."""
        cursor = self.store.db.execute(
            "INSERT INTO patient_records (name, imported_at, range_start, range_end, data)"
            " VALUES (?, ?, ?, ?, ?)",
            [name, imported_at, range_start, range_end, data],
        )
        return int(cursor.lastrowid or 0)

    def patient_records(self) -> list[PatientRecordRow]:
        """Every imported record, oldest import first (so a later one of the same patient wins)."""
        rows = self.store.conn.execute(
            "select id, name, imported_at, range_start, range_end, data from patient_records"
            " order by imported_at, id"
        ).fetchall()
        return [_patient_record(r) for r in rows]

    def patient_record(self, record_id: int) -> PatientRecordRow | None:
        """One imported record by number; None when there is none (also for numbers no row can have)."""
        if not is_row_id(record_id):
            return None
        row = self.store.conn.execute(
            "select id, name, imported_at, range_start, range_end, data from patient_records where id = ?",
            [record_id],
        ).fetchone()
        return _patient_record(row) if row else None

    def delete_patient_record(self, record_id: int) -> bool:
        """Delete one imported record; False when there was none with that id."""
        if not is_row_id(record_id):
            return False
        cursor = self.store.db.execute("DELETE FROM patient_records WHERE id = ?", [record_id])
        return cursor.rowcount > 0
