"""What a patient shared in a .coachprogress file, checked, and the figures a coach reviews from it:
adherence, last practice, PEG trend, and flags that ask the coach to act."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jsonschema import Draft202012Validator

from coach.domain.bundle_manifest import BundleError, parse_bounded_date, parse_json, validate_schema

SHAREABLE: tuple[str, ...] = ("sessions", "checkins", "program", "taper", "withdrawal", "journal")
SHARE_LABELS: dict[str, str] = {
    "sessions": "Practice sessions (what, when, pain before and after)",
    "checkins": "Check-in scores (pain, mood, worry)",
    "program": "Your program and how much of it you did",
    "taper": "Your taper plan (dates and daily totals)",
    "withdrawal": "Withdrawal check-in totals",
    "journal": "Journal and flare notes (your own words)",
}
DEFAULT_SHARE: tuple[str, ...] = ("sessions", "checkins", "program", "withdrawal")

_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_SCORE = {"type": ["integer", "null"], "minimum": 0, "maximum": 10}
_MAX_ROWS = 5000
_MAX_COUNT = 100_000  # planned or done practices: far beyond ten years of daily practice
_MAX_MME = 10_000.0  # a taper step's daily total; real plans stay far below

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
            },
        },
        "withdrawal": {
            "type": "array",
            "maxItems": _MAX_ROWS,
            "items": {
                "type": "object",
                "required": ["date", "total"],
                "additionalProperties": False,
                "properties": {"date": _DATE, "total": {"type": "integer", "minimum": 0, "maximum": 1000}},
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
    taper = data.get("taper")
    if taper:
        for number, step in enumerate(taper["steps"]):
            parse_bounded_date(step["date"], f"progress.json: taper.steps[{number}].date")
    return data


# --- review ------------------------------------------------------------------------------------------
PEG_CHANGE = 1.0  # a one-point change in PEG is the smallest difference treated as real here
PEG_RISE_FLAG = 2.0
WITHDRAWAL_HIGH = 21  # the moderately-severe band of 0-4 x 14-item withdrawal checklists starts here
PHQ9_HIGH = 15
GAD7_HIGH = 15


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
    flags: tuple[str, ...] = field(default=())

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
) -> PatientOverview:
    sessions = [s for s in data.get("sessions", []) if s.get("status") == "completed"]
    practice_days = sorted(date.fromisoformat(s["date"]) for s in sessions)
    last = practice_days[-1] if practice_days else None
    checkins = sorted(data.get("checkins", []), key=lambda c: c["date"])
    peg = tuple((date.fromisoformat(c["date"]), float(c["score"])) for c in checkins if c["kind"] == "peg")
    program = data.get("program") or {}
    adherence = program.get("adherence_percent")

    flags: list[str] = []
    if any(c["kind"] == "phq9" and len(c.get("answers", [])) >= 9 and c["answers"][8] > 0 for c in checkins):
        flags.append("Answered the mood question about self-harm above 'not at all': contact them today.")
    if any(c["kind"] == "phq9" and c["score"] >= PHQ9_HIGH for c in checkins):
        flags.append(f"Mood check-in (PHQ-9) reached {PHQ9_HIGH} or more.")
    if any(c["kind"] == "gad7" and c["score"] >= GAD7_HIGH for c in checkins):
        flags.append(f"Worry check-in (GAD-7) reached {GAD7_HIGH} or more.")
    if len(peg) >= 2 and peg[-1][1] - peg[0][1] >= PEG_RISE_FLAG:
        flags.append(f"Pain (PEG) rose by {peg[-1][1] - peg[0][1]:.1f} points.")
    withdrawal = [w["total"] for w in data.get("withdrawal", [])]
    if withdrawal and max(withdrawal) >= WITHDRAWAL_HIGH:
        flags.append(
            f"Withdrawal check-ins reached {max(withdrawal)}: suggest they talk with their prescriber."
        )
    if "sessions" in data and range_end is not None and range_start is not None:
        window = max(range_start, range_end - timedelta(days=6))
        if (range_end - range_start).days >= 6 and (last is None or last < window):
            flags.append("No practice in the last 7 days shared.")
    if adherence is not None and adherence < 50:
        flags.append(f"Did {adherence}% of the planned practice.")
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
        flags=tuple(flags),
    )
