"""What a .coachprogress file's progress.json may hold, and its checks: the JSON schema (row counts, string
lengths, number ranges) and every date a real day inside the shared range. Raises only BundleError."""

from __future__ import annotations

from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

from coach.domain.bundle_manifest import BundleError, parse_bounded_date, parse_json, validate_schema
from coach.domain.measures import WITHDRAWAL_ITEMS

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


DATED_ROWS = ("sessions", "checkins", "withdrawal", "journal")


def parse_progress_data(raw: bytes, within: tuple[date, date] | None = None) -> dict[str, Any]:
    """Decode and check progress.json: the schema (row counts, string lengths, number ranges), then every
    date a real day in 1900-2200, and with `within` = (range start, range end) every dated row inside the
    range the manifest declares. Raises BundleError naming the first problem."""
    data = parse_json(raw, "progress.json")
    validate_schema(_VALIDATOR, data, "progress.json")
    assert isinstance(data, dict)
    for key in DATED_ROWS:
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
