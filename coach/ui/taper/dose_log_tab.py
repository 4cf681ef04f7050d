"""The Dose log tab of the Taper page: log each dose as it is taken (scheduled or as needed, with its time),
the last 7 days of the log, and today's MME taken."""

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.wording import clock_text, day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.ui.changes import follow_changes
from coach.ui.widgets.common import FlowLayout, button, named, text_label
from coach.ui.widgets.confirm import confirm
from coach.ui.widgets.forms import (
    clear_error_on_change,
    combo,
    error_label,
    line_edit,
    number_edit,
    show_error,
    shrink_to_fit,
)


class DoseLogTab(QWidget):
    """Log each dose as it is taken: scheduled or as needed, with its time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = MedicationService(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label("Log a dose when you take it. Your log is your own record to share if you wish.")
        )
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.medicine = shrink_to_fit(combo("doseMedication", "Medicine", ()), 12)
        self.amount = number_edit("doseAmount", "Amount taken")
        self.as_needed = QCheckBox("As needed (not a scheduled dose)")
        named(self.as_needed, "doseAsNeeded", "As needed, not a scheduled dose")
        self.when = QDateTimeEdit()
        named(self.when, "doseTime", "When you took it")
        self.when.setDisplayFormat("d MMM yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.note = line_edit("doseNote", "Note", "optional")
        form.addRow("Medicine", self.medicine)
        form.addRow("Amount", self.amount)
        form.addRow("", self.as_needed)
        form.addRow("Taken at", self.when)
        form.addRow("Note", self.note)
        layout.addLayout(form)
        row = FlowLayout()
        self.log_button = button("Log this dose", "logDose", role="primary")
        self.log_button.clicked.connect(self.log_dose)
        self.now_button = button("Set time to now", "doseTimeNow")
        self.now_button.clicked.connect(self._set_now)
        row.addWidget(self.log_button)
        row.addWidget(self.now_button)
        layout.addLayout(row)
        self.error = error_label("doseError")
        layout.addWidget(self.error)
        clear_error_on_change(self.error, self.medicine, self.amount, self.when, self.as_needed, self.note)
        self.today_total = text_label("", role="subtitle", object_name="doseTodayMme")
        layout.addWidget(self.today_total)
        self.recent = QListWidget()
        named(self.recent, "doseList", "Doses logged in the last 7 days")
        self.recent.setWordWrap(True)  # long lines wrap: the list never scrolls sideways
        layout.addWidget(self.recent, 1)
        self.remove_button = button("Remove the selected entry", "deleteDose")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)  # until an entry is chosen
        self.recent.currentItemChanged.connect(self._update_buttons)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.medicine.currentIndexChanged.connect(self._medicine_chosen)
        follow_changes(self, ctx.bus, {Topic.MEDICATIONS}, self.refresh)
        # "Taken at" follows the clock until the person sets a time themselves: a window left open all day
        # must not stamp every dose with the moment it was opened.
        self.time_set_by_hand = False
        self.when.dateTimeChanged.connect(self._time_edited)
        self._set_now()
        self.refresh()

    def _time_edited(self, *_: object) -> None:
        self.time_set_by_hand = True

    def _set_now(self) -> None:
        local = self.ctx.clock.now().astimezone(self.ctx.clock.local_zone())
        self.when.blockSignals(True)
        self.when.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        self.when.blockSignals(False)
        self.time_set_by_hand = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.time_set_by_hand:
            self._set_now()

    def _chosen_time(self) -> datetime:
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(
            d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.ctx.clock.local_zone()
        )

    def refresh(self) -> None:
        chosen = self.medicine.currentData()
        self.medicine.blockSignals(True)
        self.medicine.clear()
        for med in self.service.all(active_only=True):
            self.medicine.addItem(med.describe(), med.id)
        index = self.medicine.findData(chosen)
        self.medicine.setCurrentIndex(index if index >= 0 else 0)
        self.medicine.blockSignals(False)
        has_meds = self.medicine.count() > 0
        self.log_button.setEnabled(has_meds)
        if not has_meds:
            show_error(self.error, "Add a medicine on the Medicines tab first.")
        elif self.error.text().startswith("Add a medicine"):
            show_error(self.error, "")
        self._medicine_chosen()
        self.recent.clear()
        zone = self.ctx.clock.local_zone()
        today = self.service.today()
        for event in self.service.recent_doses(7):
            kind = "as needed" if event.kind == "as_needed" else "scheduled"
            when = event.taken_at.astimezone(zone)
            item = QListWidgetItem(
                f"{day_text(when.date(), today)} {clock_text(when)}   "
                f"{event.medication_name} {event.amount:g} {event.unit} ({kind})"
            )
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            self.recent.addItem(item)
        self._update_buttons()
        today = self.service.today()
        self.today_total.setText(
            f"Logged today: {self.service.taken_mme_on(today):g} MME (the doses logged, plus any patch you "
            "wear at its listed rate)"
        )

    def _update_buttons(self, *_: object) -> None:
        self.remove_button.setEnabled(self.recent.currentItem() is not None)

    def _medicine_chosen(self) -> None:
        med_id = self.medicine.currentData()
        if med_id is None:
            return
        med = self.service.get(int(med_id))
        self.amount.setSuffix(f" {med.unit}")
        self.amount.setValue(med.strength or 0.0)

    def log_dose(self) -> None:
        med_id = self.medicine.currentData()
        if med_id is None:
            show_error(self.error, "Add a medicine on the Medicines tab first.")
            return
        try:
            self.service.log_dose(
                int(med_id),
                self.amount.value() or None,
                "as_needed" if self.as_needed.isChecked() else "scheduled",
                self._chosen_time() if self.time_set_by_hand else None,  # None: now, to the second
                self.note.text(),
            )
        except CoachError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.note.clear()
        self.as_needed.setChecked(False)
        self._set_now()

    def remove_selected(self) -> QMessageBox | None:
        """Ask first, then remove the chosen entry from the dose log."""
        item = self.recent.currentItem()
        if item is None:
            return None
        dose_id = int(item.data(Qt.ItemDataRole.UserRole))
        return confirm(
            self,
            "Remove the entry",
            f"Remove “{item.text().strip()}” from your dose log?",
            "Remove the entry",
            lambda: self.service.delete_dose(dose_id),
            keep_text="Keep it",
        )
