"""Reminder rules -> fire times with a fixed clock: DST gaps and folds, quiet hours, snooze, skip-if-done,
paused rules, zone changes, and catch-up coalescing after a long sleep."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.domain.reminder_messages import compose, missed_when
from coach.domain.reminder_planning import Snooze, heads_up_at, pending_between, triage, upcoming
from coach.domain.reminders import (
    DatedEntry,
    QuietHours,
    ReminderRule,
    occurrence_of,
    parse_time,
    parse_weekdays,
    quiet_hours_note,
    resolve_local,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc]


def rule(rule_id: int = 1, at: str = "09:00", days: str | None = None, **kw: object) -> ReminderRule:
    return ReminderRule(id=rule_id, at=parse_time(at), weekdays=parse_weekdays(days), **kw)  # type: ignore[arg-type]


def fires(r: ReminderRule, start: datetime, end: datetime, zone: ZoneInfo) -> list[datetime]:
    return [d.astimezone(zone) for d in r.due_times(start, end, zone)]


# --- parsing ------------------------------------------------------------------------------------------
def test_times_and_weekdays_parse_or_explain() -> None:
    assert parse_time("7:05") == time(7, 5)
    assert parse_time("23:59") == time(23, 59)
    assert parse_weekdays("mon, wed,FRI") == frozenset({0, 2, 4})
    assert parse_weekdays(None) == frozenset(range(7))
    assert parse_weekdays("weekends") == frozenset({5, 6})
    for bad in ("24:00", "7", "07:60", "seven", "07:30:10", ""):
        with pytest.raises(CoachError, match="HH:MM"):
            parse_time(bad)
    with pytest.raises(CoachError, match="'funday' is not a weekday"):
        parse_weekdays("mon,funday")


# --- wall clock and DST -------------------------------------------------------------------------------
def test_daily_time_stays_at_the_same_wall_time_across_a_dst_change() -> None:
    r = rule(at="09:00")
    got = fires(r, local(NY, 2027, 3, 12, 12), local(NY, 2027, 3, 16, 0), NY)
    assert [d.strftime("%m-%d %H:%M %Z") for d in got] == [
        "03-13 09:00 EST",
        "03-14 09:00 EDT",
        "03-15 09:00 EDT",
    ]


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        (NY, date(2027, 3, 14), datetime(2027, 3, 14, 7, 0, tzinfo=UTC)),  # 03:00 EDT
        (BERLIN, date(2027, 3, 28), datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),  # 03:00 CEST
    ],
)
def test_a_time_in_the_spring_forward_gap_fires_once_at_the_end_of_the_gap(
    zone: ZoneInfo, day: date, expected_utc: datetime
) -> None:
    r = rule(at="02:30")
    start = datetime.combine(day - timedelta(days=1), time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(12), tzinfo=zone)
    got = fires(r, start, end, zone)
    on_the_day = [d for d in got if d.date() == day]
    assert len(on_the_day) == 1
    assert on_the_day[0] == expected_utc
    assert on_the_day[0].strftime("%H:%M") == "03:00"
    # the days around it are untouched
    assert [d.strftime("%H:%M") for d in got] == ["02:30", "03:00", "02:30"]


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc"),
    [
        (NY, date(2027, 11, 7), "01:30", datetime(2027, 11, 7, 5, 30, tzinfo=UTC)),  # 01:30 EDT, not EST
        (BERLIN, date(2027, 10, 31), "02:30", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # CEST, not CET
    ],
)
def test_a_time_that_happens_twice_fires_once_at_the_first(
    zone: ZoneInfo, day: date, at: str, expected_utc: datetime
) -> None:
    r = rule(at=at)
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day, time(12), tzinfo=zone)
    got = list(r.due_times(start, end, zone))
    assert got == [expected_utc]
    # asking again from just after the first occurrence must not yield the second one
    assert list(r.due_times(expected_utc, end, zone)) == []


def test_the_gap_end_is_found_for_any_minute_inside_it() -> None:
    for minute in (0, 1, 59):
        got = resolve_local(date(2027, 3, 14), time(2, minute), NY)
        assert got.astimezone(NY).strftime("%H:%M %Z") == "03:00 EDT"


def test_a_time_zone_change_moves_the_next_fire() -> None:
    clock = FixedClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC), "America/New_York")
    r = rule(at="18:00")
    before = r.next_after(clock.now(), clock.local_zone())
    clock.set_zone("Europe/Berlin")
    after = r.next_after(clock.now(), clock.local_zone())
    assert before == datetime(2026, 11, 21, 23, 0, tzinfo=UTC)
    assert after == datetime(2026, 11, 21, 17, 0, tzinfo=UTC)


def test_weekdays_and_dates_limit_when_a_rule_fires() -> None:
    weekly = rule(at="10:00", days="mon,thu")
    start = local(NY, 2026, 11, 22, 0)  # a Sunday
    got = fires(weekly, start, start + timedelta(days=7), NY)
    assert [d.strftime("%a %d") for d in got] == ["Mon 23", "Thu 26"]
    dated = rule(at="10:00", dates={date(2026, 11, 25): DatedEntry("body-scan", "note")})
    got = fires(dated, start, start + timedelta(days=7), NY)
    assert [d.strftime("%a %d") for d in got] == ["Wed 25"]
    occ = occurrence_of(dated, got[0], NY, None)
    assert (occ.exercise_id, occ.note) == ("body-scan", "note")


# --- quiet hours, heads-up, paused, snooze, skip-if-done ----------------------------------------------
QUIET = QuietHours(time(22), time(7))


def test_quiet_hours_defer_to_their_end_even_across_midnight() -> None:
    assert QUIET.defer(local(NY, 2026, 11, 23, 23, 0), NY) == local(NY, 2026, 11, 24, 7, 0)
    assert QUIET.defer(local(NY, 2026, 11, 24, 6, 15), NY) == local(NY, 2026, 11, 24, 7, 0)
    assert QUIET.defer(local(NY, 2026, 11, 24, 7, 0), NY) == local(NY, 2026, 11, 24, 7, 0)
    assert QUIET.defer(local(NY, 2026, 11, 24, 21, 59), NY) == local(NY, 2026, 11, 24, 21, 59)
    lunch = QuietHours(time(13), time(14))
    assert lunch.defer(local(NY, 2026, 11, 24, 13, 30), NY) == local(NY, 2026, 11, 24, 14, 0)
    assert not lunch.contains(local(NY, 2026, 11, 24, 23, 0), NY)


def test_a_reminder_inside_quiet_hours_is_deferred_not_dropped() -> None:
    late = rule(1, at="23:15")
    now = local(NY, 2026, 11, 23, 20, 0)
    got = upcoming([late], now, NY, QUIET, count=2)
    assert [o.fire_at.astimezone(NY).strftime("%d %H:%M") for o in got] == ["24 07:00", "25 07:00"]
    assert got[0].due == local(NY, 2026, 11, 23, 23, 15)  # identity keeps the nominal time
    # at 02:00 the deferred one from last night is still ahead
    got = upcoming([late], local(NY, 2026, 11, 24, 2, 0), NY, QUIET, count=1)
    assert got[0].fire_at == local(NY, 2026, 11, 24, 7, 0)


def test_heads_up_comes_before_the_fire_but_never_inside_quiet_hours() -> None:
    occ = occurrence_of(rule(at="08:00"), local(NY, 2026, 11, 24, 8, 0), NY, QUIET)
    assert heads_up_at(occ, 10, NY, QUIET) == local(NY, 2026, 11, 24, 7, 50)
    early = occurrence_of(rule(at="07:05"), local(NY, 2026, 11, 24, 7, 5), NY, QUIET)
    assert heads_up_at(early, 10, NY, QUIET) is None
    assert heads_up_at(occ, 0, NY, QUIET) is None


def test_paused_rules_never_fire() -> None:
    now = local(NY, 2026, 11, 23, 6, 0)
    rules = [rule(1, at="08:00", paused=True), rule(2, at="09:00")]
    got = upcoming(rules, now, NY, count=3)
    assert {o.rule_id for o in got} == {2}
    assert pending_between(rules, now, now + timedelta(days=2), NY) != []
    assert all(o.rule_id == 2 for o in pending_between(rules, now, now + timedelta(days=2), NY))


def test_snooze_fires_again_after_the_chosen_minutes() -> None:
    r = rule(1, at="09:00")
    due = local(NY, 2026, 11, 23, 9, 0)
    snoozed_at = local(NY, 2026, 11, 23, 9, 1)
    now = local(NY, 2026, 11, 23, 9, 2)
    handled = {(1, due)}
    got = upcoming(
        [r],
        now,
        NY,
        count=2,
        handled=lambda i, d: (i, d) in handled,
        snoozes=[Snooze(1, due, snoozed_at, 10)],
    )
    assert [(o.fire_at.astimezone(NY).strftime("%d %H:%M"), o.snoozed) for o in got] == [
        ("23 09:11", True),
        ("24 09:00", False),
    ]
    assert got[0].due == due  # the same reminder, not a new one
    # snoozing into quiet hours waits for their end
    night = Snooze(1, due, local(NY, 2026, 11, 23, 21, 55), 10)
    got = upcoming([r], local(NY, 2026, 11, 23, 21, 56), NY, QUIET, count=1, snoozes=[night])
    assert got[0].fire_at == local(NY, 2026, 11, 24, 7, 0)


def test_skip_if_done_drops_today_only_and_only_for_rules_that_ask() -> None:
    skipper = rule(1, at="18:00", skip_if_done=True)
    plain = rule(2, at="18:30")
    now = local(NY, 2026, 11, 23, 12, 0)
    done = {"practice": frozenset({date(2026, 11, 23)})}
    got = upcoming([skipper, plain], now, NY, count=3, done_days=done)
    assert [(o.rule_id, o.fire_at.astimezone(NY).strftime("%d %H:%M")) for o in got] == [
        (2, "23 18:30"),
        (1, "24 18:00"),
        (2, "24 18:30"),
    ]
    # not done today: it fires today
    got = upcoming([skipper], now, NY, count=1, done_days={"practice": frozenset({date(2026, 11, 22)})})
    assert got[0].fire_at == local(NY, 2026, 11, 23, 18, 0)


def test_handled_occurrences_are_not_planned_again() -> None:
    r = rule(1, at="09:00")
    now = local(NY, 2026, 11, 23, 8, 59, 59)
    due = local(NY, 2026, 11, 23, 9, 0)
    got = upcoming([r], now, NY, count=1, handled=lambda i, d: d == due)
    assert got[0].fire_at == local(NY, 2026, 11, 24, 9, 0)


# --- catch-up after a sleep ---------------------------------------------------------------------------
def test_ten_hour_sleep_coalesces_recent_misses_and_records_older_ones() -> None:
    clock = FixedClock(local(NY, 2026, 11, 23, 22, 0), "America/New_York")
    rules = [rule(1, at="05:30"), rule(2, at="07:00"), rule(3, at="07:30"), rule(4, at="12:00")]
    checked = clock.now()
    clock.advance(hours=10)  # asleep 22:00 -> 08:00
    now, zone = clock.now(), clock.local_zone()
    pending = pending_between(rules, checked, now, zone)
    assert [(o.rule_id, o.fire_at.astimezone(zone).strftime("%H:%M")) for o in pending] == [
        (1, "05:30"),
        (2, "07:00"),
        (3, "07:30"),
    ]
    decided = triage(pending, rules, now, zone, grace=timedelta(hours=2))
    assert [o.rule_id for o in decided.recent] == [2, 3]
    assert [o.rule_id for o in decided.missed] == [1]
    note = compose(decided.recent, now, zone)
    assert note is not None
    assert note.title == "2 reminders missed this morning"
    assert note.late and len(note.items) == 2
    # once handled, a second catch-up finds nothing: none duplicated
    done = {o.key for o in pending}
    assert pending_between(rules, checked, now, zone, handled=lambda i, d: (i, d) in done) == []


def test_catch_up_never_reaches_before_a_rule_started() -> None:
    now = local(NY, 2026, 11, 23, 8, 0)
    fresh = rule(1, at="07:00", since=local(NY, 2026, 11, 23, 7, 30))
    assert pending_between([fresh], None, now, NY) == []
    older = rule(2, at="07:00", since=local(NY, 2026, 11, 20, 12, 0))
    got = pending_between([older], None, now, NY)
    assert [o.fire_at.astimezone(NY).strftime("%d") for o in got] == ["21", "22", "23"]


def test_skip_if_done_during_catch_up_is_recorded_as_skipped() -> None:
    r = rule(1, at="07:00", skip_if_done=True)
    now = local(NY, 2026, 11, 23, 8, 0)
    pending = pending_between([r], now - timedelta(hours=2), now, NY)
    decided = triage(pending, [r], now, NY, timedelta(hours=2), {"practice": frozenset({date(2026, 11, 23)})})
    assert (len(decided.skipped), len(decided.recent)) == (1, 0)


def test_wording_of_single_late_and_several_reminders() -> None:
    now = local(NY, 2026, 11, 23, 8, 0)
    on_time = occurrence_of(rule(1, at="08:00"), now, NY, None)
    note = compose([on_time], now + timedelta(seconds=1), NY)
    assert note is not None and not note.late
    assert note.title == "Time for a few minutes of practice"
    late = compose([on_time], now + timedelta(minutes=30), NY)
    assert late is not None and late.late and "(at 08:00)" in late.message
    assert compose([], now, NY) is None
    assert missed_when(local(NY, 2026, 11, 22, 19, 0), now, NY) == "yesterday evening"
    assert missed_when(local(NY, 2026, 11, 23, 2, 0), now, NY) == "last night"
    assert missed_when(local(NY, 2026, 11, 20, 9, 0), now, NY) == "since Friday"


# --- quiet hours hold exactly: catch-up, the note when set inside them, and rules let through ---------
def test_catch_up_inside_quiet_hours_records_missed_or_holds_to_their_end() -> None:
    quiet = QuietHours(time(22, 0), time(7, 0))
    evening = rule(1, "21:00")
    now = local(NY, 2026, 11, 22, 22, 30)
    pending = pending_between([evening], local(NY, 2026, 11, 22, 20, 55), now, NY, quiet)
    assert [o.fire_at.astimezone(NY) for o in pending] == [local(NY, 2026, 11, 22, 21, 0)]
    decided = triage(pending, [evening], now, NY, timedelta(minutes=120), quiet=quiet)
    assert (decided.recent, len(decided.missed), decided.held) == ((), 1, ())
    # Short quiet hours: still recent when they end, so held to their end, not shown now.
    short = QuietHours(time(22, 0), time(23, 0))
    decided = triage(pending, [evening], now, NY, timedelta(minutes=120), quiet=short)
    assert decided.recent == () and decided.missed == ()
    assert [at.astimezone(NY) for _occ, at in decided.held] == [local(NY, 2026, 11, 22, 23, 0)]
    # Outside quiet hours nothing changes: recent is shown.
    decided = triage(
        pending, [evening], local(NY, 2026, 11, 22, 21, 30), NY, timedelta(minutes=120), quiet=quiet
    )
    assert len(decided.recent) == 1
    # A rule let through quiet hours is shown at a night-time catch-up.
    through = rule(2, "21:00", through_quiet=True)
    found = pending_between([through], local(NY, 2026, 11, 22, 20, 55), now, NY, quiet)
    decided = triage(found, [through], now, NY, timedelta(hours=2), quiet=quiet)
    assert [o.rule_id for o in decided.recent] == [2] and decided.held == ()


def test_the_quiet_hours_note_names_the_time_the_window_and_when_it_will_come() -> None:
    quiet = QuietHours(time(22, 0), time(7, 0))
    assert quiet_hours_note(time(22, 30), quiet) == (
        "22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00"
    )
    assert quiet_hours_note(time(2, 30), quiet) is not None
    assert quiet_hours_note(time(7, 0), quiet) is None and quiet_hours_note(time(21, 59), quiet) is None
    assert quiet_hours_note(time(22, 30), None) is None
    daytime = QuietHours(time(13, 0), time(14, 0))  # a nap
    assert quiet_hours_note(time(13, 15), daytime) == (
        "13:15 falls in your quiet hours (13:00-14:00): it will come at 14:00"
    )


def test_a_rule_let_through_quiet_hours_fires_at_its_time_even_across_dst() -> None:
    quiet = QuietHours(time(22, 0), time(7, 0))
    night_shift = rule(1, "02:30", through_quiet=True)
    held = rule(2, "02:30")
    start = local(NY, 2027, 3, 13, 12, 0)  # the night clocks go forward: 02:30 does not exist
    fires_ = upcoming([night_shift, held], start, NY, quiet, count=4)
    assert [(o.rule_id, o.fire_at.astimezone(NY)) for o in fires_] == [
        (1, local(NY, 2027, 3, 14, 3, 0)),  # the first minute after the gap
        (2, local(NY, 2027, 3, 14, 7, 0)),
        (1, local(NY, 2027, 3, 15, 2, 30)),
        (2, local(NY, 2027, 3, 15, 7, 0)),
    ]
