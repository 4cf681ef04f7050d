"""A reminder never covers Help now (issue 13 trial): with a reminder showing, F1 brought Help now up in the
main window behind the reminder, which stayed on top even after clicking the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coach.domain.reminder_messages import Notification
from coach.services.context import AppContext
from coach.ui.main_window import MainWindow
from coach.ui.reminders.window import ReminderWindow


def test_f1_with_a_reminder_showing_brings_help_now_to_the_front(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reminder = ReminderWindow()
    qtbot.addWidget(reminder)
    reminder.present(Notification("Time for your practice", "Body scan, about 10 minutes.", ()))
    reminder.activateWindow()  # e.g. the person clicked it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is reminder, timeout=2000)

    window.go("help")  # what F1, the pinned Help now button and Ctrl+number all do

    assert window.current_key() == "help"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert window.isActiveWindow()
    # The reminder cannot float over the main window again once it is clicked.
    assert not reminder.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert reminder.isVisible()  # still there to answer afterwards
