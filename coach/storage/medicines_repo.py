"""Medicines and the dose log in SQLite (medications, dose_events), read into typed records.

The repository stores what it is given: checking a name, a drug against the CDC table or a dose amount is
the taper service's job (coach/services/taper/medicines.py). Every statement binds its values with `?`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db

if TYPE_CHECKING:
    from sqlite_utils import Database

    from coach.storage.store import Store


@dataclass(frozen=True)
class Medication:
    """One medicine as prescribed. `strength` is per dose in `unit` (a patch: its rate in mcg/h);
    dates are ISO days or None."""

    id: int
    name: str
    drug: str | None
    is_opioid: bool
    strength: float | None
    unit: str
    doses_per_day: float | None
    schedule: str
    active: bool
    started_on: str | None
    stopped_on: str | None
    note: str
    created_at: str = ""  # ISO time the medicine was added (from `to_db`); "" when not known

    @property
    def is_patch(self) -> bool:
        """Worn all day at a rate (mcg/h) rather than taken as doses."""
        return self.unit == mme.MCG_PER_HOUR

    def mme(self) -> mme.MmeResult | None:
        """Daily MME as prescribed; None for non-opioids, buprenorphine, or when strength is unknown."""
        if not self.is_opioid or not self.drug or self.strength is None:
            return None
        try:
            return mme.daily_mme(self.drug, self.strength, self.doses_per_day or 1.0, self.unit)
        except CoachError:
            return None

    def mme_note(self) -> str:
        """Why there is no MME figure, or the table's caution for this drug."""
        if not self.is_opioid or not self.drug:
            return ""
        entry = mme.lookup(self.drug)
        if entry.no_factor_reason:
            return entry.no_factor_reason
        if self.strength is None:
            return "Add the strength to see the daily MME."
        return entry.caution

    def describe(self) -> str:
        """The medicine in a few words, e.g. "Oxycodone, 10 mg, 2x a day"."""
        parts = [self.name]
        if self.strength is not None:
            parts.append(f"{self.strength:g} {self.unit}")
        if self.unit == mme.MCG_PER_HOUR:
            parts.append("worn all day")
        elif self.doses_per_day:
            parts.append(f"{self.doses_per_day:g}x a day")
        return ", ".join(parts)


@dataclass(frozen=True)
class MedicationDetails:
    """What a person can edit about a medicine, already checked: `drug` is a CDC table key or None,
    `is_opioid` is True exactly when `drug` is set, `strength` and `doses_per_day` are above 0 or None."""

    name: str
    drug: str | None
    is_opioid: bool
    strength: float | None
    unit: str
    doses_per_day: float | None
    schedule: str
    note: str


@dataclass(frozen=True)
class DoseEvent:
    """A dose taken: `amount` in `unit` at `taken_at` (aware), `kind` 'scheduled' or 'as_needed'."""

    id: int
    medication_id: int
    medication_name: str
    taken_at: datetime
    amount: float
    unit: str
    kind: str
    note: str


_SELECT_MEDICATIONS = (
    "select id, name, drug, is_opioid, strength, unit, doses_per_day, schedule, active, started_on, "
    "stopped_on, note, created_at from medications"
)
_SELECT_DOSES = (
    "select d.id, d.medication_id, m.name, d.taken_at, d.amount, d.unit, d.kind, d.note "
    "from dose_events d join medications m on m.id = d.medication_id"
)


def _medication(row: Any) -> Medication:
    return Medication(
        id=int(row[0]),
        name=row[1],
        drug=row[2],
        is_opioid=bool(row[3]),
        strength=row[4],
        unit=row[5],
        doses_per_day=row[6],
        schedule=row[7],
        active=bool(row[8]),
        started_on=row[9],
        stopped_on=row[10],
        note=row[11],
        created_at=str(row[12] or ""),
    )


def _dose(row: Any) -> DoseEvent:
    return DoseEvent(
        id=int(row[0]),
        medication_id=int(row[1]),
        medication_name=row[2],
        taken_at=from_db(row[3]),
        amount=float(row[4]),
        unit=row[5],
        kind=row[6],
        note=row[7],
    )


def _editable(details: MedicationDetails) -> list[Any]:
    """The editable columns in the order both statements name them: name, drug, is_opioid .. note."""
    return [
        details.name,
        details.drug,
        int(details.is_opioid),
        details.strength,
        details.unit,
        details.doses_per_day,
        details.schedule,
        details.note,
    ]


class MedicinesRepo:
    """The medicines and dose log of one open profile. Writes commit at once unless the caller holds
    `store.transaction()`; sqlite-utils is reached only when a method first runs (not at import)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _db(self) -> Database:
        return self._store.db

    # --- medications -----------------------------------------------------------------------------
    def add(self, details: MedicationDetails, *, started_on: str | None, created_at: str) -> int:
        """Insert a medicine (active); returns its id. `started_on` is an ISO day or None, `created_at`
        an ISO time from `to_db`."""
        cursor = self._db.execute(
            "insert into medications (name, drug, is_opioid, strength, unit, doses_per_day, schedule, "
            "note, started_on, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*_editable(details), started_on, created_at],
        )
        return int(cursor.lastrowid or 0)

    def update(self, medication_id: int, details: MedicationDetails) -> None:
        """Replace the editable fields of a medicine; its dates, active flag and dose log stay."""
        self._db.execute(
            "update medications set name = ?, drug = ?, is_opioid = ?, strength = ?, unit = ?, "
            "doses_per_day = ?, schedule = ?, note = ? where id = ?",
            [*_editable(details), medication_id],
        )

    def set_started_on(self, medication_id: int, started_on: str | None) -> None:
        """Set (an ISO day) or clear (None) the day a medicine was started."""
        self._db.execute("update medications set started_on = ? where id = ?", [started_on, medication_id])

    def stop(self, medication_id: int, on: str) -> None:
        """Mark the medicine as no longer taken from the ISO day `on`."""
        self._db.execute(
            "update medications set active = 0, stopped_on = ? where id = ?", [on, medication_id]
        )

    def get(self, medication_id: int) -> Medication | None:
        row = self._db.execute(_SELECT_MEDICATIONS + " where id = ?", [medication_id]).fetchone()
        return _medication(row) if row else None

    def find_by_name(self, name: str) -> Medication | None:
        """The medicine called `name` (case-insensitive); an active one, then the newest, wins."""
        row = self._db.execute(
            _SELECT_MEDICATIONS + " where lower(name) = lower(?) order by active desc, id desc", [name]
        ).fetchone()
        return _medication(row) if row else None

    def all(self, active_only: bool = False) -> list[Medication]:
        """Active first, opioids first, then by name."""
        if active_only:
            sql = _SELECT_MEDICATIONS + " where active = 1 order by active desc, is_opioid desc, name"
        else:
            sql = _SELECT_MEDICATIONS + " order by active desc, is_opioid desc, name"
        return [_medication(r) for r in self._db.execute(sql).fetchall()]

    # --- dose log --------------------------------------------------------------------------------
    def add_dose(
        self, medication_id: int, *, taken_at: str, amount: float, unit: str, kind: str, note: str
    ) -> int:
        """Insert a dose (`taken_at` an ISO time from `to_db`); returns its id."""
        cursor = self._db.execute(
            "insert into dose_events (medication_id, taken_at, amount, unit, kind, note) "
            "values (?, ?, ?, ?, ?, ?)",
            [medication_id, taken_at, amount, unit, kind, note],
        )
        return int(cursor.lastrowid or 0)

    def delete_dose(self, dose_id: int) -> None:
        self._db.execute("delete from dose_events where id = ?", [dose_id])

    def dose(self, dose_id: int) -> DoseEvent | None:
        row = self._db.execute(_SELECT_DOSES + " where d.id = ?", [dose_id]).fetchone()
        return _dose(row) if row else None

    def doses_between(self, start: str, end: str) -> list[DoseEvent]:
        """Doses taken at or after `start` and before `end` (ISO times as stored), newest first."""
        rows = self._db.execute(
            _SELECT_DOSES + " where d.taken_at >= ? and d.taken_at < ? order by d.taken_at desc", [start, end]
        ).fetchall()
        return [_dose(r) for r in rows]

    def opioid_dose_rows(self) -> list[tuple[str, int, float, str]]:
        """(time taken as stored, medication id, amount, unit) of every logged dose of an opioid, oldest
        first: plain tuples, since the Progress page reads years of them."""
        rows: list[tuple[str, int, float, str]] = self._db.execute(
            "select d.taken_at, d.medication_id, d.amount, d.unit from dose_events d "
            "join medications m on m.id = d.medication_id where m.is_opioid = 1 order by d.taken_at"
        ).fetchall()
        return rows

    def fingerprint(self) -> tuple[object, ...]:
        """Changes whenever a dose or anything about a medicine changes: a cache key for MME taken."""
        doses = tuple(self._db.execute("select count(*), max(id), total(amount) from dose_events").fetchone())
        medicines = tuple(
            self._db.execute(
                "select count(*), group_concat(id || ':' || coalesce(drug, '') || ':' || is_opioid || ':' || "
                "coalesce(strength, '') || ':' || unit || ':' || coalesce(doses_per_day, '') || ':' || active "
                "|| ':' || coalesce(started_on, '') || ':' || coalesce(stopped_on, ''), ';') from medications"
            ).fetchone()
        )
        return (doses, medicines)

    def doses_since(self, start: str) -> list[DoseEvent]:
        """Doses taken at or after `start` (an ISO time as stored), newest first."""
        rows = self._db.execute(
            _SELECT_DOSES + " where d.taken_at >= ? order by d.taken_at desc", [start]
        ).fetchall()
        return [_dose(r) for r in rows]
