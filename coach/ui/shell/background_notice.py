"""Saying, the first time the window is closed, that the app keeps running so reminders can come, and how
to quit: a tray balloon, else a desktop notification with Open and Quit, else a small window of our own."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from coach.services.reminders.notifier import OPEN, QUIT, Notifier
from coach.ui.main_window import APP_TITLE

BACKGROUND_TITLE = "Pain Recovery Coach is still running"
BACKGROUND_TEXT = (
    "It keeps running in the background so your reminders can come. "
    "To quit, choose Quit in the app (Ctrl+Q) or here."
)
TRAY_TEXT = (
    "It keeps running in the tray so your reminders can come. To quit, choose Quit in the tray menu or in "
    "the app (Ctrl+Q)."
)


def tell_still_running(
    tray: QSystemTrayIcon | None,
    notifier: Notifier | None,
    on_open: Callable[[], None],
    on_quit: Callable[[], None],
) -> QMessageBox | None:
    """Say the app is still running, by the first way the desktop has (tray, notification, own window).
    Returns the window of our own when that was the way (not modal: reminders keep coming), else None."""
    if tray is not None:
        tray.showMessage(BACKGROUND_TITLE, TRAY_TEXT, QSystemTrayIcon.MessageIcon.Information, 15_000)
        return None

    def action(key: str) -> None:
        if key == QUIT:
            on_quit()
        elif key == OPEN:
            on_open()

    if notifier is not None and notifier.notify(
        BACKGROUND_TITLE, BACKGROUND_TEXT, [(OPEN, "Open"), (QUIT, "Quit")], action
    ):
        return None
    box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, BACKGROUND_TITLE)
    box.setObjectName("backgroundNotice")
    box.setInformativeText(BACKGROUND_TEXT.replace(" or here", " or with the button below"))
    keep = box.addButton("Keep running", QMessageBox.ButtonRole.AcceptRole)
    keep.setObjectName("backgroundKeepRunning")
    quit_button = box.addButton("Quit now", QMessageBox.ButtonRole.DestructiveRole)
    quit_button.setObjectName("backgroundQuit")
    quit_button.clicked.connect(on_quit)
    from PySide6.QtCore import Qt  # not at import: the Qt namespace takes ~20 ms to build

    box.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
    box.open()
    return box
