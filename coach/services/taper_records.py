"""The taper record's value types: a plan, a step, and the checks every stored date and MME value passes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.domain import taper as rules
from coach.domain.errors import CoachError

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
    doses: dict[str, Any]
    is_draft: bool
    note: str

    def as_rule(self) -> rules.PlanStep:
        return rules.PlanStep(self.date, self.target_mme, self.id)

    def doses_text(self) -> str:
        parts = [
            f"{d.get('name', '?')} {float(d.get('daily', 0)):g} {d.get('unit', '')} a day"
            for d in self.doses.values()
        ]
        return "; ".join(parts)


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
