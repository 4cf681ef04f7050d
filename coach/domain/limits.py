"""Bounds on what a person, a file or the command line may give: row ids, amounts, dates and times.

Anything outside these bounds is refused where it enters (service, import, command line) with a plain
sentence, so it can never be stored and break a page, a chart or a report later.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from coach.domain.errors import CoachError

MAX_ROW_ID = 2**63 - 1  # SQLite's largest INTEGER
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_AMOUNT = 100_000.0  # a dose or a strength, in any unit (mg, mcg, ml); far above any real one
MAX_DOSES_PER_DAY = 48.0


def is_row_id(value: int) -> bool:
    """True if `value` can be a row id (1 .. 2**63-1): a larger one can only be "not found"."""
    return isinstance(value, int) and 1 <= value <= MAX_ROW_ID


def parse_row_id(text: str) -> int | None:
    """`'12'` -> 12; None for anything that is not plain ASCII digits within a row id's range."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()):
        return None
    value = int(stripped)
    return value if is_row_id(value) else None


def bounded_positive(value: float, what: str, maximum: float = MAX_AMOUNT) -> float:
    """`value` as a float if it is finite, above 0 and at most `maximum`; else CoachError naming `what`."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise CoachError(f"{what} must be a number above 0, got {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise CoachError(f"{what} must be above 0, got {value!r}")
    if number > maximum:
        raise CoachError(f"{what} must be at most {maximum:g}, got {value!r}")
    return number


def check_year(moment: datetime | date, what: str) -> None:
    """CoachError unless `moment` falls in FIRST_YEAR..LAST_YEAR (the range every stored time keeps)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise CoachError(f"{what} must be between the years {FIRST_YEAR} and {LAST_YEAR}, got {moment.year}")
