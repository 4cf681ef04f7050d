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
def test_cdc_monthly_from_90_slows_to_5_percent_a_month_at_30_percent() -> None:
    steps = rules.draft_schedule(90, rules.CDC_MONTHLY, START)
    assert _levels(steps) == [81, 72, 63, 54, 45, 36, 27, 22.5, 18, 13.5, 9, 4.5, 0]
    drops = [a - b for a, b in zip([90.0, *_levels(steps)], _levels(steps), strict=False)]
    assert drops[:7] == pytest.approx([9] * 7)  # 10% of the START each month while above 30%
    assert drops[7:] == pytest.approx([4.5] * 6)  # 5% of the start once at or below 30%
    assert [s.date for s in steps[:3]] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert steps[-1].date == date(2027, 1, 31)


def test_weekly_10_cuts_10_percent_of_the_start_each_week() -> None:
    steps = rules.draft_schedule(45, rules.WEEKLY_10, date(2026, 3, 2))
    assert _levels(steps) == [40.5, 36, 31.5, 27, 22.5, 18, 13.5, 9, 4.5, 0]
    assert all((b.date - a.date).days == 7 for a, b in itertools.pairwise(steps))


def test_a_floor_ends_the_draft_at_the_floor() -> None:
    steps = rules.draft_schedule(100, rules.CDC_MONTHLY, START, floor=22)
    assert steps[-1].target_mme == 22
    assert min(_levels(steps)) == 22
    assert _levels(steps)[-2] == 25


@pytest.mark.parametrize(
    ("start", "pace", "floor", "message"),
    [
        (0, rules.CDC_MONTHLY, 0, "above 0"),
        (-10, rules.WEEKLY_10, 0, "above 0"),
        (90, "daily-50", 0, "unknown pace"),
        (90, rules.CDC_MONTHLY, 90, "below the starting dose"),
        (90, rules.CDC_MONTHLY, -1, "0 or more"),
        (50_000, rules.CDC_MONTHLY, 0, "beyond"),
    ],
)
def test_bad_draft_input_is_refused(start: float, pace: str, floor: float, message: str) -> None:
    with pytest.raises(CoachError, match=message):
        rules.draft_schedule(start, pace, START, floor)


@given(
    start=st.floats(min_value=1, max_value=2000, allow_nan=False),
    pace=st.sampled_from(rules.PACES),
    floor_share=st.sampled_from([0.0, 0.1, 0.33, 0.5]),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
# A tiny start, where rounding levels to 0.01 MME once read as a step faster than the pace.
@example(start=1.125, pace=rules.CDC_MONTHLY, floor_share=0.0, first=date(2020, 1, 1))
def test_drafts_never_rise_never_outpace_the_preset_and_end_at_the_floor(
    start: float, pace: str, floor_share: float, first: date
) -> None:
    floor = round(start * floor_share, 2)
    steps = rules.draft_schedule(start, pace, first, floor)
    levels = [start, *_levels(steps)]
    assert all(b <= a for a, b in itertools.pairwise(levels)), "a draft never proposes an increase"
    assert steps[-1].target_mme == pytest.approx(floor, abs=0.01)
    assert steps[0].date == first
    for before, step in zip(levels, steps, strict=False):
        drop = before - step.target_mme
        assert drop <= 0.10 * start + 0.01
        if pace == rules.CDC_MONTHLY and before <= 0.30 * start + 0.01:
            assert drop <= 0.05 * start + 0.01, "slower once at or below 30% of the start"
    gaps = {(b.date - a.date).days for a, b in itertools.pairwise(steps)}
    assert gaps <= ({7} if pace == rules.WEEKLY_10 else {28, 29, 30, 31})
    plan_steps = [rules.PlanStep(s.date, s.target_mme) for s in steps]
    assert rules.pace_warnings(start, plan_steps, pace) == []


# --- pace checks -----------------------------------------------------------------------------------
def _steps(*pairs: tuple[str, float]) -> list[rules.PlanStep]:
    return [rules.PlanStep(date.fromisoformat(d), level) for d, level in pairs]


def test_a_step_bigger_than_10_percent_of_the_start_is_warned() -> None:
    warnings = rules.pace_warnings(100, _steps(("2026-01-01", 90), ("2026-02-01", 75)))
    assert [(w.kind, w.date) for w in warnings] == [("fast", date(2026, 2, 1))]
    assert warnings[0].reduction_percent == 15
    assert "talk it over with your prescriber" in warnings[0].message.lower()
    assert "increase" not in warnings[0].message.lower()


def test_small_steps_too_close_together_are_warned_but_the_monthly_average_is_fine() -> None:
    fast = rules.pace_warnings(100, _steps(("2026-01-01", 94), ("2026-01-15", 88)))
    assert [w.kind for w in fast] == ["fast"]  # 6% in two weeks is 12% a month
    fine = rules.pace_warnings(100, _steps(("2026-01-01", 95), ("2026-01-15", 90), ("2026-01-29", 85)))
    assert fine == []


def test_weekly_pace_is_judged_against_its_own_preset_or_the_cdc_default() -> None:
    weekly = _steps(("2026-01-01", 90), ("2026-01-08", 80), ("2026-01-15", 70))
    assert rules.pace_warnings(100, weekly, rules.WEEKLY_10) == []
    assert len(rules.pace_warnings(100, weekly, None)) == 2


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
    assert all(s.is_draft and s.note == rules.DRAFT_LABEL for s in steps)
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
