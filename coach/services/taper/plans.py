"""The taper record: plans, steps as the prescriber set them (or saved drafts), pauses, milestones, timeline.

The service stores and describes; it never decides a dose. A draft plan stays marked as a draft until the
person says it was agreed with their prescriber.
"""

from __future__ import annotations

import math
from datetime import date

from coach.domain import mme
from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.timefmt import local_date, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plan_names import PACE_PLAIN, check_stop_at
from coach.services.taper.records import Plan, Step, check_mme, parse_day
from coach.storage.taper_repo import TaperRepo


class TaperService:
    """Plans, steps, pauses and milestones: checks what the person enters, stores it through TaperRepo,
    keeps milestones in step with the record and publishes Topic.TAPER after each write. Errors are
    CoachError with a sentence to show."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = TaperRepo(ctx.store)

    def today(self) -> date:
        return local_date(self.ctx.clock.now(), self.ctx.clock.local_zone())

    # --- plans ------------------------------------------------------------------------------------
    def plan(self, plan_id: int) -> Plan:
        found = self.repo.plan(plan_id)
        if found is None:
            raise CoachError(f"no taper plan with id {plan_id}")
        return found

    def plans(self) -> list[Plan]:
        return self.repo.plans()

    def active_plan(self) -> Plan | None:
        return self.repo.active_plan()

    def create_plan(
        self,
        name: str,
        start_mme: float,
        start_date: date | str,
        pace: str | None = None,
        note: str = "",
        replace_active: bool = False,
    ) -> Plan:
        """A plan as the prescriber set it. Only one plan is active; the one before is archived when asked."""
        if pace is not None and pace not in rules.PACES:
            raise CoachError(f"unknown pace {pace!r}: use {' or '.join(rules.PACES)}")
        start = check_mme(start_mme, "the starting dose")
        if start <= 0:
            raise CoachError("the starting dose must be above 0 MME a day")
        current = self._replaceable_active_plan(replace_active)
        with self.ctx.store.transaction():
            self._archive(current)
            plan_id = self._insert_plan(
                name or "My taper plan", "active", "prescriber", pace, start, start_date, note
            )
        self.ctx.bus.publish(Topic.TAPER)
        return self.plan(plan_id)

    def _insert_plan(
        self,
        name: str,
        status: str,
        origin: str,
        pace: str | None,
        start: float,
        start_date: date | str,
        note: str,
    ) -> int:
        return self.repo.add_plan(
            name=name.strip() or "My taper plan",
            status=status,
            origin=origin,
            pace=pace,
            start_mme=start,
            start_date=parse_day(start_date, "the start date").isoformat(),
            note=note.strip(),
            created_at=to_db(self.ctx.clock.now()),
        )

    def save_draft(
        self,
        start_mme: float,
        pace: str,
        start: date | str,
        floor: float = 0.0,
        name: str = "",
        lowest: float = rules.DEFAULT_LOWEST,
    ) -> Plan:
        """Store a preset draft to bring to the prescriber (coach.domain.taper.draft_schedule: MME a day,
        `lowest` the lowest practical dose). It is never the active plan by itself. CoachError for input
        the draft rules refuse."""
        first = parse_day(start, "the first step date")
        check_stop_at(float(start_mme), float(floor))
        steps = rules.draft_schedule(start_mme, pace, first, floor, lowest)
        title = name.strip() or f"A draft at {PACE_PLAIN.get(pace, pace + ' pace')}"
        with self.ctx.store.transaction():
            plan_id = self._insert_plan(
                title, "draft", "draft", pace, float(start_mme), first, rules.DRAFT_LABEL
            )
            for s in steps:
                self.repo.add_step(
                    plan_id,
                    day=s.date.isoformat(),
                    target_mme=s.target_mme,
                    doses={},
                    is_draft=True,
                    note=f"{s.note} ({rules.DRAFT_LABEL})" if s.note else rules.DRAFT_LABEL,
                )
        self.ctx.bus.publish(Topic.TAPER)
        return self.plan(plan_id)

    def adopt_draft(self, plan_id: int, replace_active: bool = False) -> Plan:
        """The person confirms their prescriber agreed to this plan (after any edits): it becomes active."""
        plan = self.plan(plan_id)
        if not plan.is_draft:
            raise CoachError("only a draft plan can be marked as agreed with your prescriber")
        current = self._replaceable_active_plan(replace_active)
        talks = [s for s in self.steps(plan_id) if s.is_draft and rules.STOP_TALK in s.note]
        with self.ctx.store.transaction():
            self._archive(current)
            self.repo.activate(
                plan_id, name="Taper plan agreed with my prescriber", note="agreed with my prescriber"
            )
            self.repo.confirm_draft_steps(plan_id)
            # The draft label goes; the last step's talk about stopping stays with the agreed plan.
            for step in talks:
                self.repo.update_step(
                    step.id, day=step.date.isoformat(), target_mme=step.target_mme, note=rules.STOP_TALK
                )
        self._changed(plan_id)
        return self.plan(plan_id)

    def _replaceable_active_plan(self, replace_active: bool) -> Plan | None:
        """The active plan, which a new one may replace only when asked (it is archived, never deleted)."""
        current = self.active_plan()
        if current is not None and not replace_active:
            raise CoachError(f"the plan {current.name!r} is still active; finish or archive it first")
        return current

    def _archive(self, plan: Plan | None) -> None:
        if plan is not None:
            self.repo.set_status(plan.id, "archived")

    def set_status(self, plan_id: int, status: str) -> Plan:
        if status not in ("finished", "archived"):
            raise CoachError("a plan can be marked 'finished' or 'archived' here")
        self.plan(plan_id)
        self.repo.set_status(plan_id, status)
        self.ctx.bus.publish(Topic.TAPER)
        return self.plan(plan_id)

    # --- steps ------------------------------------------------------------------------------------
    def steps(self, plan_id: int) -> list[Step]:
        return self.repo.steps(plan_id)

    def step(self, step_id: int) -> Step:
        plan_id = self.repo.step_plan_id(step_id)
        if plan_id is None:
            raise CoachError(f"no taper step with id {step_id}")
        return next(s for s in self.steps(plan_id) if s.id == step_id)

    def mme_from_doses(self, doses: dict[int, float]) -> tuple[float, dict[str, float]]:
        """Target MME and the stored dose record from {medication id: total daily amount}.

        Each opioid's daily amount gets its own factor; nothing is converted between drugs. Medicines
        without a factor (buprenorphine, non-opioids) are kept in the record but add no MME. CoachError
        for an amount below 0; ImplausibleDoseError for a daily amount past what any prescription could be.
        """
        meds = MedicationService(self.ctx)
        total: list[mme.MmeResult] = []
        record: dict[str, float] = {}
        for med_id, daily in doses.items():
            med = meds.get(med_id)
            amount = float(daily)
            if not math.isfinite(amount) or amount < 0:
                raise CoachError(f"the daily amount of {med.name} must be 0 or more")
            record[str(med_id)] = amount
            if amount > 0 and med.is_opioid and med.drug:
                try:
                    total.append(mme.daily_mme(med.drug, amount, 1, med.unit))
                except mme.NoFactorError:
                    continue
        return mme.daily_total(total), record

    def level_before(self, plan_id: int, day: date, leaving_out: int | None = None) -> float:
        """The daily MME agreed just before `day`: the latest step dated before it, else the plan's start
        (`leaving_out`: a step id to ignore, the one being edited)."""
        plan = self.plan(plan_id)
        level = plan.start_mme
        for step in self.steps(plan_id):
            if step.date < day and step.id != leaving_out:
                level = step.target_mme
        return level

    def _check_not_higher(
        self, plan_id: int, day: date, target: float, confirmed: bool, leaving_out: int | None = None
    ) -> None:
        before = self.level_before(plan_id, day, leaving_out)
        # 0.01 MME: the rounding of a stored level is not "higher".
        if target > before + 0.01 and not confirmed:
            raise CoachError(
                f"this step ({target:g} MME a day) is higher than the one before it ({before:g} MME a day). "
                "The app records a higher step only when you confirm your prescriber set it this way"
            )

    def add_step(
        self,
        plan_id: int,
        day: date | str,
        target_mme: float | None = None,
        doses: dict[int, float] | None = None,
        note: str = "",
        prescriber_set_higher: bool = False,
    ) -> Step:
        """A step as the prescriber set it: its date, and the new daily doses or the daily MME total.

        A step above the level before it is refused with CoachError unless `prescriber_set_higher` says the
        prescriber set it that way (the app never suggests a higher dose; it only records one)."""
        plan = self.plan(plan_id)
        when = parse_day(day, "the step date")
        record: dict[str, float] = {}
        if doses:
            computed, record = self.mme_from_doses(doses)
            target = computed if target_mme is None else target_mme
        elif target_mme is None:
            raise CoachError("give the new daily doses or the daily MME for this step")
        else:
            target = target_mme
        value = check_mme(target, "the step")
        if any(s.date == when for s in self.steps(plan_id)):
            raise CoachError(f"there is already a step on {when.isoformat()}: edit that one instead")
        self._check_not_higher(plan_id, when, value, prescriber_set_higher)
        step_id = self.repo.add_step(
            plan_id,
            day=when.isoformat(),
            target_mme=value,
            doses=record,
            is_draft=plan.is_draft,
            note=note.strip(),
        )
        self._changed(plan_id)
        return self.step(step_id)

    def update_step(
        self,
        step_id: int,
        day: date | str,
        target_mme: float,
        note: str = "",
        prescriber_set_higher: bool = False,
    ) -> Step:
        """Correct a step's date, daily MME or note. Raising it above the level before needs
        `prescriber_set_higher`, as when adding one (a step already recorded higher may keep its level)."""
        current = self.step(step_id)
        when = parse_day(day, "the step date")
        if any(s.date == when and s.id != step_id for s in self.steps(current.plan_id)):
            raise CoachError(f"there is already a step on {when.isoformat()}: edit that one instead")
        value = check_mme(target_mme, "the step")
        if value > current.target_mme + 0.01 or when != current.date:
            self._check_not_higher(current.plan_id, when, value, prescriber_set_higher, leaving_out=step_id)
        self.repo.update_step(step_id, day=when.isoformat(), target_mme=value, note=note.strip())
        self._changed(current.plan_id)
        return self.step(step_id)

    def delete_step(self, step_id: int) -> None:
        step = self.step(step_id)
        self.repo.delete_step(step_id)
        self._changed(step.plan_id)

    # --- pauses -----------------------------------------------------------------------------------
    def pauses(self, plan_id: int) -> list[rules.Pause]:
        return self.repo.pauses(plan_id)

    def _shift_steps(self, plan_id: int, from_day: date, days: int) -> None:
        moved = rules.shift_dates([s.as_rule() for s in self.steps(plan_id)], from_day, days)
        for step in moved:
            if step.id is not None:  # steps read from the record always have one
                self.repo.move_step(step.id, step.date.isoformat())

    def add_pause(
        self,
        plan_id: int,
        start: date | str,
        end: date | str | None = None,
        reason: str = "",
        move_steps: bool = True,
    ) -> rules.Pause:
        """Hold the current level. A pause is a normal part of a taper; with an end date (and `move_steps`),
        the later steps move by its length so the plan keeps its spacing."""
        self.plan(plan_id)
        first = parse_day(start, "the pause start")
        last = parse_day(end, "the pause end") if end else None
        if last is not None and last < first:
            raise CoachError("the pause must end on or after the day it starts")
        existing = self.pauses(plan_id)
        if last is None and rules.open_pause(existing) is not None:
            raise CoachError("a pause is already open: end it before starting another")
        for other in existing:
            other_end = other.end_date or date.max
            if first <= other_end and (last or date.max) >= other.start_date:
                raise CoachError("this pause overlaps one already recorded")
        with self.ctx.store.transaction():
            pause_id = self.repo.add_pause(
                plan_id,
                start=first.isoformat(),
                end=last.isoformat() if last else None,
                reason=reason.strip(),
            )
            if last is not None and move_steps:
                self._shift_steps(plan_id, first, (last - first).days + 1)
        self._changed(plan_id)
        return self._pause(pause_id)

    def end_pause(
        self, pause_id: int, last_day: date | str | None = None, move_steps: bool = True
    ) -> rules.Pause:
        """Close an open pause (its last paused day defaults to yesterday); later steps move by its length."""
        pause = self._pause(pause_id)
        if pause.end_date is not None:
            raise CoachError("this pause has already ended")
        last = parse_day(last_day, "the last paused day") if last_day else max(pause.start_date, self.today())
        if last < pause.start_date:
            raise CoachError("the pause must end on or after the day it started")
        plan_id = self._pause_plan(pause_id)
        with self.ctx.store.transaction():
            self.repo.end_pause(pause_id, last.isoformat())
            if move_steps:
                self._shift_steps(plan_id, pause.start_date, (last - pause.start_date).days + 1)
        self._changed(plan_id)
        return self._pause(pause_id)

    def delete_pause(self, pause_id: int) -> None:
        plan_id = self._pause_plan(pause_id)
        self.repo.delete_pause(pause_id)
        self._changed(plan_id)

    def _pause_plan(self, pause_id: int) -> int:
        plan_id = self.repo.pause_plan_id(pause_id)
        if plan_id is None:
            raise CoachError(f"no pause with id {pause_id}")
        return plan_id

    def _pause(self, pause_id: int) -> rules.Pause:
        plan_id = self._pause_plan(pause_id)
        return next(p for p in self.pauses(plan_id) if p.id == pause_id)

    # --- milestones ----------------------------------------------------------------------------------
    def sync_milestones(self, plan_id: int) -> list[rules.Milestone]:
        """Recompute milestones from the record and store them (Progress and the report read the table).
        Computed from the steps, so a corrected step corrects its milestones; a draft has none."""
        plan = self.plan(plan_id)
        found = (
            []
            if plan.is_draft
            else rules.milestones(
                plan.start_mme, [s.as_rule() for s in self.steps(plan_id)], self.pauses(plan_id), self.today()
            )
        )
        # Rewrite only on a difference: most reads find the stored milestones already right.
        if self.repo.milestone_keys(plan_id) != {(m.kind, m.reached_on.isoformat()) for m in found}:
            self.repo.replace_milestones(plan_id, found)
        return found

    def sync_active_milestones(self) -> None:
        """Store the milestones that time alone reaches (a month at a step...), so Progress and the report
        show them even when the Taper page has not been opened lately."""
        plan = self.active_plan()
        if plan is not None:
            self.sync_milestones(plan.id)

    def _changed(self, plan_id: int) -> None:
        self.sync_milestones(plan_id)
        self.ctx.bus.publish(Topic.TAPER)
