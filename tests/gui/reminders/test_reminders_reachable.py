"""Reminders and quiet hours are one click from the main window (issue 13), and Settings points there
instead of opening a window four levels deep."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from coach.services.context import AppContext
from coach.ui.main_window import MainWindow
from coach.ui.settings_dialog import SettingsDialog


def _window(qtbot: Any, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_reminders_and_quiet_hours_are_one_click_away(qtbot: Any, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    row = next(r for r in range(window.nav_list.count()) if window.nav_list.item(r).text() == "Reminders")
    assert not window.nav_list.item(row).isHidden()
    rect = window.nav_list.visualItemRect(window.nav_list.item(row))
    qtbot.mouseClick(window.nav_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_key() == "reminders"
    page = window.findChild(QWidget, "remindersPage") or window.findChild(QWidget, "page_reminders")
    assert page is not None
    quiet = [w for w in window.findChildren(QWidget) if "quiet" in w.objectName().lower() and w.isVisible()]
    assert quiet, "quiet hours are on the Reminders page"


def test_settings_sends_you_to_the_reminders_page(qtbot: Any, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    dialog = SettingsDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.open()
    button = dialog.findChild(QPushButton, "settingsReminders")
    assert button.text() == "Reminders and quiet hours…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.current_key() == "reminders"
