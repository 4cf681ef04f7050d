"""Checks a JSON export before anything is imported: the shipped schema, unique keys and references.

The schema is resources/schemas/export.schema.json; this module adds what JSON Schema cannot say alone: that
a timestamp is a real moment in 1900-2200, that a JSON-in-text column holds JSON, that numbers are finite,
that primary keys are unique and that every reference points at a row of the same export. A refusal names
the first few problems by table, row (counted from 1, as a spreadsheet does) and field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from coach.domain.bundle_manifest import parse_json
from coach.domain.errors import CoachError
from coach.resources import resource_path

SCHEMA_FILE = ("schemas", "export.schema.json")
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_EXPORT_BYTES = 512 * 1024 * 1024
MAX_PROBLEMS = 3  # a refusal lists this many; the rest are summarised as a count
MAX_JSON_TEXT_DEPTH = 24

# Column -> table it refers to, as the schema's foreign keys say (a test keeps this equal to the database's
# PRAGMA foreign_key_list, so a new reference cannot be forgotten here).
REFERENCES: dict[tuple[str, str], str] = {
    ("sessions", "assignment_id"): "assignments",
    ("dose_events", "medication_id"): "medications",
    ("taper_steps", "plan_id"): "taper_plans",
    ("taper_pauses", "plan_id"): "taper_plans",
    ("milestones", "plan_id"): "taper_plans",
    ("withdrawal_checkins", "step_id"): "taper_steps",
    ("reminder_deliveries", "rule_id"): "reminder_rules",
    ("assignments", "program_id"): "programs",
}
# Tables whose key is not `id`.
KEYS: dict[str, str] = {"settings": "key"}


class ExportError(CoachError):
    """An export file that would be refused by import, with the first problems named."""


def _moment(text: object) -> bool:
    if not isinstance(text, str):
        return True  # the type check reports it
    moment = datetime.fromisoformat(text)
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def _day(text: object) -> bool:
    if not isinstance(text, str):
        return True
    return FIRST_YEAR <= date.fromisoformat(text).year <= LAST_YEAR


def _json_text(text: object) -> bool:
    if not isinstance(text, str):
        return True
    parse_json(text.encode("utf-8"), "a JSON text column", limit=len(text.encode("utf-8")) + 1)
    return True


def _checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("coach-timestamp", raises=ValueError)(_moment)
    checker.checks("coach-date", raises=ValueError)(_day)
    checker.checks("coach-json", raises=CoachError)(_json_text)
    return checker


def _finite_number(_checker: object, value: object) -> bool:
    # NaN passes every minimum/maximum comparison, so it must fail the type itself.
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("number", _finite_number),
)


@lru_cache(maxsize=1)
def export_schema() -> dict[str, Any]:
    """The export schema exactly as shipped."""
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    return _Validator(export_schema(), format_checker=_checker())


def parse_export_text(raw: bytes, origin: str) -> Any:
    """Decode an export file's bytes: size and nesting depth are checked before the parser recurses,
    NaN/Infinity and duplicate keys are refused. Raises ExportError naming `origin`."""
    try:
        return parse_json(raw, origin, limit=MAX_EXPORT_BYTES)
    except CoachError as exc:
        raise ExportError(str(exc)) from None


def validate_export(data: Any, origin: str) -> dict[str, Any]:
    """Return `data` if it is a complete, importable export; else raise ExportError naming the first
    problems as `table row N, field: what is wrong`."""
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        raise ExportError(f"{origin} is not a Pain Recovery Coach export (no 'tables' object)")
    version = data.get("format_version")
    if version != 1:
        raise ExportError(f"{origin} has export format {version!r}; this app reads format 1")
    problems: list[str] = []
    places: set[str] = set()  # one problem per field: a bad timestamp fails both its pattern and format
    total = 0
    try:
        for error in _validator().iter_errors(data):
            place = _where(error)
            if place in places:
                continue
            places.add(place)
            total += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(describe(error))
    except RecursionError:
        raise ExportError(f"{origin} is nested too deeply") from None
    if not problems:
        for problem in _key_problems(data["tables"]):
            total += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(problem)
    if problems:
        more = f" (and {total - len(problems)} more)" if total > len(problems) else ""
        raise ExportError(f"{origin} cannot be imported, nothing was changed: {'; '.join(problems)}{more}")
    return data


def _key_problems(tables: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    keys: dict[str, set[Any]] = {}
    for table, rows in tables.items():
        key = KEYS.get(table, "id")
        seen: set[Any] = set()
        for index, row in enumerate(rows):
            value = row.get(key)
            if value in seen:
                yield f"{table} row {index + 1}, {key}: {_shown(value)} appears twice"
            seen.add(value)
        keys[table] = seen
    for table, rows in tables.items():
        for index, row in enumerate(rows):
            for (child, column), parent in REFERENCES.items():
                if child != table or row.get(column) is None:
                    continue
                if row[column] not in keys.get(parent, set()):
                    yield (
                        f"{table} row {index + 1}, {column}: {_shown(row[column])} is not a row of {parent}"
                    )


def _where(error: ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 3 and path[0] == "tables" and isinstance(path[2], int):
        where = f"{path[1]} row {path[2] + 1}"
        if len(path) >= 4:
            where += f", {path[3]}"
        return where
    if len(path) == 2 and path[0] == "tables":
        return f"table {path[1]}"
    return ".".join(str(p) for p in path) or "the top level"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe(error: ValidationError) -> str:
    """One short line for a schema error: where (table row N, field) and what a person should fix."""
    if error.validator == "anyOf" and error.context:
        # A nullable column: report why the non-null alternative failed.
        real = [e for e in error.context if e.schema != {"type": "null"}]
        if real:
            inner = min(real, key=lambda e: len(list(e.relative_path)))
            return f"{_where(error)}: {_what(inner, error.instance)}"
    return f"{_where(error)}: {_what(error, error.instance)}"


def _what(error: ValidationError, value: object) -> str:
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    shape = schema.get("format")
    shown = _shown(value)
    if kind in ("format", "pattern") and shape == "coach-timestamp":
        return (
            f"{shown} is not a date and time between {FIRST_YEAR} and {LAST_YEAR} "
            "(like 2026-11-21T08:00:00+00:00)"
        )
    if kind in ("format", "pattern") and shape == "coach-date":
        return f"{shown} is not a date between {FIRST_YEAR} and {LAST_YEAR} (like 2026-11-21)"
    if kind == "format" and shape == "coach-json":
        return "does not hold valid JSON text"
    if kind == "pattern":
        return f"{shown} is not in the expected form"
    if kind == "type":
        wanted = error.validator_value
        if wanted == "number":
            return f"{shown} is not a finite number"
        return f"{shown} should be {'an' if str(wanted)[0] in 'aeiou' else 'a'} {wanted}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"{shown} is too large (at most {error.validator_value})"
    if kind in ("minimum", "exclusiveMinimum"):
        more = "more than" if kind == "exclusiveMinimum" else "at least"
        return f"{shown} is too small ({more} {error.validator_value})"
    if kind == "maxLength":
        return f"is too long (at most {error.validator_value} characters)"
    if kind == "minLength":
        return "is empty"
    if kind == "maxItems":
        return f"has too many rows (at most {error.validator_value})"
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{shown} is not one of {', '.join(map(repr, allowed))}"
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a field"
        return f"the field {missing!r} is missing"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {}))) if isinstance(value, dict) else []
        name = repr(extra[0]) if extra else "a field"
        return f"has {name}, which this app does not know"
    if kind == "type" or kind == "anyOf":
        return f"{shown} is not a valid value"
    return f"{shown} is not valid ({kind})"


def timestamp_columns(table: str) -> list[str]:
    """The columns of `table` that hold UTC timestamps, as the export schema declares them."""
    stamp = {"$ref": "#/$defs/timestamp"}
    row = export_schema()["$defs"].get(f"row_{table}", {})
    out = []
    for name, spec in row.get("properties", {}).items():
        if spec == stamp or stamp in spec.get("anyOf", []):
            out.append(name)
    return out
