"""What a taper plan means today: level, pace warnings, milestones (kept in sync), finish and timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.domain import taper as rules
from coach.domain.wording import day_text
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.services.taper.records import Plan, Step
from coach.services.taper.step_units import level_text, step_text


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # start, step, pause, milestone, today, finish
    title: str
    detail: str
    state: str  # done, now, upcoming, held, draft (a draft's step whose date has passed: never taken)
    is_draft: bool = False


@dataclass(frozen=True)
class PlanOverview:
    plan: Plan
    steps: list[Step]
    pauses: list[rules.Pause]
    warnings: list[rules.PaceWarning]
    milestones: list[rules.Milestone]
    today: date
    level_today: float
    step_began: date | None
    first_week_day: int | None
    finish: date | None
    open_pause: rules.Pause | None
    next_step: Step | None


def current_step_id(ctx: AppContext) -> int | None:
    """The active plan's step in effect today (withdrawal check-ins are linked to it)."""
    service = TaperService(ctx)
    plan = service.active_plan()
    if plan is None:
        return None
    pauses = service.pauses(plan.id)
    current: int | None = None
    for step in service.steps(plan.id):
        when = rules.effective_date(step.date, pauses)
        if when is not None and when <= service.today():
            current = step.id
    return current


def withdrawal_week_day(ctx: AppContext) -> int | None:
    """Day 1-7 in the first week of the active plan's current step (daily withdrawal check-ins)."""
    service = TaperService(ctx)
    plan = service.active_plan()
    if plan is None:
        return None
    steps = [s.as_rule() for s in service.steps(plan.id)]
    return rules.in_first_week(steps, service.pauses(plan.id), service.today())


def sync_milestones(ctx: AppContext, plan_id: int) -> list[rules.Milestone]:
    return TaperService(ctx).sync_milestones(plan_id)


def overview(ctx: AppContext, plan_id: int) -> PlanOverview:
    service = TaperService(ctx)
    plan = service.plan(plan_id)
    steps = service.steps(plan_id)
    pauses = service.pauses(plan_id)
    today = service.today()
    rule_steps = [s.as_rule() for s in steps]
    upcoming = [s for s in steps if (rules.effective_date(s.date, pauses) or date.max) > today]
    return PlanOverview(
        plan=plan,
        steps=steps,
        pauses=pauses,
        warnings=rules.pace_warnings(plan.start_mme, rule_steps, plan.pace),
        # A draft has not happened: nothing in it can be "reached".
        milestones=[] if plan.is_draft else service.sync_milestones(plan_id),
        today=today,
        level_today=rules.level_on(plan.start_mme, rule_steps, pauses, today),
        step_began=rules.current_step_start(rule_steps, pauses, today),
        first_week_day=rules.in_first_week(rule_steps, pauses, today),
        finish=rules.projected_finish(rule_steps, pauses, today),
        open_pause=rules.open_pause(pauses),
        next_step=upcoming[0] if upcoming else None,
    )


_ORDER = {"start": 0, "pause": 1, "step": 2, "milestone": 3, "today": 4, "finish": 5}


def _joined(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def timeline(ctx: AppContext, plan_id: int) -> list[TimelineEntry]:
    """Everything on one date line: start, steps (done, upcoming or held by a pause), pauses, milestones,
    today and the projected finish."""
    o = overview(ctx, plan_id)
    meds = {m.id: m for m in MedicationService(ctx).all()}
    opioids = [m for m in meds.values() if m.is_opioid and m.active]
    # Nothing in the future, and nothing of a draft (it was never taken), is ever marked done.
    started = "done" if o.plan.start_date <= o.today and not o.plan.is_draft else "upcoming"
    entries = [
        TimelineEntry(
            o.plan.start_date,
            "start",
            f"Start: {level_text(o.plan.start_mme, opioids)}",
            o.plan.name,
            started,
        )
    ]
    fast = {w.date for w in o.warnings if w.kind == "fast"}
    for number, step in enumerate(o.steps, start=1):
        when = rules.effective_date(step.date, o.pauses)
        state = "held" if when is None else ("done" if when <= o.today else "upcoming")
        if o.plan.is_draft and state == "done":
            state = "draft"
        # A draft's own note is the draft label (added below), except the last step's talk about stopping.
        note = step.note.replace(f" ({rules.DRAFT_LABEL})", "") if step.note != rules.DRAFT_LABEL else ""
        detail = _joined(
            note,
            "faster than the guideline pace: talk with your prescriber" if step.date in fast else "",
            rules.DRAFT_LABEL if step.is_draft else "",
        )
        verb = "" if state in ("done", "draft") else "will drop to "
        title = f"Step {number}: {verb}{step_text(step, meds)}"
        entries.append(TimelineEntry(when or step.date, "step", title, detail, state, step.is_draft))
    for pause in o.pauses:
        until = f"until {day_text(pause.end_date)}" if pause.end_date else "open: it ends when you are ready"
        state = "now" if pause.covers(o.today) else ("done" if pause.start_date < o.today else "upcoming")
        entries.append(TimelineEntry(pause.start_date, "pause", f"Pause ({until})", pause.reason, state))
    entries.extend(TimelineEntry(m.reached_on, "milestone", m.label, "", "done") for m in o.milestones)
    entries.append(TimelineEntry(o.today, "today", f"Today: {level_text(o.level_today, opioids)}", "", "now"))
    if o.finish is not None:
        moving = " (moves later while the pause lasts)" if o.open_pause else ""
        entries.append(
            TimelineEntry(o.finish, "finish", f"Projected finish{moving}", "", "upcoming", o.plan.is_draft)
        )
    return sorted(entries, key=lambda e: (e.day, _ORDER[e.kind]))
