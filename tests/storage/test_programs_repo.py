"""Programs and assignments on a real SQLite file: a saved program reads back exactly as written (quotes
and SQL included), starting a program keeps the one before in the history, and the day records a program
is measured against are the ones in the asked-for window."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from coach.storage.programs_repo import Assignment, ProgramsRepo
from coach.storage.store import Store

NOW = "2026-11-21T15:00:00+00:00"
HOSTILE = "Bob's plan'); DROP TABLE programs; --"


def definition(program_id: str, title: str) -> dict[str, object]:
    return {"id": program_id, "title": title, "weeks": [{"days": []}], "note": "naïve “quotes”"}


def test_a_saved_program_reads_back_verbatim_and_hostile_text_is_only_text(store: Store) -> None:
    repo = ProgramsRepo(store)
    repo.save_program(definition("p-1", HOSTILE), coach_name=HOSTILE, origin="custom", now=NOW)

    got = repo.program("p-1")
    assert got is not None
    assert (got.id, got.origin, got.coach_name) == ("p-1", "custom", HOSTILE)
    assert json.loads(got.definition) == definition("p-1", HOSTILE)
    assert "naïve “quotes”" in got.definition  # stored as written, not \\u-escaped
    assert repo.has_program("p-1") and not repo.has_program("p-1' OR '1'='1")
    assert repo.program("p-1' OR '1'='1") is None
    assert [p.id for p in repo.saved_programs()] == ["p-1"]  # the table is still there


def test_saving_again_replaces_the_program_but_keeps_when_it_was_first_saved(store: Store) -> None:
    repo = ProgramsRepo(store)
    repo.save_program(definition("p-1", "First"), coach_name="", origin="custom", now=NOW)
    repo.save_program(
        definition("p-1", "Second"), coach_name="Sam", origin="imported", now="2026-11-22T09:00:00+00:00"
    )

    got = repo.program("p-1")
    assert got is not None and (json.loads(got.definition)["title"], got.origin, got.coach_name) == (
        "Second",
        "imported",
        "Sam",
    )
    created, updated = store.conn.execute(
        "select created_at, updated_at from programs where id = 'p-1'"
    ).fetchone()
    assert (created, updated) == (NOW, "2026-11-22T09:00:00+00:00")


def test_saved_programs_leave_out_built_in_copies_and_come_by_title(store: Store) -> None:
    repo = ProgramsRepo(store)
    repo.save_program(definition("zz", "Alpha"), coach_name="", origin="custom", now=NOW)
    repo.save_program(definition("aa", "Beta"), coach_name="", origin="imported", now=NOW)
    repo.save_program(definition("copy", "Aardvark"), coach_name="", origin="builtin", now=NOW)

    assert [p.id for p in repo.saved_programs()] == ["zz", "aa"]
    assert repo.program("copy") is not None  # a built-in copy can still be read by id


def test_starting_a_program_keeps_the_one_before_as_previous(store: Store) -> None:
    repo = ProgramsRepo(store)
    for program_id in ("first", "second"):
        repo.save_program(definition(program_id, program_id), coach_name="", origin="custom", now=NOW)

    one = repo.start_assignment("first", date(2026, 11, 1), "me", NOW)
    two = repo.start_assignment("second", date(2026, 11, 15), HOSTILE, NOW)

    assert repo.active_assignment() == Assignment(two, "second", date(2026, 11, 15), "active", HOSTILE, NOW)
    assert [(a.id, a.status) for a in repo.assignments()] == [(two, "active"), (one, "previous")]
    assert repo.is_followed("second") and not repo.is_followed("first")
    assert repo.assignment(one) == Assignment(one, "first", date(2026, 11, 1), "previous", "me", NOW)
    assert repo.assignment(999) is None

    repo.end_active_assignment()
    assert repo.active_assignment() is None
    assert [a.status for a in repo.assignments()] == ["previous", "previous"]


def test_an_assignment_needs_its_program_and_deleting_a_program_takes_its_history(store: Store) -> None:
    repo = ProgramsRepo(store)
    with pytest.raises(sqlite3.IntegrityError):
        repo.start_assignment("never-saved", date(2026, 11, 1), "", NOW)
    assert repo.assignments() == []  # the half-done switch was rolled back

    repo.save_program(definition("p-1", "One"), coach_name="", origin="custom", now=NOW)
    repo.start_assignment("p-1", date(2026, 11, 1), "", NOW)
    repo.end_active_assignment()
    assert repo.delete_program("p-1") is True
    assert repo.delete_program("p-1") is False
    assert repo.program("p-1") is None and repo.assignments() == []


def test_day_records_come_from_the_asked_window_and_the_active_taper_only(store: Store) -> None:
    db = store.db
    db.execute(
        "insert into taper_plans (id, name, status, start_date, created_at) values"
        " (1, 'now', 'active', '2026-11-01', ?), (2, 'old', 'archived', '2026-01-01', ?)",
        [NOW, NOW],
    )
    db.execute(
        "insert into taper_steps (plan_id, date, target_mme) values"
        " (1, '2026-12-01', 40), (1, '2026-11-15', 45), (1, 'not a date', 45), (2, '2026-02-01', 80)"
    )
    db.execute(
        "insert into sessions (exercise_id, started_at, updated_at, status, completed_fraction) values"
        " ('body-scan', '2026-11-20T13:00:00+00:00', ?, 'completed', 1),"
        " ('breath', '2026-11-19T13:00:00+00:00', ?, 'completed', 1),"
        " ('late', '2026-11-20T14:00:00+00:00', ?, 'abandoned', 1)",
        [NOW, NOW, NOW],
    )
    db.execute(
        "insert into checkins (at, kind, answers, score) values"
        " ('2026-11-20T12:00:00+00:00', 'peg', '{}', 5), ('2026-11-18T12:00:00+00:00', 'pgic', '{}', 2)"
    )
    db.execute(
        "insert into withdrawal_checkins (at, answers, total) values"
        " ('2026-11-20T22:00:00+00:00', '{}', 3), ('2026-11-10T22:00:00+00:00', '{}', 1)"
    )
    repo = ProgramsRepo(store)
    since = "2026-11-20T00:00:00+00:00"

    # an unreadable step date is skipped rather than hiding the others
    assert repo.active_taper_step_dates() == [date(2026, 11, 15), date(2026, 12, 1)]
    assert repo.completed_sessions_since(since) == [("body-scan", "2026-11-20T13:00:00+00:00")]
    assert repo.checkins_since(since) == [("peg", "2026-11-20T12:00:00+00:00")]
    assert repo.withdrawal_checkin_times_since(since) == ["2026-11-20T22:00:00+00:00"]


def test_reading_programs_does_not_load_sqlite_utils(store: Store) -> None:
    """Today asks for the active program's plan before the first window: reads use plain sqlite3."""
    ProgramsRepo(store).save_program(definition("p-1", "One"), coach_name="", origin="custom", now=NOW)
    fresh = Store.open_path(store.paths.database)
    try:
        repo = ProgramsRepo(fresh)
        repo.program("p-1")
        repo.active_assignment()
        repo.active_taper_step_dates()
        repo.completed_sessions_since(NOW)
        assert fresh._db is None
    finally:
        fresh.close()
