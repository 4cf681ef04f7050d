"""Taper drafts, pace checks, pauses and milestones: the pure rules, then the same through the real service."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.taper.overview import overview, sync_milestones, timeline
from coach.services.taper.plans import TaperService

START = date(2026, 1, 31)


def _levels(steps: list[rules.DraftStep]) -> list[float]:
    return [s.target_mme for s in steps]


# --- drafts ------------------------------------------------------------------------------------------
def test_cdc_monthly_from_90_cuts_by_the_dose_still_taken_and_ends_with_a_talk() -> None:
    # Issue 12: the old draft went 13.5 -> 9 -> 4.5 -> 0 (33%, 50%, 100% of the dose then taken).
    steps = rules.draft_schedule(90, rules.CDC_MONTHLY, START)
    levels = _levels(steps)
    assert levels[:8] == [81, 72, 63, 54, 45, 36, 27, 24.3]  # 10% of the start down to 30% of it
    assert levels[8:11] == [21.87, 19.68, 17.71]  # then 10% of the dose then taken
    assert [s.date for s in steps[:3]] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    last = steps[-1]
    assert last.note == rules.STOP_TALK == "talk with your prescriber about stopping or spacing doses"
    assert last.target_mme == steps[-2].target_mme <= 9  # the last step holds: stopping is the prescriber's
    assert (last.date - steps[-2].date).days >= 28
    assert 0 not in levels


def test_weekly_10_is_the_same_rule_each_week() -> None:
    steps = rules.draft_schedule(45, rules.WEEKLY_10, date(2026, 3, 2))
    assert _levels(steps)[:8] == [40.5, 36, 31.5, 27, 22.5, 18, 13.5, 12.15]
    cuts = [s for s in steps if not s.note]
    assert all((b.date - a.date).days == 7 for a, b in itertools.pairwise(cuts))
    assert (steps[-1].date - cuts[-1].date).days == 28 and steps[-1].note == rules.STOP_TALK


def test_a_floor_ends_the_draft_at_the_floor() -> None:
    steps = rules.draft_schedule(100, rules.CDC_MONTHLY, START, floor=22)
    assert steps[-1].target_mme == 22 and steps[-1].note == ""
    assert min(_levels(steps)) == 22
    assert _levels(steps)[-2] == 24.3


def test_the_lowest_practical_dose_can_be_set() -> None:
    steps = rules.draft_schedule(90, rules.CDC_MONTHLY, START, lowest=10)
    assert steps[-1].note == rules.STOP_TALK and 10 <= steps[-1].target_mme < 10 / 0.9
    tiny = rules.draft_schedule(4, rules.CDC_MONTHLY, START)  # already below 5 MME: only the talk
    assert [(s.date, s.target_mme, s.note) for s in tiny] == [(START, 4, rules.STOP_TALK)]


@pytest.mark.parametrize(
    ("start", "pace", "floor", "message"),
    [
        (0, rules.CDC_MONTHLY, 0, "^Type the daily dose now as a number above 0 and up to 5000 MME a day.$"),
        (-10, rules.WEEKLY_10, 0, "above 0 and up to 5000"),
        (90, "daily-50", 0, "unknown pace"),
        (90, rules.CDC_MONTHLY, 90, "^The lowest dose to stop at .* must be below the starting dose"),
        (90, rules.CDC_MONTHLY, -1, "0 or more"),
        (
            50_000,
            rules.CDC_MONTHLY,
            0,
            "^Type the daily dose now as a number above 0 and up to 5000 MME a day.$",
        ),
    ],
)
def test_bad_draft_input_is_refused(start: float, pace: str, floor: float, message: str) -> None:
    with pytest.raises(CoachError, match=message):
        rules.draft_schedule(start, pace, START, floor)
    with pytest.raises(CoachError, match=r"^The lowest practical dose must be above 0 MME a day\.$"):
        rules.draft_schedule(90, rules.CDC_MONTHLY, START, lowest=0)


@given(
    start=st.floats(min_value=1, max_value=2000, allow_nan=False),
    pace=st.sampled_from(rules.PACES),
    floor_share=st.sampled_from([0.0, 0.1, 0.33, 0.5]),
    lowest=st.sampled_from([rules.DEFAULT_LOWEST, 1.0, 20.0]),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
@example(start=90, pace=rules.CDC_MONTHLY, floor_share=0.0, lowest=5.0, first=date(2026, 1, 31))
@example(start=1.125, pace=rules.CDC_MONTHLY, floor_share=0.0, lowest=5.0, first=date(2020, 1, 1))
def test_drafts_never_rise_never_cut_over_a_quarter_of_the_dose_then_and_end_low(
    start: float, pace: str, floor_share: float, lowest: float, first: date
) -> None:
    floor = round(start * floor_share, 2)
    steps = rules.draft_schedule(start, pace, first, floor, lowest)
    levels = [start, *_levels(steps)]
    assert all(b <= a for a, b in itertools.pairwise(levels)), "a draft never proposes an increase"
    assert steps[0].date == first
    for before, step in zip(levels, steps, strict=False):
        drop = before - step.target_mme
        assert drop <= 0.25 * before + 0.01, "no cut above a quarter of the dose then taken"
        assert drop <= 0.10 * start + 0.01
        if before <= 0.30 * start + 0.01:
            assert drop <= 0.10 * before + 0.01, "10% of the dose then taken once at 30% of the start"
    last = steps[-1]
    if last.note:
        assert last.note == rules.STOP_TALK
        assert last.target_mme < lowest + 0.10 * start + 0.02 and (
            len(steps) == 1 or last.target_mme >= lowest
        )
        assert len(steps) == 1 or (last.date - steps[-2].date).days >= 28
    else:
        assert last.target_mme == pytest.approx(floor, abs=0.01)
    cuts = [s for s in steps if not s.note]
    gaps = {(b.date - a.date).days for a, b in itertools.pairwise(cuts)}
    assert gaps <= ({7} if pace == rules.WEEKLY_10 else {28, 29, 30, 31})
    if pace == rules.CDC_MONTHLY:
        plan_steps = [rules.PlanStep(s.date, s.target_mme) for s in steps]
        assert rules.pace_warnings(start, plan_steps, pace) == []


# --- pace checks -----------------------------------------------------------------------------------
def _steps(*pairs: tuple[str, float]) -> list[rules.PlanStep]:
    return [rules.PlanStep(date.fromisoformat(d), level) for d, level in pairs]


def test_a_cut_over_a_quarter_of_the_dose_then_taken_is_warned() -> None:
    # Issue 12: 13.5 -> 9 is a third of the dose then taken, even a month later.
    warnings = rules.pace_warnings(90, _steps(("2026-01-01", 13.5), ("2026-02-01", 9)))
    assert [(w.kind, w.date) for w in warnings] == [("fast", date(2026, 1, 1)), ("fast", date(2026, 2, 1))]
    assert warnings[1].reduction_percent == pytest.approx(33.3)
    assert "quarter" in warnings[1].message
    assert "talk it over with your prescriber" in warnings[1].message.lower()
    assert "increase" not in warnings[1].message.lower()


def test_twenty_percent_after_sixty_days_is_not_fast() -> None:
    # The old check called this fast; 20% of the dose over about 8.5 weeks is about 2.3% a week.
    assert rules.pace_warnings(100, _steps(("2026-01-01", 100), ("2026-03-02", 80))) == []


def test_more_than_10_percent_of_the_dose_a_week_on_average_is_warned() -> None:
    fast = rules.pace_warnings(100, _steps(("2026-01-01", 90), ("2026-01-08", 78)))
    assert [w.kind for w in fast] == ["fast"]  # 12 of 90 in a week: 13% a week
    assert "10% of it a week" in fast[0].message and fast[0].held_days == 7
    fine = rules.pace_warnings(100, _steps(("2026-01-01", 90), ("2026-01-15", 75), ("2026-02-15", 60)))
    assert fine == []  # 16.7% in two weeks is 8.3% a week; 20% in a month is under 5% a week


def test_the_rule_is_the_same_whatever_preset_the_plan_names() -> None:
    weekly = _steps(("2026-01-01", 90), ("2026-01-08", 81), ("2026-01-15", 72.9))
    assert rules.pace_warnings(100, weekly, rules.WEEKLY_10) == []
    assert rules.pace_warnings(100, weekly, None) == []


def test_a_step_up_set_by_the_prescriber_is_noted_neutrally_not_as_fast() -> None:
    warnings = rules.pace_warnings(100, _steps(("2026-01-01", 90), ("2026-02-01", 95)))
    assert [w.kind for w in warnings] == ["up"]
    assert "prescriber" in warnings[0].message


def test_an_abrupt_stop_is_warned() -> None:
    warnings = rules.pace_warnings(60, _steps(("2026-01-01", 0)))
    assert [w.kind for w in warnings] == ["fast"]


# --- pauses and dates --------------------------------------------------------------------------------
def test_a_step_inside_a_closed_pause_starts_the_day_after_it() -> None:
    pause = rules.Pause(date(2026, 2, 1), date(2026, 2, 14), "hard week")
    assert rules.effective_date(date(2026, 2, 10), [pause]) == date(2026, 2, 15)
    assert rules.effective_date(date(2026, 1, 10), [pause]) == date(2026, 1, 10)
    assert pause.length_days(date(2026, 6, 1)) == 14


def test_an_open_pause_holds_later_steps_and_moves_the_finish() -> None:
    steps = _steps(("2026-01-01", 50), ("2026-02-01", 0))
    pause = rules.Pause(date(2026, 1, 20))
    assert rules.effective_date(date(2026, 2, 1), [pause]) is None
    assert rules.level_on(60, steps, [pause], date(2026, 3, 1)) == 50
    first = rules.projected_finish(steps, [pause], date(2026, 1, 25))
    later = rules.projected_finish(steps, [pause], date(2026, 1, 30))
    assert first is not None and later is not None
    assert (later - first).days == 5
    assert rules.projected_finish(steps, [], date(2026, 1, 25)) == date(2026, 2, 1)


def test_no_finish_is_projected_until_a_step_reaches_zero() -> None:
    assert rules.projected_finish(_steps(("2026-01-01", 50)), [], date(2026, 1, 2)) is None


def test_the_first_week_of_a_step() -> None:
    steps = _steps(("2026-01-01", 50), ("2026-02-01", 40))
    assert rules.in_first_week(steps, [], date(2026, 2, 1)) == 1
    assert rules.in_first_week(steps, [], date(2026, 2, 7)) == 7
    assert rules.in_first_week(steps, [], date(2026, 2, 8)) is None
    assert rules.in_first_week(steps, [], date(2025, 12, 31)) is None


# --- milestones ----------------------------------------------------------------------------------------
def test_milestones_steps_reductions_and_steady_weeks() -> None:
    steps = _steps(("2026-01-01", 75), ("2026-01-05", 50), ("2026-02-01", 25), ("2026-03-01", 0))
    found = rules.milestones(100, steps, [], date(2026, 3, 10))
    kinds = {m.kind: m.reached_on for m in found}
    assert kinds["step-1"] == date(2026, 1, 1)
    assert kinds["reduction-25"] == date(2026, 1, 1)
    assert kinds["reduction-50"] == date(2026, 1, 5)
    assert kinds["reduction-75"] == date(2026, 2, 1)
    assert kinds["reduction-100"] == date(2026, 3, 1)
    assert "steady-week-1" not in kinds  # the next step came after four days
    assert kinds["steady-week-2"] == date(2026, 1, 12)
    assert kinds["steady-week-4"] == date(2026, 3, 8)


def test_milestones_wait_for_the_day_and_for_a_pause() -> None:
    steps = _steps(("2026-01-01", 90), ("2026-02-01", 80))
    assert [m.kind for m in rules.milestones(100, steps, [], date(2025, 12, 31))] == []
    paused = rules.milestones(100, steps, [rules.Pause(date(2026, 1, 20))], date(2026, 3, 1))
    assert "step-2" not in {m.kind for m in paused}
    assert "steady-week-1" in {m.kind for m in paused}  # a pause holds the level: the week still counts


# --- through the service, on a real database ---------------------------------------------------------
def test_a_closed_pause_moves_the_later_steps_by_its_length(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan = service.create_plan("Plan", 90, "2026-10-01", rules.CDC_MONTHLY)
    service.add_step(plan.id, "2026-10-01", 81)
    service.add_step(plan.id, "2026-11-01", 72)
    service.add_step(plan.id, "2026-12-01", 63)
    service.add_pause(plan.id, "2026-11-15", "2026-11-28", "a hard fortnight")
    assert [s.date.isoformat() for s in service.steps(plan.id)] == ["2026-10-01", "2026-11-01", "2026-12-15"]
    with pytest.raises(CoachError, match="overlaps"):
        service.add_pause(plan.id, "2026-11-20", None)


def test_an_open_pause_holds_then_ending_it_moves_the_steps(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan = service.create_plan("Plan", 90, "2026-10-01")
    service.add_step(plan.id, "2026-10-01", 81)
    service.add_step(plan.id, "2026-11-18", 72)  # today in the fixture is 2026-11-21
    pause = service.add_pause(plan.id, "2026-11-10", None, "withdrawal is hard")
    o = overview(ctx, plan.id)
    assert o.open_pause is not None and o.level_today == 81
    assert o.next_step is not None and o.next_step.target_mme == 72
    assert any(e.state == "held" for e in timeline(ctx, plan.id))
    assert pause.id is not None
    service.end_pause(pause.id, "2026-11-20")
    moved = service.steps(plan.id)[1]
    assert moved.date == date(2026, 11, 18) + timedelta(days=11)


def test_milestones_are_stored_and_follow_corrections(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan = service.create_plan("Plan", 100, "2026-09-01")
    step = service.add_step(plan.id, "2026-09-01", 70)
    found = sync_milestones(ctx, plan.id)
    assert {"step-1", "reduction-25", "steady-week-1"} <= {m.kind for m in found}
    stored = {r[0] for r in ctx.store.db.execute("select kind from milestones where plan_id = ?", [plan.id])}
    assert "reduction-25" in stored
    service.update_step(step.id, "2026-09-01", 80)
    stored = {r[0] for r in ctx.store.db.execute("select kind from milestones where plan_id = ?", [plan.id])}
    assert "reduction-25" not in stored


def test_a_draft_stays_a_draft_until_the_prescriber_agreed(ctx: AppContext) -> None:
    service = TaperService(ctx)
    draft = service.save_draft(60, rules.CDC_MONTHLY, "2026-12-01")
    assert draft.is_draft and service.active_plan() is None
    steps = service.steps(draft.id)
    assert all(s.is_draft and s.note == rules.DRAFT_LABEL for s in steps[:-1])
    assert steps[-1].note == f"{rules.STOP_TALK} ({rules.DRAFT_LABEL})"
    assert overview(ctx, draft.id).milestones == []
    adopted = service.adopt_draft(draft.id)
    assert adopted.status == "active" and not any(s.is_draft for s in service.steps(adopted.id))


def test_a_step_from_daily_doses_uses_each_drug_factor(ctx: AppContext) -> None:
    from coach.services.taper.medicines import MedicationService

    meds = MedicationService(ctx)
    oxy = meds.add("OxyContin", "oxycodone", 20, None, 2)
    patch = meds.add("Patch", "fentanyl", 12)
    bup = meds.add("Suboxone", "buprenorphine", 8, None, 1)
    service = TaperService(ctx)
    plan = service.create_plan("Plan", meds.scheduled_mme(), "2026-11-01")
    assert plan.start_mme == pytest.approx(88.8)
    step = service.add_step(plan.id, "2026-12-01", doses={oxy.id: 30, patch.id: 12, bup.id: 8})
    assert step.target_mme == pytest.approx(73.8)  # 30 x 1.5 + 12 x 2.4; buprenorphine adds none
    assert step.doses == {oxy.id: 30, patch.id: 12, bup.id: 8}
    stored = ctx.store.db.execute("select doses from taper_steps where id = ?", [step.id]).fetchone()[0]
    assert json.loads(stored) == {str(oxy.id): 30, str(patch.id): 12, str(bup.id): 8}
    meds_by_id = {m.id: m for m in meds.all()}
    assert step.doses_text(meds_by_id) == "OxyContin 30 mg a day; Patch 12 mcg/h; Suboxone 8 mg a day"
    with pytest.raises(CoachError, match="already a step"):
        service.add_step(plan.id, "2026-12-01", 60)


def test_only_one_plan_is_active_unless_replacing(ctx: AppContext) -> None:
    service = TaperService(ctx)
    first = service.create_plan("First", 90, "2026-01-01")
    with pytest.raises(CoachError, match="still active"):
        service.create_plan("Second", 80, "2026-06-01")
    second = service.create_plan("Second", 80, "2026-06-01", replace_active=True)
    assert service.active_plan() == second
    assert service.plan(first.id).status == "archived"
