"""The main window: left navigation, pages built on first visit, Help now always one click away."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.settings import CLOSE_TO_TRAY, TEXT_SCALE, WINDOW_GEOMETRY
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.profiles.preferences import remember_window
from coach.ui.navigation import PAGES, home_key
from coach.ui.shell.icons import HELP_NOW_ICON, QUIT_ICON, SETTINGS_ICON, icon_px, line_icon
from coach.ui.theme import BASE_POINT_SIZE, current_palette, tinted_icon
from coach.ui.widgets.common import button

APP_TITLE = "Pain Recovery Coach"
DEFAULT_SIZE = QSize(1100, 760)
# Room kept for the window manager's title bar and frame, which Qt cannot measure before the first show.
FRAME_ALLOWANCE = QSize(16, 40)
HELP_KEY = "help"  # shown by the pinned Help now button, never by a row of the scrolling list


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
        self.opens_maximised = False  # set by restore_geometry_setting for the first show

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)

        side = QWidget()
        side.setObjectName("sidebar")
        self.sidebar = side
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 8)
        self.nav_list = QListWidget()
        self.nav_list.setObjectName("navigation")
        self.nav_list.setAccessibleName("Sections")
        self.nav_list.setIconSize(icon_px(ctx.store.setting(TEXT_SCALE)))
        # Row i is PAGES[i]. (Keys are not stored as item data: Qt.ItemDataRole would build the whole Qt
        # namespace's enums, ~15 ms, before the first window.)
        for page in PAGES:
            item = QListWidgetItem(page.label)
            item.setToolTip(page.label)
            self.nav_list.addItem(item)
        side_layout.addWidget(self.nav_list, 1)
        # Help now is pinned below the list, outside its scrolling: with large text on a small screen the
        # list scrolls and a crisis entry at its end would be out of sight. Its list row stays (hidden) so
        # rows still follow PAGES, and Ctrl+number and F1 reach it as before.
        self.help_now_button = button("Help now", "helpNowNav", "Help now", role="help")
        self.help_now_button.setToolTip("Crisis lines and what to do now (F1)")
        self.help_now_button.setCheckable(True)
        self.help_now_button.clicked.connect(lambda _checked=False: self.go("help"))
        side_layout.addWidget(self.help_now_button)
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

        self.tint_icons()
        self.fit_sidebar()
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
        if item.isHidden() and key != HELP_KEY:
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
    def fit_sidebar(self) -> None:
        """Make the navigation column as wide as its longest label at the chosen text size (at least
        210 px), so no section name is cut and the column never scrolls sideways."""
        scale = self.ctx.store.setting(TEXT_SCALE)
        font = QFont(self.font())
        font.setPointSizeF(BASE_POINT_SIZE * scale / 100.0)
        metrics = QFontMetrics(font)
        labels = max(metrics.horizontalAdvance(page.label) for page in PAGES)
        # icon + its gap, the row's padding (12 px a side), the list's padding (8 px a side), a scroll bar
        nav = labels + self.nav_list.iconSize().width() + 8 + 24 + 16 + 14 + 16  # and the item's own margins
        buttons = max(
            metrics.horizontalAdvance(b.text()) + 40 + (b.iconSize().width() + 8) * (not b.icon().isNull())
            for b in (self.help_now_button, self.settings_button, self.quit_button)
        )
        self.sidebar.setFixedWidth(max(210, nav, buttons))

    def tint_icons(self) -> None:
        """Draw the navigation's and the sidebar buttons' icons in the theme's colours (text; accent text
        on the chosen row; Help now in its own colour), as large as the text size asks."""
        colours = current_palette(self.ctx)
        size = icon_px(self.ctx.store.setting(TEXT_SCALE))
        self.nav_list.setIconSize(size)
        for row, page in enumerate(PAGES):
            self.nav_list.item(row).setIcon(
                tinted_icon(line_icon(page.icon), size, colours.text, colours.accent_text)
            )
        for widget, name, colour in (
            (self.help_now_button, HELP_NOW_ICON, colours.help),
            (self.settings_button, SETTINGS_ICON, colours.text),
            (self.quit_button, QUIT_ICON, colours.text),
        ):
            widget.setIconSize(size)
            widget.setIcon(tinted_icon(line_icon(name), size, colour, colour))

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
        self.help_now_button.setChecked(key == HELP_KEY)
        if key == HELP_KEY:
            self._bring_to_front()
        on_navigate = getattr(widget, "on_navigate", None)
        if callable(on_navigate):
            try:
                on_navigate(**kwargs)
            except CoachError as exc:
                QMessageBox.warning(self, APP_TITLE, str(exc))
        self.pageShown.emit(key)

    def _bring_to_front(self) -> None:
        """Put the window, showing Help now, above the app's other windows (a reminder pop-up) and give
        it the focus: crisis help must never open behind something. A modal dialog is left in front,
        since it shows its own Help now and the window could not be used under it anyway."""
        if not self.isVisible() or QApplication.activeModalWidget() is not None:
            return
        for other in QApplication.topLevelWidgets():
            if (
                other is not self
                and other.isVisible()
                and other.isWindow()
                and not isinstance(other, QDialog)
            ):
                other.lower()
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _add_shortcuts(self) -> None:
        # Ctrl+1, Ctrl+2... count the pages this kind of profile has, so a patient's keys stay as they were
        # and a coach's Ctrl+1 is the caseload.
        kind = self.ctx.store.profile().kind
        for index, page in enumerate((p for p in PAGES if p.shown_to(kind)), start=1):
            self._add_action(
                page.label, [QKeySequence.fromString(f"Ctrl+{index}")], partial(self.go, page.key)
            )
        self._add_action("Help now", [QKeySequence.fromString("F1")], lambda: self.go("help"))
        # Ctrl+, as in most desktop apps, plus the platform's own Preferences keys where it has them.
        preferences = [QKeySequence.fromString("Ctrl+,")]
        preferences += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) if k not in preferences
        ]
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
            hidden = (
                page.key == HELP_KEY
                or not page.shown_to(profile.kind)
                or (page.needs_opioids and not profile.takes_opioids)
            )
            self.nav_list.item(self._row_of(page.key)).setHidden(hidden)
        current = next((p for p in PAGES if p.key == self.current_key()), None)
        if current is not None and self.nav_list.item(self._row_of(current.key)).isHidden():
            self.go(home_key(profile.kind))

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(Topic.PROFILE):
            self.apply_profile_visibility()
        if changes.touches(Topic.SETTINGS):
            self.tint_icons()  # the theme may have changed
            self.fit_sidebar()  # and the text size

    def open_settings(self) -> None:
        from coach.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    # --- geometry --------------------------------------------------------------------------------
    def available_area(self) -> QRect:
        """The screen area the window may use (px): its screen's available geometry (no panels, docks)."""
        screen = self.screen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)

    def restore_geometry_setting(self, available: QRect | None = None) -> None:
        """Size and place the window for `available` (default: its screen's available area) before the
        first show: the size and position saved last time, pulled back onto the screen when that screen
        is gone or smaller now; maximised again if it was; else 1100x760 centred, or maximised when that
        does not fit. `opens_maximised` tells `show_fitted` which."""
        area = available if available is not None else self.available_area()
        saved = self.ctx.store.setting(WINDOW_GEOMETRY)
        restored = bool(saved) and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
        if restored:
            self.opens_maximised = self.isMaximized()
            self._pull_onto(area)
            return
        room = area.size() - FRAME_ALLOWANCE
        fits = DEFAULT_SIZE.width() <= room.width() and DEFAULT_SIZE.height() <= room.height()
        self.opens_maximised = not fits
        size = DEFAULT_SIZE.boundedTo(room)
        self.resize(size)
        self.move(area.center() - QRect(0, 0, size.width(), size.height()).center())

    def _pull_onto(self, area: QRect) -> None:
        """Never leave the window (or its title bar) off-screen: shrink it to the area and move it in."""
        room = area.size() - FRAME_ALLOWANCE
        size = self.size().boundedTo(room).expandedTo(self.minimumSize().boundedTo(room))
        if size != self.size():
            self.resize(size)
        x = min(max(self.x(), area.left()), area.right() + 1 - size.width() - FRAME_ALLOWANCE.width())
        y = min(max(self.y(), area.top()), area.bottom() + 1 - size.height() - FRAME_ALLOWANCE.height())
        self.move(max(x, area.left()), max(y, area.top()))

    def show_fitted(self) -> None:
        """Show the window the first time as `restore_geometry_setting` decided (maximised or not)."""
        if getattr(self, "opens_maximised", False) and not self.isVisible():
            self.showMaximized()
        else:
            self.show()

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
