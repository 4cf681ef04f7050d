"""Steps are recorded as the prescriber set them: a step above the one before needs the person to confirm
the prescriber set it higher (issue 12: a plan at 45 MME took 135 MME in one click)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.overview import overview
from coach.services.taper.plans import TaperService


def _plan_at_45(ctx: AppContext) -> int:
    service = TaperService(ctx)
    plan = service.create_plan("From Dr Lee", 90, "2026-09-01")
    service.add_step(plan.id, "2026-10-01", 45)
    return plan.id


def test_a_higher_step_is_refused_without_the_prescriber_confirmation(ctx: AppContext) -> None:
    oxy = MedicationService(ctx).add("OxyContin", "oxycodone", 45, None, 2)  # 90 mg = 135 MME a day
    service = TaperService(ctx)
    plan_id = _plan_at_45(ctx)
    with pytest.raises(CoachError, match=r"higher than the one before it \(45 MME a day\)"):
        service.add_step(plan_id, "2026-11-01", doses={oxy.id: 90})
    assert [s.target_mme for s in service.steps(plan_id)] == [45]
    step = service.add_step(plan_id, "2026-11-01", doses={oxy.id: 90}, prescriber_set_higher=True)
    assert step.target_mme == 135
    assert [w.kind for w in overview(ctx, plan_id).warnings] == ["fast", "up"]


def test_the_same_or_a_lower_step_needs_no_confirmation(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan_id = _plan_at_45(ctx)
    assert service.add_step(plan_id, "2026-11-01", 45).target_mme == 45
    assert service.add_step(plan_id, "2026-12-01", 40.5).target_mme == 40.5


def test_editing_a_step_higher_needs_the_confirmation_too(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan_id = _plan_at_45(ctx)
    step = service.add_step(plan_id, "2026-11-01", 40)
    with pytest.raises(CoachError, match="higher than the one before"):
        service.update_step(step.id, "2026-11-01", 60)
    assert service.update_step(step.id, "2026-11-01", 60, prescriber_set_higher=True).target_mme == 60
    # Its note can be corrected later without confirming again: the level is unchanged.
    assert service.update_step(step.id, "2026-11-01", 60, "as Dr Lee said").note == "as Dr Lee said"


def test_the_level_before_a_day_is_the_latest_earlier_step(ctx: AppContext) -> None:
    service = TaperService(ctx)
    plan_id = _plan_at_45(ctx)
    assert service.level_before(plan_id, date(2026, 9, 15)) == 90
    assert service.level_before(plan_id, date(2026, 10, 1)) == 90  # a step on that day is not "before"
    assert service.level_before(plan_id, date(2026, 12, 1)) == 45


def test_a_saved_draft_from_90_never_cuts_a_quarter_and_ends_with_the_talk(ctx: AppContext) -> None:
    service = TaperService(ctx)
    draft = service.save_draft(90, rules.CDC_MONTHLY, "2026-12-01", lowest=9)
    steps = service.steps(draft.id)
    levels = [90.0, *(s.target_mme for s in steps)]
    assert all(a - b <= 0.25 * a + 0.01 for a, b in itertools.pairwise(levels))
    assert steps[-1].target_mme <= 9 / 0.9 + 0.01 and rules.STOP_TALK in steps[-1].note
    assert overview(ctx, draft.id).warnings == []


def test_an_adopted_draft_keeps_the_talk_about_stopping(ctx: AppContext) -> None:
    from coach.services.taper.overview import timeline

    service = TaperService(ctx)
    draft = service.save_draft(20, rules.CDC_MONTHLY, "2026-12-01")
    last = [e for e in timeline(ctx, draft.id) if e.kind == "step"][-1]
    assert last.detail == f"{rules.STOP_TALK} · {rules.DRAFT_LABEL}"
    adopted = service.adopt_draft(draft.id)
    steps = service.steps(adopted.id)
    assert steps[-1].note == rules.STOP_TALK and all(s.note == "" for s in steps[:-1])
    last = [e for e in timeline(ctx, adopted.id) if e.kind == "step"][-1]
    assert last.detail == rules.STOP_TALK
