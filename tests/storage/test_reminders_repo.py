"""Reminder rules and deliveries on a real SQLite file: one row per due time whatever restarts happen,
catch-up after a sleep, snooze and skip, and the reminders derived from taper steps and programs."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.domain.timefmt import to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery
from coach.services.reminders.service import ReminderService
from coach.storage.paths import ProfilePaths
from coach.storage.reminders_repo import RemindersRepo
from coach.storage.store import Store

NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)  # type: ignore[misc]


def rows(store: Store) -> list[tuple[int, str, str]]:
    return [
        (r["rule_id"], r["due_at"], r["status"])
        for r in store.db.query("select * from reminder_deliveries order by due_at, rule_id")
    ]


def own_rules(service: ReminderService) -> list[int]:
    return [r.id for r in service.rules() if not r.source]


# --- the repository -----------------------------------------------------------------------------------
def test_rules_round_trip_and_deliveries_are_unique_per_due_time(store: Store) -> None:
    repo = RemindersRepo(store.db)
    rule_id = repo.add_rule(
        at_time="07:30", weekdays="mon,wed", created_at="2026-11-21T15:00:00+00:00", payload={"a": 1}
    )
    repo.update_rule(rule_id, label="Morning", paused=True)
    got = repo.rule(rule_id)
    assert got is not None
    assert (got.at_time, got.weekdays, got.label, got.paused, got.payload) == (
        "07:30",
        "mon,wed",
        "Morning",
        True,
        {"a": 1},
    )
    due = "2026-11-23T12:30:00+00:00"
    assert repo.record(rule_id, due, "shown", shown_at=due) is True
    assert repo.record(rule_id, due, "shown", shown_at=due) is False  # a second claim loses
    assert repo.record(rule_id, due, "missed") is False
    with pytest.raises(Exception, match="UNIQUE"):
        store.db.execute("insert into reminder_deliveries (rule_id, due_at) values (?, ?)", [rule_id, due])
    # a snoozed row moves on only from 'snoozed'
    assert repo.record(rule_id, due, "snoozed", acted_at=due, action="snooze 5", replaces=("shown",))
    assert repo.record(rule_id, due, "shown", shown_at=due, replaces=("snoozed",))
    row = repo.delivery(rule_id, due)
    assert row is not None and (row.status, row.action) == ("shown", "snooze 5")
    assert repo.handled_keys("2026-11-01") == {(rule_id, due)}
    with pytest.raises(ValueError, match="unknown reminder field"):
        repo.update_rule(rule_id, created_at="x")
    # removing a rule removes its deliveries (foreign keys are on)
    assert repo.remove_rule(rule_id)
    assert repo.deliveries() == []


# --- the service: rules ----------------------------------------------------------------------------
def test_add_pause_resume_remove_and_a_derived_rule_that_stays(ctx: AppContext) -> None:
    service = ReminderService(ctx)
    seen: list[Topic] = []
    ctx.bus.subscribe(lambda changes: seen.extend(changes.topics))
    added = service.add("7:05", "mon,fri", "  Morning   body scan ")
    assert (added.at_time, added.weekdays, added.label) == ("07:05", "mon,fri", "Morning body scan")
    assert Topic.REMINDERS in seen
    sources = {r.source for r in service.rules()}
    assert sources == {"", "peg"}  # a patient gets the weekly check-in reminder
    peg = next(r for r in service.rules() if r.source == "peg")
    with pytest.raises(CoachError, match="pause it instead"):
        service.remove(peg.id)
    assert service.pause(added.id).paused
    assert service.next_fires(5, ny(2026, 11, 23, 0, 0)) and all(
        o.rule_id != added.id for o in service.next_fires(5, ny(2026, 11, 23, 0, 0))
    )
    resumed = service.resume(added.id)
    assert not resumed.paused and resumed.payload["since"] == to_db(ctx.clock.now())
    service.remove(added.id)
    with pytest.raises(CoachError, match="there is no reminder"):
        service.get(added.id)
    with pytest.raises(CoachError, match="not a weekday"):
        service.add("08:00", "someday")


def test_quiet_hours_from_settings_defer_the_next_fire(ctx: AppContext, clock: FixedClock) -> None:
    service = ReminderService(ctx)
    r = service.add("23:30")
    ctx.store.set_setting("quiet_hours_start", "22:00")
    ctx.store.set_setting("quiet_hours_end", "07:15")
    mine = [o for o in service.next_fires(3) if o.rule_id == r.id]
    assert mine[0].fire_at.astimezone(NY).strftime("%d %H:%M") == "22 07:15"
    ctx.store.set_setting("quiet_hours_enabled", False)
    mine = [o for o in service.next_fires(3) if o.rule_id == r.id]
    assert mine[0].fire_at.astimezone(NY).strftime("%d %H:%M") == "21 23:30"


# --- the service: delivering ------------------------------------------------------------------------
def test_a_fired_job_is_delivered_once_and_then_the_next_day_is_planned(
    ctx: AppContext, clock: FixedClock
) -> None:
    service = ReminderDelivery(ctx)
    r = service.add("10:30", label="Body scan", exercise_id="body-scan", heads_up_minutes=5)
    plan = service.plan()
    mine = [f for f in plan if f.items[0].rule_id == r.id]
    assert [(f.at.astimezone(NY).strftime("%H:%M"), f.is_heads_up) for f in mine] == [
        ("10:25", True),
        ("10:30", False),
    ]
    clock.set(ny(2026, 11, 21, 10, 25))
    heads = service.heads_up(mine[0])
    assert heads is not None and heads.title == "In 5 minutes: Body scan"
    clock.set(ny(2026, 11, 21, 10, 30, 0))
    note = service.deliver(mine[1].items)
    assert note is not None and (note.title, note.exercise_id) == ("Body scan", "body-scan")
    assert service.deliver(mine[1].items) is None  # the same job firing twice shows nothing
    assert [s for (_i, _d, s) in rows(ctx.store)] == ["shown"]
    nxt = [f for f in service.plan() if f.items[0].rule_id == r.id and not f.is_heads_up]
    assert nxt[0].at == ny(2026, 11, 22, 10, 30)


def test_snooze_and_skip_today_are_recorded_and_replanned(ctx: AppContext, clock: FixedClock) -> None:
    service = ReminderDelivery(ctx)
    r = service.add("10:30")
    clock.set(ny(2026, 11, 21, 10, 30))
    first = next(f for f in service.plan(ny(2026, 11, 21, 10, 29)) if f.items[0].rule_id == r.id)
    note = service.deliver(first.items)
    assert note is not None
    clock.set(ny(2026, 11, 21, 10, 31))
    service.snooze(note.items, 10)
    again = next(f for f in service.plan() if f.items[0].rule_id == r.id)
    assert again.at == ny(2026, 11, 21, 10, 41) and again.items[0].snoozed
    clock.set(ny(2026, 11, 21, 10, 41))
    second = service.deliver(again.items)
    assert second is not None and second.items[0].due == ny(2026, 11, 21, 10, 30)
    service.skip_today(second.items)
    assert rows(ctx.store) == [(r.id, "2026-11-21T15:30:00+00:00", "skipped")]
    with pytest.raises(CoachError, match="snooze for 5, 10, 30"):
        service.snooze(second.items, 7)


def test_skip_if_done_records_skipped_when_practice_happened_today(
    ctx: AppContext, clock: FixedClock
) -> None:
    service = ReminderDelivery(ctx)
    r = service.add("18:00", skip_if_done=True)
    clock.set(ny(2026, 11, 21, 8, 0))
    job = next(f for f in service.plan() if f.items[0].rule_id == r.id)
    assert job.at == ny(2026, 11, 21, 18, 0)
    ctx.store.db.execute(
        "insert into sessions (exercise_id, started_at, ended_at, updated_at, status, completed_fraction) "
        "values ('body-scan', ?, ?, ?, 'completed', 1)",
        [to_db(ny(2026, 11, 21, 9, 0)), to_db(ny(2026, 11, 21, 9, 10)), to_db(ny(2026, 11, 21, 9, 10))],
    )
    clock.set(ny(2026, 11, 21, 9, 30))
    # planning now leaves today out; the job planned earlier is recorded as skipped when it fires
    assert [f.at for f in service.plan() if f.items[0].rule_id == r.id] == [ny(2026, 11, 22, 18, 0)]
    clock.set(ny(2026, 11, 21, 18, 0))
    assert service.deliver(job.items) is None
    assert rows(ctx.store)[0][2] == "skipped"


def test_a_retimed_rule_does_not_fire_its_old_job(ctx: AppContext, clock: FixedClock) -> None:
    service = ReminderDelivery(ctx)
    r = service.add("11:00")
    job = next(f for f in service.plan() if f.items[0].rule_id == r.id)
    service.edit(r.id, at="12:00")
    clock.set(ny(2026, 11, 21, 11, 0))
    assert service.deliver(job.items) is None
    assert rows(ctx.store) == []


# --- catch-up: a 10-hour sleep, restarts ---------------------------------------------------------
def test_sleep_of_ten_hours_gives_one_coalesced_notice_and_restarts_add_nothing(data_dir: object) -> None:
    paths = ProfilePaths(data_dir)  # type: ignore[arg-type]
    clock = FixedClock(ny(2026, 11, 22, 21, 0), "America/New_York")
    store = Store.open(paths)
    ctx = AppContext(store=store, clock=clock)
    service = ReminderDelivery(ctx)
    early, seven, half = (service.add(t).id for t in ("05:30", "07:00", "07:30"))
    ctx.store.set_setting("quiet_hours_enabled", False)
    clock.set(ny(2026, 11, 22, 22, 0))
    assert service.catch_up() is None  # the app runs at 22:00 and everything is in order
    clock.advance(hours=10)  # laptop lid closed until 08:00
    note = service.catch_up()
    assert note is not None and note.title == "2 reminders missed this morning"
    assert {o.rule_id for o in note.items} == {seven, half}
    expected = [
        (early, "2026-11-23T10:30:00+00:00", "missed"),
        (seven, "2026-11-23T12:00:00+00:00", "shown"),
        (half, "2026-11-23T12:30:00+00:00", "shown"),
    ]
    assert rows(store) == expected
    store.close()
    # restart twice (the app reopening its file): nothing shown again, still one row per due time
    for _ in range(2):
        store = Store.open(paths)
        again = ReminderDelivery(AppContext(store=store, clock=clock))
        assert again.catch_up() is None
        assert rows(store) == expected
        store.close()


def test_first_start_catches_up_a_rule_added_earlier_from_the_command_line(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(ny(2026, 11, 21, 7, 0))
    service = ReminderDelivery(ctx)
    r = service.add("08:00")
    clock.set(ny(2026, 11, 21, 8, 20))
    note = service.catch_up()
    assert note is not None and note.late and note.title == "A reminder you missed"
    assert note.items[0].rule_id == r.id
    # resuming after a pause does not count the paused days as missed
    service.pause(r.id)
    clock.set(ny(2026, 11, 24, 12, 0))
    service.resume(r.id)
    assert service.catch_up() is None
    assert [s for (i, _d, s) in rows(ctx.store) if i == r.id] == ["shown"]


# --- derived reminders -----------------------------------------------------------------------------
def _taper(store: Store, steps: list[str], status: str = "active") -> None:
    plan_id = (
        store.db["taper_plans"]
        .insert(
            {
                "name": "Plan",
                "status": status,
                "start_date": steps[0],
                "created_at": "2026-11-01T00:00:00+00:00",
            }
        )
        .last_pk
    )
    for day in steps:
        store.db["taper_steps"].insert({"plan_id": plan_id, "date": day, "target_mme": 30})


def test_taper_steps_bring_prescriber_and_withdrawal_reminders(ctx: AppContext, clock: FixedClock) -> None:
    _taper(ctx.store, ["2026-11-01", "2026-11-26"])
    service = ReminderService(ctx)
    ctx.store.set_setting("quiet_hours_enabled", False)
    by_source = {r.source: r for r in service.rules()}
    assert {"peg", "withdrawal", "taper_step"} <= set(by_source)
    got = [(o.source, o.fire_at.astimezone(NY).date().isoformat()) for o in service.next_fires(12)]
    taper = [d for s, d in got if s == "taper_step"]
    assert taper == ["2026-11-23"]  # 3 days before the step on the 26th
    withdrawal = [d for s, d in got if s == "withdrawal"]
    assert withdrawal[:7] == [(date(2026, 11, 26) + timedelta(days=i)).isoformat() for i in range(7)]
    first = next(o for o in service.next_fires(12) if o.source == "taper_step")
    assert "talk with your prescriber" in first.note and "Thursday 26 November" in first.note
    service.edit(by_source["taper_step"].id, days_before=1)
    got = [
        o.fire_at.astimezone(NY).date().isoformat()
        for o in service.next_fires(12)
        if o.source == "taper_step"
    ]
    assert got == ["2026-11-25"]


def test_program_reminders_follow_the_active_assignment(ctx: AppContext) -> None:
    week = {
        "days": [{"exercises": ["body-scan"]}, {"exercises": []}] + [{"exercises": ["breath-awareness"]}] * 5
    }
    definition = {"id": "p1", "title": "P", "summary": "", "source": "coach", "weeks": [week]}
    ctx.store.db["programs"].insert(
        {"id": "p1", "title": "P", "definition": json.dumps(definition), "created_at": "x", "updated_at": "x"}
    )
    ctx.store.db["assignments"].insert(
        {"program_id": "p1", "started_on": "2026-11-21", "status": "active", "created_at": "x"}
    )
    service = ReminderService(ctx)
    ctx.store.set_setting("quiet_hours_enabled", False)
    program = [o for o in service.next_fires(20) if o.source == "program"]
    got = [(o.fire_at.astimezone(NY).date().isoformat(), o.exercise_id) for o in program]
    # started today at 10:00 local: today's 09:00 has passed, day 2 is a rest day, days 3-7 remind
    assert got == [
        ("2026-11-23", "breath-awareness"),
        ("2026-11-24", "breath-awareness"),
        ("2026-11-25", "breath-awareness"),
        ("2026-11-26", "breath-awareness"),
        ("2026-11-27", "breath-awareness"),
    ]


def test_program_reminders_read_a_minimal_definition_defensively(ctx: AppContext) -> None:
    definition = {"weeks": [{"days": [["body-scan"], [], "breath-awareness"]}]}
    ctx.store.db["programs"].insert(
        {"id": "p2", "title": "P", "definition": json.dumps(definition), "created_at": "x", "updated_at": "x"}
    )
    ctx.store.db["assignments"].insert(
        {"program_id": "p2", "started_on": "2026-11-22", "status": "active", "created_at": "x"}
    )
    service = ReminderService(ctx)
    program = [o for o in service.next_fires(20) if o.source == "program"]
    assert [(o.due.astimezone(NY).date().isoformat(), o.exercise_id) for o in program] == [
        ("2026-11-22", "body-scan"),
        ("2026-11-24", "breath-awareness"),
    ]


def test_no_derived_reminders_for_a_coach_profile(ctx: AppContext) -> None:
    ctx.store.update_profile(kind="coach")
    assert ReminderService(ctx).rules() == []
