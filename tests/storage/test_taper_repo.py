"""The taper repository on a real SQLite file: plans, steps, pauses and milestones come back whole and in
date order, text with quotes or SQL in it is kept verbatim, and replacing milestones is all or nothing."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from coach.domain import taper as rules
from coach.storage.medicines_repo import MedicationDetails, MedicinesRepo
from coach.storage.store import Store
from coach.storage.taper_repo import TaperRepo, parse_doses


def add_plan(repo: TaperRepo, name: str = "My plan", *, status: str = "active", created: str = "") -> int:
    return repo.add_plan(
        name=name,
        status=status,
        origin="prescriber" if status != "draft" else "draft",
        pace="monthly" if status == "draft" else None,
        start_mme=60.0,
        start_date="2026-11-01",
        note="from Dr. Ames",
        created_at=created or "2026-11-01T12:00:00+00:00",
    )


def add_step(repo: TaperRepo, plan_id: int, day: str, target: float, *, draft: bool = False) -> int:
    return repo.add_step(plan_id, day=day, target_mme=target, doses={}, is_draft=draft, note="")


def test_a_plan_round_trips_and_the_newest_active_plan_is_the_active_one(store: Store) -> None:
    repo = TaperRepo(store)
    older = add_plan(repo, "First", created="2026-10-01T12:00:00+00:00")
    newer = add_plan(repo, "Second", created="2026-11-01T12:00:00+00:00")
    draft = add_plan(repo, "Draft", status="draft", created="2026-11-02T12:00:00+00:00")

    plan = repo.plan(older)
    active = repo.active_plan()

    assert plan is not None
    assert (plan.name, plan.status, plan.origin, plan.pace, plan.start_mme, plan.start_date, plan.note) == (
        "First",
        "active",
        "prescriber",
        None,
        60.0,
        date(2026, 11, 1),
        "from Dr. Ames",
    )
    assert active is not None and active.id == newer
    assert [p.id for p in repo.plans()] == [draft, newer, older]
    assert repo.plan(draft + 1) is None


def test_archiving_and_agreeing_a_draft_change_which_plan_is_active(store: Store) -> None:
    repo = TaperRepo(store)
    current = add_plan(repo, "Current")
    draft = add_plan(repo, "Draft", status="draft", created="2026-11-02T12:00:00+00:00")
    drafted = add_step(repo, draft, "2026-12-01", 54.0, draft=True)
    repo.add_step(draft, day="2027-01-01", target_mme=48.0, doses={}, is_draft=True, note="draft note")
    agreed = add_step(repo, current, "2026-12-01", 50.0)

    repo.set_status(current, "archived")
    repo.activate(draft, name="Agreed plan", note="agreed with my prescriber")
    repo.confirm_draft_steps(draft)

    active = repo.active_plan()
    assert active is not None and (active.id, active.name, active.note) == (
        draft,
        "Agreed plan",
        "agreed with my prescriber",
    )
    archived = repo.plan(current)
    assert archived is not None and archived.status == "archived"
    assert [(s.id == drafted, s.is_draft, s.note) for s in repo.steps(draft)] == [
        (True, False, ""),
        (False, False, ""),
    ]
    assert [s.id for s in repo.steps(current)] == [agreed]


def test_steps_come_back_in_date_order_with_their_doses(store: Store) -> None:
    repo = TaperRepo(store)
    meds = MedicinesRepo(store)
    med_id = meds.add(
        MedicationDetails("Oxycodone", "oxycodone", True, 10.0, "mg", 2.0, "", ""),
        started_on=None,
        created_at="2026-11-01T12:00:00+00:00",
    )
    plan_id = add_plan(repo)
    late = add_step(repo, plan_id, "2027-01-01", 40.0)
    same_day_first = add_step(repo, plan_id, "2026-12-01", 50.0)
    with_doses = repo.add_step(
        plan_id, day="2026-12-01", target_mme=45.0, doses={str(med_id): 30.0}, is_draft=False, note="halve"
    )

    steps = repo.steps(plan_id)

    assert [s.id for s in steps] == [same_day_first, with_doses, late]
    step = steps[1]
    assert (step.plan_id, step.date, step.target_mme, step.doses, step.is_draft, step.note) == (
        plan_id,
        date(2026, 12, 1),
        45.0,
        {med_id: 30.0},
        False,
        "halve",
    )
    found = meds.get(med_id)
    assert found is not None
    assert step.doses_text({med_id: found}) == "Oxycodone 30 mg a day"
    assert repo.step_plan_id(late) == plan_id
    assert repo.step_plan_id(late + 100) is None


def test_a_step_can_be_corrected_moved_and_deleted(store: Store) -> None:
    repo = TaperRepo(store)
    plan_id = add_plan(repo)
    first = add_step(repo, plan_id, "2026-12-01", 50.0)
    second = add_step(repo, plan_id, "2027-01-01", 40.0)

    repo.update_step(first, day="2026-12-05", target_mme=52.5, note="as agreed")
    repo.move_step(second, "2027-01-15")
    assert [(s.date, s.target_mme, s.note) for s in repo.steps(plan_id)] == [
        (date(2026, 12, 5), 52.5, "as agreed"),
        (date(2027, 1, 15), 40.0, ""),
    ]

    repo.delete_step(first)
    assert [s.id for s in repo.steps(plan_id)] == [second]


def test_pauses_open_end_and_go_in_start_order(store: Store) -> None:
    repo = TaperRepo(store)
    plan_id = add_plan(repo)
    later = repo.add_pause(plan_id, start="2027-02-01", end=None, reason="moving house")
    earlier = repo.add_pause(plan_id, start="2026-12-10", end="2026-12-20", reason="holidays")

    assert repo.pauses(plan_id) == [
        rules.Pause(date(2026, 12, 10), date(2026, 12, 20), "holidays", earlier),
        rules.Pause(date(2027, 2, 1), None, "moving house", later),
    ]

    repo.end_pause(later, "2027-02-14")
    repo.delete_pause(earlier)

    assert repo.pauses(plan_id) == [rules.Pause(date(2027, 2, 1), date(2027, 2, 14), "moving house", later)]
    assert repo.pause_plan_id(later) == plan_id
    assert repo.pause_plan_id(earlier) is None


def test_text_with_quotes_and_sql_is_stored_verbatim(store: Store) -> None:
    repo = TaperRepo(store)
    tricky = "Dr. O'Neil's \"slow\" plan'); DROP TABLE taper_steps; --"
    plan_id = repo.add_plan(
        name=tricky,
        status="active",
        origin="prescriber",
        pace=None,
        start_mme=30.0,
        start_date="2026-11-01",
        note="' OR 1=1 --",
        created_at="2026-11-01T12:00:00+00:00",
    )
    step_id = repo.add_step(plan_id, day="2026-12-01", target_mme=25.0, doses={}, is_draft=False, note=tricky)
    repo.add_pause(plan_id, start="2026-12-10", end=None, reason=tricky)
    repo.replace_milestones(plan_id, [rules.Milestone("first_step", date(2026, 12, 1), tricky)])

    plan = repo.plan(plan_id)
    assert plan is not None and (plan.name, plan.note) == (tricky, "' OR 1=1 --")
    assert [(s.id, s.note) for s in repo.steps(plan_id)] == [(step_id, tricky)]
    assert [p.reason for p in repo.pauses(plan_id)] == [tricky]
    labels = [r[0] for r in store.conn.execute("select label from milestones where plan_id = ?", [plan_id])]
    assert labels == [tricky]


def test_replacing_milestones_keeps_other_plans_and_is_all_or_nothing(store: Store) -> None:
    repo = TaperRepo(store)
    plan_id = add_plan(repo)
    other_id = add_plan(repo, "Other")
    first = rules.Milestone("first_step", date(2026, 12, 1), "First step down")
    month = rules.Milestone("steady_month", date(2027, 1, 1), "A month at this step")
    repo.replace_milestones(plan_id, [first, month])
    repo.replace_milestones(other_id, [first])

    repo.replace_milestones(plan_id, [month])
    assert repo.milestone_keys(plan_id) == {("steady_month", "2027-01-01")}
    assert repo.milestone_keys(other_id) == {("first_step", "2026-12-01")}

    # The same milestone twice breaks UNIQUE(plan_id, kind, reached_on) half way through.
    with pytest.raises(sqlite3.IntegrityError):
        repo.replace_milestones(plan_id, [first, first])
    assert repo.milestone_keys(plan_id) == {("steady_month", "2027-01-01")}


def test_the_stored_dose_record_reads_old_and_broken_text_safely() -> None:
    assert parse_doses('{"3": 20, "7": {"daily": 12.5}}') == {3: 20.0, 7: 12.5}
    assert parse_doses('{"daily": 10, "x": "ten"}') == {}
    assert parse_doses("not json") == {}
    assert parse_doses(None) == {}
