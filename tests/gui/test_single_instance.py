"""One app per profile: a second start brings the running window to the front, commands that replace the
profile wait until the app is closed, and records added from the command line show up in the window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtWidgets import QApplication, QLabel

from coach.cli import cli
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.storage.lock import ProfileLock, is_open_elsewhere
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.app import CoachApp
from coach.ui.single_instance import InstanceServer, ask_running_app_to_show, server_name

ROOT = Path(__file__).resolve().parents[2]


def _app(ctx: AppContext) -> CoachApp:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctx.store.update_profile(onboarded=True)
    return CoachApp(ctx, app, with_tray=False)


def test_a_second_start_brings_the_running_window_to_the_front(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    coach_app = _app(ctx)
    qtbot.addWidget(coach_app.window)
    name = server_name(ctx.paths)
    server = InstanceServer(name)
    assert server.listening
    server.on_show = coach_app.show_window
    assert not coach_app.window.isVisible()  # e.g. closed to the tray

    assert ask_running_app_to_show(name, wait_s=2)

    qtbot.waitUntil(coach_app.window.isVisible, timeout=5000)
    server.close()
    assert not ask_running_app_to_show(name, wait_s=0.3)  # nobody listening: the caller is told


def test_a_second_start_restores_a_minimised_window(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    coach_app = _app(ctx)
    qtbot.addWidget(coach_app.window)
    coach_app.show_window()
    coach_app.window.showMinimized()
    qtbot.waitUntil(coach_app.window.isMinimized, timeout=2000)
    coach_app.show_window()  # what a second start asks the running app to do
    qtbot.waitUntil(lambda: not coach_app.window.isMinimized(), timeout=2000)
    assert coach_app.window.isVisible()


def test_each_profile_has_its_own_instance_name(data_dir: Path) -> None:
    assert server_name(ProfilePaths(data_dir, "ana")) != server_name(ProfilePaths(data_dir, "kim"))
    assert server_name(ProfilePaths(data_dir, "ana")) == server_name(ProfilePaths(data_dir, "ana"))


def test_a_write_from_the_command_line_refreshes_the_open_window(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    coach_app = _app(ctx)
    qtbot.addWidget(coach_app.window)
    coach_app.show_window()
    greeting = coach_app.window.findChild(QLabel, "todayGreeting")
    assert greeting is not None and greeting.text() == "Today"
    seen: list[Changes] = []
    ctx.bus.subscribe(seen.append)

    # Another process (here: another connection, as `coach` in a terminal has) changes the file.
    with Store.open(ctx.paths) as other:
        other.update_profile(nickname="Kim")
    qtbot.waitUntil(lambda: greeting.text() == "Hello, Kim", timeout=10_000)
    assert any(c.touches(Topic.ALL) and Topic.ALL in c.topics for c in seen)

    # A dose logged with the real command while the window is open is noticed the same way.
    seen.clear()
    runner = CliRunner()
    data = ["--data-dir", str(ctx.paths.data_dir)]
    assert (
        runner.invoke(cli, [*data, "meds", "add", "Ibuprofen", "--strength", "200", "--unit", "mg"]).exit_code
        == 0
    )
    result = runner.invoke(cli, [*data, "dose", "log", "Ibuprofen", "200"])
    assert result.exit_code == 0, result.output
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)

    # The app's own writes are not mistaken for outside ones.
    seen.clear()
    assert coach_app.outside_writes.check() is False
    assert not seen


def test_the_real_app_runs_once_per_profile(data_dir: Path, tmp_path: Path) -> None:
    paths = ProfilePaths(data_dir)
    with Store.open(paths) as store:
        store.update_profile(onboarded=True)
        store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'mine')")
    runner = CliRunner()
    backup = tmp_path / "copy.db"
    assert runner.invoke(cli, ["--data-dir", str(data_dir), "backup", "--out", str(backup)]).exit_code == 0

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "COACH_DATA_DIR": str(data_dir),
    }
    command = [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "--profile", "default"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while not is_open_elsewhere(paths):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the app never opened the profile"
            time.sleep(0.2)

        # Started again on the same profile: it hands over to the running window and leaves at once.
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=90)
        assert second.returncode == 0, second.stderr
        assert first.poll() is None

        # Replacing the profile under the open window is refused, in one plain line.
        result = runner.invoke(cli, ["--data-dir", str(data_dir), "restore", str(backup)])
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            "coach: this profile is open in Pain Recovery Coach; close the app first, then try again"
        )
    finally:
        first.kill()  # a crash: the operating system drops the lock with the process
        first.communicate()
    assert not is_open_elsewhere(paths)
    with ProfileLock(paths):
        pass
