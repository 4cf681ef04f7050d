"""Export -> import into an empty profile -> export again gives the same data (a property over generated
rows in every table, within the schema's constraints)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.errors import CoachError
from coach.storage.export import export_json, import_json, read_export, write_json
from coach.storage.export_check import REFERENCES, export_schema, validate_export
from coach.storage.paths import ProfilePaths
from coach.storage.schema import USER_TABLES
from coach.storage.store import Store

# Any text a person might type, in any script, with control characters; no lone surrogates (they cannot
# be written as UTF-8 by anything, so no export could hold them).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
STAMP = st.datetimes(datetime(1900, 1, 1), datetime(2200, 12, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=0).isoformat() + "+00:00"
)
DAY = st.dates(date(1900, 1, 1), date(2200, 12, 31)).map(lambda d: d.isoformat())
JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
).map(lambda v: json.dumps(v, ensure_ascii=False))
NAMED = {
    "timestamp": STAMP,
    "date": DAY,
    "json_text": JSON_TEXT,
    "json_text_large": JSON_TEXT,
    "clock_time": st.times().map(lambda t: t.strftime("%H:%M")),
    "weekdays": st.sets(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1).map(
        ",".join
    ),
}


def from_schema(spec: dict[str, Any]) -> Any:
    """Values the shipped export schema accepts, so a generated profile is one import must take whole."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return NAMED[name] if name in NAMED else from_schema(export_schema()["$defs"][name])
    if "anyOf" in spec:
        return st.one_of([from_schema(s) for s in spec["anyOf"]])
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    if "const" in spec:
        return st.just(spec["const"])
    kind = spec["type"]
    if kind == "null":
        return st.none()
    if kind == "integer":
        return st.integers(spec["minimum"], spec["maximum"])
    if kind == "number":
        low = spec.get("minimum", spec.get("exclusiveMinimum"))
        return st.floats(
            low,
            spec["maximum"],
            exclude_min="exclusiveMinimum" in spec,
            allow_nan=False,
            allow_infinity=False,
        )
    return st.text(
        st.characters(exclude_categories=("Cs",)),
        min_size=spec.get("minLength", 0),
        max_size=min(12, spec.get("maxLength", 12)),
    )


# Tables with a UNIQUE constraint besides the key: rows are kept unique on these columns.
UNIQUE: dict[str, tuple[str, ...]] = {
    "milestones": ("plan_id", "kind", "reached_on"),
    "reminder_deliveries": ("rule_id", "due_at"),
}
MAX_ROWS = {"profile": 1}


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
            for name, _declared, notnull, pk in schema[table]["columns"]:
                parent = schema[table]["fks"].get(name)
                if pk:
                    row[name] = key
                elif parent is not None:
                    choices = keys[parent]
                    options = st.sampled_from(choices) if choices else st.none()
                    row[name] = draw(options if notnull else st.none() | options)
                else:
                    spec = export_schema()["$defs"][f"row_{table}"]["properties"][name]
                    row[name] = draw(from_schema(spec))
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
            validate_export(first, "the export")  # every export passes the shipped schema
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
    validate_export(first, "the demo export")
    with _open(tmp_path / "b") as target:
        import_json(target, json.loads(json.dumps(first)))
        second = export_json(target)
    assert sum(len(rows) for rows in first["tables"].values()) > 100
    assert _without_time(second) == _without_time(first)


# --- strict import: the rows that used to get in and break the app later ----------------------------------
def _cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from coach.cli import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    demo = pytest.importorskip("coach.services.data.demo")
    with _open(tmp_path_factory.mktemp("demo")) as source:
        demo.fill_demo(source, days=30, seed=5)
        return export_json(source)


@pytest.mark.parametrize(
    ("table", "field", "value", "named"),
    [
        (
            "sessions",
            "started_at",
            "not a date",
            "sessions row 2, started_at: 'not a date' is not a date and time",
        ),
        ("dose_events", "amount", float("inf"), "dose_events row 2, amount"),
        (
            "taper_steps",
            "date",
            "0001-01-01",
            "taper_steps row 2, date: '0001-01-01' is not a date between 1900",
        ),
        ("dose_events", "medication_id", 424242, "dose_events row 2, medication_id: 424242 is not a row of"),
        ("checkins", "answers", "{not json", "checkins row 2, answers: does not hold valid JSON"),
        ("sessions", "pre_pain", 11, "sessions row 2, pre_pain: 11 is too large"),
        ("dose_events", "amount", 1e308, "dose_events row 2, amount: 1e+308 is too large"),
    ],
)
def test_import_refuses_a_row_that_would_break_the_app_and_names_it(
    demo_export: dict[str, Any], tmp_path: Path, table: str, field: str, value: Any, named: str
) -> None:
    """The issue's cases: the refusal is one line naming table, row and field; nothing is imported, so
    reminders and the report still work afterwards."""
    bad = json.loads(json.dumps(demo_export))
    bad["tables"][table][1][field] = value
    path = tmp_path / "bad.json"
    # allow_nan: the file really holds `Infinity`, as a hand-edited or foreign export might.
    path.write_text(json.dumps(bad, allow_nan=True), encoding="utf-8")
    data_dir = tmp_path / "data"
    code, _, err = _cli(data_dir, "import", str(path))
    assert code == 1
    assert err.startswith("coach: ") and err.count("\n") == 1 and "Traceback" not in err
    assert named in err or ("Infinity" in err and table == "dose_events"), err
    with _open(tmp_path) as target:
        assert not target.holds_user_data()
    assert _cli(data_dir, "reminders", "list")[0] == 0
    assert _cli(data_dir, "report", "--out", str(tmp_path / "r.pdf"))[0] == 0


def test_import_names_several_problems_and_counts_the_rest(demo_export: dict[str, Any]) -> None:
    bad = json.loads(json.dumps(demo_export))
    for row in bad["tables"]["sessions"]:
        row["started_at"] = "yesterday"
    with pytest.raises(CoachError) as refused:
        validate_export(bad, "bad.json")
    message = str(refused.value)
    assert "sessions row 1, started_at" in message and "sessions row 3, started_at" in message
    assert f"(and {len(bad['tables']['sessions']) - 3} more)" in message


def test_import_refuses_deep_nesting_cleanly(tmp_path: Path) -> None:
    """A JSON file nested 100,000 deep is refused before the parser recurses, with one line."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = _cli(tmp_path / "data", "import", str(path))
    assert code == 1
    assert err == "coach: deep.json is nested too deeply\n"


def test_import_refuses_duplicate_keys_and_a_second_profile_row(demo_export: dict[str, Any]) -> None:
    twice = json.loads(json.dumps(demo_export))
    twice["tables"]["journal"].append(dict(twice["tables"]["journal"][0]))
    with pytest.raises(CoachError, match=r"journal row \d+, id: 1 appears twice"):
        validate_export(twice, "twice.json")
    two_profiles = json.loads(json.dumps(demo_export))
    two_profiles["tables"]["profile"].append(dict(two_profiles["tables"]["profile"][0]))
    with pytest.raises(CoachError, match="table profile: has too many rows"):
        validate_export(two_profiles, "two.json")


def test_the_reference_list_matches_the_database(schema: dict[str, dict[str, Any]]) -> None:
    """Every foreign key the database declares is checked by import (so a new one cannot be missed)."""
    declared = {(t, col): parent for t, info in schema.items() for col, parent in info["fks"].items()}
    assert declared == REFERENCES


def test_every_column_is_in_the_export_schema(schema: dict[str, dict[str, Any]]) -> None:
    defs = export_schema()["$defs"]
    for table, info in schema.items():
        assert {c[0] for c in info["columns"]} == set(defs[f"row_{table}"]["properties"]), table


# --- CSV that spreadsheet programs open safely -------------------------------------------------------------
def test_csv_neutralises_formulas_has_a_bom_and_local_times(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from coach.storage.export import write_csv

    with _open(tmp_path) as store, store.transaction() as db:
        db.execute(
            "insert into medications (id, name, note, created_at) values (1, ?, ?, ?)",
            ['=HYPERLINK("http://example.invalid","x")', "Paracétamol @ night", "2026-07-01T06:30:00+00:00"],
        )
        db.execute(
            "insert into patient_records (id, name, imported_at, data) values (1, ?, ?, '{}')",
            ["+cmd|' /C calc'!A0", "2026-01-15T12:00:00+00:00"],
        )
    with _open(tmp_path) as store:
        write_csv(store, tmp_path / "csv", zone=ZoneInfo("Europe/Paris"))
    raw = (tmp_path / "csv" / "medications.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes spreadsheet programs read UTF-8
    import csv as csvlib

    with (tmp_path / "csv" / "medications.csv").open(encoding="utf-8-sig", newline="") as fh:
        row = next(csvlib.DictReader(fh))
    assert row["name"] == '\'=HYPERLINK("http://example.invalid","x")'
    assert row["note"] == "Paracétamol @ night"  # only a leading @ is a formula
    assert row["created_at"] == "2026-07-01T06:30:00+00:00"
    assert row["created_at_local"] == "2026-07-01 08:30:00"  # summer time in Paris
    with (tmp_path / "csv" / "patient_records.csv").open(encoding="utf-8-sig", newline="") as fh:
        record = next(csvlib.DictReader(fh))
    assert record["name"].startswith("'+cmd")
    assert record["imported_at_local"] == "2026-01-15 13:00:00"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(text: str) -> None:
    from coach.storage.export import spreadsheet_safe

    assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("plain " + text) == "plain " + text
    assert spreadsheet_safe(-2.5) == -2.5  # numbers stay numbers
