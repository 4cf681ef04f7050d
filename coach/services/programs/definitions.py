"""Program definitions: program.schema.json and the rules it cannot say, reading a program file, and the
built-in templates under resources/programs.

Everything that reaches a profile passes `validate_program_data` first, whether it comes from a
template file, the program builder or a bundle from someone else, so its errors name the origin, the
field and the problem on one line and never quote a (possibly huge) hostile value whole.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from coach.domain.bundle_manifest import field_path
from coach.domain.errors import CoachError
from coach.domain.programs import Program, program_from_dict
from coach.resources import resource_path
from coach.services.content_files import read_content_file

SCHEMA_FILE = ("schemas", "program.schema.json")


class ProgramError(CoachError):
    """A program file or definition that does not fit the schema; the message names where and what."""


@lru_cache(maxsize=1)
def program_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(program_schema())


def _problem(error: ValidationError) -> tuple[str, str]:
    path = field_path(error.absolute_path)
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a field"
        return (f"{path}.{missing}" if path else missing), "is missing (it is required)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        field = extras[0] if extras else "?"
        return (f"{path}.{field}" if path else field), "is not a known field"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return path, f"{str(error.instance)[:40]!r} is not one of: {allowed}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        return path, f"{error.instance[:40]!r} must be lowercase letters, digits and dashes"
    # jsonschema's messages quote the whole instance, which can be huge in a hostile file.
    message = str(error.message)
    return path, message if len(message) <= 160 else f"{message[:157]}..."


def validate_program_data(data: object, origin: str) -> dict[str, Any]:
    """Check `data` against program.schema.json plus the rules a schema cannot say; return it unchanged,
    or raise ProgramError naming `origin`, the field and the problem on one line."""
    try:
        errors = list(_validator().iter_errors(data))
    except RecursionError as exc:
        raise ProgramError(f"{origin}: is nested too deeply") from exc
    if errors:
        path, problem = _problem(best_match(errors))
        where = f"{origin}: {path}" if path else origin
        raise ProgramError(f"{where}: {problem}".replace("\n", " "))
    assert isinstance(data, dict)  # the schema's top-level type is object
    offsets = [d["offset"] for d in data.get("around_taper_step", [])]
    if len(offsets) != len(set(offsets)):
        raise ProgramError(f"{origin}: around_taper_step: each offset may appear only once")
    if offsets and data.get("schedule") != "taper":
        raise ProgramError(f"{origin}: around_taper_step: only a program with schedule 'taper' can use it")
    _check_lessons(data, origin)
    return data


def _check_lessons(data: dict[str, Any], origin: str) -> None:
    """Every lesson a day names must be in this app's Learn course (lessons are built in, never bundled)."""
    days = [
        (f"weeks[{w}].days[{d}]", day)
        for w, week in enumerate(data["weeks"])
        for d, day in enumerate(week["days"])
    ]
    days += [(f"around_taper_step[{i}]", day) for i, day in enumerate(data.get("around_taper_step", []))]
    named = [
        (path, index, lesson_id)
        for path, day in days
        for index, lesson_id in enumerate(day.get("lessons", []))
    ]
    if not named:
        return
    from coach.services.learn.lessons import is_lesson

    for path, index, lesson_id in named:
        if not is_lesson(lesson_id):
            raise ProgramError(
                f"{origin}: {path}.lessons[{index}]: {lesson_id!r} is not a lesson of the Learn course"
            )


def load_program_file(path: Path) -> Program:
    return program_from_dict(read_content_file(path, validate_program_data, ProgramError))


@lru_cache(maxsize=4)
def _load_builtins(directory: Path) -> tuple[Program, ...]:
    return tuple(load_program_file(p) for p in sorted(directory.glob("*.json")))


def builtin_programs() -> list[Program]:
    return list(_load_builtins(resource_path("programs").resolve()))


def builtin_program_ids() -> set[str]:
    return {p.id for p in builtin_programs()}
