"""The figures a coach reviews from what a patient shared in a .coachprogress file (checked by
coach.domain.progress_data): adherence, last practice, PEG trend, lessons of the Learn course finished, and
flags that ask the coach to act."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from coach.domain import clinical_flags as cf
from coach.domain.bundle_manifest import PROGRESS_PARTS
from coach.domain.measures import WITHDRAWAL_ITEMS

# The data's schema and checks: kept importable from here, where they were first.
from coach.domain.progress_data import DATED_ROWS
from coach.domain.progress_data import PROGRESS_DATA_SCHEMA as PROGRESS_DATA_SCHEMA
from coach.domain.progress_data import parse_progress_data as parse_progress_data
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
    days = [row["date"] for key in DATED_ROWS for row in data.get(key, [])]
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
