"""The coach's triage queue: which patient to look at first, and why, as pure rules on plain values.

Order (issue 16): a self-harm answer in the last 30 days first; then severe withdrawal (a symptom rated
severe or a high total) and use above the plan; then rising pain (PEG up by `peg_rise` points or more over
the last 4 weeks); then silence, counted from TODAY: no practice for 7 days, no file for 14 days ("gone
quiet"); then any other flag (mood, worry, missed doses, low adherence); then patients whose flags the coach
has all reviewed; then everyone else. Inside a group the patient whose worst flag OF THAT GROUP is most
severe comes first, then the one whose such flag is newest (a severe withdrawal check-in today before a
high total a week ago, after a tester's trial), then the name: never the number of flags, and never the
date of a flag from a lower group (rising pain must not lift an old withdrawal flag).

A flag is reviewed when the coach's latest review of that patient saw it (same kind, same date): it then
drops down until something new arrives (a later date, or a new kind). Dates are local calendar days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from coach.domain import clinical_flags as cf
from coach.domain.measures import WITHDRAWAL_ITEMS, WITHDRAWAL_MAX
from coach.domain.wording import count

SELF_HARM_DAYS = 30
NO_PRACTICE_DAYS = 7
QUIET_DAYS = 14
PEG_WINDOW_DAYS = 28
DEFAULT_PEG_RISE = 2.0

# Groups, most pressing first.
SELF_HARM, WITHDRAWAL_OR_USE, RISING_PAIN, SILENCE, OTHER, REVIEWED, NOTHING = range(7)
GROUP_LABELS: dict[int, str] = {
    SELF_HARM: "Self-harm answer",
    WITHDRAWAL_OR_USE: "Withdrawal / above plan",
    RISING_PAIN: "Rising pain",
    SILENCE: "Gone quiet",
    OTHER: "Other flags",
    REVIEWED: "Reviewed",
    NOTHING: "No flags",
}
_GROUP_OF_KIND: dict[str, int] = {
    "severe_withdrawal": WITHDRAWAL_OR_USE,
    "severe_symptom": WITHDRAWAL_OR_USE,
    "extra_doses": WITHDRAWAL_OR_USE,
    "above_plan": WITHDRAWAL_OR_USE,
    "rising_pain": RISING_PAIN,
    "no_practice": SILENCE,
    "gone_quiet": SILENCE,
}
# Flags the review of one file computes against that file's own dates; the queue recomputes them from today.
RECOMPUTED_KINDS = frozenset({"rising_pain", "no_practice"})


@dataclass(frozen=True)
class TriageFlag:
    """One reason to look at a patient: `kind` a stable key, `severity` urgent/high/watch, `text` one plain
    sentence, `on` the day it rests on (None: no day), `group` its place in the queue, `reviewed` whether
    the coach's latest review already saw it."""

    kind: str
    severity: str
    text: str
    on: date | None
    group: int
    reviewed: bool = False

    @property
    def key(self) -> str:
        """`kind@YYYY-MM-DD`: what a review remembers of the flag."""
        return flag_key(self.kind, self.on)


def flag_key(kind: str, on: date | None) -> str:
    """The review log's name for a flag: `self_harm@2026-11-20`, `gone_quiet@-` without a day."""
    return f"{kind}@{on.isoformat() if on else '-'}"


@dataclass(frozen=True)
class TriageFacts:
    """What the queue needs of one patient. `clinical` are the flags of the latest file's review (most
    severe first); `peg` the (day, score) readings, oldest first; `sessions_shared` whether the patient
    shares practice at all; `last_file` the day the latest file arrived; `reviewed` the flag keys of the
    coach's latest review."""

    patient_id: str
    name: str
    clinical: tuple[cf.ClinicalFlag, ...] = ()
    peg: tuple[tuple[date, float], ...] = ()
    last_practice: date | None = None
    sessions_shared: bool = False
    last_file: date | None = None
    reviewed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TriageEntry:
    """A patient's place in the queue: `flags` all of them (unreviewed first, then most severe, newest);
    `group` the most pressing unreviewed flag's group (REVIEWED or NOTHING without one)."""

    patient_id: str
    name: str
    group: int
    flags: tuple[TriageFlag, ...] = field(default=())

    @property
    def open_flags(self) -> tuple[TriageFlag, ...]:
        """The flags the coach has not reviewed yet."""
        return tuple(f for f in self.flags if not f.reviewed)

    @property
    def severity(self) -> str | None:
        """The most severe unreviewed flag's severity (urgent, high, watch), None without one."""
        open_flags = self.open_flags
        return open_flags[0].severity if open_flags else None

    def sort_key(self) -> tuple[int, int, int, str, str]:
        """Group, then the severity of the worst unreviewed flag in that group, then how new the newest
        such flag is, then the name and the id."""
        lead = [f for f in self.open_flags if f.group == self.group]
        severity = min((cf.SEVERITY_ORDER[f.severity] for f in lead), default=len(cf.SEVERITY_ORDER))
        newest = max(
            (f.on for f in lead if f.on is not None and cf.SEVERITY_ORDER[f.severity] == severity),
            default=date.min,
        )
        return (self.group, severity, -newest.toordinal(), self.name.strip().casefold(), self.patient_id)


def _group(flag: cf.ClinicalFlag, today: date) -> tuple[int, str]:
    if flag.kind == "self_harm":
        recent = flag.on is not None and (today - flag.on).days <= SELF_HARM_DAYS
        return (SELF_HARM, cf.URGENT) if recent else (OTHER, cf.HIGH)
    return _GROUP_OF_KIND.get(flag.kind, OTHER), flag.severity


def rising_pain(
    peg: Sequence[tuple[date, float]], today: date, rise: float = DEFAULT_PEG_RISE
) -> cf.ClinicalFlag | None:
    """PEG up by `rise` points or more from the first to the latest reading of the last 4 weeks."""
    recent = sorted(p for p in peg if (today - p[0]).days <= PEG_WINDOW_DAYS)
    if len(recent) < 2 or recent[-1][1] - recent[0][1] < rise - 1e-9:
        return None
    change = recent[-1][1] - recent[0][1]
    return cf.ClinicalFlag(
        "rising_pain",
        cf.WATCH,
        f"Pain (PEG) rose by {change:.1f} points over the last 4 weeks "
        f"({recent[0][1]:g} on {recent[0][0].isoformat()}, {recent[-1][1]:g} on {recent[-1][0].isoformat()}).",
        recent[-1][0],
    )


def silence(facts: TriageFacts, today: date) -> list[cf.ClinicalFlag]:
    """No practice for 7 days and no file for 14, both counted from today."""
    out: list[cf.ClinicalFlag] = []
    if facts.sessions_shared:
        last = facts.last_practice
        if last is None or (today - last).days >= NO_PRACTICE_DAYS:
            since = f"since {last.isoformat()}" if last else "in the shared dates"
            days = f" ({count((today - last).days, 'day')})" if last else ""
            out.append(cf.ClinicalFlag("no_practice", cf.WATCH, f"No practice {since}{days}.", last))
    if facts.last_file is not None and (today - facts.last_file).days >= QUIET_DAYS:
        quiet = (today - facts.last_file).days
        out.append(
            cf.ClinicalFlag(
                "gone_quiet",
                cf.WATCH,
                f"Gone quiet: no progress file for {count(quiet, 'day')} (the last came on "
                f"{facts.last_file.isoformat()}).",
                facts.last_file,
            )
        )
    return out


def triage(facts: TriageFacts, today: date, peg_rise: float = DEFAULT_PEG_RISE) -> TriageEntry:
    """One patient's place in the queue on `today`."""
    clinical = [f for f in facts.clinical if f.kind not in RECOMPUTED_KINDS]
    rising = rising_pain(facts.peg, today, peg_rise)
    if rising is not None:
        clinical.append(rising)
    clinical += silence(facts, today)
    flags = []
    for flag in clinical:
        group, severity = _group(flag, today)
        seen = flag_key(flag.kind, flag.on) in facts.reviewed
        flags.append(TriageFlag(flag.kind, severity, flag.text, flag.on, group, seen))
    flags.sort(key=lambda f: _KIND_RANK.get(f.kind, len(_KIND_RANK)))
    flags.sort(key=lambda f: f.on or date.min, reverse=True)
    flags.sort(key=lambda f: (f.reviewed, f.group, cf.SEVERITY_ORDER[f.severity]))
    open_groups = [f.group for f in flags if not f.reviewed]
    group = min(open_groups) if open_groups else (REVIEWED if flags else NOTHING)
    return TriageEntry(facts.patient_id, facts.name, group, tuple(flags))


# On the same day and severity, the more specific sign leads (a symptom rated severe says more than a total).
_KIND_RANK = {k: i for i, k in enumerate(("self_harm", "severe_symptom", "severe_withdrawal", "above_plan"))}
_PLAIN: dict[str, str] = {
    "self_harm": "Self-harm answer",
    "extra_doses": "Extra doses",
    "above_plan": "Use above the taper plan",
    "missed_doses": "Missed doses",
    "phq9": "Low mood (PHQ-9)",
    "gad7": "Worry (GAD-7)",
    "pgic_worse": "Feels worse (PGIC)",
    "pgic": "Reported change (PGIC)",
    "rising_pain": "Pain (PEG) rising",
    "no_practice": "No practice",
    "gone_quiet": "Gone quiet",
    "adherence": "Low practice",
}


def _severe_count(flag: TriageFlag) -> int:
    """How many symptoms were rated severe on the flag's own day, read from its sentence."""
    if flag.on is None:
        return 0
    text = flag.text
    end = text.rfind(f" on {flag.on.isoformat()}")
    if end < 0:
        return 0
    start = max(text.rfind("; ", 0, end), text.rfind(": ", 0, end)) + 2
    part = text[start:end]
    return sum(1 for _key, label in WITHDRAWAL_ITEMS if label in part)


def ago(day: date, today: date) -> str:
    """How long ago `day` was: "today", "yesterday", "5 days ago", "5 weeks ago", "3 months ago"."""
    days = (today - day).days
    if days <= 1:
        return "today" if days <= 0 else "yesterday"
    if days < 14:
        return f"{count(days, 'day')} ago"
    return f"{count(days // 7, 'week')} ago" if days < 61 else f"{count(days // 30, 'month')} ago"


def headline(flag: TriageFlag, today: date, with_day: bool = True) -> str:
    """A flag in a few plain words with how long ago (unless `with_day` is False): "Severe withdrawal
    today: 10 symptoms severe", "Withdrawal checklist high: 30 of 64 8 days ago", "Extra doses yesterday"."""
    day = f" {ago(flag.on, today)}" if flag.on and with_day else ""
    if flag.kind == "severe_symptom":
        n = _severe_count(flag)
        return f"Severe withdrawal{day}" + (f": {count(n, 'symptom')} severe" if n else "")
    if flag.kind == "severe_withdrawal":
        found = re.search(r"highest total (\d+)", flag.text)
        total = f": {found.group(1)} of {WITHDRAWAL_MAX}" if found else ""
        return f"Withdrawal checklist high{total}{day}"
    return f"{_PLAIN.get(flag.kind, flag.kind.replace('_', ' ').capitalize())}{day}"


def why_words(entry: TriageEntry, today: date) -> str:
    """The Why cell: the lead unreviewed flag (most severe, newest) in plain words, then the others'
    headlines; "n flags reviewed" when all are reviewed; "" without flags."""
    open_flags = entry.open_flags
    if open_flags:
        rest = "; ".join(headline(f, today) for f in open_flags[1:])
        lead = open_flags[0]
        when = f"{ago(lead.on, today)}: " if lead.on else ""
        return when + headline(lead, today, with_day=False) + (f". Also: {rest}" if rest else "")
    return f"{count(len(entry.flags), 'flag')} reviewed" if entry.flags else ""


def order(entries: Iterable[TriageEntry]) -> list[TriageEntry]:
    """The queue: most pressing first (see the module docstring)."""
    return sorted(entries, key=TriageEntry.sort_key)


def severity_counts(entries: Iterable[TriageEntry]) -> dict[str, int]:
    """Patients by their most severe unreviewed flag: {"urgent": n, "high": n, "watch": n, "reviewed": n,
    "none": n}."""
    counts = {cf.URGENT: 0, cf.HIGH: 0, cf.WATCH: 0, "reviewed": 0, "none": 0}
    for entry in entries:
        if entry.severity is not None:
            counts[entry.severity] += 1
        else:
            counts["reviewed" if entry.flags else "none"] += 1
    return counts
