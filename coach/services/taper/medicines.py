"""Medications and the dose log: what the person takes, as prescribed, and each dose as it is taken.

Opioids are named from the CDC 2022 factor table (buprenorphine included, with no MME); any other
medicine is free text. MME figures come from coach.domain.mme and are never turned into another drug's dose:
`taken_mme_by_day` is the one place MME taken is worked out (logged doses plus patches worn), and the dose
log, the Progress chart, the clinician report and the coach's progress file all read it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta

from coach.domain import mme, mme_taken
from coach.domain.errors import CoachError
from coach.domain.limits import (
    MAX_AMOUNT,
    MAX_DOSES_PER_DAY,
    bounded_positive,
    check_year,
    is_row_id,
    parse_row_id,
)
from coach.domain.timefmt import from_db, local_date, local_day_bounds, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.medicines_repo import DoseEvent, Medication, MedicationDetails, MedicinesRepo

__all__ = ["DOSE_KINDS", "DoseEvent", "Medication", "MedicationService"]

DOSE_KINDS: tuple[str, ...] = ("scheduled", "as_needed")


def _positive(value: float, what: str) -> float:
    maximum = MAX_DOSES_PER_DAY if what == "doses per day" else MAX_AMOUNT
    return bounded_positive(value, what, maximum)


def _optional_positive(value: float | None, what: str) -> float | None:
    return None if value is None else _positive(value, what)


def _check_day(text: str | None, what: str) -> str | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CoachError(f"{what} must be a date like 2026-11-21, got {text!r}") from None


class MedicationService:
    """Medicines and the dose log: checks what the person enters, stores it through MedicinesRepo and
    publishes Topic.MEDICATIONS after each write. Errors are CoachError with a sentence to show."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = MedicinesRepo(ctx.store)

    # --- medications -----------------------------------------------------------------------------
    def _details(
        self,
        name: str,
        drug: str | None,
        strength: float | None,
        unit: str | None,
        doses_per_day: float | None,
        schedule: str,
        note: str,
    ) -> MedicationDetails:
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
        # An opioid's own plausibility bound (with its reason) speaks before the generic ceiling.
        amount = None if strength is None else bounded_positive(strength, "the strength", math.inf)
        if key is not None:
            entry = mme.lookup(key)
            chosen = mme.normalise_unit(unit) if unit else entry.unit
            # Buprenorphine has no factor, so its patches (mcg/h) and tablets (mg) are both fine.
            if chosen != entry.unit and not entry.no_factor_reason:
                raise CoachError(f"{entry.label} is measured in {entry.unit}, not {unit}")
            if chosen == mme.MCG_PER_HOUR:
                # A patch delivers its rate all day: "doses per day" would multiply it wrongly.
                per_day = 1.0
            if amount is not None and chosen == entry.unit:
                mme.check_plausible(key, amount if chosen == mme.MG else None, amount * (per_day or 1.0))
            unit = chosen
        elif unit and mme.is_opioid_unit(unit):
            unit = mme.normalise_unit(unit)
        amount = _optional_positive(amount, "the strength")
        return MedicationDetails(
            name=name,
            drug=key,
            is_opioid=key is not None,
            strength=amount,
            unit=(unit or "mg").strip() or "mg",
            doses_per_day=per_day,
            schedule=schedule.strip(),
            note=note.strip(),
        )

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
        details = self._details(name, drug, strength, unit, doses_per_day, schedule, note)
        medication_id = self.repo.add(
            details,
            started_on=_check_day(started_on, "the start date"),
            created_at=to_db(self.ctx.clock.now()),
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

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
        details = self._details(name, drug, strength, unit, doses_per_day, schedule, note)
        self.repo.update(medication_id, details)
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

    def set_started_on(self, medication_id: int, day: str | None) -> Medication:
        """Correct the day a medicine was started (YYYY-MM-DD; None or "" forgets it). A patch counts in
        the MME taken from this day. CoachError for an unknown medicine, a malformed or a future day."""
        self.get(medication_id)
        checked = _check_day(day, "the start date")
        if checked is not None and date.fromisoformat(checked) > self.today():
            raise CoachError("the start date cannot be in the future")
        self.repo.set_started_on(medication_id, checked)
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

    def stop(self, medication_id: int, on: str | None = None) -> Medication:
        """Mark a medicine as no longer taken (its history stays)."""
        self.get(medication_id)
        day = _check_day(on, "the stop date") or self.today().isoformat()
        self.repo.stop(medication_id, day)
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self.get(medication_id)

    def get(self, medication_id: int) -> Medication:
        found = self.repo.get(medication_id) if is_row_id(medication_id) else None
        if found is None:
            raise CoachError(f"no medicine with id {medication_id} (see `coach meds list`)")
        return found

    def find(self, name_or_id: str) -> Medication:
        """A medicine by id or by name (case-insensitive), for the CLI."""
        row_id = parse_row_id(name_or_id)
        if row_id is not None:
            return self.get(row_id)
        if name_or_id.strip().isascii() and name_or_id.strip().isdigit():
            raise CoachError(f"no medicine with id {name_or_id.strip()[:30]} (see `coach meds list`)")
        found = self.repo.find_by_name(name_or_id.strip())
        if found is None:
            raise CoachError(f"no medicine called {name_or_id!r} (see `coach meds list`)")
        return found

    def all(self, active_only: bool = False) -> list[Medication]:
        return self.repo.all(active_only)

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
        number = bounded_positive(value, "the amount", math.inf)
        moment = taken_at or self.ctx.clock.now()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.ctx.clock.local_zone())
        if moment > self.ctx.clock.now() + timedelta(minutes=5):
            raise CoachError("a dose can only be logged for now or earlier")
        check_year(moment, "the time of a dose")
        if med.is_opioid and med.drug and med.unit == mme.MG:
            day = local_date(moment, self.ctx.clock.local_zone())
            so_far = sum(
                d.amount for d in self.doses_on(day) if d.medication_id == med.id and d.unit == mme.MG
            )
            mme.check_plausible(med.drug, number, so_far + number)
        number = _positive(number, "the amount")
        dose_id = self.repo.add_dose(
            medication_id, taken_at=to_db(moment), amount=number, unit=med.unit, kind=kind, note=note.strip()
        )
        self.ctx.bus.publish(Topic.MEDICATIONS)
        return self._dose(dose_id)

    def delete_dose(self, dose_id: int) -> None:
        self._dose(dose_id)
        self.repo.delete_dose(dose_id)
        self.ctx.bus.publish(Topic.MEDICATIONS)

    def _dose(self, dose_id: int) -> DoseEvent:
        found = self.repo.dose(dose_id)
        if found is None:
            raise CoachError(f"no logged dose with id {dose_id}")
        return found

    def doses_on(self, day: date) -> list[DoseEvent]:
        start, end = local_day_bounds(day, self.ctx.clock.local_zone())
        return self.repo.doses_between(start, end)

    def recent_doses(self, days: int = 7) -> list[DoseEvent]:
        first = self.today() - timedelta(days=days - 1)
        start, _ = local_day_bounds(first, self.ctx.clock.local_zone())
        return self.repo.doses_since(start)

    def taken_mme_on(self, day: date) -> float:
        """MME taken on the local `day`: its logged doses plus every patch worn that day (see
        `taken_mme_by_day`)."""
        return self.taken_mme_by_day(day, day).get(day, 0.0)

    def worn_patches(self, first_dose_day: date | None = None) -> list[mme_taken.WornPatch]:
        """The patches on the medicine list with a rate, and the days each is worn.

        A patch counts from its start date; without one, from the day it was added, or from the first
        logged opioid dose when that is earlier (a log filled in afterwards). It counts up to the day
        before it was stopped.
        """
        zone = self.ctx.clock.local_zone()
        out: list[mme_taken.WornPatch] = []
        for med in self.all():
            if not (med.is_opioid and med.drug and med.is_patch and med.strength):
                continue
            if med.started_on:
                first = date.fromisoformat(med.started_on)
            else:
                added = local_date(from_db(med.created_at), zone) if med.created_at else self.today()
                first = min(added, first_dose_day) if first_dose_day else added
            last = date.fromisoformat(med.stopped_on) - timedelta(days=1) if med.stopped_on else None
            out.append(mme_taken.WornPatch(med.drug, med.strength, first, last))
        return out

    def taken_mme_by_day(
        self,
        first: date | None = None,
        last: date | None = None,
        local_day: Callable[[str], date] | None = None,
    ) -> dict[date, float]:
        """MME taken per local day in [first, last] (defaults: the first record, today): logged opioid
        doses, each drug's day total times its CDC 2022 factor, plus each patch at its rate every day it
        is worn (coach.domain.mme_taken.taken_by_day). Days with nothing taken are left out.

        `local_day` turns a stored time into the local day; the Progress page passes a faster one.
        """
        zone = self.ctx.clock.local_zone()
        to_day = local_day or (lambda text: local_date(from_db(text), zone))
        meds = {m.id: m for m in self.all()}
        doses = [
            mme_taken.TakenDose(to_day(at), meds[med_id].drug, float(amount), unit)
            for at, med_id, amount, unit in self.repo.opioid_dose_rows()
            if med_id in meds
        ]
        first_dose = min((d.day for d in doses), default=None)
        patches = self.worn_patches(first_dose)
        end = last or self.today()
        begin = first or min([*(p.first_day for p in patches), *(d.day for d in doses)], default=end)
        return mme_taken.taken_by_day(doses, patches, begin, end)
