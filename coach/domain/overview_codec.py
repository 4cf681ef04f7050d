"""A patient's review (PatientOverview) as small JSON, kept beside the stored record so that opening a
caseload of a thousand patients reads a few hundred bytes per patient instead of parsing every shared file.

The summary records the done share it was computed with; a summary made with another share (the coach
changed the setting), of another version, or damaged is not used: the caller reviews the record again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from coach.domain import clinical_flags as cf
from coach.domain.progress_review import PatientOverview

VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def encode(overview: PatientOverview, done_fraction: float) -> str:
    """The summary JSON of `overview`, computed with `done_fraction` (the record id and name are not
    kept: they belong to the stored row)."""
    o = overview
    return json.dumps(
        {
            "v": VERSION,
            "done_fraction": done_fraction,
            "imported_at": o.imported_at,
            "range": [_day(o.range_start), _day(o.range_end)],
            "shared": list(o.shared),
            "adherence": o.adherence_percent,
            "program": o.program_title,
            "last_practice": _day(o.last_practice),
            "done": o.sessions_completed,
            "partial": o.sessions_partial,
            "minutes": o.minutes_practised,
            "peg": [[d.isoformat(), s] for d, s in o.peg],
            "flags": [[f.kind, f.severity, f.text, _day(f.on)] for f in o.review_flags],
            "lessons": [o.lessons_done, o.lessons_total, o.lessons_in_range],
            "last_activity": _day(o.last_activity),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode(text: str | None, record_id: int, name: str, done_fraction: float) -> PatientOverview | None:
    """The overview a summary holds, for the row `record_id` shown as `name`; None when there is no usable
    summary (missing, another version or done share, damaged)."""
    if not text:
        return None
    try:
        d = json.loads(text)
        if d.get("v") != VERSION or abs(float(d["done_fraction"]) - done_fraction) > 1e-9:
            return None
        flags = tuple(
            cf.ClinicalFlag(str(kind), str(severity), str(words), _parse_day(on))
            for kind, severity, words, on in d["flags"]
        )
        if any(f.severity not in cf.SEVERITY_ORDER for f in flags):
            return None
        lessons_done, lessons_total, lessons_in_range = d["lessons"]
        return PatientOverview(
            record_id=record_id,
            name=name,
            imported_at=str(d["imported_at"]),
            range_start=_parse_day(d["range"][0]),
            range_end=_parse_day(d["range"][1]),
            shared=tuple(str(s) for s in d["shared"]),
            adherence_percent=None if d["adherence"] is None else int(d["adherence"]),
            program_title=str(d["program"]),
            last_practice=_parse_day(d["last_practice"]),
            sessions_completed=int(d["done"]),
            peg=tuple((date.fromisoformat(day), float(score)) for day, score in d["peg"]),
            flags=tuple(f.label() for f in flags),
            review_flags=flags,
            lessons_done=None if lessons_done is None else int(lessons_done),
            lessons_total=None if lessons_total is None else int(lessons_total),
            lessons_in_range=int(lessons_in_range),
            sessions_partial=int(d["partial"]),
            minutes_practised=float(d["minutes"]),
            last_activity=_parse_day(d["last_activity"]),
        )
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return None


def renamed(overview: PatientOverview, name: str) -> PatientOverview:
    """The same overview under the coach's name for the patient."""
    return replace(overview, name=name)
