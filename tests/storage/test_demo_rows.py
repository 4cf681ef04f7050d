"""Writing demo rows in bulk: every row lands with exactly its values, parents before children, and a
table or column the loader does not know is refused before anything is written."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from coach.storage.demo_rows import DEMO_COLUMNS, insert_demo_rows
from coach.storage.store import Store

NOW = "2026-11-21T15:00:00+00:00"


def plan() -> dict[str, Any]:
    return {
        "id": 1,
        "name": "O'Neil's plan'); DROP TABLE taper_plans; --",
        "status": "active",
        "origin": "prescriber",
        "pace": None,
        "start_mme": 90.0,
        "start_date": "2026-11-01",
        "note": "",
        "created_at": NOW,
    }


def step(step_id: int, day: str) -> dict[str, Any]:
    return {
        "id": step_id,
        "plan_id": 1,
        "date": day,
        "target_mme": 81.0,
        "doses": "{}",
        "is_draft": 0,
        "note": "",
    }


def withdrawal(step_id: int) -> dict[str, Any]:
    return {"at": NOW, "answers": '{"yawning": 1}', "total": 1, "step_id": step_id, "note": ""}


def test_rows_land_verbatim_and_children_may_come_before_parents_in_the_mapping(store: Store) -> None:
    insert_demo_rows(
        store,
        {
            "withdrawal_checkins": [withdrawal(2)],  # names a step given later in the mapping
            "taper_steps": [step(1, "2026-11-01"), step(2, "2026-11-15")],
            "taper_plans": [plan()],
            "journal": [],
        },
    )
    assert store.conn.execute("select name, pace, start_mme from taper_plans").fetchall() == [
        (plan()["name"], None, 90.0)
    ]
    assert store.conn.execute("select id, date from taper_steps order by id").fetchall() == [
        (1, "2026-11-01"),
        (2, "2026-11-15"),
    ]
    assert store.conn.execute("select step_id, answers from withdrawal_checkins").fetchall() == [
        (2, '{"yawning": 1}')
    ]


def test_an_unknown_table_or_column_is_refused_before_anything_is_written(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown table: 'profile'"):
        insert_demo_rows(store, {"taper_plans": [plan()], "profile": [{"id": 1}]})
    with pytest.raises(ValueError, match=r"taper_plans.*'kind = 1; --'"):
        insert_demo_rows(store, {"taper_plans": [{**plan(), "kind = 1; --": 1}]})
    with pytest.raises(ValueError, match=r"taper_steps.*'note'"):
        bad = step(1, "2026-11-01")
        del bad["note"]
        insert_demo_rows(store, {"taper_plans": [plan()], "taper_steps": [bad]})
    assert store.conn.execute("select count(*) from taper_plans").fetchone()[0] == 0


def test_a_row_that_breaks_a_rule_writes_nothing_at_all(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert_demo_rows(store, {"taper_plans": [plan()], "taper_steps": [step(1, "2026-11-01")] * 2})
    assert store.conn.execute("select count(*) from taper_plans").fetchone()[0] == 0


def test_every_demo_table_and_column_exists_in_the_schema(store: Store) -> None:
    for table, columns in DEMO_COLUMNS.items():
        known = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
        assert set(columns) <= known, table
