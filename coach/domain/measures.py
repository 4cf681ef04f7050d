"""Check-in measures: PEG, PGIC, PHQ-9, GAD-7 scoring and bands, and the app's own withdrawal checklist.

PEG (Krebs et al. 2009), PGIC (NINDS common data elements), PHQ-9 and GAD-7 (Pfizer, free to use) are
reproduced as published. The withdrawal checklist is this app's own wording in the shape of a 0-4
self-report symptom scale; its bands are a rough guide of our own, not a validated cut-off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coach.domain.errors import CoachError

# --- PEG -------------------------------------------------------------------------------------------
PEG_SOURCE = (
    "Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG, a three-item "
    "scale assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-738."
)
PEG_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "pain",
        "What number best describes your pain on average in the past week?",
        "No pain",
        "Pain as bad as you can imagine",
    ),
    (
        "enjoyment",
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
        "Does not interfere",
        "Completely interferes",
    ),
    (
        "activity",
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
        "Does not interfere",
        "Completely interferes",
    ),
)


def _ints(values: Sequence[int], count: int, low: int, high: int, name: str) -> list[int]:
    if len(values) != count:
        raise CoachError(f"{name} needs {count} answers, got {len(values)}")
    out: list[int] = []
    for number, value in enumerate(values, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise CoachError(
                f"{name} answer {number} must be a whole number from {low} to {high}, got {value!r}"
            )
        out.append(value)
    return out


def peg_score(pain: int, enjoyment: int, activity: int) -> float:
    """The PEG score: the mean of the three 0-10 items, to two decimals."""
    items = _ints([pain, enjoyment, activity], 3, 0, 10, "PEG")
    return round(sum(items) / 3, 2)


# --- PGIC ------------------------------------------------------------------------------------------
PGIC_SOURCE = (
    "Patient Global Impression of Change (Guy 1976), public domain via the NINDS common data elements."
)
PGIC_QUESTION = (
    "Since you started working on your pain with this app, how would you describe the change, if any, "
    "in your activity, symptoms, mood and overall quality of life related to your pain?"
)
PGIC_LABELS: dict[int, str] = {
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}


def pgic_label(value: int) -> str:
    _ints([value], 1, 1, 7, "PGIC")
    return PGIC_LABELS[value]


# --- PHQ-9 and GAD-7 -------------------------------------------------------------------------------
FREQUENCY_OPTIONS: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)
TWO_WEEK_STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
PHQ_GAD_SOURCE = (
    "PHQ-9 and GAD-7, developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
    "distribute."
)
PHQ9_ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite - being so fidgety "
    "or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS: tuple[str, ...] = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)
PHQ9_SELF_HARM_ITEM = 8  # zero-based index of item 9

PHQ9_BANDS: tuple[tuple[int, str], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)
GAD7_BANDS: tuple[tuple[int, str], ...] = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))


def _band(total: int, bands: Sequence[tuple[int, str]]) -> str:
    for upper, name in bands:
        if total <= upper:
            return name
    return bands[-1][1]


@dataclass(frozen=True)
class QuestionnaireResult:
    kind: str
    answers: tuple[int, ...]
    total: int
    band: str
    crisis: bool = False  # PHQ-9 item 9 above 0: show crisis help at once


def phq9_item9_needs_help(value: int) -> bool:
    """Any answer above 0 to the self-harm item means crisis resources must be shown immediately."""
    return value > 0


def score_phq9(answers: Sequence[int]) -> QuestionnaireResult:
    items = _ints(answers, 9, 0, 3, "PHQ-9")
    total = sum(items)
    crisis = phq9_item9_needs_help(items[PHQ9_SELF_HARM_ITEM])
    return QuestionnaireResult("phq9", tuple(items), total, _band(total, PHQ9_BANDS), crisis)


def score_gad7(answers: Sequence[int]) -> QuestionnaireResult:
    items = _ints(answers, 7, 0, 3, "GAD-7")
    total = sum(items)
    return QuestionnaireResult("gad7", tuple(items), total, _band(total, GAD7_BANDS))


# --- Withdrawal check-in (the app's own checklist) ------------------------------------------------
WITHDRAWAL_SOURCE = (
    "Pain Recovery Coach's own symptom checklist, written for the app in the shape of 0-4 self-report "
    "opioid withdrawal scales (cf. Handelsman et al. 1987); its bands are the app's rough guide, not a "
    "validated cut-off. Taper context: US HHS Guide for Clinicians on the Appropriate Dosage Reduction or "
    "Discontinuation of Long-Term Opioid Analgesics (2019)."
)
WITHDRAWAL_INTRO = (
    "These are common signs of a body adjusting to a lower dose. They are not a failing, and they often "
    "ease within days. Rate how much each one has bothered you today."
)
WITHDRAWAL_ITEMS: tuple[tuple[str, str], ...] = (
    ("uneasy", "Feeling uneasy, tense or on edge"),
    ("yawning", "Yawning a lot"),
    ("sweating", "Sweating more than usual"),
    ("watery_eyes", "Watery eyes"),
    ("runny_nose", "Runny nose or sneezing"),
    ("goosebumps", "Goosebumps or prickly skin"),
    ("shaky", "Shaky hands or trembling"),
    ("hot_cold", "Waves of feeling hot, then cold"),
    ("aches", "Aching muscles, joints or bones"),
    ("restless", "Restless, hard to stay still"),
    ("queasy", "Queasy stomach"),
    ("vomiting", "Being sick (vomiting)"),
    ("twitching", "Twitching muscles or jumpy legs"),
    ("cramps", "Stomach cramps"),
    ("loose_stools", "Loose stools"),
    ("sleep", "Trouble getting to sleep or staying asleep"),
)
WITHDRAWAL_RATINGS: tuple[str, ...] = ("None", "Mild", "Moderate", "Strong", "Severe")
WITHDRAWAL_MAX = 4 * len(WITHDRAWAL_ITEMS)
# Bands on the 0-64 total. "high" also applies when any single symptom is rated 4 (severe).
WITHDRAWAL_BANDS: tuple[tuple[int, str], ...] = ((10, "low"), (20, "moderate"), (WITHDRAWAL_MAX, "high"))
WITHDRAWAL_HIGH_TOTAL = 21
RISING_FRACTION = 0.30  # up by 30% or more ...
RISING_MIN_POINTS = 5  # ... and by at least 5 points, so 2 -> 3 is not called "rising"
RISING_WINDOW = 3  # over the last three check-ins


@dataclass(frozen=True)
class WithdrawalScore:
    answers: dict[str, int]
    total: int
    band: str
    severe_items: tuple[str, ...]  # labels of symptoms rated 4

    @property
    def high(self) -> bool:
        return self.total >= WITHDRAWAL_HIGH_TOTAL or bool(self.severe_items)


def score_withdrawal(answers: Mapping[str, int]) -> WithdrawalScore:
    """Score a completed checklist; every item must be rated 0-4."""
    known = {key for key, _ in WITHDRAWAL_ITEMS}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise CoachError(f"unknown withdrawal symptom {unknown[0]!r}")
    missing = [label for key, label in WITHDRAWAL_ITEMS if key not in answers]
    if missing:
        raise CoachError(f"please rate every symptom (0 if none): missing {missing[0]!r}")
    clean: dict[str, int] = {}
    for key, label in WITHDRAWAL_ITEMS:
        value = answers[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise CoachError(f"{label!r} must be rated 0 to 4, got {value!r}")
        clean[key] = value
    total = sum(clean.values())
    severe = tuple(label for key, label in WITHDRAWAL_ITEMS if clean[key] == 4)
    return WithdrawalScore(clean, total, _band(total, WITHDRAWAL_BANDS), severe)


def withdrawal_rising(totals: Sequence[int]) -> bool:
    """True when the newest of the last three totals is up >= 30% and >= 5 points on the oldest of them,
    and not already falling back (newest >= the middle one). `totals` is oldest first."""
    if len(totals) < RISING_WINDOW:
        return False
    first, middle, last = totals[-3], totals[-2], totals[-1]
    return last >= middle and last - first >= RISING_MIN_POINTS and last >= first * (1 + RISING_FRACTION)


def withdrawal_needs_prescriber(score: WithdrawalScore, totals: Sequence[int]) -> bool:
    """The "talk with your prescriber" trigger: a high total, a severe symptom, or a rising trend.
    `totals` are the totals so far, oldest first, including this one."""
    return score.high or withdrawal_rising(totals)
