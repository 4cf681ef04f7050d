"""Programs: weeks of days, each day a list of exercise ids, lessons and check-ins; day math, builder edits,
adherence.

A program is data (resources/programs/*.json, the `programs` table, a .coachprog bundle) validated by
resources/schemas/program.schema.json before it reaches `program_from_dict`. Two schedules exist:

- "calendar": the weeks run once from the day the program was started, then it is finished.
- "taper": the weeks repeat for as long as the taper lasts, and the days around each taper step use
  `around_taper_step` instead (more, shorter practice just after a dose change agreed with the prescriber).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

CHECKIN_KINDS: tuple[str, ...] = ("peg", "pgic", "phq9", "gad7", "withdrawal")
CHECKIN_LABELS: dict[str, str] = {
    "peg": "Pain check-in (PEG)",
    "pgic": "How things have changed (PGIC)",
    "phq9": "Mood check-in (PHQ-9)",
    "gad7": "Worry check-in (GAD-7)",
    "withdrawal": "Withdrawal check-in",
}
DAYS_PER_WEEK = 7
MAX_WEEKS = 52
MAX_EXERCISES_PER_DAY = 8
MAX_LESSONS_PER_DAY = 3

Schedule = Literal["calendar", "taper"]


@dataclass(frozen=True)
class DayPlan:
    """One day: exercise ids to practise, Learn lesson ids to read or hear, check-ins, and a note."""

    exercises: tuple[str, ...] = ()
    checkins: tuple[str, ...] = ()
    note: str = ""
    lessons: tuple[str, ...] = ()

    @property
    def is_rest(self) -> bool:
        return not self.exercises and not self.checkins and not self.lessons


@dataclass(frozen=True)
class Week:
    days: tuple[DayPlan, ...] = field(default_factory=lambda: tuple(DayPlan() for _ in range(DAYS_PER_WEEK)))
    theme: str = ""
    note: str = ""


@dataclass(frozen=True)
class TaperStepDay:
    """The plan for the day `offset` days after a taper step (0 = the step day, -1 = the day before)."""

    offset: int
    plan: DayPlan


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    summary: str
    source: str
    weeks: tuple[Week, ...]
    schedule: Schedule = "calendar"
    around_taper_step: tuple[TaperStepDay, ...] = ()

    @property
    def total_days(self) -> int | None:
        """Length of a calendar program; None for a taper companion, which lasts as long as the taper."""
        return len(self.weeks) * DAYS_PER_WEEK if self.schedule == "calendar" else None

    def exercise_ids(self) -> list[str]:
        """Every exercise the program uses, in first-use order."""
        seen: dict[str, None] = {}
        for week in self.weeks:
            for day in week.days:
                seen.update(dict.fromkeys(day.exercises))
        for step_day in self.around_taper_step:
            seen.update(dict.fromkeys(step_day.plan.exercises))
        return list(seen)

    def missing_exercises(self, known: Iterable[str]) -> list[str]:
        known_set = set(known)
        return [exercise_id for exercise_id in self.exercise_ids() if exercise_id not in known_set]

    def lesson_ids(self) -> list[str]:
        """Every Learn lesson the program's days hold, in first-use order."""
        seen: dict[str, None] = {}
        for week in self.weeks:
            for day in week.days:
                seen.update(dict.fromkeys(day.lessons))
        for step_day in self.around_taper_step:
            seen.update(dict.fromkeys(step_day.plan.lessons))
        return list(seen)

    def missing_lessons(self, known: Iterable[str]) -> list[str]:
        known_set = set(known)
        return [lesson_id for lesson_id in self.lesson_ids() if lesson_id not in known_set]


# --- (de)serialisation -------------------------------------------------------------------------------
def _day_from_dict(data: Mapping[str, Any]) -> DayPlan:
    return DayPlan(
        exercises=tuple(str(x) for x in data.get("exercises", ())),
        checkins=tuple(str(x) for x in data.get("checkins", ())),
        note=str(data.get("note", "")),
        lessons=tuple(str(x) for x in data.get("lessons", ())),
    )


def _day_to_dict(day: DayPlan) -> dict[str, Any]:
    out: dict[str, Any] = {"exercises": list(day.exercises)}
    if day.lessons:
        out["lessons"] = list(day.lessons)
    if day.checkins:
        out["checkins"] = list(day.checkins)
    if day.note:
        out["note"] = day.note
    return out


def program_from_dict(data: Mapping[str, Any]) -> Program:
    """Build a Program from data already checked against program.schema.json."""
    weeks = tuple(
        Week(
            days=tuple(_day_from_dict(d) for d in w["days"]),
            theme=str(w.get("theme", "")),
            note=str(w.get("note", "")),
        )
        for w in data["weeks"]
    )
    around = tuple(
        TaperStepDay(offset=int(d["offset"]), plan=_day_from_dict(d))
        for d in data.get("around_taper_step", ())
    )
    schedule: Schedule = "taper" if data.get("schedule") == "taper" else "calendar"
    return Program(
        id=str(data["id"]),
        title=str(data["title"]),
        summary=str(data.get("summary", "")),
        source=str(data["source"]),
        weeks=weeks,
        schedule=schedule,
        around_taper_step=tuple(sorted(around, key=lambda d: d.offset)),
    )


def program_to_dict(program: Program) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": program.id,
        "title": program.title,
        "summary": program.summary,
        "source": program.source,
        "schedule": program.schedule,
        "weeks": [
            {
                **({"theme": w.theme} if w.theme else {}),
                **({"note": w.note} if w.note else {}),
                "days": [_day_to_dict(d) for d in w.days],
            }
            for w in program.weeks
        ],
    }
    if program.around_taper_step:
        out["around_taper_step"] = [
            {"offset": d.offset, **_day_to_dict(d.plan)} for d in program.around_taper_step
        ]
    return out


# --- day math -------------------------------------------------------------------------------------
def day_number(started_on: date, day: date) -> int:
    """1 on the start day, 2 the next day...; 0 or less before the program starts."""
    return (day - started_on).days + 1


@dataclass(frozen=True)
class ScheduledDay:
    """What one calendar day of an assignment holds."""

    day: date
    day_number: int
    week_number: int  # 1-based; for a taper companion it keeps counting while the weeks repeat
    weekday_index: int  # 0..6 within the program week
    week: Week
    plan: DayPlan
    taper_offset: int | None = None  # set when the day falls in the window around a taper step


def taper_offset_for(program: Program, day: date, step_dates: Sequence[date]) -> int | None:
    """Days since the taper step whose window covers `day` (negative: the step is still ahead).

    When two windows overlap, the step already taken wins over one coming up, and the most recent
    step wins among those, because the days after a change are the ones that need the extra support.
    """
    if program.schedule != "taper" or not program.around_taper_step or not step_dates:
        return None
    offsets = {d.offset for d in program.around_taper_step}
    candidates = [(day - step).days for step in step_dates if (day - step).days in offsets]
    if not candidates:
        return None
    after = [c for c in candidates if c >= 0]
    return min(after) if after else max(candidates)


def plan_for_day(
    program: Program, started_on: date, day: date, step_dates: Sequence[date] = ()
) -> ScheduledDay | None:
    """The plan for `day`, or None before the start or after a calendar program has ended."""
    number = day_number(started_on, day)
    if number < 1:
        return None
    total = program.total_days
    if total is not None and number > total:
        return None
    index = number - 1
    week_index = (index // DAYS_PER_WEEK) % len(program.weeks)
    week = program.weeks[week_index]
    weekday = index % DAYS_PER_WEEK
    plan = week.days[weekday]
    offset = taper_offset_for(program, day, step_dates)
    if offset is not None:
        plan = next(d.plan for d in program.around_taper_step if d.offset == offset)
    return ScheduledDay(
        day=day,
        day_number=number,
        week_number=index // DAYS_PER_WEEK + 1,
        weekday_index=weekday,
        week=week,
        plan=plan,
        taper_offset=offset,
    )


def is_finished(program: Program, started_on: date, day: date) -> bool:
    total = program.total_days
    return total is not None and day_number(started_on, day) > total


# --- adherence --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Adherence:
    """How much of the planned practice was done, from the start through a given day."""

    days_counted: int
    planned: int
    done: int
    checkins_planned: int
    checkins_done: int
    days_with_practice: int

    @property
    def fraction(self) -> float | None:
        return self.done / self.planned if self.planned else None

    @property
    def percent(self) -> int | None:
        fraction = self.fraction
        return round(fraction * 100) if fraction is not None else None


def matched_count(planned: Sequence[str], done: Sequence[str]) -> int:
    """How many planned slots a day's completed sessions fill (each session fills at most one slot)."""
    return sum((Counter(planned) & Counter(done)).values())


def adherence(
    program: Program,
    started_on: date,
    through: date,
    practice: Mapping[date, Sequence[str]],
    checkins: Mapping[date, Sequence[str]] | None = None,
    step_dates: Sequence[date] = (),
) -> Adherence:
    """Planned vs done from the start day through `through` (inclusive; usually today).

    `practice` maps a local date to the exercise ids completed that day. A planned exercise counts as done
    when a session of that exercise was completed on that day; extra practice is welcome but does not
    inflate the figure past 100%.
    """
    checkins = checkins or {}
    planned = done = c_planned = c_done = counted = with_practice = 0
    total = program.total_days
    last = through if total is None else min(through, started_on + timedelta(days=total - 1))
    day = started_on
    while day <= last:
        scheduled = plan_for_day(program, started_on, day, step_dates)
        day += timedelta(days=1)
        if scheduled is None:
            continue
        counted += 1
        plan = scheduled.plan
        done_today = list(practice.get(scheduled.day, ()))
        planned += len(plan.exercises)
        done += matched_count(plan.exercises, done_today)
        c_planned += len(plan.checkins)
        c_done += matched_count(plan.checkins, list(checkins.get(scheduled.day, ())))
        if done_today:
            with_practice += 1
    return Adherence(counted, planned, done, c_planned, c_done, with_practice)


# --- builder edits (pure: each returns a new Program) -----------------------------------------------
def _replace_day(program: Program, week: int, weekday: int, plan: DayPlan) -> Program:
    weeks = list(program.weeks)
    days = list(weeks[week].days)
    days[weekday] = plan
    weeks[week] = replace(weeks[week], days=tuple(days))
    return replace(program, weeks=tuple(weeks))


def day_at(program: Program, week: int, weekday: int) -> DayPlan:
    return program.weeks[week].days[weekday]


def add_exercise(program: Program, week: int, weekday: int, exercise_id: str) -> Program:
    plan = day_at(program, week, weekday)
    if len(plan.exercises) >= MAX_EXERCISES_PER_DAY:
        raise ValueError(f"a day holds at most {MAX_EXERCISES_PER_DAY} exercises")
    return _replace_day(program, week, weekday, replace(plan, exercises=(*plan.exercises, exercise_id)))


def remove_exercise(program: Program, week: int, weekday: int, index: int) -> Program:
    plan = day_at(program, week, weekday)
    exercises = list(plan.exercises)
    del exercises[index]
    return _replace_day(program, week, weekday, replace(plan, exercises=tuple(exercises)))


def move_exercise(program: Program, week: int, weekday: int, index: int, new_index: int) -> Program:
    plan = day_at(program, week, weekday)
    exercises = list(plan.exercises)
    new_index = max(0, min(new_index, len(exercises) - 1))
    exercises.insert(new_index, exercises.pop(index))
    return _replace_day(program, week, weekday, replace(plan, exercises=tuple(exercises)))


def set_lessons(program: Program, week: int, weekday: int, lesson_ids: Sequence[str]) -> Program:
    """The day's lessons replaced by `lesson_ids` (in that order, repeats dropped); ValueError past
    MAX_LESSONS_PER_DAY."""
    ordered = tuple(dict.fromkeys(lesson_ids))
    if len(ordered) > MAX_LESSONS_PER_DAY:
        raise ValueError(f"a day holds at most {MAX_LESSONS_PER_DAY} lessons")
    plan = day_at(program, week, weekday)
    return _replace_day(program, week, weekday, replace(plan, lessons=ordered))


def set_checkins(program: Program, week: int, weekday: int, kinds: Iterable[str]) -> Program:
    chosen = set(kinds)
    unknown = chosen - set(CHECKIN_KINDS)
    if unknown:
        raise ValueError(f"unknown check-in: {', '.join(sorted(unknown))}")
    ordered = tuple(k for k in CHECKIN_KINDS if k in chosen)
    plan = day_at(program, week, weekday)
    return _replace_day(program, week, weekday, replace(plan, checkins=ordered))


def set_week_text(program: Program, week: int, theme: str | None = None, note: str | None = None) -> Program:
    weeks = list(program.weeks)
    current = weeks[week]
    weeks[week] = replace(
        current,
        theme=current.theme if theme is None else theme,
        note=current.note if note is None else note,
    )
    return replace(program, weeks=tuple(weeks))


def add_week(program: Program, copy_of: int | None = None) -> Program:
    if len(program.weeks) >= MAX_WEEKS:
        raise ValueError(f"a program holds at most {MAX_WEEKS} weeks")
    week = program.weeks[copy_of] if copy_of is not None else Week()
    return replace(program, weeks=(*program.weeks, replace(week, theme="", note="")))


def remove_week(program: Program, week: int) -> Program:
    if len(program.weeks) <= 1:
        raise ValueError("a program needs at least one week")
    weeks = list(program.weeks)
    del weeks[week]
    return replace(program, weeks=tuple(weeks))


def empty_program(program_id: str, title: str, weeks: int = 4) -> Program:
    return Program(
        id=program_id,
        title=title,
        summary="",
        source="Written by your coach.",
        weeks=tuple(Week() for _ in range(weeks)),
    )
