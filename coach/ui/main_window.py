"""The main window: left navigation, pages built on first visit, Help now always one click away."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.settings import CLOSE_TO_TRAY, WINDOW_GEOMETRY
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.profiles.preferences import remember_window
from coach.ui.navigation import PAGES, Page, home_key
from coach.ui.widgets.common import button

APP_TITLE = "Pain Recovery Coach"


class MainWindow(QMainWindow):
    """Implements Navigator for the pages. Pages are created lazily so start-up stays fast."""

    pageShown = Signal(str)
    # Closing hid the window and the app keeps running (reminders go on); the app may say so once.
    closeToTrayRequested = Signal()
    # "Quit" (the button, Ctrl+Q, or closing when the person chose not to keep running): really quit.
    quitRequested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(720, 520))
        # Set by the app: closing the window hides it and reminders keep coming (tray or not).
        self.keep_running_in_background = False
        self._pages: dict[str, QWidget] = {}

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)

        side = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(210)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 8)
        self.nav_list = QListWidget()
        self.nav_list.setObjectName("navigation")
        self.nav_list.setAccessibleName("Sections")
        self.nav_list.setIconSize(QSize(20, 20))
        # Row i is PAGES[i]. (Keys are not stored as item data: Qt.ItemDataRole would build the whole Qt
        # namespace's enums, ~15 ms, before the first window.)
        for page in PAGES:
            item = QListWidgetItem(self._icon(page), page.label)
            item.setToolTip(page.label)
            self.nav_list.addItem(item)
        side_layout.addWidget(self.nav_list, 1)
        self.settings_button = button("Settings…", "openSettings", "Open settings")
        self.settings_button.clicked.connect(self.open_settings)
        side_layout.addWidget(self.settings_button)
        self.quit_button = button("Quit", "quitApp", "Quit Pain Recovery Coach")
        self.quit_button.setToolTip("Close the app and stop reminders until you open it again (Ctrl+Q)")
        self.quit_button.clicked.connect(self.quitRequested.emit)
        side_layout.addWidget(self.quit_button)
        row.addWidget(side)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        from coach.ui.exchange.program_notice import ExchangeNotice

        self.exchange_notice = ExchangeNotice(ctx)  # a program from the coach to review, above every page
        main.addWidget(self.exchange_notice)
        main.addWidget(self.stack, 1)
        row.addLayout(main, 1)
        self.setCentralWidget(central)

        self.nav_list.currentRowChanged.connect(self._row_changed)
        self._add_shortcuts()
        self.apply_profile_visibility()
        ctx.bus.subscribe(self._on_change)
        self.go(home_key(ctx.store.profile().kind))

    # --- Navigator -------------------------------------------------------------------------------
    def go(self, key: str, **kwargs: Any) -> None:
        row = self._row_of(key)
        if row < 0:
            raise KeyError(key)
        kind = self.ctx.store.profile().kind
        if not PAGES[row].shown_to(kind):
            row = self._row_of(home_key(kind))  # a coach has no Today; a patient no caseload
            key = PAGES[row].key
        item = self.nav_list.item(row)
        if item.isHidden():
            item.setHidden(False)  # e.g. Taper asked for explicitly
        self._pending_kwargs = kwargs
        if self.nav_list.currentRow() == row:
            self._show(key)
        else:
            self.nav_list.setCurrentRow(row)

    def start_exercise(self, exercise_id: str) -> None:
        self.go("practice", exercise_id=exercise_id)

    def current_key(self) -> str:
        row = self.nav_list.currentRow()
        return PAGES[row].key if row >= 0 else ""

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, creating it on first use."""
        if key not in self._pages:
            spec = next(p for p in PAGES if p.key == key)
            module = importlib.import_module(spec.module)
            if spec.module.endswith(".placeholder"):
                widget = module.create_page(self.ctx, self, key=key)
            else:
                widget = module.create_page(self.ctx, self)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    # --- internals -------------------------------------------------------------------------------
    def _icon(self, page: Page) -> Any:
        pixmap = getattr(QStyle.StandardPixmap, page.icon, QStyle.StandardPixmap.SP_FileIcon)
        return self.style().standardIcon(pixmap)

    def _row_of(self, key: str) -> int:
        return next((row for row, page in enumerate(PAGES) if page.key == key), -1)

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self._show(PAGES[row].key)

    def _show(self, key: str) -> None:
        kwargs = getattr(self, "_pending_kwargs", {})
        self._pending_kwargs = {}
        try:
            widget = self.page(key)
        except CoachError as exc:
            QMessageBox.warning(self, APP_TITLE, str(exc))
            return
        self.stack.setCurrentWidget(widget)
        on_navigate = getattr(widget, "on_navigate", None)
        if callable(on_navigate):
            try:
                on_navigate(**kwargs)
            except CoachError as exc:
                QMessageBox.warning(self, APP_TITLE, str(exc))
        self.pageShown.emit(key)

    def _add_shortcuts(self) -> None:
        # Ctrl+1, Ctrl+2... count the pages this kind of profile has, so a patient's keys stay as they were
        # and a coach's Ctrl+1 is the caseload.
        kind = self.ctx.store.profile().kind
        for index, page in enumerate((p for p in PAGES if p.shown_to(kind)), start=1):
            self._add_action(
                page.label, [QKeySequence.fromString(f"Ctrl+{index}")], partial(self.go, page.key)
            )
        self._add_action("Help now", [QKeySequence.fromString("F1")], lambda: self.go("help"))
        preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self._add_action("Settings", preferences, self.open_settings)
        self._add_action("Quit", [QKeySequence.fromString("Ctrl+Q")], self.quitRequested.emit)

    def _add_action(self, text: str, keys: list[QKeySequence], slot: Callable[[], object]) -> None:
        action = QAction(text, self)
        # setShortcuts(list), not setShortcut(): resolving setShortcut's overloads builds every enum of the Qt
        # namespace (~15 ms) before the first window.
        action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)

    def apply_profile_visibility(self) -> None:
        profile = self.ctx.store.profile()
        for page in PAGES:
            hidden = not page.shown_to(profile.kind) or (page.needs_opioids and not profile.takes_opioids)
            self.nav_list.item(self._row_of(page.key)).setHidden(hidden)
        current = next((p for p in PAGES if p.key == self.current_key()), None)
        if current is not None and self.nav_list.item(self._row_of(current.key)).isHidden():
            self.go(home_key(profile.kind))

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(Topic.PROFILE):
            self.apply_profile_visibility()

    def open_settings(self) -> None:
        from coach.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    # --- geometry --------------------------------------------------------------------------------
    def restore_geometry_setting(self) -> None:
        saved = self.ctx.store.setting(WINDOW_GEOMETRY)
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
        else:
            self.resize(1100, 760)

    def save_geometry_setting(self) -> None:
        data = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        remember_window(self.ctx, data)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry_setting()
        if self.keep_running_in_background and self.ctx.store.setting(CLOSE_TO_TRAY):
            event.ignore()
            self.hide()
            self.closeToTrayRequested.emit()
            return
        event.accept()
        self.quitRequested.emit()
