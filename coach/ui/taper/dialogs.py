"""Dialogs of the Taper page: a plan from the prescriber, a step, a draft from a preset, a pause.

Each dialog calls `save` with its values when OK is pressed; a CoachError keeps it open with the message
shown inline. Wording follows the app's rule: steps are "agreed with your prescriber", drafts are marked
"draft: discuss with your prescriber", and nothing offers to raise a dose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QListWidget,
    QWidget,
)

from coach.domain import mme
from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.wording import count, day_text
from coach.services.taper.medicines import Medication
from coach.services.taper.plan_names import check_stop_at
from coach.services.taper.step_units import DRAFT_DOSE_NOTE, draft_level_text
from coach.ui.taper.plan_words import pace_items, pace_tips
from coach.ui.widgets.common import named, plain_label, wrapping_check
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import (
    combo,
    date_edit,
    from_qdate,
    line_edit,
    number_edit,
    show_error,
    shrink_to_fit,
)


@dataclass(frozen=True)
class PlanValues:
    name: str
    start_mme: float
    start_date: date
    pace: str
    replace_active: bool


class PlanDialog(FormDialog):
    """The plan as the prescriber set it: where it starts, and which guideline pace to compare steps with."""

    def __init__(
        self,
        save: Callable[[PlanValues], None],
        start_mme: float,
        today: date,
        has_active: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Enter the plan from your prescriber", "planDialog", parent)
        self._save_values = save
        self.name = line_edit("planName", "Plan name", text="My taper plan")
        self.start_mme = number_edit("planStartMme", "Daily MME at the start", start_mme, suffix="MME a day")
        self.start_date = date_edit("planStartDate", "Start date", today)
        self.pace = combo(
            "planPace",
            "The pace agreed with your prescriber (it sets the date offered for the next step)",
            pace_items(),
        )
        pace_tips(self.pace)
        self.replace = QCheckBox("Replace the current plan (it stays in your history)")
        named(self.replace, "planReplace", "Replace the current plan")
        self.form.addRow("Name", self.name)
        self.form.addRow("Starting level", self.start_mme)
        self.form.addRow("Start date", self.start_date)
        self.form.addRow("Pace", self.pace)
        if has_active:
            self.form.addRow("", self.replace)
        hint = plain_label(
            "Next, add each step with the date and new daily doses agreed with your prescriber."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.root.addWidget(hint)
        self.finish_layout()

    def _save(self) -> None:
        self._save_values(
            PlanValues(
                self.name.text(),
                self.start_mme.value(),
                from_qdate(self.start_date.date()),
                str(self.pace.currentData()),
                self.replace.isChecked(),
            )
        )


@dataclass(frozen=True)
class StepValues:
    day: date
    target_mme: float | None
    doses: dict[int, float]
    note: str
    prescriber_set_higher: bool = False


HIGHER_CONFIRM = "My prescriber set this higher"


class StepDialog(FormDialog):
    """A step agreed with the prescriber: its date and the new daily amount of each opioid, or the MME total.

    `preview` receives the values and returns a pace note for this step (or "") so a fast step is visible
    before it is saved. `level_before(day)` gives the daily MME agreed just before `day`: the form starts at
    that level, never above it, and a higher value shows the confirmation box the service asks for.
    `current_daily` pre-fills the dose boxes (medicine id -> daily amount); when it is None the form starts
    on the MME total instead.
    """

    def __init__(
        self,
        save: Callable[[StepValues], None],
        opioids: list[Medication],
        first_day: date,
        preview: Callable[[StepValues], str],
        step_target: float | None = None,
        step_note: str = "",
        parent: QWidget | None = None,
        current_daily: dict[int, float] | None = None,
        level_before: Callable[[date], float] | None = None,
        mme_to_total: Callable[[dict[int, float]], float] | None = None,
    ) -> None:
        editing = step_target is not None
        super().__init__(
            "Edit step" if editing else "Add a step agreed with your prescriber", "stepDialog", parent
        )
        self._save_values = save
        self._preview = preview
        self._level_before = level_before
        self._mme_of = mme_to_total
        self.day = date_edit("stepDate", "Date the step starts", first_day)
        self.form.addRow("From", self.day)
        self.dose_boxes: dict[int, QDoubleSpinBox] = {}
        start_level = level_before(first_day) if level_before is not None else 0.0
        if opioids and not editing:
            for med in opioids:
                # A patch is a rate worn all day; everything else is the day's total.
                suffix = med.unit if med.unit == mme.MCG_PER_HOUR else f"{med.unit} a day"
                box = number_edit(
                    f"stepDose_{med.id}",
                    f"New total a day of {med.name}",
                    (current_daily or {}).get(med.id, 0.0),
                    suffix=suffix,
                )
                box.valueChanged.connect(self._update)
                self.dose_boxes[med.id] = box
                no_mme = " (no MME)" if med.mme() is None and med.strength is not None else ""
                self.form.addRow(med.name + no_mme, box)
        self.use_mme = QCheckBox("Enter the daily MME total instead")
        named(self.use_mme, "stepUseMme", "Enter the daily MME total instead")
        self.mme = number_edit(
            "stepMme",
            "New daily MME total",
            step_target if step_target is not None else start_level,
            suffix="MME a day",
        )
        self.note = line_edit("stepNote", "Note", "optional", step_note)
        if self.dose_boxes:
            self.form.addRow("", self.use_mme)
            # No dose record to start from: start on the MME total, at the level before (never above it).
            self.use_mme.setChecked(current_daily is None)
        self.form.addRow("MME a day", self.mme)
        self.form.addRow("Note", self.note)
        self.higher = QCheckBox(HIGHER_CONFIRM)
        named(self.higher, "stepPrescriberSetHigher", HIGHER_CONFIRM)
        self.higher.setToolTip("Tick only when your prescriber set this step above the one before it.")
        self.form.addRow("", self.higher)
        self.summary = plain_label("")
        self.summary.setObjectName("stepPreview")
        self.summary.setWordWrap(True)
        self.root.addWidget(self.summary)
        self.finish_layout()
        self.use_mme.toggled.connect(self._update)
        self.mme.valueChanged.connect(self._update)
        self.day.dateChanged.connect(self._update)
        self._update()

    def values(self) -> StepValues:
        by_dose = bool(self.dose_boxes) and not self.use_mme.isChecked()
        doses = {mid: box.value() for mid, box in self.dose_boxes.items()} if by_dose else {}
        return StepValues(
            from_qdate(self.day.date()),
            None if by_dose else self.mme.value(),
            doses,
            self.note.text(),
            self.higher.isVisible() and self.higher.isChecked(),
        )

    def _is_higher(self, values: StepValues) -> tuple[bool, float]:
        if self._level_before is None:
            return False, 0.0
        before = self._level_before(values.day)
        target = values.target_mme
        if target is None:
            target = self._mme_of(values.doses) if self._mme_of is not None else 0.0
        return target > before + 0.01, before

    def _update(self) -> None:
        by_dose = bool(self.dose_boxes) and not self.use_mme.isChecked()
        self.form.setRowVisible(self.mme, not by_dose)
        for box in self.dose_boxes.values():
            box.setEnabled(by_dose)
        higher = False
        try:
            values = self.values()
            higher, before = self._is_higher(values)
            note = self._preview(values)
            if higher:
                note += (
                    f" This is higher than the step before ({before:g} MME a day). Record it only if your "
                    "prescriber set it this way, and tick the box to confirm."
                )
        except CoachError as exc:
            note = str(exc)
        self.form.setRowVisible(self.higher, higher)
        self.summary.setText(note.strip())

    def _save(self) -> None:
        self._save_values(self.values())


class DraftDialog(FormDialog):
    """A draft from a pace preset, previewed step by step and saved only as a draft."""

    def __init__(
        self,
        save: Callable[[float, str, date, float, float], None],
        start_mme: float,
        today: date,
        parent: QWidget | None = None,
        opioids: Sequence[Medication] = (),
    ) -> None:
        super().__init__(f"Make a {rules.DRAFT_LABEL}", "draftDialog", parent, ok_text="Save as a draft")
        self._save_values = save
        self._opioids = list(opioids)
        self._today = today
        banner = plain_label(
            "Draft: discuss with your prescriber. A draft changes nothing about your doses; it is a starting "
            "point for that conversation."
        )
        banner.setObjectName("draftDialogBanner")
        banner.setProperty("role", "warning")
        banner.setWordWrap(True)
        self.root.insertWidget(0, banner)
        # Room above the app's limit, so a dose typed too high stays as typed and the limit is explained.
        self.start_mme = number_edit(
            "draftStartMme", "Daily MME now", start_mme, maximum=999_999.0, suffix="MME a day"
        )
        self.pace = combo("draftPace", "Pace preset", pace_items())
        pace_tips(self.pace)
        self.first = date_edit("draftFrom", "Date of the first step", today + timedelta(days=7))
        self.floor = number_edit(
            "draftFloor",
            "Lowest dose you agreed to stop at (optional)",
            0.0,
            suffix="MME a day",
            unset_text="0 (stop)",
        )
        self.floor.setToolTip(
            "The lowest daily dose you and your prescriber agreed the taper ends at (a taper 'floor'). "
            "Leave it at 0 for a draft that goes all the way."
        )
        # Long labels ("Lowest dose you agreed to stop at") go above their box rather than being cut.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow("Daily MME now", self.start_mme)
        self.pace_detail = plain_label("")
        self.pace_detail.setObjectName("draftPaceDetail")
        self.pace_detail.setWordWrap(True)
        self.pace_detail.setProperty("role", "muted")
        self.form.addRow("Pace", self.pace)
        self.form.addRow("First step", self.first)
        self.lowest = number_edit(
            "draftLowest", "Lowest practical dose", rules.DEFAULT_LOWEST, suffix="MME a day"
        )
        self.lowest.setToolTip(
            "Below this daily dose the draft stops cutting and suggests talking with your prescriber about "
            "stopping or spacing doses."
        )
        self.form.addRow("Lowest dose you agreed to stop at", self.floor)
        self.form.addRow("Lowest practical dose", self.lowest)
        self.root.addWidget(self.pace_detail)
        self.preview = QListWidget()
        named(self.preview, "draftPreview", "Draft steps")
        self.preview.setMinimumHeight(160)  # the whole dialog fits a 1024x600 screen
        self.preview.setWordWrap(True)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.root.addWidget(self.preview)
        self.finish_layout()
        for signal in (
            self.start_mme.valueChanged,
            self.pace.currentIndexChanged,
            self.first.dateChanged,
            self.floor.valueChanged,
            self.lowest.valueChanged,
        ):
            signal.connect(self._update)
        for box in (self.start_mme, self.floor, self.lowest):
            # Half-typed text ("-", "") is not a value yet: the preview must not keep the old draft.
            box.lineEdit().textChanged.connect(self._update)
        self._update()

    def _args(self) -> tuple[float, str, date, float, float]:
        """The draft's inputs; CoachError in plain words when a box holds no number yet or the stop-at dose
        is not below today's."""
        for box, what in (
            (self.start_mme, rules.start_range_message()),
            (self.floor, "Type the lowest dose to stop at as a number (0 means all the way)."),
            (self.lowest, "Type the lowest practical dose as a number above 0 MME a day."),
        ):
            if not box.hasAcceptableInput():
                raise CoachError(what)
        check_stop_at(self.start_mme.value(), self.floor.value())
        return (
            self.start_mme.value(),
            str(self.pace.currentData()),
            from_qdate(self.first.date()),
            self.floor.value(),
            self.lowest.value(),
        )

    def _update(self) -> None:
        self.pace_detail.setText(rules.PACE_DETAILS.get(str(self.pace.currentData()), ""))
        self.preview.clear()
        try:
            steps = rules.draft_schedule(*self._args())
        except CoachError as exc:
            # Said once, in the dialog's error line (where Save would say it too); the preview stays empty.
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.preview.addItem(f"Draft: discuss with your prescriber ({count(len(steps), 'step')})")
        if any(draft_level_text(x.target_mme, self._opioids).startswith("about ") for x in steps):
            self.preview.addItem(DRAFT_DOSE_NOTE)
        for s in steps:
            level = draft_level_text(s.target_mme, self._opioids)
            when = day_text(s.date, self._today)
            if s.note:
                self.preview.addItem(f"{when}   {level}   {s.note}")
                continue
            self.preview.addItem(f"{when}   {level}   (a cut of {s.cut_percent:g}% of the dose then)")

    def _save(self) -> None:
        args = self._args()
        rules.draft_schedule(*args)  # refused here, in the dialog's words, before anything is saved
        self._save_values(*args)


@dataclass(frozen=True)
class PauseValues:
    start: date
    end: date | None
    reason: str
    move_steps: bool


PAUSE_REASONS: tuple[str, ...] = (
    "Agreed with my prescriber",
    "Withdrawal is hard right now",
    "A stressful time",
    "Illness or surgery",
)


class PauseDialog(FormDialog):
    def __init__(
        self, save: Callable[[PauseValues], None], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__("Pause the taper", "pauseDialog", parent, ok_text="Pause")
        self._save_values = save
        intro = plain_label(
            "Pausing holds you at your current level. Pauses are a normal part of tapering, not a setback."
        )
        intro.setWordWrap(True)
        self.root.insertWidget(0, intro)
        self.start = date_edit("pauseStart", "Pause from", today)
        self.has_end = QCheckBox("I know when it ends")
        named(self.has_end, "pauseHasEnd", "I know when the pause ends")
        self.end = date_edit("pauseEnd", "Last day of the pause", today + timedelta(days=13))
        self.reason = shrink_to_fit(combo("pauseReason", "Reason", ((r, r) for r in PAUSE_REASONS)), 12)
        self.reason.setEditable(True)
        # Its text wraps on a small screen or at a large text size (a check box's own text never does).
        self.move_steps, move_row = wrapping_check(
            "Move the later steps by the length of the pause", "pauseMoveSteps"
        )
        self.move_steps.setChecked(True)
        self.form.addRow("From", self.start)
        self.form.addRow("", self.has_end)
        self.form.addRow("Last paused day", self.end)
        self.form.addRow("Reason", self.reason)
        self.form.addRow("", move_row)
        self.finish_layout()
        self.has_end.toggled.connect(self.end.setEnabled)
        self.end.setEnabled(False)

    def _save(self) -> None:
        self._save_values(
            PauseValues(
                from_qdate(self.start.date()),
                from_qdate(self.end.date()) if self.has_end.isChecked() else None,
                self.reason.currentText(),
                self.move_steps.isChecked(),
            )
        )
