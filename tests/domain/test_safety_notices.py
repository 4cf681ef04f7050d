"""Overdose-risk and treatment notices: which show on which day, from the person's own records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain import safety_notices as sn
from coach.domain.safety_notices import LoggedDose, SafetyFacts, classify_medicine, safety_notices

TODAY = date(2026, 11, 21)
CLASSES = {
    "benzodiazepine": ["alprazolam", "xanax", "diazepam"],
    "gabapentinoid": ["gabapentin", "lyrica"],
    "z_drug": ["zolpidem", "ambien"],
    "muscle_relaxant": ["cyclobenzaprine", "flexeril"],
}


def _kinds(facts: SafetyFacts) -> list[str]:
    return [n.kind for n in safety_notices(facts)]


def _notice(facts: SafetyFacts, kind: str) -> sn.Notice:
    return next(n for n in safety_notices(facts) if n.kind == kind)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Xanax XR 0.5 mg", "benzodiazepine"),
        ("alprazolam", "benzodiazepine"),
        ("Gabapentin 300mg", "gabapentinoid"),
        ("LYRICA", "gabapentinoid"),
        ("Ambien (for sleep)", "z_drug"),
        ("cyclobenzaprine 10", "muscle_relaxant"),
        ("Ibuprofen 400", None),
        ("Xanaxine", None),  # a whole word only: no guesses from a part of a name
    ],
)
def test_sedating_medicines_are_recognised_by_generic_or_brand_name(name: str, kind: str | None) -> None:
    assert classify_medicine(name, CLASSES) == kind


def test_an_opioid_with_a_benzodiazepine_or_alcohol_shows_the_combination_risk() -> None:
    facts = SafetyFacts(TODAY, takes_opioids=True, sedatives=(("Xanax", "benzodiazepine"),))
    notice = _notice(facts, sn.COMBINATION)
    assert notice.medicines == (("Xanax", "benzodiazepine"),) and not notice.alcohol
    assert _notice(SafetyFacts(TODAY, True, drinks_alcohol=True), sn.COMBINATION).alcohol
    # Without an opioid there is no combination to warn about; without a sedative, none either.
    assert _kinds(SafetyFacts(TODAY, False, sedatives=(("Xanax", "benzodiazepine"),))) == []
    assert _kinds(SafetyFacts(TODAY, True)) == []


def test_naloxone_reminder_from_50_mme_a_day_prescribed() -> None:
    assert _notice(SafetyFacts(TODAY, True, prescribed_mme=50), sn.NALOXONE).mme == 50
    assert _kinds(SafetyFacts(TODAY, True, prescribed_mme=49.5)) == []


def test_tolerance_when_a_step_reaches_half_of_the_highest_dose() -> None:
    steps = ((date(2026, 10, 1), 67.5), (date(2026, 11, 10), 45.0), (date(2026, 12, 10), 30.0))
    facts = SafetyFacts(TODAY, True, highest_mme=90, steps=steps)
    assert _notice(facts, sn.TOLERANCE).reasons == (sn.HALF,)
    # Above half: nothing yet; the moment has passed after two weeks.
    assert _kinds(SafetyFacts(TODAY, True, highest_mme=90, steps=steps[:1])) == []
    later = SafetyFacts(date(2026, 11, 24) + timedelta(days=1), True, highest_mme=90, steps=steps)
    assert _kinds(later) == []


def test_tolerance_when_a_pause_ends_and_at_the_end_of_the_taper() -> None:
    pause = ((date(2026, 11, 1), date(2026, 11, 19)),)
    assert _notice(SafetyFacts(TODAY, True, pauses=pause), sn.TOLERANCE).reasons == (sn.PAUSE_ENDED,)
    still_paused = ((date(2026, 11, 1), None),)
    assert _kinds(SafetyFacts(TODAY, True, pauses=still_paused)) == []
    end = ((date(2026, 9, 1), 30.0), (date(2026, 11, 20), 0.0))
    notice = _notice(SafetyFacts(TODAY, True, highest_mme=60, steps=end), sn.TOLERANCE)
    assert notice.reasons == (sn.TAPER_END,)


def test_tolerance_when_a_plan_was_marked_finished() -> None:
    facts = SafetyFacts(TODAY, False, taper_finished_on=TODAY - timedelta(days=10))
    assert _notice(facts, sn.TOLERANCE).reasons == (sn.TAPER_END,)
    assert _kinds(SafetyFacts(TODAY, False, taper_finished_on=TODAY - timedelta(days=60))) == []


def test_tolerance_after_3_days_without_a_logged_opioid_dose() -> None:
    three = SafetyFacts(TODAY, True, last_opioid_dose=TODAY - timedelta(days=3))
    assert _notice(three, sn.TOLERANCE).reasons == (sn.NO_DOSES,)
    assert _notice(three, sn.TOLERANCE).days == 3
    assert _kinds(SafetyFacts(TODAY, True, last_opioid_dose=TODAY - timedelta(days=2))) == []
    assert _kinds(SafetyFacts(TODAY, True, last_opioid_dose=None)) == []  # never logs doses: no guess


def _as_needed(*days_ago: int) -> tuple[LoggedDose, ...]:
    return tuple(LoggedDose(TODAY - timedelta(days=d), 1, "as_needed") for d in days_ago)


def test_doses_beyond_the_schedule_on_3_of_7_days_offer_a_route_to_treatment() -> None:
    facts = SafetyFacts(TODAY, True, doses=_as_needed(0, 2, 6), doses_per_day={1: 3})
    notice = _notice(facts, sn.TREATMENT)
    assert notice.reasons == (sn.UNPLANNED_DOSES,) and notice.days == 3
    assert _kinds(SafetyFacts(TODAY, True, doses=_as_needed(0, 2, 7), doses_per_day={1: 3})) == []
    # A fourth scheduled dose on a day prescribed three counts as beyond the schedule too.
    scheduled = tuple(LoggedDose(TODAY - timedelta(days=d), 1, "scheduled") for d in (1, 1, 1, 1))
    facts = SafetyFacts(TODAY, True, doses=_as_needed(0, 3) + scheduled, doses_per_day={1: 3})
    assert _notice(facts, sn.TREATMENT).days == 3


def test_strong_cravings_in_the_last_week_offer_a_route_to_treatment() -> None:
    facts = SafetyFacts(TODAY, True, strong_cravings_on=TODAY - timedelta(days=2))
    assert _notice(facts, sn.TREATMENT).reasons == (sn.CRAVINGS,)
    assert _kinds(SafetyFacts(TODAY, True, strong_cravings_on=TODAY - timedelta(days=8))) == []


def test_notices_come_in_a_steady_order() -> None:
    facts = SafetyFacts(
        TODAY,
        True,
        drinks_alcohol=True,
        prescribed_mme=135,
        last_opioid_dose=TODAY - timedelta(days=4),
        strong_cravings_on=TODAY,
    )
    assert _kinds(facts) == [sn.COMBINATION, sn.TOLERANCE, sn.NALOXONE, sn.TREATMENT]
