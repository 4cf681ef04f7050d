"""Reminders as desktop notifications on a real session bus with a real notification daemon (dunst under
Xvfb): the Notify call arrives with its buttons, and choosing them in the daemon runs the same handlers as
the reminder window (snooze re-fires ten minutes later on a controlled clock; Start now opens practice)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.reminders.service import ReminderService
from coach.ui.reminders.controller import ReminderController
from coach.ui.reminders.desktop import DesktopNotifier

NY = ZoneInfo("America/New_York")

# dunst's context menu hands the actions of every shown notification to a "dmenu" program, one line each
# ("#Snooze 10 minutes (Body scan) [2,snooze]"), and invokes the line it prints. This one keeps the menu
# and prints the line holding the button text named in the file `choose`.
PICKER = """#!/bin/sh
cat > "{dir}/menu.txt"
grep -m1 -F "#$(cat "{dir}/choose") (" "{dir}/menu.txt"
"""


@dataclass
class Daemon:
    address: str
    folder: Path

    def choose(self, button: str) -> None:
        """Choose `button` on the notification on screen, as a person clicking it would."""
        (self.folder / "choose").write_text(button)
        menu = self.folder / "menu.txt"
        menu.unlink(missing_ok=True)
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}
        # The daemon may not have put the notification on screen yet under load: ask until its menu ran.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=10)
            waited = time.monotonic() + 1
            while time.monotonic() < waited and not menu.exists():
                time.sleep(0.05)
            if menu.exists():
                return
        pytest.fail("the notification daemon never showed its menu")

    def menu(self) -> list[str]:
        path = self.folder / "menu.txt"
        return path.read_text().splitlines() if path.exists() else []


def _stop(process: subprocess.Popen[Any]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)  # the process group this fixture started, nothing else
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_for_owner(address: str, name: str) -> None:
    """Wait until our dunst owns `name`. Asking the name itself earlier would make the bus start another
    daemon by D-Bus activation, and ours would then exit (taking the session bus with it)."""
    from jeepney import message_bus, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            reply = conn.send_and_get_reply(new_method_call(message_bus, "NameHasOwner", "s", (name,)))
            if reply.body[0]:
                return
            time.sleep(0.05)
    finally:
        conn.close()
    pytest.fail("the notification daemon did not come up")


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    for tool in ("dbus-run-session", "dunst", "dunstctl", "Xvfb"):
        if shutil.which(tool) is None:
            print(f"skipping: {tool} is not installed (scripts/setup.sh installs it)")
            pytest.skip(f"{tool} is not installed (scripts/setup.sh installs it)")
    folder = tmp_path / "dunst"
    folder.mkdir()
    picker = folder / "pick.sh"
    picker.write_text(PICKER.format(dir=folder))
    picker.chmod(0o700)
    config = folder / "dunstrc"
    config.write_text(f"[global]\n    dmenu = {picker}\n    browser = /bin/true\n")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "1024x768x24"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as display_pipe:
        display = display_pipe.readline().strip()
    session: subprocess.Popen[str] | None = None
    try:
        assert display, "Xvfb did not start"
        session = subprocess.Popen(
            [
                "dbus-run-session",
                "--",
                "sh",
                "-c",
                f'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec dunst -config "{config}"',
            ],
            env={**os.environ, "DISPLAY": f":{display}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert session.stdout is not None
        address = session.stdout.readline().strip()
        assert address.startswith("unix:"), address
        _wait_for_owner(address, "org.freedesktop.Notifications")
        yield Daemon(address, folder)
    finally:
        if session is not None:
            _stop(session)
        _stop(xvfb)


def deliveries(ctx: AppContext) -> list[str]:
    return [str(r["status"]) for r in ctx.store.db.query("select status from reminder_deliveries")]


def test_a_reminder_arrives_with_its_buttons_and_snooze_refires_ten_minutes_later(
    qtbot: Any, ctx: AppContext, clock: FixedClock, daemon: Daemon
) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    rule = ReminderService(ctx).add("10:30", label="Body scan")
    notifier = DesktopNotifier.open(daemon.address)
    assert notifier is not None and "actions" in notifier.capabilities
    opened: list[str | None] = []
    controller = ReminderController(ctx, None, opened.append, notifier=notifier)
    controller.start()
    try:
        fire = next(f for f in controller.planned if f.items[0].rule_id == rule.id)
        clock.set(fire.at + timedelta(milliseconds=200))
        with qtbot.waitSignal(controller.notified, timeout=2000):
            controller._bridge.fire.emit(fire)  # what the scheduler job does at the due time
        assert controller.window is None  # the desktop shows it: no window of our own on top

        daemon.choose("Snooze 10 minutes")  # the daemon runs its menu on its own time: wait for the effect
        qtbot.waitUntil(lambda: deliveries(ctx) == ["snoozed"], timeout=10_000)
        # The daemon's own menu listed the buttons the Notify call carried.
        buttons = {line.split(" (")[0] for line in daemon.menu()}
        assert buttons == {"#Open", "#Start now", "#Snooze 10 minutes", "#Skip today"}
        assert all("(Body scan)" in line for line in daemon.menu())
        qtbot.waitUntil(lambda: any(f.items[0].snoozed for f in controller.planned), timeout=2000)
        snoozed = next(f for f in controller.planned if f.items[0].snoozed)
        assert snoozed.at == datetime(2026, 11, 21, 10, 40, tzinfo=NY)  # ten minutes after the snooze

        clock.set(snoozed.at)
        with qtbot.waitSignal(controller.notified, timeout=2000):
            controller._bridge.fire.emit(snoozed)
        assert [title for title, _keys in notifier.sent] == ["Body scan", "Body scan"]
        daemon.choose("Start now")
        qtbot.waitUntil(lambda: deliveries(ctx) == ["acted"], timeout=10_000)
        assert opened == [None]  # no exercise chosen for this reminder: Practice opens
    finally:
        controller.stop()
        notifier.close()


def test_without_a_notification_service_the_window_carries_the_reminder(
    qtbot: Any, ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    # A bus address where nothing listens: no notifier, so the app's own window shows the reminder.
    assert DesktopNotifier.open(f"unix:path={tmp_path / 'no-bus'}") is None


def test_closing_the_window_says_so_in_a_notification_whose_quit_really_quits(
    qtbot: Any, ctx: AppContext, daemon: Daemon
) -> None:
    from PySide6.QtWidgets import QApplication

    from coach.ui.app import CoachApp
    from coach.ui.gui_gc import collect_on_gui_thread

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    notifier = DesktopNotifier.open(daemon.address)
    assert notifier is not None
    coach_app = CoachApp(ctx, app, with_tray=False, notifier=notifier)
    qtbot.addWidget(coach_app.window)
    coach_app.keep_running()
    coach_app.present()
    coach_app._start_reminders()
    assert coach_app.reminders is not None
    try:
        coach_app.window.close()
        assert not coach_app.window.isVisible() and coach_app.reminders.scheduler is not None
        assert coach_app.background_notice is None  # the desktop said it, no window of ours
        assert notifier.sent == [("Pain Recovery Coach is still running", ["default", "quit"])]
        daemon.choose("Quit")
        qtbot.waitUntil(
            lambda: coach_app.reminders is None or coach_app.reminders.scheduler is None, timeout=10_000
        )
        assert {line.split(" (")[0] for line in daemon.menu()} == {"#Open", "#Quit"}
    finally:
        if coach_app.reminders is not None:
            coach_app.reminders.stop()
        collect_on_gui_thread(app)  # quit handed garbage collection back to Python; the suite wants it here
