"""Reminders in the running app: a real QtScheduler fires a job, the notice and its delivery row appear on
time, nothing repeats after a restart; wake/zone/data changes rebuild the jobs; actions and the dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from coach.domain.clock import FixedClock, SystemClock
from coach.services.context import AppContext
from coach.services.profiles import autostart
from coach.services.reminders.service import ReminderService
from coach.storage.store import Store
from coach.ui.reminders.controller import ReminderController
from coach.ui.reminders.dialog import RemindersDialog
from coach.ui.reminders.editor import RuleEditor
from coach.ui.reminders.window import ReminderWindow

NY = ZoneInfo("America/New_York")


class SpyTray(QSystemTrayIcon):
    """A real tray icon that also remembers what it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, message: str, *args: Any) -> None:  # type: ignore[override]
        self.messages.append((title, message))
        super().showMessage(title, message, *args)


def deliveries(store: Store) -> list[tuple[int, str, str]]:
    return [
        (r["rule_id"], r["due_at"], r["status"])
        for r in store.db.query("select * from reminder_deliveries order by due_at, rule_id")
    ]


@pytest.fixture
def opened() -> list[str | None]:
    return []


def make_controller(
    ctx: AppContext, tray: QSystemTrayIcon | None, opened: list[str | None]
) -> ReminderController:
    controller = ReminderController(ctx, tray, opened.append)
    return controller


def test_a_real_scheduler_fires_on_time_and_a_restart_adds_nothing(
    qtbot: Any, store: Store, opened: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    ctx = AppContext(store=store, clock=SystemClock())
    store.set_setting("quiet_hours_enabled", False)
    service = ReminderService(ctx)
    due_local = (datetime.now(UTC) + timedelta(seconds=2)).replace(microsecond=0)
    rule = service.add(
        due_local.strftime("%H:%M:%S"), label="Body scan", exercise_id="body-scan", allow_seconds=True
    )
    tray = SpyTray()
    controller = make_controller(ctx, tray, opened)
    controller.start()
    try:
        assert any(f.at == due_local for f in controller.planned)
        with qtbot.waitSignal(controller.notified, timeout=6000) as blocker:
            pass
        note = blocker.args[0]
        assert note.title == "Body scan" and note.exercise_id == "body-scan"
        assert tray.messages == [("Body scan", note.message)]
        lateness = controller.lateness[-1]
        assert 0 <= lateness < 1.0, f"shown {lateness:.3f} s after its time"
        expected_row = (rule.id, due_local.isoformat(), "shown")
        assert deliveries(store) == [expected_row]
        assert controller.window is not None and controller.window.isVisible()
        # the tray balloon's click opens the exercise and records it
        tray.messageClicked.emit()
        assert opened == ["body-scan"]
        assert deliveries(store) == [(rule.id, due_local.isoformat(), "acted")]
    finally:
        controller.stop()
    # restart the controller twice: catch-up finds the row, shows nothing, adds nothing
    for _ in range(2):
        again = make_controller(ctx, SpyTray(), opened)
        with qtbot.assertNotEmitted(again.notified, wait=300):
            again.start()
        again.stop()
    assert deliveries(store) == [(rule.id, due_local.isoformat(), "acted")]


def test_waking_after_ten_hours_shows_one_coalesced_notice(
    qtbot: Any, ctx: AppContext, clock: FixedClock, opened: list[str | None]
) -> None:
    clock.set(datetime(2026, 11, 22, 22, 0, tzinfo=NY))
    ctx.store.set_setting("quiet_hours_enabled", False)
    service = ReminderService(ctx)
    ids = [service.add(t, label=f"Practice at {t}").id for t in ("05:30", "07:00", "07:30")]
    tray = SpyTray()
    controller = make_controller(ctx, tray, opened)
    controller.start()
    try:
        assert tray.messages == []
        clock.advance(hours=10)  # the lid was closed all night
        with qtbot.waitSignal(controller.notified, timeout=1000) as blocker:
            assert controller.check_wake() == "clock"
        assert blocker.args[0].title == "2 reminders missed this morning"
        assert len(tray.messages) == 1  # one notice, never a burst
        assert [s for (i, _d, s) in deliveries(ctx.store) if i in ids] == ["missed", "shown", "shown"]
        assert controller.check_wake() is None
        assert len(tray.messages) == 1
        # "Skip today" on the coalesced notice applies to both reminders in it
        assert controller.window is not None
        qtbot.mouseClick(controller.window.skip_button, Qt.MouseButton.LeftButton)
        assert [s for (i, _d, s) in deliveries(ctx.store) if i in ids] == ["missed", "skipped", "skipped"]
        assert not controller.window.isVisible()
    finally:
        controller.stop()


def test_snooze_and_start_now_from_the_reminder_window(
    qtbot: Any, ctx: AppContext, clock: FixedClock, opened: list[str | None]
) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    service = ReminderService(ctx)
    rule = service.add("10:30", exercise_id="breath-awareness")
    controller = make_controller(ctx, None, opened)  # no tray: the window alone carries the notice
    controller.start()
    try:
        fire = next(f for f in controller.planned if f.items[0].rule_id == rule.id)
        clock.set(fire.at + timedelta(milliseconds=200))
        with qtbot.waitSignal(controller.notified, timeout=1000):
            controller._bridge.fire.emit(fire)  # what the scheduler job does at the due time
        window = controller.window
        assert window is not None and window.isVisible()
        assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        qtbot.mouseClick(window.snooze_buttons[10], Qt.MouseButton.LeftButton)
        assert deliveries(ctx.store)[0][2] == "snoozed"
        qtbot.waitUntil(lambda: any(f.items[0].snoozed for f in controller.planned), timeout=1000)
        snoozed = next(f for f in controller.planned if f.items[0].snoozed)
        assert snoozed.at == datetime(2026, 11, 21, 10, 40, tzinfo=NY)
        clock.set(snoozed.at)
        with qtbot.waitSignal(controller.notified, timeout=1000):
            controller._bridge.fire.emit(snoozed)
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        assert opened == ["breath-awareness"]
        assert deliveries(ctx.store)[0][2] == "acted"
    finally:
        controller.stop()


def test_the_reminder_window_does_not_take_focus(
    qtbot: Any, ctx: AppContext, clock: FixedClock, opened: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offscreen platform activates every window it shows, so check what the real platforms honour:
    # the window asks to be shown without activation, and nothing ever raises or activates it.
    calls: list[str] = []
    monkeypatch.setattr(ReminderWindow, "activateWindow", lambda _self: calls.append("activate"))
    monkeypatch.setattr(ReminderWindow, "raise_", lambda _self: calls.append("raise"))
    ReminderService(ctx).add("10:05")
    ctx.store.set_setting("quiet_hours_enabled", False)
    controller = make_controller(ctx, None, opened)
    controller.start()
    try:
        fire = next(f for f in controller.planned if not f.is_heads_up)
        clock.set(fire.at)
        with qtbot.waitSignal(controller.notified, timeout=1000):
            controller._bridge.fire.emit(fire)
        window = controller.window
        assert window is not None and window.isVisible() and not window.isModal()
        assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        # Not stay-on-top: it covered Help now in the main window (issue 13 trial).
        assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        assert calls == []
    finally:
        controller.stop()


def test_changes_zone_and_other_processes_rebuild_the_jobs(
    qtbot: Any, ctx: AppContext, clock: FixedClock, opened: list[str | None]
) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    service = ReminderService(ctx)
    controller = make_controller(ctx, None, opened)
    controller.start()
    try:
        rule = service.add("18:00")  # publishes Topic.REMINDERS
        qtbot.waitUntil(lambda: any(f.items[0].rule_id == rule.id for f in controller.planned), timeout=1000)
        fire = next(f for f in controller.planned if f.items[0].rule_id == rule.id)
        assert fire.at == datetime(2026, 11, 21, 23, 0, tzinfo=UTC)
        clock.set_zone("Europe/Berlin")  # travelling: 18:00 is now Berlin time
        assert controller.check_wake() == "zone"
        fire = next(f for f in controller.planned if f.items[0].rule_id == rule.id)
        assert fire.at == datetime(2026, 11, 21, 17, 0, tzinfo=UTC)  # 16:00 in Berlin now
        # `coach reminders add` from a terminal while the app runs: another connection commits
        other = Store.open(ctx.store.paths)
        try:
            other_id = ReminderService(AppContext(store=other, clock=clock)).add("20:00").id
        finally:
            other.close()
        assert controller.check_wake() == "data"
        assert any(f.items[0].rule_id == other_id for f in controller.planned)
        assert controller.check_wake() is None
    finally:
        controller.stop()


# --- the dialog ----------------------------------------------------------------------------------------
def test_dialog_adds_pauses_and_sets_quiet_hours_and_login(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    dialog = RemindersDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1  # the weekly check-in that comes with the app
    assert not dialog.remove_button.isEnabled()
    editor: RuleEditor = dialog.add_rule()
    editor.time.setTime(editor.time.time().fromString("07:45", "HH:mm"))
    for box in editor.days[5:]:
        box.setChecked(False)
    editor.label.setText("Before work")
    editor.heads_up.setValue(5)
    editor._save()
    assert editor.result() == RuleEditor.DialogCode.Accepted
    rules = {r.label: r for r in ReminderService(ctx).rules()}
    added = rules["Before work"]
    assert (added.at_time, added.weekdays, added.heads_up_minutes) == ("07:45", "mon,tue,wed,thu,fri", 5)
    texts = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert "Before work" in texts
    dialog.select_rule(added.id)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert ReminderService(ctx).get(added.id).paused
    assert dialog.pause_button.text() == "Resume"
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 2).text() == "Before work")
    assert dialog.table.item(row, 3).text() == "Paused"

    dialog.quiet_start.setTime(dialog.quiet_start.time().fromString("21:30", "HH:mm"))
    assert ctx.store.setting("quiet_hours_start") == "21:30"
    dialog.grace.setValue(60)
    assert ctx.store.setting("reminder_grace_minutes") == 60

    entry = autostart.autostart_path()
    assert str(entry).startswith(str(Path(__import__("os").environ["XDG_CONFIG_HOME"])))
    dialog.login.setChecked(True)
    text = entry.read_text()
    assert entry.is_file() and ctx.store.setting("start_at_login") is True
    assert f"--data-dir {ctx.paths.data_dir}" in text and "--profile" not in text
    assert text.splitlines()[4].endswith("--in-tray")  # at login it starts quietly in the tray
    dialog.login.setChecked(False)
    assert not entry.exists()


def test_editor_refuses_no_days(qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        "coach.ui.reminders.editor.QMessageBox.warning", lambda _p, _t, text: warnings.append(text)
    )
    editor = RuleEditor(ctx)
    qtbot.addWidget(editor)
    for box in editor.days:
        box.setChecked(False)
    editor._save()
    assert warnings == ["choose at least one day"]
    assert [r for r in ReminderService(ctx).rules() if not r.source] == []
