"""Reminders in the main window: the page in the navigation with the list, next times and history; the
editor says when quiet hours will move a time and offers to let it through; closing the window without a
tray keeps reminders running (said once, with how to quit) and Quit really quits."""

from __future__ import annotations

import gc
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication, QListWidget

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery
from coach.services.reminders.service import ReminderService
from coach.ui.app import CoachApp
from coach.ui.gui_gc import collect_on_gui_thread
from coach.ui.main_window import MainWindow
from coach.ui.reminders.editor import RuleEditor
from coach.ui.reminders.page import RemindersPage

NY = ZoneInfo("America/New_York")


def _cells(table: Any, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_reminders_are_one_click_away_with_next_times_and_history(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    nav = window.findChild(QListWidget, "navigation")
    row = next(i for i in range(nav.count()) if nav.item(i).text() == "Reminders")
    nav.setCurrentRow(row)
    page = window.stack.currentWidget()
    assert isinstance(page, RemindersPage)
    assert page.history.isHidden() and page.empty_history.isVisibleTo(page)

    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("21:00", label="Evening practice")
    table = page.panel.table
    assert "Evening practice" in _cells(table, 2)
    i = _cells(table, 2).index("Evening practice")
    assert table.item(i, 3).text() == "today 21:00"  # wording.day_text, as everywhere
    late = service.add("22:30", label="Winding down for sleep")
    i = _cells(table, 2).index("Winding down for sleep")
    assert table.item(i, 3).text() == "tomorrow 07:00"
    assert (
        "22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00." in table.item(i, 0).toolTip()
    )
    service.edit(late.id, through_quiet=True)
    i = _cells(table, 2).index("Winding down for sleep (comes in quiet hours too)")
    assert table.item(i, 3).text() == "today 22:30"

    # The evening reminder is shown and snoozed, then a night passes with the app closed.
    clock.set(datetime(2026, 11, 22, 20, 59, tzinfo=NY))
    fire = next(f for f in service.plan() if f.items[0].rule_id == rule.id)
    clock.set(fire.at)
    note = service.deliver(fire.items)
    assert note is not None
    service.snooze(note.items, 10)  # the page follows at once
    assert page.history.isVisibleTo(page)
    assert list(zip(_cells(page.history, 0), _cells(page.history, 1), strict=True)) == [
        ("today 21:00\nEvening practice", "21:00 Shown\n21:00 Snoozed 10 minutes")
    ]
    clock.set(datetime(2026, 11, 24, 12, 0, tzinfo=NY))
    service.catch_up()
    page.refresh_history()
    outcomes = list(zip(_cells(page.history, 0), _cells(page.history, 1), strict=True))
    missed = "Missed (the app was closed or the computer was asleep)"
    assert ("yesterday 21:00\nEvening practice", f"21:00 {missed}") in outcomes
    assert outcomes[0][0] == "yesterday 22:30\nWinding down for sleep"  # newest first


def test_the_editor_says_when_quiet_hours_move_a_time_and_can_let_it_through(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    editor = RuleEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.quiet_note.isVisible() and not editor.through_quiet.isVisible()  # 08:00
    editor.time.setTime(QTime(22, 30))
    assert editor.quiet_note.isVisible()
    assert editor.quiet_note.text() == "22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00."
    assert editor.through_quiet.isVisible()
    editor.through_quiet.setChecked(True)
    assert editor.quiet_note.text() == "22:30 is in your quiet hours, and this reminder comes then anyway."
    editor.label.setText("Winding down for sleep")
    editor._save()
    saved = ReminderService(ctx).get(editor.saved.id if editor.saved else -1)
    assert saved.through_quiet and saved.at_time == "22:30"
    nxt = ReminderService(ctx).next_by_rule()[saved.id].astimezone(NY)
    assert (nxt.hour, nxt.minute) == (22, 30)

    again = RuleEditor(ctx, saved)
    qtbot.addWidget(again)
    again.show()
    assert again.through_quiet.isChecked() and again.through_quiet.isVisible()


def test_closing_without_a_tray_keeps_reminders_running_and_quit_really_quits(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    coach_app = CoachApp(ctx, app, with_tray=False, desktop_notifications=False)
    qtbot.addWidget(coach_app.window)
    coach_app.keep_running()
    coach_app.present()
    coach_app._start_reminders()
    assert coach_app.reminders is not None and coach_app.reminders.scheduler is not None
    try:
        assert coach_app.window.isVisible()
        assert coach_app.window.close() is False  # the close is turned into a hide
        assert not coach_app.window.isVisible()
        notice = coach_app.background_notice
        assert notice is not None and notice.isVisible()
        assert notice.text() == "Pain Recovery Coach is still running"
        assert "To quit, choose Quit in the app (Ctrl+Q)" in notice.informativeText()
        assert coach_app.reminders.scheduler is not None  # reminders still planned and firing
        notice.done(0)

        coach_app.show_window()
        coach_app.window.close()
        assert not coach_app.window.isVisible()
        assert coach_app.background_notice is notice and not notice.isVisible()  # said once, not again

        coach_app.show_window()
        coach_app.window.quit_button.click()
        assert coach_app.reminders.scheduler is None  # Quit stopped the reminders: the app ends
        assert coach_app.background_notice is None
    finally:
        if coach_app.reminders is not None:
            coach_app.reminders.stop()
        # Quit handed garbage collection back to Python; the rest of the suite wants it on the GUI thread.
        collect_on_gui_thread(app)
    assert ctx.store.setting("background_notice_shown") is True
    coach_app.window.close()  # the window closing on the way out does not run quit a second time
    assert not gc.isenabled()


def test_the_page_saves_a_calendar_file_and_says_why_when_it_cannot(
    qtbot: Any, ctx: AppContext, tmp_path: Any, monkeypatch: Any
) -> None:
    from icalendar import Calendar
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    ReminderService(ctx).add("08:00", label="Morning practice")
    page = RemindersPage(ctx)
    qtbot.addWidget(page)
    written = page.export_calendar(tmp_path / "reminders.ics")
    assert written is not None and said[-1].startswith("Saved reminders.ics.")
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(written.read_bytes()).walk("VEVENT")}
    assert "Morning practice" in summaries
    assert page.export_calendar(ctx.paths.data_dir / "x.ics") is None
    assert said[-1] == "The calendar could not be saved: save the calendar outside the app's data folder"


def test_a_setting_changed_from_the_command_line_shows_in_the_open_panel(qtbot: Any, ctx: AppContext) -> None:
    from coach.domain.settings import REMINDER_GRACE_MINUTES
    from coach.services.changes import Topic
    from coach.ui.reminders.dialog import RemindersPanel

    panel = RemindersPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.grace.value() == 120
    ctx.store.set_setting(REMINDER_GRACE_MINUTES, 30)  # `coach settings set reminder_grace_minutes 30`
    ctx.bus.publish(Topic.ALL)  # what the open app publishes when another process wrote
    assert panel.grace.value() == 30
    assert ctx.store.setting(REMINDER_GRACE_MINUTES) == 30  # showing it did not write anything back
