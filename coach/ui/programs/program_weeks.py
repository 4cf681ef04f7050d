"""What the program builder does to a program's weeks, as plain functions on Program (no Qt): a program id
from its title, whether a week is empty and what it holds in words, and copying a week after itself."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from coach.domain.programs import MAX_WEEKS, DayPlan, Program, Week
from coach.domain.wording import count

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")


def id_from_title(title: str) -> str:
    """`"Back to walking: week 1"` -> `back-to-walking-week-1`: lowercase ASCII letters, digits and dashes, as
    program ids must be (at most 56 characters, leaving room for a `-2` suffix); `my-program` when the
    title has nothing usable."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56].strip("-")
    return slug if _ID_RE.match(slug) else "my-program"


def week_is_empty(week: Week) -> bool:
    """True when no day of `week` plans anything (no exercise, lesson, check-in or note)."""
    return all(day == DayPlan() for day in week.days)


def week_contents(week: Week) -> str:
    """What a week holds, counted: "9 exercises and 3 check-ins on 5 days"; "" for an empty week."""
    days = [d for d in week.days if d != DayPlan()]
    if not days:
        return ""
    parts = [
        count(n, noun)
        for n, noun in (
            (sum(len(d.exercises) for d in days), "exercise"),
            (sum(len(d.lessons) for d in days), "lesson"),
            (sum(len(d.checkins) for d in days), "check-in"),
        )
        if n
    ]
    what = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts) or "notes"
    return f"{what} on {count(len(days), 'day')}"


def copy_week_after(program: Program, week: int) -> tuple[Program, int, bool]:
    """Copy week `week` (0-based; its days, not its theme or note) into the week right after it when that
    week is empty, else insert the copy right after it. Returns (new program, index of the copy, True when
    a week was inserted). Raises ValueError when a new week would pass MAX_WEEKS."""
    weeks = list(program.weeks)
    source = weeks[week]
    target = week + 1
    if target < len(weeks) and week_is_empty(weeks[target]):
        weeks[target] = replace(weeks[target], days=source.days)
        return replace(program, weeks=tuple(weeks)), target, False
    if len(weeks) >= MAX_WEEKS:
        raise ValueError(f"a program holds at most {MAX_WEEKS} weeks")
    weeks.insert(target, replace(source, theme="", note=""))
    return replace(program, weeks=tuple(weeks)), target, True
