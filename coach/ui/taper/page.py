"""The Taper page: medicines, the dose log, the plan agreed with the prescriber, its timeline, and Learn.

The page records and explains; it never proposes a dose. Plan, timeline and Learn live in their own modules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.domain.wording import clock_text, day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import Medication, MedicationService
from coach.ui.changes import follow_changes
from coach.ui.learn.education_view import EducationView
from coach.ui.navigation import Navigator
from coach.ui.taper.medication_dialog import MedicationDialog, MedicationValues
from coach.ui.taper.plan import PlanTab
from coach.ui.taper.timeline import TimelineTab
from coach.ui.widgets.common import FlowLayout, button, named, shown_as_typed, text_label, title
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
from coach.ui.widgets.safety_cards import SafetyCardList

TABS: tuple[str, ...] = ("medicines", "doses", "plan", "timeline", "learn")


class MedicinesTab(QWidget):
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


class TaperPage(QWidget):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName("page_taper")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Taper"))
        layout.addWidget(
            text_label(
                "What you and your prescriber agreed, and your own evidence along the way. "
                "A coaching tool, not medical advice: dose changes are always agreed with your prescriber.",
                role="muted",
            )
        )
        # Steps fold behind "What to do" here, so the tabs keep their room on a small screen.
        self.safety = SafetyCardList(lambda: self.nav.go("help"), folded=True, object_name="taperSafety")
        self.safety.layout_.setSpacing(6)
        layout.addWidget(self.safety)
        self.tabs = QTabWidget()
        named(self.tabs, "taperTabs", "Taper sections")
        self.medicines = MedicinesTab(ctx)
        self.doses = DoseLogTab(ctx)
        self.plan = PlanTab(ctx)
        self.timeline = TimelineTab(ctx)
        self.learn = EducationView(ctx, open_lesson=lambda lesson: nav.go("learn", lesson=lesson))
        for widget, label in (
            (self.medicines, "Medicines"),
            (self.doses, "Dose log"),
            (self.plan, "Plan"),
            (self.timeline, "Timeline"),
            (self.learn, "Learn: medicine and pain"),
        ):
            tab = self.tabs.addTab(_scrolling(widget), label)  # scrolls on a small screen, never squeezed
            if widget is self.learn:  # the clinical terms, for those who want them
                self.tabs.setTabToolTip(
                    tab,
                    "Tolerance, or opioid-induced hyperalgesia (OIH): when the medicine itself turns pain up",
                )
        layout.addWidget(self.tabs, 1)
        follow_changes(
            self,
            ctx.bus,
            (Topic.MEDICATIONS, Topic.TAPER, Topic.CHECKINS, Topic.PROFILE),
            self.refresh_safety,
        )
        self.refresh_safety()

    def refresh_safety(self) -> None:
        """Show the overdose-risk and treatment cards that apply today."""
        from coach.services.safety.notices import safety_cards

        try:
            cards = safety_cards(self.ctx)
        except CoachError:
            cards = []  # a damaged content file must not take the page down; Help now has the essentials
        self.safety.show_cards(cards)

    def show_tab(self, key: str) -> None:
        if key in TABS:
            self.tabs.setCurrentIndex(TABS.index(key))

    def on_navigate(self, **kwargs: Any) -> None:
        tab = kwargs.get("tab")
        if isinstance(tab, str):
            self.show_tab(tab)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return TaperPage(ctx, nav)


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{inner.objectName() or 'taperTab'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    return area
