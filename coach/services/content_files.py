"""Reading one content file shipped under resources/ (an exercise, program or education page): JSON, checked
by its schema, and named for its id, with every problem reported as one line naming the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.domain.errors import CoachError

Validator = Callable[[object, str], dict[str, Any]]


def read_content_file(path: Path, validate: Validator, error: type[CoachError]) -> dict[str, Any]:
    """The file's data once `validate` accepts it and its id equals the file name; else `error`."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{name}: cannot be read ({exc.__class__.__name__})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    valid = validate(data, name)
    if valid["id"] != path.stem:
        raise error(f"{name}: id: {valid['id']!r} must match the file name {path.stem!r}")
    return valid
