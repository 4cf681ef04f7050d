"""The taper record's value types: a plan, a step, and the checks every stored date and MME value passes.

Plan and Step are read from the database by coach/storage/taper_repo.py and defined there; they are
imported here so callers keep one place to name the taper's types.
"""

from __future__ import annotations

import math
from datetime import date

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.storage.taper_repo import Plan, Step, parse_doses

__all__ = ["PLAN_STATUSES", "Plan", "Step", "check_mme", "parse_day", "parse_doses"]

PLAN_STATUSES: tuple[str, ...] = ("draft", "active", "finished", "archived")


def parse_day(value: date | str, what: str) -> date:
    """A date, or an ISO day as text; CoachError naming `what` when the text is not a date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CoachError(f"{what} must be a date like 2026-11-21, got {value!r}") from None


def check_mme(value: float, what: str) -> float:
    """A daily MME rounded to 0.01; CoachError when below 0, not finite, or past rules.MAX_START_MME."""
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise CoachError(f"{what} must be 0 or more MME a day, got {value!r}")
    if number > rules.MAX_START_MME:
        raise CoachError(f"{what} of {number:g} MME a day is beyond what this app records")
    return round(number, 2)
