"""Medications and the dose log: what the person takes, as prescribed, and each dose as it is taken.

Opioids are named from the CDC 2022 factor table (buprenorphine included, with no MME); any other
medicine is free text. MME figures come from coach.domain.mme and are never turned into another drug's dose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, local_date, local_day_bounds, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext

DOSE_KINDS: tuple[str, ...] = ("scheduled", "as_needed")


@dataclass(frozen=True)
class Medication:
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
        parts = [self.name]
        if self.strength is not None:
            parts.append(f"{self.strength:g} {self.unit}")
        if self.unit == mme.MCG_PER_HOUR:
            parts.append("worn all day")
        elif self.doses_per_day:
            parts.append(f"{self.doses_per_day:g}x a day")
        return ", ".join(parts)


@dataclass(frozen=True)
class DoseEvent:
    id: int
    medication_id: int
    medication_name: str
    taken_at: datetime
    amount: float
    unit: str
    kind: str
    note: str


def _row_to_med(row: dict[str, Any]) -> Medication:
    return Medication(
        id=int(row["id"]),
        name=row["name"],
        drug=row["drug"],
        is_opioid=bool(row["is_opioid"]),
        strength=row["strength"],
        unit=row["unit"],
        doses_per_day=row["doses_per_day"],
        schedule=row["schedule"],
        active=bool(row["active"]),
        started_on=row["started_on"],
        stopped_on=row["stopped_on"],
        note=row["note"],
    )


def _optional_positive(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise CoachError(f"{what} must be above 0, got {value!r}")
    return number


def _check_day(text: str | None, what: str) -> str | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CoachError(f"{what} must be a date like 2026-11-21, got {text!r}") from None


class MedicationService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.db = ctx.store.db

    # --- medications -----------------------------------------------------------------------------
    def _fields(
        self,
        name: str,
        drug: str | None,
        strength: float | None,
        unit: str | None,
        doses_per_day: float | None,
    ) -> dict[str, Any]:
        name = name.strip()
        if not name:
            raise CoachError("please give the medicine a name")
        key = mme.normalise_drug(drug) if drug and drug.strip() else None
        if key is not None and not mme.is_known_opioid(key):
            raise CoachError(
                f"{drug!r} is not in the CDC 2022 opioid table; "
                "add it without a drug to keep it as another medicine"
            )
        per_day = _optional_positive(doses_per_day, "doses per day")
        if per_day is not None and per_day > 24:
            raise CoachError("doses per day must be at most 24")
        if key is not None:
            entry = mme.lookup(key)
            chosen = mme.normalise_unit(unit) if unit else entry.unit
            if chosen != entry.unit:
                raise CoachError(f"{entry.label} is measured in {entry.unit}, not {unit}")
            if entry.unit == mme.MCG_PER_HOUR:
                # A patch delivers its rate all day: "doses per day" would multiply it wrongly.
                per_day = 1.0
            unit = chosen
        return {
            "name": name,
            "drug": key,
            "is_opioid": int(key is not None),
            "strength": _optional_positive(strength, "the strength"),
            "unit": (unit or "mg").strip() or "mg",
            "doses_per_day": per_day,
        }

    def add(
        self,
        name: str,
        drug: str | None = None,
        strength: float | None = None,
        unit: str | None = None,
        doses_per_day: float | None = None,
        schedule: str = "",
        note: str = "",
        started_on: str | None = None,
    ) -> Medication:
        values = self._fields(name, drug, strength, unit, doses_per_day)
        values.update(
            schedule=schedule.strip(),
            note=note.strip(),
            started_on=_check_day(started_on, "the start date"),
            created_at=to_db(self.ctx.clock.now()),
        )
        cursor = self.db.execute(
            f"insert into medications ({', '.join(values)}) values ({', '.join('?' for _ in values)})",
            list(values.values()),
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(int(cursor.lastrowid or 0))

    def update(
        self,
        medication_id: int,
        name: str,
        drug: str | None = None,
        strength: float | None = None,
        unit: str | None = None,
        doses_per_day: float | None = None,
        schedule: str = "",
        note: str = "",
    ) -> Medication:
        self.get(medication_id)
        values = self._fields(name, drug, strength, unit, doses_per_day)
        values.update(schedule=schedule.strip(), note=note.strip())
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.db.execute(
            f"update medications set {assignments} where id = ?", [*values.values(), medication_id]
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

    def stop(self, medication_id: int, on: str | None = None) -> Medication:
        """Mark a medicine as no longer taken (its history stays)."""
        self.get(medication_id)
        day = _check_day(on, "the stop date") or self.today().isoformat()
        self.db.execute(
            "update medications set active = 0, stopped_on = ? where id = ?", [day, medication_id]
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

    def get(self, medication_id: int) -> Medication:
        rows = list(self.db.query("select * from medications where id = ?", [medication_id]))
        if not rows:
            raise CoachError(f"no medicine with id {medication_id} (see `coach meds list`)")
        return _row_to_med(rows[0])

    def find(self, name_or_id: str) -> Medication:
        """A medicine by id or by name (case-insensitive), for the CLI."""
        if name_or_id.strip().isdigit():
            return self.get(int(name_or_id))
        rows = list(
            self.db.query(
                "select * from medications where lower(name) = lower(?) order by active desc, id desc",
                [name_or_id.strip()],
            )
        )
        if not rows:
            raise CoachError(f"no medicine called {name_or_id!r} (see `coach meds list`)")
        return _row_to_med(rows[0])

    def all(self, active_only: bool = False) -> list[Medication]:
        sql = "select * from medications" + (" where active = 1" if active_only else "")
        return [_row_to_med(r) for r in self.db.query(sql + " order by active desc, is_opioid desc, name")]

    def scheduled_mme(self) -> float:
        """Total daily MME of the active opioids as prescribed (buprenorphine has none)."""
        results = [r for r in (m.mme() for m in self.all(active_only=True)) if r is not None]
        return mme.daily_total(results)

    # --- dose log --------------------------------------------------------------------------------
    def today(self) -> date:
        return local_date(self.ctx.clock.now(), self.ctx.clock.local_zone())

    def log_dose(
        self,
        medication_id: int,
        amount: float | None = None,
        kind: str = "scheduled",
        taken_at: datetime | None = None,
        note: str = "",
    ) -> DoseEvent:
        """Record a dose taken. The amount defaults to the medicine's strength, in the medicine's unit."""
        med = self.get(medication_id)
        if kind not in DOSE_KINDS:
            raise CoachError(f"a dose is 'scheduled' or 'as_needed', got {kind!r}")
        value = amount if amount is not None else med.strength
        if value is None:
            raise CoachError(f"how much {med.name} did you take? It has no strength recorded")
        number = _optional_positive(value, "the amount")
        moment = taken_at or self.ctx.clock.now()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.ctx.clock.local_zone())
        if moment > self.ctx.clock.now() + timedelta(minutes=5):
            raise CoachError("a dose can only be logged for now or earlier")
        cursor = self.db.execute(
            "insert into dose_events (medication_id, taken_at, amount, unit, kind, note) "
            "values (?, ?, ?, ?, ?, ?)",
            [medication_id, to_db(moment), number, med.unit, kind, note.strip()],
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self._dose(int(cursor.lastrowid or 0))

    def delete_dose(self, dose_id: int) -> None:
        self._dose(dose_id)
        self.db.execute("delete from dose_events where id = ?", [dose_id])
        self.ctx.bus.publish(Topic.MEDICATIONS)

    def _dose(self, dose_id: int) -> DoseEvent:
        found = self._doses("where d.id = ?", [dose_id])
        if not found:
            raise CoachError(f"no logged dose with id {dose_id}")
        return found[0]

    def _doses(self, where: str, params: list[Any]) -> list[DoseEvent]:
        rows = self.db.execute(
            "select d.id, d.medication_id, m.name, d.taken_at, d.amount, d.unit, d.kind, d.note "
            "from dose_events d join medications m on m.id = d.medication_id "
            f"{where} order by d.taken_at desc",
            params,
        ).fetchall()
        return [DoseEvent(r[0], r[1], r[2], from_db(r[3]), float(r[4]), r[5], r[6], r[7]) for r in rows]

    def doses_on(self, day: date) -> list[DoseEvent]:
        start, end = local_day_bounds(day, self.ctx.clock.local_zone())
        return self._doses("where d.taken_at >= ? and d.taken_at < ?", [start, end])

    def recent_doses(self, days: int = 7) -> list[DoseEvent]:
        first = self.today() - timedelta(days=days - 1)
        start, _ = local_day_bounds(first, self.ctx.clock.local_zone())
        return self._doses("where d.taken_at >= ?", [start])

    def taken_mme_on(self, day: date) -> float:
        """MME of the doses logged on `day` (local). Each drug's day total gets its factor, so a banded
        table would see the daily dose. Patches (a rate, not a dose) and buprenorphine are left out."""
        per_drug: dict[str, float] = {}
        meds = {m.id: m for m in self.all()}
        for event in self.doses_on(day):
            med = meds[event.medication_id]
            if med.is_opioid and med.drug and med.unit == mme.MG and event.unit == mme.MG:
                per_drug[med.drug] = per_drug.get(med.drug, 0.0) + event.amount
        results: list[mme.MmeResult] = []
        for drug, total in per_drug.items():
            try:
                results.append(mme.daily_mme(drug, total, 1, mme.MG))
            except CoachError:
                continue  # buprenorphine: no factor by design
        return mme.daily_total(results)
