"""The one module that wires the app: Qt application, profile, theme, main window, tray, desktop
notifications, reminders, and what closing the window and quitting do. The parts it wires live in
coach/ui/shell (start-up, icons, tray, the still-running notice) and coach/ui/profiles (which profile to
open, passcode changes and the restart after one)."""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from coach.domain.errors import CoachError
from coach.domain.settings import SYSTEM_DARK, TEXT_SCALE, THEME
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.data.outside_writes import POLL_INTERVAL_MS, OutsideWrites
from coach.services.profiles.preferences import remember_background_notice, remember_system_dark
from coach.services.reminders.notifier import Notifier
from coach.storage.lock import ProfileBusyError, ProfileLock
from coach.storage.paths import ProfilePaths
from coach.ui.gui_gc import collect_on_gui_thread
from coach.ui.main_window import APP_TITLE, MainWindow
from coach.ui.profiles.opening import profile_to_open
from coach.ui.profiles.passcode_host import (
    PasscodeOutcome,
    register_host,
    reopen_converted,
    restart_command,
    start_detached,
)
from coach.ui.shell.background_notice import tell_still_running
from coach.ui.shell.startup import (
    BACKGROUND_DELAY_MS,
    WARM_UP_DELAY_MS,
    WARM_UP_STEPS,
    ensure_qapplication,
    use_system_formats,
)
from coach.ui.shell.tray import make_tray
from coach.ui.tasks import run_steps
from coach.ui.tasks import shutdown as stop_background_work
from coach.ui.theme import apply_theme, assume_system_dark, system_prefers_dark

if TYPE_CHECKING:
    from coach.ui.exchange.watcher import ExchangeWatcher
    from coach.ui.reminders.controller import ReminderController  # loaded after the first window
    from coach.ui.single_instance import InstanceServer
    from coach.ui.widgets.help_now import DialogHelp

# Names other modules and tests import from the wiring module.
__all__ = [
    "WARM_UP_DELAY_MS",
    "CoachApp",
    "ensure_qapplication",
    "restart_command",
    "run_app",
    "use_system_formats",
]

# At quit, running work is cancelled; this long is waited for it (a voice that is loading cannot stop).
QUIT_WAIT_S = 3.0
PROFILE_BUSY = (
    "This profile is being changed by another program (a restore or an import from the command line). "
    "Try again in a moment."
)


class CoachApp:
    """Owns the long-lived Qt objects of one running profile; tests build it offscreen too."""

    def __init__(
        self,
        ctx: AppContext,
        app: QApplication,
        with_tray: bool = True,
        notifier: Notifier | None = None,
        desktop_notifications: bool = True,
        lock: ProfileLock | None = None,
    ) -> None:
        self.ctx = ctx
        self.app = app
        # The profile lock run_app holds: let go while a passcode change converts the database.
        self.profile_lock = lock
        # Starts the app again on this profile (program, arguments) after a passcode change.
        self.launch: Callable[[str, list[str]], object] = start_detached
        self.collector = collect_on_gui_thread(app)  # before any worker thread runs Python
        # The first window uses the desktop's light/dark answer remembered from the last run (see theme.py).
        assume_system_dark(ctx.store.setting(SYSTEM_DARK))
        self._apply_theme()
        # Help now button and F1 in every dialog, installed as the first step after the window is up (or
        # before the first-run dialog): it needs the Qt and QEvent enums, which take ~50 ms to build.
        self.dialog_help: DialogHelp | None = None
        self.window = MainWindow(ctx)
        self.window.restore_geometry_setting()
        self.tray = self._make_tray() if with_tray and QSystemTrayIcon.isSystemTrayAvailable() else None
        self.window.keep_running_in_background = self.tray is not None  # run_app: always (keep_running)
        self.window.quitRequested.connect(self.quit)
        self._notifier = notifier
        self._look_for_notifier = notifier is None and desktop_notifications
        self.background_notice: QMessageBox | None = None  # the no-tray, no-notification fallback
        self.quitting = False
        self.reminders: ReminderController | None = None
        self.exchange: ExchangeWatcher | None = None  # started after the first window
        self.warmed_up = False  # True once the warm-up after start-up has finished
        self.greeting_kept = False  # the chooser's greeting is kept up to date once the window is up
        ctx.bus.subscribe(self._on_change)
        # A dose or check-in added from the command line while the window is open shows up here too.
        self.outside_writes = OutsideWrites(ctx)
        self.outside_poll = QTimer(self.window)
        self.outside_poll.setObjectName("outsideWritesPoll")
        self.outside_poll.setInterval(POLL_INTERVAL_MS)
        self.outside_poll.timeout.connect(self._check_outside_writes)
        self.outside_poll.start()
        register_host(ctx, self)  # Settings > Passcode… closes and re-opens the profile through us

    def change_passcode(self, new: str | None, current: str | None) -> PasscodeOutcome:
        """Set (`current` None), change or remove (`new` None) this profile's passcode from the running app.

        The conversion needs the profile closed: the window's state is saved, background work, reminders and
        the exchange folder stop, the store closes and the profile lock is let go; then the database and its
        backups are converted, and the profile is opened again in `ctx.store` with the key that now opens
        it (the new passcode, or on a failure whatever opens it - nothing is lost either way). The pages
        still hold the old store, so the caller restarts the app next (`restart_on_profile`)."""
        self.window.save_geometry_setting()
        self._stop_profile_work()
        return reopen_converted(self.ctx, self.profile_lock, new, current, PROFILE_BUSY)

    def _stop_profile_work(self) -> None:
        self.outside_poll.stop()
        stop_background_work(QUIT_WAIT_S)
        if self.reminders is not None:
            self.reminders.stop()
            self.reminders = None
        if self.exchange is not None:
            self.exchange.soon.stop()  # no scan while the files are converted; the restart starts afresh
            self.exchange.every.stop()
            self.exchange.close()

    def restart_on_profile(self) -> None:
        """Start the app again on this profile (it asks for the passcode, if it has one) and quit this one:
        every page is built afresh on the re-opened profile."""
        paths = self.ctx.paths
        if self.profile_lock is not None:
            self.profile_lock.release()  # the new process takes it; it must not find this one still in
        self.launch(*restart_command(paths.data_dir, paths.profile))
        self.quit()

    def install_dialog_help(self) -> None:
        """Give every dialog of the app a Help now button and F1 (once; the first background step)."""
        if self.dialog_help is None:
            from coach.ui.widgets.help_now import DialogHelp

            self.dialog_help = DialogHelp(self.ctx, self.app).install()

    def start_background_work(self) -> None:
        """Work that need not delay the first window: light/dark, reminders, the daily backup, then the
        warm-up. One step per turn of the event loop, so the window keeps answering clicks in between."""
        steps: list[Callable[[], object]] = [
            self.install_dialog_help,
            use_system_formats,
            self.follow_system_scheme,
            partial(importlib.import_module, "numpy"),  # sqlite-utils and the charts both import it
            lambda: self.ctx.store.db,  # imports sqlite-utils, which reminders and the backup use
            partial(
                importlib.import_module, "coach.ui.reminders.controller"
            ),  # APScheduler, in a step of its own
            self._start_reminders,
            self._remember_greeting,
            self._daily_backup,
            self._watch_exchange_folder,
            self._sync_milestones,
            self.warm_up,
        ]
        run_steps(steps)

    def _watch_exchange_folder(self) -> None:
        """Files that travel through the exchange folder: imported, written and noticed by themselves."""
        from coach.ui.exchange.watcher import ExchangeWatcher

        self.exchange = ExchangeWatcher(self.ctx, self.window)

    def warm_up(self, delay_ms: int = WARM_UP_DELAY_MS) -> None:
        # Only a head start: if a step fails, the page that needs it says what is wrong when opened.
        run_steps([*WARM_UP_STEPS, self._mark_warmed_up], ignore_failures=True, delay_ms=delay_ms)

    def _mark_warmed_up(self) -> None:
        self.warmed_up = True

    def _check_outside_writes(self) -> None:
        try:
            self.outside_writes.check()
        except sqlite3.ProgrammingError:  # the profile was closed (quitting): nothing left to follow
            self.outside_poll.stop()

    def _sync_milestones(self) -> None:
        from coach.services.taper.plans import TaperService

        TaperService(self.ctx).sync_active_milestones()

    def _daily_backup(self) -> None:
        from coach.storage.backup import daily_backup

        try:
            daily_backup(self.ctx.store.db, self.ctx.paths.backups_dir)
        except (CoachError, OSError) as exc:
            # A failed backup must not keep someone from their practice; say it once.
            print(f"coach: daily backup skipped: {exc}", file=sys.stderr)

    def follow_system_scheme(self) -> None:
        """Ask the desktop for light or dark now that the window is up, and follow it when it changes."""
        self._system_scheme_changed()
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(lambda _scheme: self._system_scheme_changed())

    def _system_scheme_changed(self) -> None:
        dark = system_prefers_dark()
        assume_system_dark(dark)
        remember_system_dark(self.ctx, dark)  # when it changed, its SETTINGS broadcast re-themes the app

    def _remember_greeting(self) -> None:
        """Keep the person's name, theme and text size where the profile chooser can read them."""
        from coach.services.profiles.greeting import remember_greeting

        remember_greeting(self.ctx)
        self.greeting_kept = True

    def _apply_theme(self) -> None:
        apply_theme(self.app, self.ctx.store.setting(THEME), self.ctx.store.setting(TEXT_SCALE))

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(Topic.SETTINGS):
            self._apply_theme()
        if self.greeting_kept and (changes.touches(Topic.SETTINGS) or changes.touches(Topic.PROFILE)):
            self._remember_greeting()  # a new nickname, theme or text size

    def _make_tray(self) -> QSystemTrayIcon:
        go = lambda key: self._show_and(lambda: self.window.go(key))  # noqa: E731
        tray, self._tray_menu = make_tray(self.app, self.show_window, go, self.quit)
        return tray

    @property
    def notifier(self) -> Notifier | None:
        """The desktop's notification service, looked for once (None: no session bus or no daemon)."""
        if self._look_for_notifier:
            self._look_for_notifier = False
            if sys.platform.startswith("linux"):
                from coach.ui.reminders.desktop import DesktopNotifier

                self._notifier = DesktopNotifier.open(parent=self.app)
        return self._notifier

    def _start_reminders(self) -> None:
        from coach.ui.reminders.controller import ReminderController

        self.reminders = ReminderController(
            self.ctx,
            self.tray,
            self._open_exercise,
            open_page=lambda key: self._show_and(lambda: self.window.go(key)),
            notifier=self.notifier,
        )
        self.reminders.start()

    def keep_running(self) -> None:
        """Closing the window hides it and reminders keep coming, with a tray or without one; the first
        time, say so and how to quit. (run_app turns this on; a test that builds the app may too.)"""
        self.window.keep_running_in_background = True
        self.window.closeToTrayRequested.connect(self._closed_to_background)

    def _closed_to_background(self) -> None:
        """The window was closed and the app keeps running: say so the first time, with how to quit."""
        if remember_background_notice(self.ctx):
            self.background_notice = tell_still_running(self.tray, self.notifier, self.show_window, self.quit)

    def _open_exercise(self, exercise_id: str | None) -> None:
        self.show_window()
        if exercise_id:
            self.window.start_exercise(exercise_id)
        else:
            self.window.go("practice")

    def _show_and(self, action: object) -> None:
        self.show_window()
        if callable(action):
            action()

    def present(self, in_tray: bool = False) -> None:
        """Show the window, unless asked to start quietly in the tray (at login) and there is a tray."""
        if not (in_tray and self.tray is not None):
            self.show_window()

    def show_window(self) -> None:
        """Bring the window to the front: shown, restored if minimised, raised and focused."""
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show_fitted()  # maximised the first time when it was, or when 1100x760 does not fit
        self.window.raise_()
        self.window.activateWindow()

    def ask_first_run(self) -> None:
        self.install_dialog_help()  # in case this runs before the queued install
        if not self.ctx.store.profile().onboarded:
            from coach.ui.profiles.first_run import FirstRunDialog

            FirstRunDialog(self.ctx, self.window).exec()

    def quit(self) -> None:
        """Really quit: from Quit in the app, the tray menu or a notification (reminders stop). Only once:
        the window closing on the way out asks again."""
        if self.quitting:
            return
        self.quitting = True
        self.outside_poll.stop()
        self.window.keep_running_in_background = False
        self.window.save_geometry_setting()
        stop_background_work(QUIT_WAIT_S)  # before the collector stops: workers may still run Python
        self.collector.stop()
        if self.reminders is not None:
            self.reminders.stop()
        if self.background_notice is not None:
            self.background_notice.hide()
            self.background_notice.deleteLater()
            self.background_notice = None
        close = getattr(self._notifier, "close", None)
        if callable(close):
            close()
        self._notifier = None
        if self.dialog_help is not None:
            self.dialog_help.remove()
        self.app.quit()


def run_app(data_dir: Path, profile: str, ask_profile: bool = True, in_tray: bool = False) -> int:
    """Run the window on a profile until the person quits; the exit code. `ask_profile` False: open
    `profile` (`--profile NAME`), asking only for its passcode; `in_tray`: start hidden (at login)."""
    app = ensure_qapplication()
    chosen = profile_to_open(data_dir, app, profile, ask_profile)
    if chosen is None:
        return 0
    profile = chosen
    paths = ProfilePaths(data_dir, profile)
    lock = ProfileLock(paths)
    try:
        lock.acquire()
    except ProfileBusyError:
        if in_tray:
            return 0  # started at login while already running: nothing to do
        # Already open: bring that window to the front rather than open a second one on the same file.
        from coach.ui.single_instance import ask_running_app_to_show, server_name

        if ask_running_app_to_show(server_name(paths)):
            return 0
        QMessageBox.information(None, APP_TITLE, PROFILE_BUSY)
        return 1
    try:
        return _run_locked(app, paths, in_tray, lock)
    finally:
        lock.release()


def _run_locked(app: QApplication, paths: ProfilePaths, in_tray: bool, lock: ProfileLock) -> int:
    try:
        ctx = AppContext.open(paths.data_dir, paths.profile)
    except CoachError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return 1
    coach_app = CoachApp(ctx, app, lock=lock)
    coach_app.keep_running()
    coach_app.present(in_tray)
    instances: list[InstanceServer] = []

    def listen_for_second_starts() -> None:
        # After the first paint (QtNetwork costs ~10 ms); a second start in the meantime finds the
        # profile locked, gets no answer and says to try again in a moment.
        from coach.ui.single_instance import InstanceServer, server_name

        instances.append(InstanceServer(server_name(paths)))
        instances[0].on_show = coach_app.show_window

    # Let the window paint first: reminders and the backup load sqlite-utils and APScheduler (~150 ms).
    QTimer.singleShot(BACKGROUND_DELAY_MS, listen_for_second_starts)
    QTimer.singleShot(BACKGROUND_DELAY_MS, coach_app.start_background_work)
    if os.environ.get("COACH_EXIT_WHEN_SHOWN"):
        # Start-up benchmark: report the moment the first window is on screen, then leave.
        def report_and_quit() -> None:
            print("window-shown", flush=True)
            coach_app.quit()

        QTimer.singleShot(0, report_and_quit)
    else:
        QTimer.singleShot(0, coach_app.ask_first_run)
    # Closing the window hides it and reminders go on; only Quit (app, tray, notification) ends the app.
    app.setQuitOnLastWindowClosed(False)
    code = app.exec()
    stop_background_work(QUIT_WAIT_S)  # also when the last window closed without quit()
    coach_app.outside_poll.stop()
    for instance in instances:
        instance.close()
    coach_app.ctx.close()  # the store re-opened after a passcode change, if there was one
    return int(code)
