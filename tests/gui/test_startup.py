"""Opening the app: the first window comes up quickly and looks right from its first frame.

Start-up speed itself is measured in bench/bench_startup.py; these tests guard what it depends on: the
first window must not wait for libraries that only later pages, reminders or backups use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.app import CoachApp
from coach.ui.theme import DARK, LIGHT

# Loaded after the window is up (reminders, backup, charts, content validation), never before it.
LATER = (
    "sqlite_utils", "numpy", "pyqtgraph", "jsonschema", "apscheduler", "click", "pydub",
    # The single-instance listener and the dialogs' Help now filter (Qt and QEvent enums, ~50 ms).
    "PySide6.QtNetwork", "coach.ui.widgets.help_now",
)  # fmt: skip

_PROBE = """
import sys
from coach.ui import app as wiring

shown = wiring.CoachApp.quit

def report_and_quit(self):
    print("LOADED", *sorted(m for m in {later!r} if m in sys.modules), flush=True)
    print("TITLE", self.window.windowTitle(), self.window.current_key(), flush=True)
    shown(self)

wiring.CoachApp.quit = report_and_quit
sys.argv = ["coach"]
from coach.launch import main
main()
"""


def test_first_window_opens_without_waiting_for_later_libraries(ctx: AppContext, data_dir: Path) -> None:
    fill_demo(ctx.store, days=30, seed=3)
    ctx.store.update_profile(onboarded=True)
    ctx.close()
    env = dict(os.environ, COACH_DATA_DIR=str(data_dir), COACH_EXIT_WHEN_SHOWN="1")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(later=LATER)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    lines = {line.split(" ", 1)[0]: line for line in out.stdout.splitlines()}
    assert "window-shown" in out.stdout
    assert lines["TITLE"] == "TITLE Pain Recovery Coach today"
    assert lines["LOADED"] == "LOADED", f"loaded before the first window: {lines['LOADED']}"


def test_system_theme_starts_from_the_remembered_answer_then_follows_the_desktop(
    qtbot, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctx.store.set_setting("theme", "system")
    ctx.store.set_setting("system_dark", True)  # the desktop was dark last time
    coach_app = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(coach_app.window)
    assert app.palette().window().color().name() == DARK.window

    coach_app.follow_system_scheme()  # the offscreen desktop has no dark preference

    assert ctx.store.setting("system_dark") is False
    assert app.palette().window().color().name() == LIGHT.window


def test_keyboard_shortcuts_reach_every_section(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    coach_app = CoachApp(ctx, app, with_tray=False)
    window = coach_app.window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts go to the active window, as on a desktop
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "checkin"
    qtbot.keyClick(window.nav_list, Qt.Key.Key_F1)
    assert window.current_key() == "help"
    qtbot.keyClick(window.nav_list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "today"


def test_after_the_window_shows_reminders_backup_and_warm_up_follow(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    coach_app = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(coach_app.window)
    coach_app.show_window()
    assert coach_app.reminders is None and not coach_app.warmed_up
    coach_app.start_background_work()
    qtbot.waitUntil(lambda: coach_app.warmed_up, timeout=20_000)
    assert coach_app.reminders is not None
    assert list(ctx.paths.backups_dir.glob("daily-*")), "no daily backup was written"
    coach_app.window.go("progress")
    assert coach_app.window.current_key() == "progress"
    coach_app.reminders.stop()  # type: ignore[attr-defined]


def test_at_login_it_starts_in_the_tray_but_never_invisibly(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSystemTrayIcon

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    no_tray = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(no_tray.window)
    no_tray.present(in_tray=True)
    assert no_tray.window.isVisible()  # without a tray there is nowhere else to be: the window shows

    with_tray = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(with_tray.window)
    with_tray.tray = QSystemTrayIcon(app)
    with_tray.present(in_tray=True)
    assert not with_tray.window.isVisible()
    with_tray.present(in_tray=False)
    assert with_tray.window.isVisible()
