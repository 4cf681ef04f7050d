"""The reminder history keeps every step of a firing in order (issue 13): it once said "Started" where it had
said "Snoozed 5 minutes" for the same reminder, a later action overwriting the earlier one. Here a real
QtScheduler fires the reminder, the person snoozes it on the pop-up, it fires again and they start it; the
Reminders page then lists shown, snoozed 5 minutes, shown again and started, with their local times."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery
from coach.services.reminders.service import ReminderService
from coach.ui.reminders.controller import ReminderController
from coach.ui.reminders.page import RemindersPage

NY = ZoneInfo("America/New_York")


def _rows(page: RemindersPage) -> list[tuple[str, str, str]]:
    """(when it was due, which reminder, what happened) of each row, newest first."""
    table = page.history
    rows = []
    for r in range(table.rowCount()):
        when, what = table.item(r, 0).text().split("\n", 1)
        rows.append((when, what, table.item(r, 1).text()))
    return rows


def _fire_for_real(qtbot: Any, controller: ReminderController, clock: FixedClock, at: datetime) -> Any:
    """Let the real scheduler fire the job planned for `at`: its timer is armed 1.5 s from now on the real
    timeline, and the app's clock reaches `at` as it fires."""
    clock.set(at - timedelta(seconds=1.5))
    controller.reschedule()
    assert any(f.at == at for f in controller.planned), controller.planned
    clock.set(at)
    with qtbot.waitSignal(controller.notified, timeout=6000) as blocker:
        pass
    return blocker.args[0]


def test_snoozed_then_started_keeps_both_in_the_history(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=NY))
    ReminderService(ctx).add("09:00", label="Morning practice")
    opened: list[str | None] = []
    controller = ReminderController(ctx, None, opened.append)
    page = RemindersPage(ctx)
    qtbot.addWidget(page)
    controller.start()
    try:
        note = _fire_for_real(qtbot, controller, clock, datetime(2026, 11, 21, 9, 0, tzinfo=NY))
        assert note.title == "Morning practice"
        window = controller.window
        assert window is not None and window.isVisible()
        clock.set(datetime(2026, 11, 21, 9, 1, tzinfo=NY))
        window.snooze_buttons[5].click()
        assert not window.isVisible()
        qtbot.waitUntil(lambda: any(f.items[0].snoozed for f in controller.planned), timeout=2000)

        again = _fire_for_real(qtbot, controller, clock, datetime(2026, 11, 21, 9, 6, tzinfo=NY))
        assert again.title == "Morning practice"
        clock.set(datetime(2026, 11, 21, 9, 8, tzinfo=NY))
        window.start_button.click()
        assert opened == [None]
    finally:
        controller.stop()

    page.refresh_history()
    assert _rows(page) == [
        (
            "today 09:00",
            "Morning practice",
            "09:00 Shown\n09:01 Snoozed 5 minutes\n09:06 Shown again\n09:08 Started",
        )
    ]


def test_closed_skipped_and_missed_reminders_say_so_in_order(
    ctx: AppContext, clock: FixedClock, qtbot: Any
) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    morning = service.add("09:00", label="Morning practice")
    evening = service.add("21:00", label="Evening practice")
    page = RemindersPage(ctx)
    qtbot.addWidget(page)

    def fire(rule_id: int) -> Any:
        planned = next(f for f in service.plan() if f.items[0].rule_id == rule_id)
        clock.set(planned.at)
        note = service.deliver(planned.items)
        assert note is not None
        return note

    note = fire(morning.id)
    clock.advance(minutes=2)
    service.dismissed(note.items)  # the pop-up's Close
    note = fire(evening.id)
    clock.advance(minutes=30)
    service.skip_today(note.items)
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))  # the app was closed for a day and a half
    service.catch_up()
    page.refresh_history()
    rows = _rows(page)
    missed = "Missed (the app was closed or the computer was asleep)"
    assert rows[:2] == [
        ("today 09:00", "Morning practice", f"09:00 {missed}"),
        ("yesterday 21:00", "Evening practice", f"21:00 {missed}"),
    ]
    assert ("Fri 20 Nov 2026 21:00", "Evening practice", "21:00 Shown\n21:30 Skipped for today") in rows
    assert ("Fri 20 Nov 2026 09:00", "Morning practice", "09:00 Shown\n09:02 Closed without starting") in rows
    # Closing it was an answer: the morning reminder did not come back.
    assert service.repo.delivery(morning.id, "2026-11-20T14:00:00+00:00").status == "shown"  # type: ignore[union-attr]
