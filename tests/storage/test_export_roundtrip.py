"""Export -> import into an empty profile -> export again gives the same data (a property over generated
rows in every table, within the schema's constraints)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.storage.export import export_json, import_json, read_export, write_json
from coach.storage.paths import ProfilePaths
from coach.storage.schema import USER_TABLES
from coach.storage.store import Store

# Any text a person might type, in any script, with control characters; no lone surrogates (they cannot
# be written as UTF-8 by anything, so no export could hold them).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
STAMP = st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "+00:00")
DAY = st.dates().map(lambda d: d.isoformat())
FLAG = st.integers(0, 1)
RATING = st.none() | st.integers(0, 10)


def _floats(low: float | None = None, high: float | None = None, exclude_min: bool = False) -> Any:
    return st.floats(low, high, exclude_min=exclude_min, allow_nan=False, allow_infinity=False)


POSITIVE = _floats(0.0, 1e6, exclude_min=True)

# Columns with a CHECK constraint or a meaning the generic type rule would break; the rest are drawn
# from their declared type, so a column added by a later migration is covered without editing this.
OVERRIDES: dict[tuple[str, str], Any] = {
    ("profile", "kind"): st.sampled_from(["patient", "coach"]),
    ("profile", "takes_opioids"): FLAG,
    ("profile", "onboarded"): FLAG,
    ("profile", "is_demo"): FLAG,
    ("exercises", "minutes"): POSITIVE,
    ("recordings", "duration_s"): POSITIVE,
    ("sessions", "status"): st.sampled_from(["in_progress", "completed", "abandoned"]),
    ("sessions", "completed_fraction"): _floats(0.0, 1.0),
    ("sessions", "position_s"): _floats(0.0, 1e5),
    ("sessions", "pre_pain"): RATING,
    ("sessions", "post_pain"): RATING,
    ("sessions", "pre_distress"): RATING,
    ("sessions", "post_distress"): RATING,
    ("sessions", "ended_at"): st.none() | STAMP,
    ("checkins", "kind"): st.sampled_from(["peg", "pgic", "phq9", "gad7"]),
    ("medications", "is_opioid"): FLAG,
    ("medications", "active"): FLAG,
    ("medications", "strength"): st.none() | POSITIVE,
    ("medications", "doses_per_day"): st.none() | POSITIVE,
    ("medications", "drug"): st.none() | TEXT,
    ("dose_events", "amount"): POSITIVE,
    ("dose_events", "kind"): st.sampled_from(["scheduled", "as_needed"]),
    ("taper_plans", "status"): st.sampled_from(["draft", "active", "finished", "archived"]),
    ("taper_plans", "origin"): st.sampled_from(["prescriber", "draft"]),
    ("taper_plans", "start_mme"): st.none() | _floats(0.0, 1e4),
    ("taper_steps", "target_mme"): _floats(0.0, 1e4),
    ("taper_steps", "is_draft"): FLAG,
    ("taper_pauses", "end_date"): st.none() | DAY,
    ("withdrawal_checkins", "total"): st.integers(0, 10_000),
    ("reminder_rules", "kind"): st.sampled_from(["practice", "program", "checkin", "taper"]),
    ("reminder_rules", "paused"): FLAG,
    ("reminder_rules", "skip_if_done"): FLAG,
    ("reminder_rules", "through_quiet"): FLAG,
    ("reminder_rules", "heads_up_minutes"): st.integers(0, 1440),
    ("reminder_deliveries", "status"): st.sampled_from(
        ["due", "shown", "acted", "snoozed", "skipped", "missed"]
    ),
    ("programs", "origin"): st.sampled_from(["builtin", "custom", "imported"]),
    ("assignments", "status"): st.sampled_from(["active", "previous", "finished"]),
    ("journal", "kind"): st.sampled_from(["journal", "flare"]),
    ("journal", "intensity"): RATING,
}
# Tables with a UNIQUE constraint besides the key: rows are kept unique on these columns.
UNIQUE: dict[str, tuple[str, ...]] = {
    "milestones": ("plan_id", "kind", "reached_on"),
    "reminder_deliveries": ("rule_id", "due_at"),
}
MAX_ROWS = {"profile": 1}


def _by_type(declared: str, notnull: bool) -> Any:
    declared = declared.upper()
    if "INT" in declared:
        base: Any = st.integers(-(2**63), 2**63 - 1)
    elif "REAL" in declared:
        base = _floats()
    else:
        base = TEXT
    return base if notnull else st.none() | base


def _schema(db: Any) -> dict[str, dict[str, Any]]:
    """Per table: columns (name, type, notnull, pk) and foreign keys column -> parent table."""
    out = {}
    for table in USER_TABLES:
        columns = [(r[1], r[2], bool(r[3]), r[5]) for r in db.execute(f'PRAGMA table_info("{table}")')]
        fks = {r[3]: r[2] for r in db.execute(f'PRAGMA foreign_key_list("{table}")')}
        out[table] = {"columns": columns, "fks": fks}
    return out


def _open(root: Path) -> Store:
    return Store.open(ProfilePaths(root / "data"))


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    with _open(tmp_path_factory.mktemp("schema")) as store:
        return _schema(store.db)


@st.composite
def datasets(draw: Callable[..., Any], schema: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table; keys drawn first so references (in either direction) point at real rows."""
    keys: dict[str, list[Any]] = {}
    for table in USER_TABLES:
        pk = next(c for c in schema[table]["columns"] if c[3])
        if table == "profile":
            keys[table] = [1]
            continue
        orphan = any(
            notnull and keys.get(schema[table]["fks"][name]) == []
            for name, _, notnull, _ in schema[table]["columns"]
            if name in schema[table]["fks"]
        )
        if orphan:  # a child row needs its parent (parents come first in USER_TABLES)
            keys[table] = []
            continue
        strategy = st.integers(1, 10**9) if "INT" in pk[1].upper() else TEXT.filter(bool)
        keys[table] = draw(st.lists(strategy, max_size=MAX_ROWS.get(table, 4), unique=True))
    data: dict[str, list[dict[str, Any]]] = {}
    for table in USER_TABLES:
        rows = []
        seen: set[tuple[Any, ...]] = set()
        for key in keys[table]:
            row: dict[str, Any] = {}
            for name, declared, notnull, pk in schema[table]["columns"]:
                parent = schema[table]["fks"].get(name)
                if pk:
                    row[name] = key
                elif parent is not None:
                    choices = keys[parent]
                    options = st.sampled_from(choices) if choices else st.none()
                    row[name] = draw(options if notnull else st.none() | options)
                else:
                    row[name] = draw(OVERRIDES.get((table, name), _by_type(declared, notnull)))
            marker = tuple(row[c] for c in UNIQUE.get(table, ()))
            if marker and marker in seen:
                continue  # nothing refers to these tables' rows, so dropping one leaves no dangling key
            seen.add(marker)
            rows.append(row)
        data[table] = rows
    return data


def _fill(store: Store, data: dict[str, list[dict[str, Any]]]) -> None:
    with store.transaction() as db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("delete from profile")
        for table in USER_TABLES:
            for row in data[table]:
                columns = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" for _ in row)
                db.execute(f'insert into "{table}" ({columns}) values ({marks})', list(row.values()))


def _without_time(export: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in export.items() if k != "exported_at"}


@pytest.mark.slow  # 40 generated profiles, two databases each: a few seconds
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_export_import_export_is_identical(schema: dict[str, dict[str, Any]], data: st.DataObject) -> None:
    rows = data.draw(datasets(schema))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with _open(root / "a") as source:
            _fill(source, rows)
            first = export_json(source)
            # Through the file, as `coach export` and `coach import` do it.
            write_json(source, root / "export.json")
        on_disk = read_export(root / "export.json")
        with _open(root / "b") as target:
            assert not target.holds_user_data()
            import_json(target, on_disk)
            second = export_json(target)
    assert _without_time(second) == _without_time(first)
    assert _without_time(json.loads(json.dumps(on_disk))) == _without_time(first)
    # The export is the generated data, every table and every row.
    for table in USER_TABLES:
        assert len(first["tables"][table]) == max(len(rows[table]), 1 if table == "profile" else 0), table


def test_a_realistic_profile_round_trips(tmp_path: Path) -> None:
    """The demo profile (many rows, real references between tables) survives export and import."""
    demo = pytest.importorskip("coach.services.data.demo")
    with _open(tmp_path / "a") as source:
        demo.fill_demo(source, days=60, seed=3)
        first = export_json(source)
    with _open(tmp_path / "b") as target:
        import_json(target, json.loads(json.dumps(first)))
        second = export_json(target)
    assert sum(len(rows) for rows in first["tables"].values()) > 100
    assert _without_time(second) == _without_time(first)
