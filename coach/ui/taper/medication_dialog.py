"""The medicine dialog: name, which opioid (from the CDC 2022 table) or another medicine, strength, schedule.

It shows the daily MME as you type, with the table's caution, and says plainly that MME is never a way to
switch from one opioid to another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.services.taper.medicines import Medication
from coach.ui.taper.dialogs import FormDialog
from coach.ui.widgets.common import named
from coach.ui.widgets.forms import combo, line_edit, number_edit


@dataclass(frozen=True)
class MedicationValues:
    name: str
    drug: str | None
    strength: float | None
    unit: str | None
    doses_per_day: float | None
    schedule: str
    note: str


class MedicationDialog(FormDialog):
    def __init__(
        self,
        save: Callable[[MedicationValues], None],
        med: Medication | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit medicine" if med else "Add a medicine", "medicationDialog", parent)
        self._save_values = save
        self.name = line_edit("medName", "Medicine name", "e.g. OxyContin, or Gabapentin")
        self.is_opioid = QCheckBox("This is an opioid pain medicine")
        named(self.is_opioid, "medIsOpioid", "This is an opioid pain medicine")
        choices = [(f.label, key) for key, f in mme.CDC_2022.factors.items()]
        self.drug = combo("medDrug", "Which opioid", choices)
        self.strength = number_edit("medStrength", "Strength per dose", unset_text="not set")
        self.unit = line_edit("medUnit", "Unit", text="mg")
        self.per_day = number_edit("medPerDay", "Doses a day", maximum=24, decimals=1, unset_text="not set")
        self.schedule = line_edit("medSchedule", "When you take it", "e.g. 8am and 8pm")
        self.note = line_edit("medNote", "Note", "optional")
        self.preview = QLabel("")
        self.preview.setObjectName("medMmePreview")
        self.preview.setWordWrap(True)
        for label, widget in (
            ("Name", self.name),
            ("", self.is_opioid),
            ("Opioid", self.drug),
            ("Strength per dose", self.strength),
            ("Unit", self.unit),
            ("Doses a day", self.per_day),
            ("When", self.schedule),
            ("Note", self.note),
        ):
            self.form.addRow(label, widget)
        self.root.addWidget(self.preview)
        self.finish_layout()
        if med is not None:
            self.name.setText(med.name)
            self.is_opioid.setChecked(med.is_opioid)
            if med.drug:
                self.drug.setCurrentIndex(max(0, self.drug.findData(med.drug)))
            self.strength.setValue(med.strength or 0.0)
            self.unit.setText(med.unit)
            self.per_day.setValue(med.doses_per_day or 0.0)
            self.schedule.setText(med.schedule)
            self.note.setText(med.note)
        for signal in (self.is_opioid.toggled, self.drug.currentIndexChanged):
            signal.connect(self._kind_changed)
        for box in (self.strength, self.per_day):
            box.valueChanged.connect(self._update_preview)
        self._kind_changed()

    def _kind_changed(self) -> None:
        opioid = self.is_opioid.isChecked()
        self.drug.setEnabled(opioid)
        self.unit.setReadOnly(opioid)
        if opioid:
            entry = mme.lookup(str(self.drug.currentData()))
            self.unit.setText(entry.unit)
            patch = entry.unit == mme.MCG_PER_HOUR
            if patch:
                self.per_day.setValue(1.0)
            self.per_day.setEnabled(not patch)
        else:
            self.per_day.setEnabled(True)
        self._update_preview()

    def _update_preview(self) -> None:
        if not self.is_opioid.isChecked():
            self.preview.setText("")
            return
        drug = str(self.drug.currentData())
        entry = mme.lookup(drug)
        if entry.no_factor_reason:
            self.preview.setText(entry.no_factor_reason)
            return
        if self.strength.value() <= 0:
            self.preview.setText("Add the strength to see the daily MME.")
            return
        try:
            result = mme.daily_mme(drug, self.strength.value(), self.per_day.value() or 1.0, entry.unit)
        except CoachError as exc:
            self.preview.setText(str(exc))
            return
        text = f"About {result.daily_mme:g} MME a day (CDC 2022 factor {result.factor:g})."
        if result.caution:
            text += f" {result.caution}"
        self.preview.setText(f"{text} {mme.NOT_FOR_CONVERSION}")

    def values(self) -> MedicationValues:
        opioid = self.is_opioid.isChecked()
        return MedicationValues(
            name=self.name.text(),
            drug=str(self.drug.currentData()) if opioid else None,
            strength=self.strength.value() or None,
            unit=self.unit.text() or None,
            doses_per_day=self.per_day.value() or None,
            schedule=self.schedule.text(),
            note=self.note.text(),
        )

    def _save(self) -> None:
        self._save_values(self.values())
