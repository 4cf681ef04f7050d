"""The tray icon and its menu: open the window, start today's practice, Help now, Quit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from coach.ui.main_window import APP_TITLE
from coach.ui.shell.icons import app_icon


def make_tray(
    app: QApplication,
    show_window: Callable[[], None],
    go: Callable[[str], None],
    quit_app: Callable[[], None],
) -> tuple[QSystemTrayIcon, QMenu]:
    """A shown tray icon whose menu opens the window (`show_window`), a page of it (`go(key)`: Today,
    Help now) or quits (`quit_app`); a click on the icon opens the window. Keep the menu alive with it."""
    tray = QSystemTrayIcon(app_icon(), app)
    tray.setToolTip(APP_TITLE)
    menu = QMenu()
    for text, slot in (
        ("Open Pain Recovery Coach", show_window),
        ("Start today's practice", lambda: go("today")),
        ("Help now", lambda: go("help")),
    ):
        action = QAction(text, menu)
        action.triggered.connect(slot)
        menu.addAction(action)
    menu.addSeparator()
    quit_action = QAction("Quit", menu)
    quit_action.triggered.connect(quit_app)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)
    tray.activated.connect(
        lambda reason: show_window() if reason == QSystemTrayIcon.ActivationReason.Trigger else None
    )
    tray.show()
    return tray, menu
