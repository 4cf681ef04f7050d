"""Progress files in SQLite: the rows a patient's progress file shares (read only, from other features'
tables) and the patient records a coach profile imports (`patient_records`: one row per patient id with
the latest file's snapshot; `caseload_days`: one row per patient and day of everything received;
`caseload_reviews`: the coach's review log).

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
    completed_fraction: float = 0.0  # share of the track played, 0-1
    position_s: float = 0.0  # where playback stopped (seconds)


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
    patient_id: str | None = None  # None: stored before patient ids (one row per old import)
    display_name: str = ""  # the coach's own name for the patient ('' = the name in the file)
    generated_at: str | None = None
    sequence: int | None = None
    file_sha256: str | None = None
    changed_at: str | None = None
    viewed_at: str | None = None
    summary: str | None = None  # the latest file's review as small JSON (coach.domain.overview_codec)


_RECORD_COLUMNS = (
    "id, name, imported_at, range_start, range_end, data, patient_id, display_name, generated_at, sequence,"
    " file_sha256, changed_at, viewed_at, summary"
)
# Columns an import writes (the id and the coach's own display name and viewed time are not among them).
RECORD_FIELDS = (
    "name", "imported_at", "range_start", "range_end", "data", "patient_id", "generated_at", "sequence",
    "file_sha256", "changed_at", "summary",
)  # fmt: skip


def _patient_record(row: tuple[Any, ...]) -> PatientRecordRow:
    return PatientRecordRow(
        id=int(row[0]),
        name=row[1],
        imported_at=row[2],
        range_start=row[3],
        range_end=row[4],
        data=row[5],
        patient_id=row[6],
        display_name=row[7] or "",
        generated_at=row[8],
        sequence=row[9],
        file_sha256=row[10],
        changed_at=row[11],
        viewed_at=row[12],
        summary=row[13],
    )


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the coach's review log: when (UTC), the note, and the flag keys seen (`kind@day`)."""

    id: int
    patient_id: str
    reviewed_at: str
    note: str
    flags: str  # JSON list text, unparsed


class CaseloadRepo:
    """Reads for a patient's progress file, and the coach's imported patient records."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- patient side: what a progress file shares ------------------------------------------------
    def sessions_between(self, lower: str, upper: str) -> list[SharedSession]:
        rows = self.store.conn.execute(
            "select exercise_id, status, started_at, ended_at, pre_pain, post_pain, pre_distress,"
            " post_distress, completed_fraction, position_s from sessions"
            " where started_at >= ? and started_at < ? order by started_at",
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

    def patient_records(self, with_data: bool = True) -> list[PatientRecordRow]:
        """Every imported record, oldest import first (so a later one of the same patient wins). With
        `with_data=False` the shared data is left out (`data` is ''): the caseload reads the summaries and
        fetches a record's data only when its summary cannot be used."""
        columns = _RECORD_COLUMNS if with_data else _RECORD_COLUMNS.replace(" data,", " '' as data,")
        rows = self.store.conn.execute(
            f"select {columns} from patient_records order by imported_at, id"
        ).fetchall()
        return [_patient_record(r) for r in rows]

    def patient_record(self, record_id: int) -> PatientRecordRow | None:
        """One imported record by number; None when there is none (also for numbers no row can have)."""
        if not is_row_id(record_id):
            return None
        row = self.store.conn.execute(
            f"select {_RECORD_COLUMNS} from patient_records where id = ?",
            [record_id],
        ).fetchone()
        return _patient_record(row) if row else None

    def delete_patient_record(self, record_id: int) -> bool:
        """Delete one imported record; False when there was none with that id."""
        if not is_row_id(record_id):
            return False
        cursor = self.store.db.execute("DELETE FROM patient_records WHERE id = ?", [record_id])
        return cursor.rowcount > 0

    # --- coach side: the caseload by patient id ---------------------------------------------------------
    def record_for_patient(self, patient_id: str) -> PatientRecordRow | None:
        """The row of one patient id (the lowest id, should an imported profile hold two); None if none."""
        row = self.store.conn.execute(
            f"select {_RECORD_COLUMNS} from patient_records where patient_id = ? order by id limit 1",
            [patient_id],
        ).fetchone()
        return _patient_record(row) if row else None

    def save_patient(self, record_id: int | None, fields: dict[str, Any]) -> int:
        """Insert a patient's row (`record_id` None) or replace its imported fields (RECORD_FIELDS); the
        coach's display name and viewed time are kept. Returns the row id."""
        unknown = set(fields) - set(RECORD_FIELDS)
        if unknown:
            raise ValueError(f"not an imported field: {sorted(unknown)[0]}")
        names = list(fields)
        values = [fields[n] for n in names]
        if record_id is None:
            marks = ", ".join("?" for _ in names)
            cursor = self.store.db.execute(
                f"INSERT INTO patient_records ({', '.join(names)}) VALUES ({marks})", values
            )
            return int(cursor.lastrowid or 0)
        assignments = ", ".join(f"{n} = ?" for n in names)
        self.store.db.execute(f"UPDATE patient_records SET {assignments} WHERE id = ?", [*values, record_id])
        return record_id

    def set_display_name(self, record_id: int, display_name: str) -> bool:
        """The coach's own name for a patient ('' = the name in the file); False when there is no row."""
        cursor = self.store.db.execute(
            "UPDATE patient_records SET display_name = ? WHERE id = ?", [display_name, record_id]
        )
        return cursor.rowcount > 0

    def set_viewed(self, record_id: int, at: str) -> None:
        """The coach looked at this patient at `at` (UTC): the "new" mark goes until new data arrives."""
        self.store.db.execute("UPDATE patient_records SET viewed_at = ? WHERE id = ?", [at, record_id])

    def days_between(self, patient_id: str, first: str, last: str) -> dict[str, str]:
        """{YYYY-MM-DD: data JSON} of one patient's stored days in first..last (inclusive)."""
        rows = self.store.conn.execute(
            "select day, data from caseload_days where patient_id = ? and day >= ? and day <= ?",
            [patient_id, first, last],
        ).fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def put_days(self, patient_id: str, changed: dict[str, str | None]) -> None:
        """Replace the rows of the given days (data JSON, or None to forget the day)."""
        for day, data in changed.items():
            self.store.db.execute(
                "DELETE FROM caseload_days WHERE patient_id = ? AND day = ?", [patient_id, day]
            )
            if data is not None:
                self.store.db.execute(
                    "INSERT INTO caseload_days (patient_id, day, data) VALUES (?, ?, ?)",
                    [patient_id, day, data],
                )

    def forget_days(self, patient_id: str) -> None:
        """Delete every stored day of one patient (their record was removed)."""
        self.store.db.execute("DELETE FROM caseload_days WHERE patient_id = ?", [patient_id])

    def day_count(self, patient_id: str) -> int:
        row = self.store.conn.execute(
            "select count(*) from caseload_days where patient_id = ?", [patient_id]
        ).fetchone()
        return int(row[0])

    def add_review(self, patient_id: str, reviewed_at: str, note: str, flags: str) -> int:
        """Log that the coach reviewed a patient (`flags` a JSON list of flag keys seen); returns its id."""
        cursor = self.store.db.execute(
            "INSERT INTO caseload_reviews (patient_id, reviewed_at, note, flags) VALUES (?, ?, ?, ?)",
            [patient_id, reviewed_at, note, flags],
        )
        return int(cursor.lastrowid or 0)

    def latest_reviews(self) -> dict[str, ReviewEntry]:
        """Each patient's latest review, by patient id."""
        rows = self.store.conn.execute(
            "select id, patient_id, reviewed_at, note, flags from caseload_reviews order by reviewed_at, id"
        ).fetchall()
        return {str(r[1]): ReviewEntry(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows}

    def reviews(self, patient_id: str) -> list[ReviewEntry]:
        """One patient's review log, newest first."""
        rows = self.store.conn.execute(
            "select id, patient_id, reviewed_at, note, flags from caseload_reviews where patient_id = ?"
            " order by reviewed_at desc, id desc",
            [patient_id],
        ).fetchall()
        return [ReviewEntry(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]
