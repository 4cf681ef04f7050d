"""The Medicines tab of the Taper page: the medicines as the prescriber set them, their daily MME (an
estimate of opioid load, never a way to switch between opioids), adding, editing and marking one as no
longer taken."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.domain import mme
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import Medication, MedicationService
from coach.ui.changes import follow_changes
from coach.ui.taper.medication_dialog import MedicationDialog, MedicationValues
from coach.ui.widgets.common import FlowLayout, button, named, shown_as_typed, text_label
from coach.ui.widgets.confirm import confirm
from coach.ui.widgets.forms import (
    clear_error_on_change,
    error_label,
    show_error,
)


class MedicinesTab(QWidget):
    """The medicines table (name, dose, doses a day, daily MME, note), the day's total, and its buttons;
    Edit and "No longer taking it" act on the chosen row and are usable only while one is chosen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = MedicationService(ctx)
        self.dialog: MedicationDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Your medicines as your prescriber set them. For opioids the app shows the daily MME, an estimate "
                "of your total opioid load. It is never a way to switch from one medicine to another."
            )
        )
        self.table = QTableWidget(0, 5)
        named(self.table, "medsTable", "Your medicines")
        self.table.setHorizontalHeaderLabels(["Medicine", "Dose", "A day", "Daily MME", "Note"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.total = text_label("", role="subtitle", object_name="medsTotal")
        layout.addWidget(self.total)
        self.show_stopped = QCheckBox("Show medicines I no longer take")
        named(self.show_stopped, "showStoppedMeds", "Show medicines I no longer take")
        self.show_stopped.toggled.connect(self.refresh)
        row = FlowLayout()  # wraps on a narrow window instead of squeezing the buttons
        self.add_button = button("Add a medicine…", "addMedication", role="primary")
        self.edit_button = button("Edit…", "editMedication", "Edit the selected medicine")
        self.stop_button = button(
            "No longer taking it", "stopMedication", "Mark the selected medicine as stopped"
        )
        self.add_button.clicked.connect(self.add_medication)
        self.edit_button.clicked.connect(self.edit_selected)
        self.stop_button.clicked.connect(self.stop_selected)
        for widget in (self.add_button, self.edit_button, self.stop_button):
            row.addWidget(widget)
        row.addWidget(self.show_stopped)
        layout.addLayout(row)
        self.error = error_label("medsError")
        layout.addWidget(self.error)
        clear_error_on_change(self.error, self.table)
        # Edit and "No longer taking it" act on the chosen medicine: usable only while one is chosen.
        self.table.itemSelectionChanged.connect(self._update_buttons)
        follow_changes(self, ctx.bus, {Topic.MEDICATIONS}, self.refresh)
        self.refresh()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectedItems())
        self.edit_button.setEnabled(chosen)
        self.stop_button.setEnabled(chosen)

    def refresh(self) -> None:
        meds = self.service.all(active_only=not self.show_stopped.isChecked())
        self.table.setRowCount(len(meds))
        for row, med in enumerate(meds):
            result = med.mme()
            dose = f"{med.strength:g} {med.unit}" if med.strength is not None else "-"
            per_day = (
                "worn all day"
                if med.unit == mme.MCG_PER_HOUR
                else (f"{med.doses_per_day:g}x" if med.doses_per_day else "-")
            )
            figure = f"{result.daily_mme:g}" if result else ("none" if med.is_opioid else "-")
            name = med.name + ("" if med.active else " (stopped)")
            note = med.mme_note() if med.is_opioid else med.note
            for column, text in enumerate((name, dose, per_day, figure, note)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, med.id)
                item.setToolTip(shown_as_typed(text))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        total = self.service.scheduled_mme()
        self.total.setText(f"Total as prescribed: {total:g} MME a day" if meds else "No medicines yet.")
        self._update_buttons()

    def selected(self) -> Medication | None:
        items = self.table.selectedItems()
        if not items:
            return None
        return self.service.get(int(items[0].data(Qt.ItemDataRole.UserRole)))

    def _open(self, dialog: MedicationDialog) -> MedicationDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_medication(self) -> MedicationDialog:
        def save(v: MedicationValues) -> None:
            self.service.add(v.name, v.drug, v.strength, v.unit, v.doses_per_day, v.schedule, v.note,
                             started_on=v.started_on)  # fmt: skip

        return self._open(MedicationDialog(save, parent=self, today=self.service.today()))

    def edit_selected(self) -> MedicationDialog | None:
        med = self.selected()
        if med is None:
            show_error(self.error, "Choose a medicine in the list first.")
            return None
        show_error(self.error, "")

        def save(v: MedicationValues) -> None:
            self.service.update(
                med.id, v.name, v.drug, v.strength, v.unit, v.doses_per_day, v.schedule, v.note
            )
            if v.started_on != med.started_on:
                self.service.set_started_on(med.id, v.started_on)

        return self._open(MedicationDialog(save, med, parent=self, today=self.service.today()))

    def stop_selected(self) -> QMessageBox | None:
        """Ask first, then mark the chosen medicine as no longer taken (it stays in the history)."""
        med = self.selected()
        if med is None:
            show_error(self.error, "Choose a medicine in the list first.")
            return None
        show_error(self.error, "")
        return confirm(
            self,
            "No longer taking it",
            f"Mark {med.name} as a medicine you no longer take?",
            "No longer taking it",
            lambda: self.service.stop(med.id),
            keep_text="Keep it",
            detail="It leaves your daily total and stays in your history "
            "(tick “Show medicines I no longer take” to see it).",
        )
