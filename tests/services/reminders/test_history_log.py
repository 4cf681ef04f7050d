"""The reminder history's log on a real profile file: rows written before the log was kept still read as
their last state, a log edited by hand into nonsense neither stops a reminder nor the history, and a
reminder snoozed again and again keeps each snooze in order."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery

NY = ZoneInfo("America/New_York")


def _fire(service: ReminderDelivery, clock: FixedClock, rule_id: int) -> object:
    planned = next(f for f in service.plan() if f.items[0].rule_id == rule_id)
    clock.set(planned.at)
    return service.deliver(planned.items)


def test_a_row_from_before_the_log_reads_as_its_last_state(ctx: AppContext, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 21, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("09:00", label="Morning practice")
    ctx.store.db.execute(
        "INSERT INTO reminder_deliveries (rule_id, due_at, status, shown_at, acted_at, action) "
        "VALUES (?, '2026-11-21T14:00:00+00:00', 'acted', '2026-11-21T14:00:00+00:00', "
        "'2026-11-21T14:03:00+00:00', 'start')",
        [rule.id],
    )
    [entry] = service.history()
    assert (entry.when, entry.what, entry.outcome) == ("today 09:00", "Morning practice", "Started")
    assert entry.step_lines() == ["09:03 Started"]


def test_a_log_edited_into_nonsense_does_not_stop_the_reminder(ctx: AppContext, clock: FixedClock) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("09:00", label="Morning practice")
    note = _fire(service, clock, rule.id)
    ctx.store.db.execute("UPDATE reminder_deliveries SET events = 'not json'")
    assert [e.outcome for e in service.history()] == ["Shown"]  # read from its columns
    clock.advance(minutes=1)
    service.start_now(note.items)  # type: ignore[attr-defined]
    [entry] = service.history()
    assert entry.step_lines() == ["09:01 Started"]  # the log starts again from here


def test_every_snooze_is_kept_in_order(ctx: AppContext, clock: FixedClock) -> None:
    ctx.store.set_setting("quiet_hours_enabled", False)
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("09:00", label="Morning practice")
    note = _fire(service, clock, rule.id)
    for minutes in (5, 10):
        service.snooze(note.items, minutes)  # type: ignore[attr-defined]
        note = _fire(service, clock, rule.id)
        assert note is not None
    service.skip_today(note.items)  # type: ignore[attr-defined]
    [entry] = service.history()
    assert entry.step_lines() == [
        "09:00 Shown",
        "09:00 Snoozed 5 minutes",
        "09:05 Shown again",
        "09:05 Snoozed 10 minutes",
        "09:15 Shown again",
        "09:15 Skipped for today",
    ]
    assert entry.outcome == "Skipped for today"
