"""The Plan tab of the Taper page: steps as the prescriber set them, drafts, pauses, pace warnings,
milestones and the projected finish."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.overview import PlanOverview, overview
from coach.services.taper.plans import TaperService
from coach.services.taper.records import Plan, Step
from coach.services.taper.step_units import doses_text, starting_doses, step_text
from coach.ui.changes import follow_changes
from coach.ui.taper.draft_dialog import DraftDialog
from coach.ui.taper.pause_dialog import PauseDialog, PauseValues
from coach.ui.taper.plan_dialog import PlanDialog, PlanValues
from coach.ui.taper.plan_words import pace_text, plan_title, summary_text
from coach.ui.taper.step_dialog import StepDialog, StepValues
from coach.ui.taper.steps_table import StepsTable
from coach.ui.widgets.common import FlowLayout, button, card, named, text_label
from coach.ui.widgets.confirm import confirm
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import clear_error_on_change, combo, error_label, show_error
from coach.ui.widgets.wrap_button import WrapButton


class PlanTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = TaperService(ctx)
        self.meds = MedicationService(ctx)
        self.dialog: FormDialog | None = None
        self._overview: PlanOverview | None = None
        layout = QVBoxLayout(self)
        top = FlowLayout()  # wraps on a narrow window instead of squeezing the buttons
        self.chooser = combo("planChooser", "Which plan to show", ())
        # A line of its own, as wide as the tab: a plan's name and date show in full where they fit (a
        # 14-character box cut "Oxycodone taper ag"); the open list and the tooltip always show all of it.
        self.chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chooser.currentIndexChanged.connect(self._show_chosen)
        layout.addWidget(self.chooser)
        self.new_plan_button = button("Enter the plan from my prescriber…", "startPlan")
        self.draft_button = button("Make a draft to discuss…", "makeDraft")
        self.new_plan_button.clicked.connect(self.enter_plan)
        self.draft_button.clicked.connect(self.make_draft)
        top.addWidget(self.new_plan_button)
        top.addWidget(self.draft_button)
        layout.addLayout(top)

        self.draft_banner = text_label(
            "Draft: discuss with your prescriber. A draft changes nothing about your doses.",
            role="warning",
            object_name="draftBanner",
        )
        self.adopt_button = WrapButton("My prescriber agreed to this plan", "adoptDraft")
        self.adopt_button.clicked.connect(self.adopt_draft)
        layout.addWidget(self.draft_banner)
        # Under the banner, its text wrapping at a large text size: a row beside it pushed the tab sideways.
        layout.addWidget(self.adopt_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.summary = text_label("", role="subtitle", object_name="planSummary")
        layout.addWidget(self.summary)
        self.table = StepsTable()
        self.table.itemSelectionChanged.connect(self._step_selected)
        layout.addWidget(self.table, 3)

        # The main action on a line of its own, its text wrapping when the tab is narrower than it (200% text
        # on a small screen); the others wrap as a row below it.
        self.add_step_button = WrapButton("Add a step agreed with my prescriber…", "addStep", role="primary")
        layout.addWidget(self.add_step_button, 0, Qt.AlignmentFlag.AlignLeft)
        steps_row = FlowLayout()
        self.edit_step_button = button("Edit step…", "editStep", "Edit the selected step")
        self.delete_step_button = button("Remove step", "deleteStep", "Remove the selected step")
        self.pause_button = button("Pause the taper…", "pauseTaper")
        self.end_pause_button = button("End the pause", "endPause")
        self.add_step_button.clicked.connect(self.add_step)
        self.edit_step_button.clicked.connect(self.edit_step)
        self.delete_step_button.clicked.connect(self.delete_step)
        self.pause_button.clicked.connect(self.pause)
        self.end_pause_button.clicked.connect(self.end_pause)
        for widget in (self.edit_step_button, self.delete_step_button):
            steps_row.addWidget(widget)
        steps_row.addWidget(self.pause_button)
        steps_row.addWidget(self.end_pause_button)
        layout.addLayout(steps_row)
        self.error = error_label("planError")
        layout.addWidget(self.error)
        # "Choose a step first" and a refused action go once another step or plan is chosen.
        clear_error_on_change(self.error, self.table, self.chooser)

        self.warnings_card, box = card("paceWarnings")
        box.addWidget(text_label("About the pace", role="subtitle"))
        self.warnings_text = text_label("", object_name="paceWarningsText")
        box.addWidget(self.warnings_text)
        layout.addWidget(self.warnings_card)

        self.milestones_card, box = card("milestonesCard")
        box.addWidget(text_label("Milestones", role="subtitle"))
        self.milestones = QListWidget()
        named(self.milestones, "milestonesList", "Milestones reached")
        self.milestones.setWordWrap(True)  # long lines wrap: the list never scrolls sideways
        self.milestones.setMaximumHeight(150)
        box.addWidget(self.milestones)
        layout.addWidget(self.milestones_card, 1)
        follow_changes(self, ctx.bus, {Topic.TAPER, Topic.MEDICATIONS}, self.refresh)
        self.refresh()

    # --- showing ----------------------------------------------------------------------------------
    def current_plan(self) -> Plan | None:
        return self._overview.plan if self._overview else None

    def refresh(self) -> None:
        chosen = self.chooser.currentData()
        # The plan agreed with the prescriber first, then drafts, newest first.
        plans = [p for p in self.service.plans() if p.status == "active"]
        plans += [p for p in self.service.plans() if p.is_draft]
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for p in plans:
            label = (
                f"{plan_title(p)} (draft: discuss with your prescriber)"
                if p.is_draft
                else f"{plan_title(p)} (current plan)"
            )
            self.chooser.addItem(label, p.id)
        index = self.chooser.findData(chosen)
        self.chooser.setCurrentIndex(index if index >= 0 else 0)
        self.chooser.setToolTip(self.chooser.currentText())
        self.chooser.blockSignals(False)
        self.chooser.setVisible(bool(plans))
        self._show_chosen()

    def _show_chosen(self) -> None:
        plan_id = self.chooser.currentData()
        self.chooser.setToolTip(self.chooser.currentText())
        self._overview = overview(self.ctx, int(plan_id)) if plan_id is not None else None
        o = self._overview
        has_plan = o is not None
        for widget in (self.add_step_button, self.table):
            widget.setEnabled(has_plan)
        self._update_step_buttons()
        self.draft_banner.setVisible(bool(o and o.plan.is_draft))
        self.milestones_card.setVisible(bool(o and not o.plan.is_draft))
        self.adopt_button.setVisible(bool(o and o.plan.is_draft))
        self.pause_button.setVisible(bool(o and not o.plan.is_draft and o.open_pause is None))
        self.end_pause_button.setVisible(bool(o and o.open_pause is not None))
        if o is None:
            self.summary.setText(
                "No taper plan yet. When your prescriber sets one, enter it here step by step. You can also make "
                "a draft from a pace preset to talk over with them."
            )
            self.table.setRowCount(0)
            self.warnings_card.setVisible(False)
            self.milestones.clear()
            return
        meds = {m.id: m for m in self.meds.all()}
        opioids = [m for m in meds.values() if m.is_opioid and m.active]
        self.summary.setText(summary_text(o, opioids))
        self.table.show_steps(o, meds, opioids)
        self._update_step_buttons()
        self.warnings_card.setVisible(bool(o.warnings))
        self.warnings_text.setText(pace_text(o.warnings))
        self.milestones.clear()
        for m in reversed(o.milestones):
            self.milestones.addItem(f"{day_text(m.reached_on, o.today)}   {m.label}")
        if not o.milestones:
            self.milestones.addItem("Milestones appear here as you reach each step.")

    def _update_step_buttons(self) -> None:
        """Edit and Remove act on the chosen step: usable only while one is chosen."""
        chosen = self.table.isEnabled() and bool(self.table.selectedItems())
        self.edit_step_button.setEnabled(chosen)
        self.delete_step_button.setEnabled(chosen)

    def _step_selected(self) -> None:
        self._update_step_buttons()
        o = self._overview
        step_id = self._selected_step_id()
        if o is None or step_id is None or len(o.warnings) < 2:
            return
        step = next((s for s in o.steps if s.id == step_id), None)
        chosen = [w for w in o.warnings if step is not None and w.date == step.date]
        self.warnings_text.setText(
            f"{day_text(chosen[0].date)}: {chosen[0].message}" if chosen else pace_text(o.warnings)
        )

    # --- actions ----------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _selected_step_id(self) -> int | None:
        return self.table.chosen_step()

    def enter_plan(self) -> FormDialog:
        def save(v: PlanValues) -> None:
            plan = self.service.create_plan(
                v.name, v.start_mme, v.start_date, v.pace, replace_active=v.replace_active
            )
            self._select(plan.id)

        has_active = self.service.active_plan() is not None
        return self._open(PlanDialog(save, self.meds.scheduled_mme(), self.service.today(), has_active, self))

    def make_draft(self) -> FormDialog:
        def save(start: float, pace: str, first: date, floor: float, lowest: float) -> None:
            self._select(self.service.save_draft(start, pace, first, floor, lowest=lowest).id)

        start = self.meds.scheduled_mme() or (self._overview.level_today if self._overview else 0.0)
        opioids = [m for m in self.meds.all(active_only=True) if m.is_opioid]
        return self._open(DraftDialog(save, start, self.service.today(), self, opioids))

    def _select(self, plan_id: int) -> None:
        self.refresh()
        index = self.chooser.findData(plan_id)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    def _preview_step(self, values: StepValues, replacing: int | None = None) -> str:
        o = self._overview
        if o is None:
            return ""
        target = values.target_mme
        if target is None:
            target, _ = self.service.mme_from_doses(values.doses)
        steps = [s.as_rule() for s in o.steps if s.id != replacing]
        steps.append(rules.PlanStep(values.day, target, -1))
        # A step up is explained by the dialog itself, next to the box that confirms it.
        notes = [
            w.message
            for w in rules.pace_warnings(o.plan.start_mme, steps, o.plan.pace)
            if w.date == values.day and w.kind == "fast"
        ]
        # In the medicine's own units with the MME beside it, as the table shows the step once saved.
        level = doses_text(target, values.doses, {m.id: m for m in self.meds.all()})
        return f"{level}. " + (" ".join(notes) if notes else "")

    def add_step(self) -> FormDialog | None:
        o = self._overview
        if o is None:
            return None
        plan_id = o.plan.id

        def save(v: StepValues) -> None:
            self.service.add_step(
                plan_id,
                v.day,
                v.target_mme,
                v.doses or None,
                v.note,
                prescriber_set_higher=v.prescriber_set_higher,
            )

        last = o.steps[-1].date if o.steps else o.today
        first = max(o.today, last + timedelta(days=28 if o.plan.pace != rules.WEEKLY_10 else 7))
        opioids = [m for m in self.meds.all(active_only=True) if m.is_opioid]
        dialog = StepDialog(
            save,
            opioids,
            first,
            self._preview_step,
            parent=self,
            current_daily=starting_doses(self.service, plan_id, first, opioids),
            level_before=lambda day: self.service.level_before(plan_id, day),
            mme_to_total=lambda doses: self.service.mme_from_doses(doses)[0],
        )
        return self._open(dialog)

    def edit_step(self) -> FormDialog | None:
        step_id = self._selected_step_id()
        if step_id is None:
            show_error(self.error, "Choose a step in the list first.")
            return None
        show_error(self.error, "")
        step = self.service.step(step_id)

        def save(v: StepValues) -> None:
            self.service.update_step(
                step_id, v.day, v.target_mme or 0.0, v.note, prescriber_set_higher=v.prescriber_set_higher
            )

        dialog = StepDialog(
            save,
            [],
            step.date,
            lambda v: self._preview_step(v, replacing=step_id),
            step_target=step.target_mme,
            step_note=step.note,
            parent=self,
            level_before=lambda day: self.service.level_before(step.plan_id, day, leaving_out=step_id),
        )
        return self._open(dialog)

    def delete_step(self) -> QMessageBox | None:
        """Ask first, then remove the chosen step from the record (returns the question, or None when no
        step is chosen)."""
        step_id = self._selected_step_id()
        if step_id is None:
            show_error(self.error, "Choose a step in the list first.")
            return None
        show_error(self.error, "")
        step = self.service.step(step_id)
        return confirm(
            self,
            "Remove step",
            f"Remove the step from {day_text(step.date)}: {self._step_words(step)}?",
            "Remove step",
            lambda: self.service.delete_step(step_id),
            keep_text="Keep it",
            detail="Only remove a step that was entered by mistake or that your prescriber has changed.",
        )

    def _step_words(self, step: Step) -> str:
        meds = {m.id: m for m in self.meds.all()}
        return step_text(step, meds)

    def adopt_draft(self) -> QMessageBox | None:
        """Ask the person to confirm their prescriber agreed, then make the draft their current plan (the
        plan it replaces stays in their history)."""
        plan = self.current_plan()
        if plan is None:
            return None
        replaces = self.service.active_plan()
        detail = (
            f"It replaces “{replaces.name}”, which stays in your history."
            if replaces is not None
            else "Its steps become your current plan."
        )

        def adopt() -> None:
            try:
                adopted = self.service.adopt_draft(plan.id, replace_active=True)
            except CoachError as exc:
                show_error(self.error, str(exc))
                return
            self._select(adopted.id)

        return confirm(
            self,
            "My prescriber agreed",
            f"Did your prescriber agree to “{plan.name}” as it is?",
            "Yes, my prescriber agreed",
            adopt,
            keep_text="Not yet",
            detail=detail,
        )

    def pause(self) -> FormDialog | None:
        plan = self.current_plan()
        if plan is None:
            return None

        def save(v: PauseValues) -> None:
            self.service.add_pause(plan.id, v.start, v.end, v.reason, v.move_steps)

        return self._open(PauseDialog(save, self.service.today(), self))

    def end_pause(self) -> None:
        o = self._overview
        if o is None or o.open_pause is None or o.open_pause.id is None:
            return
        # Ending today means today is the first day back on the plan, so the last paused day is yesterday.
        last = max(o.open_pause.start_date, o.today - timedelta(days=1))
        try:
            self.service.end_pause(o.open_pause.id, last)
        except CoachError as exc:
            show_error(self.error, str(exc))
