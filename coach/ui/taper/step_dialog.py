"""The dialog for one taper step agreed with the prescriber: its date and the new daily amount of each
opioid (or the MME total), with the pace note and, for a step above the one before, the confirmation the
service asks for. The form never starts above the level before the step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QWidget,
)

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.services.taper.medicines import Medication
from coach.ui.taper.scrolling_fields import scrolling_fields
from coach.ui.widgets.common import named, plain_label, wrapping_check
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import (
    date_edit,
    from_qdate,
    line_edit,
    number_edit,
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
        self.body = scrolling_fields(self)  # the fields scroll; the error line and buttons stay in view
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
        # Its text wraps: at 200% text a one-line box pushed the step form sideways.
        self.use_mme, use_mme_row = wrapping_check("Enter the daily MME total instead", "stepUseMme")
        self.mme = number_edit(
            "stepMme",
            "New daily MME total",
            step_target if step_target is not None else start_level,
            suffix="MME a day",
        )
        self.note = line_edit("stepNote", "Note", "optional", step_note)
        if self.dose_boxes:
            self.form.addRow("", use_mme_row)
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
        self.body.addWidget(self.summary)
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
