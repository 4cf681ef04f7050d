"""The medicine dialog: name, which opioid (from the CDC 2022 table) or another medicine, strength, schedule,
and the day it was started when the person knows it (a patch counts in the MME taken from that day).

It shows the daily MME as you type, with the table's caution, and says plainly that MME is never a way to
switch from one opioid to another. No opioid is chosen by default: the dialog guesses from the name (generic
or brand, coach.domain.opioid_names) and otherwise asks; when the name and the chosen opioid disagree, or
the name looks like a combination product, it says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QCheckBox, QWidget

from coach.domain import mme, opioid_names
from coach.domain.errors import CoachError
from coach.services.taper.medicines import Medication
from coach.ui.taper.scrolling_fields import scrolling_fields
from coach.ui.widgets.common import named, plain_label
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import combo, date_edit, from_qdate, line_edit, number_edit, to_qdate

CHOOSE_OPIOID = "Choose which opioid…"


@dataclass(frozen=True)
class MedicationValues:
    name: str
    drug: str | None
    strength: float | None
    unit: str | None
    doses_per_day: float | None
    schedule: str
    note: str
    started_on: str | None = None  # YYYY-MM-DD, None when the person did not give it


class MedicationDialog(FormDialog):
    """Add or edit one medicine; `save(values)` stores it (a CoachError keeps the dialog open with the
    message). `today` is the person's local day: the start day can be no later."""

    def __init__(
        self,
        save: Callable[[MedicationValues], None],
        med: Medication | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__("Edit medicine" if med else "Add a medicine", "medicationDialog", parent)
        self.body = scrolling_fields(self)  # the fields scroll; the error line and buttons stay in view
        self._save_values = save
        self.name = line_edit("medName", "Medicine name", "e.g. OxyContin, or Gabapentin")
        self.is_opioid = QCheckBox("This is an opioid pain medicine")
        named(self.is_opioid, "medIsOpioid", "This is an opioid pain medicine")
        choices = [(CHOOSE_OPIOID, None), *((f.label, key) for key, f in mme.CDC_2022.factors.items())]
        self.drug = combo("medDrug", "Which opioid", choices)
        # True once the person picks an opioid by hand: a later name edit then never overrides the choice.
        self._chosen_by_hand = False
        self._guessed = False
        self.strength = number_edit("medStrength", "Strength per dose", unset_text="not set")
        self.unit = line_edit("medUnit", "Unit", text="mg")
        self.per_day = number_edit("medPerDay", "Doses a day", maximum=24, decimals=1, unset_text="not set")
        self.schedule = line_edit("medSchedule", "When you take it", "e.g. 8am and 8pm")
        self.note = line_edit("medNote", "Note", "optional")
        # Unset unless known: a start day of today would be wrong for a medicine taken for years.
        self.has_started = QCheckBox("I know the day I started it")
        named(self.has_started, "medHasStarted", "I know the day I started this medicine")
        self.has_started.setToolTip("A patch counts in your daily MME from the day it was put on.")
        day = today or date.today()
        self.started_on = date_edit("medStartedOn", "The day you started it", day)
        self.started_on.setMaximumDate(to_qdate(day))
        self.started_on.setEnabled(False)
        self.has_started.toggled.connect(self.started_on.setEnabled)
        self.preview = plain_label("")
        self.preview.setObjectName("medMmePreview")
        self.preview.setWordWrap(True)
        self.name_check = plain_label("")
        self.name_check.setObjectName("medNameCheck")
        self.name_check.setProperty("role", "warning")
        self.name_check.setWordWrap(True)
        self.name_check.setVisible(False)
        for label, widget in (
            ("Name", self.name),
            ("", self.is_opioid),
            ("Opioid", self.drug),
            ("Strength per dose", self.strength),
            ("Unit", self.unit),
            ("Doses a day", self.per_day),
            ("When", self.schedule),
            ("Note", self.note),
            ("", self.has_started),
            ("Started on", self.started_on),
        ):
            self.form.addRow(label, widget)
        self.body.addWidget(self.name_check)
        self.body.addWidget(self.preview)
        self.finish_layout()
        if med is not None:
            self.name.setText(med.name)
            self.is_opioid.setChecked(med.is_opioid)
            if med.drug:
                self.drug.setCurrentIndex(max(0, self.drug.findData(med.drug)))
                self._chosen_by_hand = True
            self.strength.setValue(med.strength or 0.0)
            self.unit.setText(med.unit)
            self.per_day.setValue(med.doses_per_day or 0.0)
            self.schedule.setText(med.schedule)
            self.note.setText(med.note)
            if med.started_on:
                self.started_on.setDate(to_qdate(date.fromisoformat(med.started_on)))
                self.has_started.setChecked(True)
        for signal in (self.is_opioid.toggled, self.drug.currentIndexChanged):
            signal.connect(self._kind_changed)
        # `activated` fires only for a choice made by the person, never for one the dialog made.
        self.drug.activated.connect(self._picked_by_hand)
        self.name.textChanged.connect(self._name_changed)
        for box in (self.strength, self.per_day):
            box.valueChanged.connect(self._update_preview)
        self._kind_changed()
        self._check_name()

    def _picked_by_hand(self) -> None:
        self._chosen_by_hand = self.drug.currentData() is not None
        self._check_name()

    def _name_changed(self) -> None:
        guess = opioid_names.guess_drug(self.name.text())
        if guess is not None and not self._chosen_by_hand:
            self.is_opioid.setChecked(True)
            self.drug.setCurrentIndex(self.drug.findData(guess))
            self._guessed = True
        elif guess is None and self._guessed and not self._chosen_by_hand:
            # The name no longer points to that opioid: take back the guess and ask again.
            self.drug.setCurrentIndex(0)
            self.is_opioid.setChecked(False)
            self._guessed = False
        self._check_name()

    def _check_name(self) -> None:
        chosen = self.drug.currentData() if self.is_opioid.isChecked() else None
        notes = [
            opioid_names.disagreement(self.name.text(), None if chosen is None else str(chosen)),
            opioid_names.combination_hint(self.name.text()),
        ]
        if not self.is_opioid.isChecked() and opioid_names.guess_drug(self.name.text()):
            notes.insert(0, "The name sounds like an opioid: tick the box above to count its MME.")
        text = "\n".join(n for n in notes if n)
        self.name_check.setText(text)
        self.name_check.setVisible(bool(text))

    def _kind_changed(self) -> None:
        opioid = self.is_opioid.isChecked()
        self.drug.setEnabled(opioid)
        self.unit.setReadOnly(opioid)
        self._check_name()
        if opioid and self.drug.currentData() is None:
            self.per_day.setEnabled(True)
        elif opioid:
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
        if self.drug.currentData() is None:
            self.preview.setText("Which opioid is this? Choose it above to see the daily MME.")
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
        """What was entered; CoachError when it is marked as an opioid but no opioid is chosen."""
        opioid = self.is_opioid.isChecked()
        if opioid and self.drug.currentData() is None:
            raise CoachError("which opioid is this? Choose it in the list, or untick the opioid box")
        return MedicationValues(
            name=self.name.text(),
            drug=str(self.drug.currentData()) if opioid else None,
            strength=self.strength.value() or None,
            unit=self.unit.text() or None,
            doses_per_day=self.per_day.value() or None,
            schedule=self.schedule.text(),
            note=self.note.text(),
            started_on=from_qdate(self.started_on.date()).isoformat()
            if self.has_started.isChecked()
            else None,
        )

    def _save(self) -> None:
        self._save_values(self.values())
