"""Quiet hours hold exactly: catch-up after a start or a wake never pops up inside them, a reminder set
inside them says where it will land, and one let through quiet hours comes at its own time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from coach.domain.clock import FixedClock
from coach.domain.timefmt import to_db
from coach.services.context import AppContext
from coach.services.reminders.delivery import CHECKED_UNTIL, ReminderDelivery
from coach.storage.store import Store

NY = ZoneInfo("America/New_York")


def statuses(store: Store, rule_id: int) -> list[tuple[str, str]]:
    return [
        (str(r["due_at"]), str(r["status"]))
        for r in store.db.query(
            "select * from reminder_deliveries where rule_id = ? order by due_at", [rule_id]
        )
    ]


def test_a_start_inside_quiet_hours_shows_nothing_and_records_the_evening_reminder_missed(
    ctx: AppContext, clock: FixedClock
) -> None:
    # The reported case: quiet hours 22:00-07:00, a 21:00 reminder, the app last ran at 20:55, starts at 22:30.
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("21:00", label="Evening practice")
    ctx.store.set_setting(CHECKED_UNTIL, to_db(datetime(2026, 11, 22, 20, 55, tzinfo=NY)))
    clock.set(datetime(2026, 11, 22, 22, 30, tzinfo=NY))

    assert service.catch_up() is None  # nothing pops up at 22:30
    due = datetime(2026, 11, 22, 21, 0, tzinfo=NY)
    assert statuses(ctx.store, rule.id) == [(to_db(due), "missed")]
    # Nor at the end of quiet hours: it was missed, not postponed into the morning.
    clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=NY))
    assert service.catch_up() is None
    assert [o.fire_at.astimezone(NY) for o in service.next_fires(1)] == [
        datetime(2026, 11, 23, 21, 0, tzinfo=NY)
    ]


def test_a_reminder_still_recent_when_short_quiet_hours_end_is_held_to_their_end(
    ctx: AppContext, clock: FixedClock
) -> None:
    # Quiet hours 22:00-23:00 and a 21:30 reminder found at 22:30: at 23:00 it is 90 minutes old, within
    # the two hours a missed reminder is still shown, so it waits for 23:00 instead of popping up now.
    ctx.store.set_setting("quiet_hours_end", "23:00")
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("21:30")
    ctx.store.set_setting(CHECKED_UNTIL, to_db(datetime(2026, 11, 22, 21, 25, tzinfo=NY)))
    clock.set(datetime(2026, 11, 22, 22, 30, tzinfo=NY))
    assert service.catch_up() is None
    fire = next(f for f in service.plan() if any(o.rule_id == rule.id for o in f.items))
    assert fire.at.astimezone(NY) == datetime(2026, 11, 22, 23, 0, tzinfo=NY)
    clock.set(fire.at)
    note = service.deliver(fire.items)
    assert note is not None and "practice" in note.title.lower()
    assert service.catch_up() is None  # shown once, never again
    assert [s for _d, s in statuses(ctx.store, rule.id)] == ["shown"]


def test_a_start_outside_quiet_hours_still_shows_a_recent_reminder(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("20:00", label="Evening practice")
    ctx.store.set_setting(CHECKED_UNTIL, to_db(datetime(2026, 11, 22, 19, 55, tzinfo=NY)))
    clock.set(datetime(2026, 11, 22, 21, 30, tzinfo=NY))
    note = service.catch_up()
    assert note is not None and note.title == "A reminder you missed"
    assert [s for _d, s in statuses(ctx.store, rule.id)] == ["shown"]


def test_setting_a_reminder_inside_quiet_hours_says_when_it_will_come(
    ctx: AppContext, clock: FixedClock
) -> None:
    service = ReminderDelivery(ctx)
    late = service.add("22:30", label="Winding down for sleep")
    assert service.quiet_note(late) == "22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00"
    night_shift = service.add("02:30")
    assert service.quiet_note(night_shift) == (
        "02:30 falls in your quiet hours (22:00-07:00): it will come at 07:00"
    )
    assert service.quiet_note(service.add("21:59")) is None
    assert service.quiet_note(service.add("07:00")) is None


def test_a_reminder_let_through_quiet_hours_comes_at_its_own_time(ctx: AppContext, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    held = service.add("22:30", label="Held")
    through = service.add("22:30", label="Winding down for sleep", through_quiet=True)
    assert service.quiet_note(through) is None
    nxt = service.next_by_rule()
    assert nxt[held.id].astimezone(NY) == datetime(2026, 11, 23, 7, 0, tzinfo=NY)
    assert nxt[through.id].astimezone(NY) == datetime(2026, 11, 22, 22, 30, tzinfo=NY)
    # Changing it back holds it again.
    service.edit(through.id, through_quiet=False)
    assert service.next_by_rule()[through.id].astimezone(NY) == datetime(2026, 11, 23, 7, 0, tzinfo=NY)
    # And a through-quiet reminder missed at night is shown at a night-time start (it asked to be).
    service.edit(through.id, through_quiet=True)
    ctx.store.set_setting(CHECKED_UNTIL, to_db(clock.now()))
    clock.set(datetime(2026, 11, 22, 22, 30, tzinfo=NY) + timedelta(minutes=20))
    note = service.catch_up()
    assert note is not None and note.items[0].rule_id == through.id
