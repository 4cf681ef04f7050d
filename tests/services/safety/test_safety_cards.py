"""Safety cards from a real profile: the medicine list, dose log, plan and check-in answers decide them,
and each card says what to do, with its sources."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coach.domain.clock import FixedClock
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.safety import answers
from coach.services.safety.notices import safety_cards
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService


def _kinds(ctx: AppContext) -> list[str]:
    return [c.kind for c in safety_cards(ctx)]


def test_no_records_no_cards(ctx: AppContext) -> None:
    assert safety_cards(ctx) == []


def test_oxycodone_with_xanax_shows_the_combination_and_naloxone(ctx: AppContext) -> None:
    meds = MedicationService(ctx)
    meds.add("Oxycodone", "oxycodone", 30, "mg", 3)
    meds.add("Xanax 0.5 mg")
    meds.add("Vitamin D")
    cards = {c.kind: c for c in safety_cards(ctx)}
    assert list(cards) == ["combination", "naloxone"]
    combination = cards["combination"]
    assert "Xanax 0.5 mg (a calming or anxiety medicine) can slow it too" in combination.body
    assert "Vitamin D" not in combination.body
    assert any("naloxone" in step for step in combination.steps)
    assert "CDC" in combination.source and "recommendation 11" in combination.source
    assert "135 MME a day" in cards["naloxone"].body
    assert "recommendations 8" in cards["naloxone"].source


def test_a_stopped_sleeping_pill_no_longer_counts(ctx: AppContext) -> None:
    meds = MedicationService(ctx)
    meds.add("Morphine", "morphine", 10, "mg", 2)
    pill = meds.add("Ambien 10")
    assert _kinds(ctx) == ["combination"]
    meds.stop(pill.id)
    assert _kinds(ctx) == []


def test_the_alcohol_answer_adds_the_combination_card_and_is_announced(ctx: AppContext) -> None:
    MedicationService(ctx).add("Tramadol", "tramadol", 50, "mg", 2)
    heard: list[Changes] = []
    ctx.bus.subscribe(heard.append)
    answers.record_alcohol(ctx, True)
    assert heard[-1].touches(Topic.CHECKINS)
    card = safety_cards(ctx)[0]
    assert card.kind == "combination" and "Alcohol can slow it too" in card.body
    answers.record_alcohol(ctx, None)  # skipped this week: the last answer stands
    assert _kinds(ctx) == ["combination"]
    answers.record_alcohol(ctx, False)
    assert _kinds(ctx) == []


def test_three_days_without_a_logged_dose_explains_lost_tolerance(ctx: AppContext, clock: FixedClock) -> None:
    meds = MedicationService(ctx)
    oxy = meds.add("Oxycodone", "oxycodone", 5, "mg", 3)
    meds.log_dose(oxy.id, 5, taken_at=clock.now() - timedelta(days=3))
    card = safety_cards(ctx)[0]
    assert card.kind == "tolerance"
    assert "You have not logged an opioid dose for 3 days." in card.body
    assert "can now slow your breathing" in card.body
    meds.log_dose(oxy.id, 5)
    assert _kinds(ctx) == []


def test_the_step_at_half_of_the_start_explains_lost_tolerance(ctx: AppContext) -> None:
    taper = TaperService(ctx)
    plan = taper.create_plan("Plan", 90, date(2026, 8, 1))
    taper.add_step(plan.id, date(2026, 10, 1), 67.5)
    assert _kinds(ctx) == []
    taper.add_step(plan.id, date(2026, 11, 15), 45)
    card = safety_cards(ctx)[0]
    assert card.kind == "tolerance"
    assert card.body.startswith("Your taper has reached half of the highest daily total you recorded.")


def test_finishing_the_plan_explains_lost_tolerance(ctx: AppContext) -> None:
    taper = TaperService(ctx)
    plan = taper.create_plan("Plan", 20, date(2026, 9, 1))
    taper.add_step(plan.id, date(2026, 11, 14), 5)
    taper.set_status(plan.id, "finished")
    card = safety_cards(ctx)[0]
    assert card.kind == "tolerance"
    assert card.body.startswith("You have come to the end of your taper. Well done.")
    assert "A dose that was usual for you before can now slow your breathing dangerously." in card.body


def test_unplanned_doses_on_3_of_7_days_show_a_respectful_route_to_treatment(
    ctx: AppContext, clock: FixedClock
) -> None:
    ctx.store.update_profile(country="US")
    meds = MedicationService(ctx)
    oxy = meds.add("Oxycodone", "oxycodone", 5, "mg", 3)
    for days_ago in (0, 2, 5):
        meds.log_dose(oxy.id, 5, "as_needed", clock.now() - timedelta(days=days_ago, hours=1))
    card = next(c for c in safety_cards(ctx) if c.kind == "treatment")
    assert "You logged doses beyond your schedule on 3 of the last 7 days." in card.body
    assert "buprenorphine and methadone" in card.body
    assert "says nothing bad about you" in card.body
    assert card.helpline.startswith("SAMHSA National Helpline: 1-800-662-4357")
    assert any(step.startswith("How to ask:") for step in card.steps)


def test_strong_cravings_show_the_route_to_treatment_with_the_local_line(ctx: AppContext) -> None:
    ctx.store.update_profile(country="GB")
    answers.record_cravings(ctx, True)
    card = safety_cards(ctx)[0]
    assert card.kind == "treatment" and "strong cravings" in card.body
    assert "FRANK: 0300 123 6600" in card.helpline
    ctx.store.update_profile(country="NL")  # no national line on file: say where to ask instead
    assert safety_cards(ctx)[0].helpline.startswith("Your doctor or pharmacist can tell you")
    answers.record_cravings(ctx, False)
    assert _kinds(ctx) == []


def test_cravings_marked_over_a_week_ago_no_longer_show(ctx: AppContext, clock: FixedClock) -> None:
    answers.record_cravings(ctx, True)
    later = AppContext(store=ctx.store, clock=FixedClock(clock.now() + timedelta(days=8), "America/New_York"))
    assert safety_cards(later) == []
    assert isinstance(clock.now(), datetime)


def test_the_reprocessing_check_is_remembered(ctx: AppContext) -> None:
    assert answers.reprocessing_check(ctx) == ""
    assert answers.record_reprocessing_check(ctx, examined=True, red_flags=True) == answers.CHECK_RED_FLAG
    assert not answers.reprocessing_open(answers.reprocessing_check(ctx))
    answers.record_reprocessing_check(ctx, examined=False, red_flags=False)
    assert answers.reprocessing_check(ctx) == answers.CHECK_NOT_EXAMINED
    assert answers.reprocessing_open(answers.reprocessing_check(ctx))
