"""The Reminders page of the main window: the reminders with their next times (add, change, pause), quiet
hours, and the history of what happened to each reminder (shown, started, snoozed, skipped, missed)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.reminders.service import HistoryEntry, ReminderService
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.reminders.dialog import INTRO, RemindersPanel
from coach.ui.widgets.common import named, scroll_page, text_label, title

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

        box = QGroupBox("What happened to your reminders")
        box.setObjectName("reminderHistoryBox")
        inner = QVBoxLayout(box)
        self.history = QTableWidget(0, 3)
        named(self.history, "reminderHistory", "Reminder history")
        self.history.setHorizontalHeaderLabels(["When", "Reminder", "What happened"])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setMinimumHeight(220)
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

    def refresh_history(self) -> None:
        entries: list[HistoryEntry] = self.service.history(HISTORY_ROWS)
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for col, text in enumerate((entry.when, entry.what, entry.outcome)):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnToContents(0)
        self.history.resizeColumnToContents(2)
        self.history.setVisible(bool(entries))
        self.empty_history.setVisible(not entries)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return RemindersPage(ctx, nav)
