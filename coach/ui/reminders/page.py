"""The Reminders page of the main window: the reminders with their next times (add, change, pause), quiet
hours, and the history of what happened to each reminder (shown, started, snoozed, skipped, missed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.reminders.calendar import CalendarExport
from coach.services.reminders.history import HistoryEntry
from coach.services.reminders.service import ReminderService
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.reminders.dialog import INTRO, RemindersPanel
from coach.ui.reminders.tables import fit_rows, wrapping_columns
from coach.ui.widgets.common import button, named, scroll_page, text_label, title

HISTORY_ROWS = 50


class RemindersPage(QScrollArea):
    def __init__(self, ctx: AppContext, nav: Navigator | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.service = ReminderService(ctx)
        layout = scroll_page(self, "remindersPage")
        layout.addWidget(title("Reminders", "remindersTitle"))
        layout.addWidget(text_label(INTRO, object_name="remindersIntro"))
        self.panel = RemindersPanel(ctx, self)
        layout.addWidget(self.panel)
        row = QHBoxLayout()
        self.calendar_button = button(
            "Add to my calendar…", "reminderCalendarExport", "Save reminders as a calendar file"
        )
        self.calendar_button.setToolTip(
            "Save your reminders, taper steps and check-in weeks as an .ics file for a phone or calendar app"
        )
        self.calendar_button.clicked.connect(self._ask_calendar_file)
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        layout.addLayout(row)

        box = QGroupBox("What happened to your reminders")
        box.setObjectName("reminderHistoryBox")
        inner = QVBoxLayout(box)
        # Two columns that share the width: which reminder (when it was due, then its name) and every step
        # of it in order, one a line; both wrap, so a small screen at large text never scrolls sideways.
        self.history = QTableWidget(0, 2)
        named(self.history, "reminderHistory", "Reminder history")
        self.history.setHorizontalHeaderLabels(["Reminder", "What happened"])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        # Each firing's steps one per line; the reminder's name and the steps wrap on a narrow screen.
        wrapping_columns(self.history, fitted=(), wrapped=(0, 1))
        self.history.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # rows are tall
        self.history.setMinimumHeight(max(220, 12 * self.history.fontMetrics().lineSpacing()))
        self.empty_history = text_label(
            "Nothing yet: reminders you get, snooze, skip or miss will be listed here.",
            role="muted",
            object_name="reminderHistoryEmpty",
        )
        inner.addWidget(self.empty_history)
        inner.addWidget(self.history)
        layout.addWidget(box)
        layout.addStretch(1)
        follow_changes(self, ctx.bus, (Topic.REMINDERS, Topic.ALL), self.refresh_history)
        self.refresh_history()

    def _ask_calendar_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save reminders as a calendar", str(Path.home() / "reminders.ics"), "Calendar (*.ics)"
        )
        if path:
            self.export_calendar(Path(path))

    def export_calendar(self, out: Path) -> Path | None:
        """Write the calendar file; says where it went, or in one sentence why it could not."""
        try:
            written = CalendarExport(self.service).write(out)
        except (CoachError, OSError) as exc:
            QMessageBox.warning(self, "Calendar", f"The calendar could not be saved: {exc}")
            return None
        QMessageBox.information(
            self, "Calendar", f"Saved {written.name}. Open it with your calendar app to add your reminders."
        )
        return written

    def refresh_history(self) -> None:
        """One row per reminder, newest first; "What happened" lists every step in order with its local
        time (shown, snoozed, shown again, started), so a later step never hides an earlier one."""
        entries: list[HistoryEntry] = self.service.history(HISTORY_ROWS)
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            steps = "\n".join(entry.step_lines()) or entry.outcome
            for col, text in enumerate((f"{entry.when}\n{entry.what}", steps)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                item.setToolTip(f"{entry.what}, due {entry.when}: {entry.outcome.lower()}")
                self.history.setItem(row, col, item)
        fit_rows(self.history)
        self.history.setVisible(bool(entries))
        self.empty_history.setVisible(not entries)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return RemindersPage(ctx, nav)
