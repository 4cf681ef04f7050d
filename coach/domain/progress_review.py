"""What a patient shared in a .coachprogress file, checked, and the figures a coach reviews from it:
adherence, last practice, PEG trend, lessons of the Learn course finished, and flags that ask the coach
to act."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jsonschema import Draft202012Validator

from coach.domain import clinical_flags as cf
from coach.domain.bundle_manifest import (
    PROGRESS_PARTS,
    BundleError,
    parse_bounded_date,
    parse_json,
    validate_schema,
)
from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.domain.session_done import DEFAULT_DONE_FRACTION, counts_as_done, is_partial

SHAREABLE: tuple[str, ...] = PROGRESS_PARTS
SHARE_LABELS: dict[str, str] = {
    "sessions": "Practice sessions (what, when, pain before and after)",
    "checkins": "Check-in scores (pain, mood, worry)",
    "program": "Your program and how much of it you did",
    "lessons": "Lessons of the Learn course you have finished",
    "taper": "Your taper plan (dates and daily totals) and the MME you took each day",
    "withdrawal": "Withdrawal check-in totals",
    "doses": "Days with extra or missed doses of your opioid medicines",
    "journal": "Journal and flare notes (your own words)",
}
# Lessons are shared unless unticked: how far someone is through the course says nothing about their health.
DEFAULT_SHARE: tuple[str, ...] = ("sessions", "checkins", "program", "lessons", "withdrawal")

_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_SCORE = {"type": ["integer", "null"], "minimum": 0, "maximum": 10}
_MAX_ROWS = 5000
_MAX_COUNT = 100_000  # planned or done practices: far beyond ten years of daily practice
_MAX_MME = 10_000.0  # a taper step's daily total; real plans stay far below
_MAX_LESSONS = 200  # the course has 14; room for many more without trusting any count

PROGRESS_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "sessions": {
            "type": "array",
            "maxItems": _MAX_ROWS,
            "items": {
                "type": "object",
                "required": ["date", "exercise_id", "status"],
                "additionalProperties": False,
                "properties": {
                    "date": _DATE,
                    "exercise_id": {"type": "string", "maxLength": 64},
                    "title": {"type": "string", "maxLength": 120},
                    "status": {"enum": ["in_progress", "completed", "abandoned"]},
                    "minutes": {"type": "number", "minimum": 0, "maximum": 600},
                    # Format 2: how much of the track was played (0-1) and for how long (seconds).
                    "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                    "played_seconds": {"type": "number", "minimum": 0, "maximum": 36000},
                    "pre_pain": _SCORE,
                    "post_pain": _SCORE,
                    "pre_distress": _SCORE,
                    "post_distress": _SCORE,
                },
            },
        },
        "checkins": {
            "type": "array",
            "maxItems": _MAX_ROWS,
            "items": {
                "type": "object",
                "required": ["date", "kind", "score"],
                "additionalProperties": False,
                "properties": {
                    "date": _DATE,
                    "kind": {"enum": ["peg", "pgic", "phq9", "gad7"]},
                    "score": {"type": "number", "minimum": 0, "maximum": 100},
                    "answers": {
                        "type": "array",
                        "maxItems": 30,
                        "items": {"type": "number", "minimum": 0, "maximum": 100},
                    },
                },
            },
        },
        "program": {
            "type": ["object", "null"],
            "required": ["title", "started_on"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "maxLength": 120},
                "started_on": _DATE,
                "planned": {"type": "integer", "minimum": 0, "maximum": _MAX_COUNT},
                "done": {"type": "integer", "minimum": 0, "maximum": _MAX_COUNT},
                "adherence_percent": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
            },
        },
        "lessons": {
            "type": "object",
            "required": ["done", "total", "finished"],
            "additionalProperties": False,
            "properties": {
                "done": {"type": "integer", "minimum": 0, "maximum": _MAX_LESSONS},
                "total": {"type": "integer", "minimum": 0, "maximum": _MAX_LESSONS},
                # The lessons first finished inside the shared dates, oldest first.
                "finished": {
                    "type": "array",
                    "maxItems": _MAX_LESSONS,
                    "items": {
                        "type": "object",
                        "required": ["date", "lesson_id", "title"],
                        "additionalProperties": False,
                        "properties": {
                            "date": _DATE,
                            "lesson_id": {"type": "string", "maxLength": 64},
                            "title": {"type": "string", "maxLength": 120},
                        },
                    },
                },
            },
        },
        "taper": {
            "type": ["object", "null"],
            "required": ["name", "steps"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "maxLength": 120},
                "steps": {
                    "type": "array",
                    "maxItems": 500,
                    "items": {
                        "type": "object",
                        "required": ["date", "target_mme"],
                        "additionalProperties": False,
                        "properties": {
                            "date": _DATE,
                            "target_mme": {"type": "number", "minimum": 0, "maximum": _MAX_MME},
                        },
                    },
                },
                "taken_mme": {
                    "type": "array",
                    "maxItems": _MAX_ROWS,
                    "items": {
                        "type": "object",
                        "required": ["date", "mme"],
                        "additionalProperties": False,
                        "properties": {
                            "date": _DATE,
                            "mme": {"type": "number", "minimum": 0, "maximum": _MAX_MME},
                        },
                    },
                },
            },
        },
        "withdrawal": {
            "type": "array",
            "maxItems": _MAX_ROWS,
            "items": {
                "type": "object",
                "required": ["date", "total"],
                "additionalProperties": False,
                "properties": {
                    "date": _DATE,
                    "total": {"type": "integer", "minimum": 0, "maximum": 1000},
                    # Symptoms rated 4 (severe), by checklist key: one alone is worth a call.
                    "severe": {
                        "type": "array",
                        "maxItems": len(WITHDRAWAL_ITEMS),
                        "uniqueItems": True,
                        "items": {"enum": [key for key, _ in WITHDRAWAL_ITEMS]},
                    },
                },
            },
        },
        "doses": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "required": ["medicine"],
                "additionalProperties": False,
                "properties": {
                    "medicine": {"type": "string", "maxLength": 120},
                    "extra_days": {"type": "array", "maxItems": _MAX_ROWS, "items": _DATE},
                    "missed_days": {"type": "array", "maxItems": _MAX_ROWS, "items": _DATE},
                },
            },
        },
        "journal": {
            "type": "array",
            "maxItems": _MAX_ROWS,
            "items": {
                "type": "object",
                "required": ["date", "kind"],
                "additionalProperties": False,
                "properties": {
                    "date": _DATE,
                    "kind": {"enum": ["journal", "flare"]},
                    "intensity": _SCORE,
                    "text": {"type": "string", "maxLength": 5000},
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(PROGRESS_DATA_SCHEMA)


_DATED_ROWS = ("sessions", "checkins", "withdrawal", "journal")


def parse_progress_data(raw: bytes, within: tuple[date, date] | None = None) -> dict[str, Any]:
    """Decode and check progress.json: the schema (row counts, string lengths, number ranges), then every
    date a real day in 1900-2200, and with `within` = (range start, range end) every dated row inside the
    range the manifest declares. Raises BundleError naming the first problem."""
    data = parse_json(raw, "progress.json")
    validate_schema(_VALIDATOR, data, "progress.json")
    assert isinstance(data, dict)
    for key in _DATED_ROWS:
        for number, row in enumerate(data.get(key, [])):
            day = parse_bounded_date(row["date"], f"progress.json: {key}[{number}].date")
            if within is not None and not within[0] <= day <= within[1]:
                raise BundleError(
                    f"progress.json: {key}[{number}].date ({day.isoformat()}) is outside the shared dates"
                )
    program = data.get("program")
    if program:
        parse_bounded_date(program["started_on"], "progress.json: program.started_on")
    lessons = data.get("lessons")
    if lessons:
        _check_lessons(lessons, within)
    for number, med in enumerate(data.get("doses", [])):
        for day in med.get("extra_days", []) + med.get("missed_days", []):
            checked = parse_bounded_date(day, f"progress.json: doses[{number}]")
            if within is not None and not within[0] <= checked <= within[1]:
                raise BundleError(f"progress.json: doses[{number}] holds a day outside the shared dates")
    taper = data.get("taper")
    if taper:
        for number, step in enumerate(taper["steps"]):
            parse_bounded_date(step["date"], f"progress.json: taper.steps[{number}].date")
        # MME taken per day is a dated row like a check-in: a real day inside the shared dates.
        for number, row in enumerate(taper.get("taken_mme", [])):
            day = parse_bounded_date(row["date"], f"progress.json: taper.taken_mme[{number}].date")
            if within is not None and not within[0] <= day <= within[1]:
                raise BundleError(
                    f"progress.json: taper.taken_mme[{number}].date ({day.isoformat()}) is outside the shared dates"
                )
    return data


def _check_lessons(lessons: dict[str, Any], within: tuple[date, date] | None) -> None:
    """Counts that agree with each other, and every finished lesson's day a real day inside the range."""
    if lessons["done"] > lessons["total"]:
        raise BundleError("progress.json: lessons: more lessons finished than the course has")
    if len(lessons["finished"]) > lessons["done"]:
        raise BundleError("progress.json: lessons: more lessons listed than finished")
    for number, row in enumerate(lessons["finished"]):
        day = parse_bounded_date(row["date"], f"progress.json: lessons.finished[{number}].date")
        if within is not None and not within[0] <= day <= within[1]:
            raise BundleError(
                f"progress.json: lessons.finished[{number}].date ({day.isoformat()}) is outside the shared dates"
            )


# --- review ------------------------------------------------------------------------------------------
PEG_CHANGE = 1.0  # a one-point change in PEG is the smallest difference treated as real here
PEG_RISE_FLAG = 2.0
_SYMPTOM_LABELS = dict(WITHDRAWAL_ITEMS)


@dataclass(frozen=True)
class PatientOverview:
    record_id: int
    name: str
    imported_at: str
    range_start: date | None
    range_end: date | None
    shared: tuple[str, ...]
    adherence_percent: int | None
    program_title: str
    last_practice: date | None
    sessions_completed: int
    peg: tuple[tuple[date, float], ...]
    flags: tuple[str, ...] = field(default=())  # review_flags as sentences with their severity in front
    review_flags: tuple[cf.ClinicalFlag, ...] = field(default=())  # most severe first
    lessons_done: int | None = None  # None: lessons were not shared
    lessons_total: int | None = None
    lessons_in_range: int = 0  # of those done, how many were finished inside the shared dates
    sessions_partial: int = 0  # finished with less than the done share played (coach.domain.session_done)
    minutes_practised: float = 0.0  # played time of every shared session, done or partial (minutes)
    last_activity: date | None = None  # the latest day with any shared row

    @property
    def top_severity(self) -> str | None:
        """The most severe flag's severity (urgent, high, watch), None without flags."""
        return self.review_flags[0].severity if self.review_flags else None

    @property
    def lessons_text(self) -> str:
        """`Learn course: 2 of 14 lessons finished (1 in the shared dates).`; '' when not shared."""
        if self.lessons_done is None:
            return ""
        recent = f" ({self.lessons_in_range} in the shared dates)" if self.lessons_in_range else ""
        return f"Learn course: {self.lessons_done} of {self.lessons_total} lessons finished{recent}."

    @property
    def peg_change(self) -> float | None:
        if len(self.peg) < 2:
            return None
        return round(self.peg[-1][1] - self.peg[0][1], 1)

    @property
    def peg_trend(self) -> str:
        change = self.peg_change
        if change is None:
            return "one reading" if self.peg else "no check-ins shared"
        if change <= -PEG_CHANGE:
            return f"improving ({change:+.1f})"
        if change >= PEG_CHANGE:
            return f"rising ({change:+.1f})"
        return f"steady ({change:+.1f})"


def review(
    record_id: int,
    name: str,
    imported_at: str,
    range_start: date | None,
    range_end: date | None,
    data: dict[str, Any],
    shared: tuple[str, ...] = (),
    done_fraction: float = DEFAULT_DONE_FRACTION,
) -> PatientOverview:
    """The figures and flags of one shared record. A session counts as done by the one rule
    (coach.domain.session_done, `done_fraction` the coach's setting); finished ones with less played are
    counted apart as partial."""
    everything = data.get("sessions", [])
    sessions = [s for s in everything if counts_as_done(s["status"], s.get("fraction"), done_fraction)]
    partial = [s for s in everything if is_partial(s["status"], s.get("fraction"), done_fraction)]
    practice_days = sorted(date.fromisoformat(s["date"]) for s in sessions)
    last = practice_days[-1] if practice_days else None
    checkins = sorted(data.get("checkins", []), key=lambda c: c["date"])
    peg = tuple((date.fromisoformat(c["date"]), float(c["score"])) for c in checkins if c["kind"] == "peg")
    program = data.get("program") or {}
    adherence = program.get("adherence_percent")

    flags = _clinical(checkins, data.get("withdrawal", []))
    flags += cf.dose_flags(
        [
            cf.DoseDays(
                str(d["medicine"]),
                tuple(date.fromisoformat(x) for x in d.get("extra_days", [])),
                tuple(date.fromisoformat(x) for x in d.get("missed_days", [])),
            )
            for d in data.get("doses", [])
        ]
    )
    if len(peg) >= 2 and peg[-1][1] - peg[0][1] >= PEG_RISE_FLAG:
        flags.append(
            cf.ClinicalFlag(
                "rising_pain",
                cf.WATCH,
                f"Pain (PEG) rose by {peg[-1][1] - peg[0][1]:.1f} points.",
                peg[-1][0],
            )
        )
    if "sessions" in data and range_end is not None and range_start is not None:
        window = max(range_start, range_end - timedelta(days=6))
        if (range_end - range_start).days >= 6 and (last is None or last < window):
            flags.append(cf.ClinicalFlag("no_practice", cf.WATCH, "No practice in the last 7 days shared."))
    if adherence is not None and adherence < 50:
        flags.append(cf.ClinicalFlag("adherence", cf.WATCH, f"Did {adherence}% of the planned practice."))
    taper = data.get("taper") or {}
    flags += cf.above_plan_flags(
        [(date.fromisoformat(step["date"]), float(step["target_mme"])) for step in taper.get("steps", [])],
        [(date.fromisoformat(row["date"]), float(row["mme"])) for row in taper.get("taken_mme", [])],
    )
    ordered = tuple(cf.sort_flags(flags))
    lessons = data.get("lessons")
    return PatientOverview(
        record_id=record_id,
        name=name,
        imported_at=imported_at,
        range_start=range_start,
        range_end=range_end,
        shared=shared,
        adherence_percent=adherence,
        program_title=str(program.get("title", "")),
        last_practice=last,
        sessions_completed=len(sessions),
        peg=peg,
        flags=tuple(f.label() for f in ordered),
        review_flags=ordered,
        lessons_done=int(lessons["done"]) if lessons else None,
        lessons_total=int(lessons["total"]) if lessons else None,
        lessons_in_range=len(lessons["finished"]) if lessons else 0,
        sessions_partial=len(partial),
        minutes_practised=round(sum(_played_minutes(s) for s in everything), 1),
        last_activity=last_activity(data),
    )


def _played_minutes(session: dict[str, Any]) -> float:
    """Minutes a shared session was played: its played seconds (format 2), else its length in minutes
    for one finished (older files)."""
    if "played_seconds" in session:
        return float(session["played_seconds"]) / 60
    return float(session.get("minutes", 0.0)) if session["status"] == "completed" else 0.0


def last_activity(data: dict[str, Any]) -> date | None:
    """The latest day of any shared row (a session, check-in, checklist, note or MME taken), or None."""
    days = [row["date"] for key in _DATED_ROWS for row in data.get(key, [])]
    days += [row["date"] for row in (data.get("taper") or {}).get("taken_mme", [])]
    return date.fromisoformat(max(days)) if days else None


def _clinical(checkins: list[dict[str, Any]], withdrawal: list[dict[str, Any]]) -> list[cf.ClinicalFlag]:
    """The clinician report's own rules (coach.domain.clinical_flags) on the shared rows: self-harm
    answers, PHQ-9 / GAD-7 with bands, PGIC, withdrawal totals and single severe symptoms."""
    questionnaires = [
        cf.Questionnaire(
            date.fromisoformat(c["date"]),
            c["kind"],
            float(c["score"]),
            tuple(int(a) for a in c.get("answers", [])),
        )
        for c in checkins
    ]
    records = [
        cf.WithdrawalRecord(
            date.fromisoformat(w["date"]),
            int(w["total"]),
            tuple(_SYMPTOM_LABELS[key] for key in w.get("severe", [])),
        )
        for w in sorted(withdrawal, key=lambda w: w["date"])
    ]
    return cf.mood_flags(questionnaires) + cf.withdrawal_flags(records)
