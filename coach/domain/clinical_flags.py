"""Clinical flags from a person's own check-ins, one rule set for the clinician PDF and for the coach's
review of a .coachprogress file: thoughts of self-harm (PHQ-9 item 9), mood and worry totals with their
bands, change the person reports (PGIC), withdrawal (highest total and any single symptom rated severe),
and doses taken against the prescription.

Every flag is a plain sentence with a severity ("urgent" first, then "high", then "watch") and the date it
rests on. Nothing here suggests a dose: dose-related flags say "talk with the prescriber".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.domain import measures
from coach.domain.wording import count, times

URGENT, HIGH, WATCH = "urgent", "high", "watch"
SEVERITY_ORDER: dict[str, int] = {URGENT: 0, HIGH: 1, WATCH: 2}
SEVERITY_LABELS: dict[str, str] = {URGENT: "Urgent", HIGH: "High", WATCH: "Watch"}

PHQ9_FLAG_FROM = 10  # "moderate" and above (Kroenke 2001): worth a conversation
PHQ9_HIGH_FROM = 15  # "moderately severe" and above: where active treatment is usually advised
GAD7_FLAG_FROM = 10  # "moderate" and above (Spitzer 2006)
GAD7_HIGH_FROM = 15  # "severe"
PGIC_WORSE_FROM = 5  # "minimally worse" or worse
WITHDRAWAL_NOTE = (
    "The withdrawal checklist is the app's own (0-4 per symptom, in the shape of self-report withdrawal "
    "scales); it is not a validated scale and its bands are a rough guide."
)


@dataclass(frozen=True)
class ClinicalFlag:
    """One thing worth raising: `kind` is a stable key, `severity` one of urgent/high/watch, `text` one
    plain sentence, `on` the (latest) day it rests on."""

    kind: str
    severity: str
    text: str
    on: date | None = None

    def label(self) -> str:
        """The sentence with its severity in front, e.g. "Urgent: ..."."""
        return f"{SEVERITY_LABELS[self.severity]}: {self.text}"


@dataclass(frozen=True)
class Questionnaire:
    """A scored questionnaire: `kind` peg/pgic/phq9/gad7, `total` its score, `answers` in item order."""

    day: date
    kind: str
    total: float
    answers: tuple[int, ...] = ()


@dataclass(frozen=True)
class WithdrawalRecord:
    """One withdrawal checklist: its 0-64 total and the labels of symptoms rated 4 (severe)."""

    day: date
    total: int
    severe: tuple[str, ...] = ()


@dataclass(frozen=True)
class DoseDays:
    """Doses logged against one medicine's prescription: days with more than prescribed, days with none
    logged (only between the first and the last day the person logged it)."""

    medicine: str
    extra_days: tuple[date, ...] = ()
    missed_days: tuple[date, ...] = ()


def sort_flags(flags: Sequence[ClinicalFlag]) -> list[ClinicalFlag]:
    """Most severe first, then the newest first; stable otherwise."""
    dated = sorted(flags, key=lambda f: f.on or date.min, reverse=True)
    return sorted(dated, key=lambda f: SEVERITY_ORDER[f.severity])


def _days(days: Sequence[date], most: int = 4) -> str:
    shown = ", ".join(d.isoformat() for d in sorted(days)[-most:])
    return shown if len(days) <= most else f"{shown} and {len(days) - most} earlier"


def phq9_band(total: float) -> str:
    for upper, name in measures.PHQ9_BANDS:
        if total <= upper:
            return name
    return measures.PHQ9_BANDS[-1][1]


def gad7_band(total: float) -> str:
    for upper, name in measures.GAD7_BANDS:
        if total <= upper:
            return name
    return measures.GAD7_BANDS[-1][1]


def mood_flags(checkins: Sequence[Questionnaire]) -> list[ClinicalFlag]:
    """Self-harm answers (any PHQ-9 item 9 above 0), PHQ-9 from 10 and GAD-7 from 10 (highest, with its
    date), and a PGIC answer of "minimally worse" or worse."""
    out: list[ClinicalFlag] = []
    phq = sorted((c for c in checkins if c.kind == "phq9"), key=lambda c: c.day)
    item9 = [
        (c.day, c.answers[measures.PHQ9_SELF_HARM_ITEM])
        for c in phq
        if len(c.answers) > measures.PHQ9_SELF_HARM_ITEM and c.answers[measures.PHQ9_SELF_HARM_ITEM] > 0
    ]
    if item9:
        answered = "; ".join(
            f"{value} ({measures.FREQUENCY_OPTIONS[min(value, 3)].lower()}) on {day.isoformat()}"
            for day, value in item9[-4:]
        )
        out.append(
            ClinicalFlag(
                "self_harm",
                URGENT,
                "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0: "
                f"{answered}. Ask about safety now; the app showed crisis lines at the time.",
                item9[-1][0],
            )
        )
    if phq:
        top = max(phq, key=lambda c: (c.total, c.day))
        if top.total >= PHQ9_FLAG_FROM:
            out.append(
                ClinicalFlag(
                    "phq9",
                    HIGH if top.total >= PHQ9_HIGH_FROM else WATCH,
                    f"Mood (PHQ-9) reached {top.total:g} of 27 ({phq9_band(top.total)}) on "
                    f"{top.day.isoformat()}.",
                    top.day,
                )
            )
    gad = [c for c in checkins if c.kind == "gad7"]
    if gad:
        top = max(gad, key=lambda c: (c.total, c.day))
        if top.total >= GAD7_FLAG_FROM:
            out.append(
                ClinicalFlag(
                    "gad7",
                    HIGH if top.total >= GAD7_HIGH_FROM else WATCH,
                    f"Worry (GAD-7) reached {top.total:g} of 21 ({gad7_band(top.total)}) on "
                    f"{top.day.isoformat()}.",
                    top.day,
                )
            )
    pgic = sorted((c for c in checkins if c.kind == "pgic"), key=lambda c: c.day)
    worse = [c for c in pgic if c.total >= PGIC_WORSE_FROM]
    if worse:
        latest = worse[-1]
        out.append(
            ClinicalFlag(
                "pgic_worse",
                WATCH,
                f'Reported change (PGIC): "{measures.PGIC_LABELS.get(int(latest.total), "?")}" on '
                f"{latest.day.isoformat()}.",
                latest.day,
            )
        )
    return out


def withdrawal_flags(records: Sequence[WithdrawalRecord]) -> list[ClinicalFlag]:
    """The highest total when it reaches the high band, and every day a single symptom was rated severe."""
    out: list[ClinicalFlag] = []
    if not records:
        return out
    top = max(records, key=lambda r: (r.total, r.day))
    if top.total >= measures.WITHDRAWAL_HIGH_TOTAL:
        high = [r for r in records if r.total >= measures.WITHDRAWAL_HIGH_TOTAL]
        out.append(
            ClinicalFlag(
                "severe_withdrawal",
                HIGH,
                f"Withdrawal checklist in the high range ({measures.WITHDRAWAL_HIGH_TOTAL} or more of "
                f"{measures.WITHDRAWAL_MAX}) {times(len(high))}; highest total {top.total} on "
                f"{top.day.isoformat()}. Talk with the prescriber about the pace.",
                top.day,
            )
        )
    severe = sorted((r for r in records if r.severe), key=lambda r: r.day)
    if severe:
        listed = "; ".join(f"{', '.join(r.severe)} on {r.day.isoformat()}" for r in severe[-4:])
        more = f" (and {count(len(severe) - 4, 'earlier day')})" if len(severe) > 4 else ""
        out.append(
            ClinicalFlag(
                "severe_symptom",
                HIGH,
                f"Withdrawal: a single symptom rated severe (4 of 4): {listed}{more}. "
                "Talk with the prescriber about the pace.",
                severe[-1].day,
            )
        )
    return out


def dose_flags(days: Sequence[DoseDays]) -> list[ClinicalFlag]:
    """Extra doses (more than prescribed on a day) and missed days, per medicine."""
    out: list[ClinicalFlag] = []
    for med in days:
        if med.extra_days:
            out.append(
                ClinicalFlag(
                    "extra_doses",
                    HIGH if len(med.extra_days) >= 3 else WATCH,
                    f"{med.medicine}: more than prescribed logged on {count(len(med.extra_days), 'day')} "
                    f"({_days(med.extra_days)}).",
                    max(med.extra_days),
                )
            )
        if med.missed_days:
            out.append(
                ClinicalFlag(
                    "missed_doses",
                    WATCH,
                    f"{med.medicine}: no dose logged on {count(len(med.missed_days), 'day')} "
                    f"({_days(med.missed_days)}).",
                    max(med.missed_days),
                )
            )
    return out
