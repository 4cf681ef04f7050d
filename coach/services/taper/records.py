"""The taper record's value types: a plan, a step, and the checks every stored date and MME value passes."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.mme import MCG_PER_HOUR
from coach.services.taper.medicines import Medication

PLAN_STATUSES: tuple[str, ...] = ("draft", "active", "finished", "archived")


@dataclass(frozen=True)
class Plan:
    id: int
    name: str
    status: str
    origin: str
    pace: str | None
    start_mme: float
    start_date: date
    note: str

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class Step:
    id: int
    plan_id: int
    date: date
    target_mme: float
    doses: dict[int, float]  # medication id -> new total a day (a patch: its rate in mcg/h)
    is_draft: bool
    note: str

    def as_rule(self) -> rules.PlanStep:
        return rules.PlanStep(self.date, self.target_mme, self.id)

    def doses_text(self, meds: Mapping[int, Medication]) -> str:
        parts = []
        for med_id, daily in self.doses.items():
            med = meds.get(med_id)
            if med is None:
                parts.append(f"medicine #{med_id}: {daily:g} a day")
            elif med.unit == MCG_PER_HOUR:
                parts.append(f"{med.name} {daily:g} {med.unit}")
            else:
                parts.append(f"{med.name} {daily:g} {med.unit} a day")
        return "; ".join(parts)


def parse_doses(text: str | None) -> dict[int, float]:
    """The stored dose record, {"<medication id>": daily amount}; an older {"daily": x} object is accepted."""
    try:
        raw = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    out: dict[int, float] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            amount = value.get("daily") if isinstance(value, dict) else value
            if str(key).isdigit() and isinstance(amount, int | float):
                out[int(key)] = float(amount)
    return out


def parse_day(value: date | str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CoachError(f"{what} must be a date like 2026-11-21, got {value!r}") from None


def check_mme(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise CoachError(f"{what} must be 0 or more MME a day, got {value!r}")
    if number > rules.MAX_START_MME:
        raise CoachError(f"{what} of {number:g} MME a day is beyond what this app records")
    return round(number, 2)
