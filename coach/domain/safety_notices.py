"""Which overdose-risk and treatment notices to show today: pure decisions from the person's own records.

Four notices, each with the reasons it shows (the wording lives in resources/safety/notices.json):

- `combination`: an opioid on the medicine list together with a benzodiazepine, gabapentinoid, sleeping
  pill (z-drug) or muscle relaxant, or alcohol answered "yes" in the weekly check-in (CDC 2022 rec. 11).
- `tolerance`: loss of tolerance, for `RECENT_DAYS` after a taper step reaches half of the highest daily
  MME recorded, after a pause ends, and for twice as long after the taper reaches 0 or its plan is marked
  finished; and while no opioid dose has been logged
  for 3 to `NO_DOSE_WATCH_DAYS` days by someone who logs doses (CDC 2022 rec. 5 and 8).
- `naloxone`: a prescribed total of `NALOXONE_MME` MME a day or more (CDC 2022 rec. 8).
- `treatment`: doses beyond the schedule on `UNPLANNED_DAYS_FOR_TREATMENT` of the last 7 days, or strong
  cravings marked in a check-in in the last 7 days (CDC 2022 rec. 12).

Nothing here ever proposes a dose: the notices explain a risk and say what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

COMBINATION = "combination"
TOLERANCE = "tolerance"
NALOXONE = "naloxone"
TREATMENT = "treatment"
KINDS: tuple[str, ...] = (COMBINATION, TOLERANCE, NALOXONE, TREATMENT)

# Tolerance reasons
HALF = "half"
PAUSE_ENDED = "pause_ended"
NO_DOSES = "no_doses"
TAPER_END = "taper_end"
# Treatment reasons
UNPLANNED_DOSES = "unplanned_doses"
CRAVINGS = "cravings"

NALOXONE_MME = 50.0
RECENT_DAYS = 14  # a moment-bound notice stays this long, so a person who opens the app weekly still sees it
NO_DOSE_DAYS = 3
NO_DOSE_WATCH_DAYS = 30  # after a month without logging, the log has likely just stopped being used
UNPLANNED_DAYS_FOR_TREATMENT = 3
WINDOW_DAYS = 7


@dataclass(frozen=True)
class LoggedDose:
    """One logged opioid dose: its local day, the medicine's id, and 'scheduled' or 'as_needed'."""

    day: date
    medication_id: int
    kind: str


@dataclass(frozen=True)
class SafetyFacts:
    """What the decisions read, gathered by coach.services.safety.

    `sedatives` are (medicine name, class key) pairs from the active list; `steps` (day, target MME a day)
    and `pauses` (first day, last day or None) come from the active taper plan; `highest_mme` is the highest
    daily MME recorded anywhere (plan starts, steps, the prescription); `doses` are the opioid doses logged
    in the last `NO_DOSE_WATCH_DAYS` days at least; `doses_per_day` is each opioid's prescribed count
    (None: as needed only); `last_opioid_dose` is the newest logged opioid dose ever (None: never logged).
    """

    today: date
    takes_opioids: bool
    sedatives: tuple[tuple[str, str], ...] = ()
    drinks_alcohol: bool = False
    prescribed_mme: float = 0.0
    highest_mme: float = 0.0
    steps: tuple[tuple[date, float], ...] = ()
    pauses: tuple[tuple[date, date | None], ...] = ()
    doses: tuple[LoggedDose, ...] = ()
    doses_per_day: Mapping[int, float | None] = field(default_factory=dict)
    last_opioid_dose: date | None = None
    strong_cravings_on: date | None = None
    taper_finished_on: date | None = None  # the last step of a plan marked finished (no plan active now)


@dataclass(frozen=True)
class Notice:
    """A notice to show: its kind, why (reason keys, in order), and details for the wording: the
    medicine names for `combination`, `days` for counts, `mme` for the naloxone total."""

    kind: str
    reasons: tuple[str, ...]
    medicines: tuple[tuple[str, str], ...] = ()
    alcohol: bool = False
    days: int = 0
    mme: float = 0.0


_WORD = re.compile(r"[a-z]+")


def classify_medicine(name: str, classes: Mapping[str, Iterable[str]]) -> str | None:
    """The class key whose names (generic or brand, lower case) appear as a word in `name`, else None.
    "Xanax XR 0.5 mg" -> "benzodiazepine" when "xanax" is listed under it. First class listed wins."""
    words = set(_WORD.findall(name.lower()))
    for key, names in classes.items():
        if words & {n.lower() for n in names}:
            return key
    return None


def unplanned_dose_days(
    doses: Sequence[LoggedDose], doses_per_day: Mapping[int, float | None], since: date
) -> list[date]:
    """Days on or after `since` with an opioid dose beyond the schedule: an as-needed dose, or more
    scheduled doses of one medicine than its prescribed count a day. Sorted, each day once."""
    counts: dict[tuple[date, int], int] = {}
    days: set[date] = set()
    for dose in doses:
        if dose.day < since:
            continue
        if dose.kind == "as_needed":
            days.add(dose.day)
            continue
        key = (dose.day, dose.medication_id)
        counts[key] = counts.get(key, 0) + 1
        allowed = doses_per_day.get(dose.medication_id)
        if allowed is not None and counts[key] > allowed:
            days.add(dose.day)
    return sorted(days)


def _recent(day: date | None, today: date, within: int = RECENT_DAYS) -> bool:
    return day is not None and 0 <= (today - day).days < within


def _half_reached_on(facts: SafetyFacts) -> date | None:
    if facts.highest_mme <= 0:
        return None
    half = facts.highest_mme / 2
    for day, target in sorted(facts.steps):
        if target <= half:
            return day
    return None


def _tolerance(facts: SafetyFacts) -> Notice | None:
    today = facts.today
    reasons: list[str] = []
    ended = [
        d for d, target in facts.steps if target <= 0 and d <= today and _recent(d, today, RECENT_DAYS * 2)
    ]
    if ended or _recent(facts.taper_finished_on, today, RECENT_DAYS * 2):
        reasons.append(TAPER_END)
    elif _recent(_half_reached_on(facts), today):
        reasons.append(HALF)
    # A pause's last day is its end date; the taper goes on the next day.
    if any(end is not None and _recent(end + timedelta(days=1), today) for _start, end in facts.pauses):
        reasons.append(PAUSE_ENDED)
    gap = (today - facts.last_opioid_dose).days if facts.last_opioid_dose is not None else None
    if gap is not None and NO_DOSE_DAYS <= gap <= NO_DOSE_WATCH_DAYS:
        reasons.append(NO_DOSES)
    if not reasons:
        return None
    return Notice(TOLERANCE, tuple(reasons), days=gap or 0)


def _treatment(facts: SafetyFacts) -> Notice | None:
    first = facts.today - timedelta(days=WINDOW_DAYS - 1)
    unplanned = unplanned_dose_days(facts.doses, facts.doses_per_day, first)
    unplanned = [d for d in unplanned if d <= facts.today]
    reasons: list[str] = []
    if len(unplanned) >= UNPLANNED_DAYS_FOR_TREATMENT:
        reasons.append(UNPLANNED_DOSES)
    if _recent(facts.strong_cravings_on, facts.today, WINDOW_DAYS):
        reasons.append(CRAVINGS)
    if not reasons:
        return None
    return Notice(TREATMENT, tuple(reasons), days=len(unplanned))


def safety_notices(facts: SafetyFacts) -> list[Notice]:
    """The notices for `facts.today`, in the order combination, tolerance, naloxone, treatment.

    Someone who takes no opioid gets none, except the tolerance notice (opioids stopped recently are the
    riskiest moment) and the treatment notice, which both read logged records only.
    """
    out: list[Notice] = []
    if facts.takes_opioids and (facts.sedatives or facts.drinks_alcohol):
        out.append(Notice(COMBINATION, ("medicines",), facts.sedatives, facts.drinks_alcohol))
    tolerance = _tolerance(facts)
    if tolerance is not None:
        out.append(tolerance)
    if facts.takes_opioids and facts.prescribed_mme >= NALOXONE_MME:
        out.append(Notice(NALOXONE, ("mme",), mme=facts.prescribed_mme))
    treatment = _treatment(facts)
    if treatment is not None:
        out.append(treatment)
    return out
