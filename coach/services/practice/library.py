"""The exercise library: built-in exercise files (validated once per process) and a profile's custom ones."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from coach.domain.errors import CoachError
from coach.domain.exercise import CATEGORIES, Exercise, duration_problem, exercise_from_dict
from coach.domain.wording import count
from coach.resources import resource_path
from coach.services.changes import Topic
from coach.services.content_files import read_content_file
from coach.storage.database import utc_now_iso
from coach.storage.exercises_repo import ExercisesRepo
from coach.storage.store import Store

if TYPE_CHECKING:
    from coach.services.context import AppContext

SCHEMA_FILE = ("schemas", "exercise.schema.json")


class ContentError(CoachError):
    """An exercise file or definition that does not fit the schema; the message names where and what."""


def _inline_local_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every `#/$defs/x` reference replaced by its target (siblings kept).

    jsonschema resolves a `$ref` on every visit; the steps of all built-ins are several hundred visits,
    and inlining keeps loading the whole library well under 50 ms. The schema has no recursive refs.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_local_refs(defs[ref.removeprefix("#/$defs/")], defs)
            siblings = {k: _inline_local_refs(v, defs) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings}
        return {k: _inline_local_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_local_refs(v, defs) for v in node]
    return node


def load_schema() -> dict[str, Any]:
    """The exercise schema exactly as shipped (resources/schemas/exercise.schema.json)."""
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    return Draft202012Validator(_inline_local_refs(schema, schema.get("$defs", {})))


def _field_path(parts: Any) -> str:
    """`steps[3].seconds` from jsonschema's deque of keys and indexes."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _value_at(data: object, parts: Any) -> object:
    """The part of `data` an error path points to (None if the path does not fit)."""
    node = data
    for part in parts:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _describe(error: ValidationError, data: object) -> tuple[str, str]:
    """(field path, problem) in plain words; jsonschema's own wording where it is already clear."""
    path = _field_path(error.absolute_path)
    validator = error.validator
    if validator == "required":
        # Point at the missing field itself rather than at the object that lacks it.
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = next((str(f) for f in error.validator_value if f not in present), "?")
        return (f"{path}.{missing}" if path else missing), "is missing (it is required)"
    if validator == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        field = extras[0] if extras else "?"
        return (f"{path}.{field}" if path else field), "is not a known field"
    if "propertyNames" in error.relative_schema_path:
        # A field that exists but does not belong to this kind of step (e.g. `text` on a pause).
        field = f"{path}.{error.instance}" if path else str(error.instance)
        step = _value_at(data, error.absolute_path)
        kind = step.get("kind") if isinstance(step, dict) else None
        allowed = ", ".join(map(str, error.validator_value))
        where = f"a {kind} step" if isinstance(kind, str) else "this step"
        return field, f"is not allowed in {where} (it may have: {allowed})"
    if validator == "pattern" and path.rsplit(".", 1)[-1] == "id":
        return path, f"{error.instance!r} must be lowercase letters, digits and dashes (2-61 characters)"
    if (
        validator in ("pattern", "minLength")
        and isinstance(error.instance, str)
        and not error.instance.strip()
    ):
        return path, "must not be empty"
    if validator == "enum":
        return path, f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}"
    if validator == "pattern" and path.startswith("tags["):
        return path, f"{error.instance!r} must be lowercase letters, digits, spaces or dashes (up to 30)"
    if validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)
        return path, f"must be {wanted}, not {_json_type(error.instance)}"
    message = str(error.message)
    # jsonschema quotes the offending value; a whole object or long text would swamp the line.
    return path, message if len(message) <= 160 else message[:157] + "..."


_TYPE_WORDS = {
    "array": "a list",
    "object": "an object",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "text" if len(value) > 30 else f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def validate_exercise_data(data: object, origin: str) -> dict[str, Any]:
    """Check `data` against the exercise schema and its length rule (the steps last 50-200% of
    `minutes`, at most 90 minutes; see coach.domain.exercise.duration_problem); return it unchanged, or
    raise ContentError naming `origin`, the field path and the problem on one line."""
    errors = list(_validator().iter_errors(data))
    if not errors:
        assert isinstance(data, dict)  # the schema's top-level type is object
        # Past the schema, the script's length must match its minutes and stay under 90 minutes: this
        # is what keeps a bundle's "1 minute" of 500 ten-minute pauses from rendering gigabytes.
        problem = duration_problem(exercise_from_dict(data))
        if problem is not None:
            raise ContentError(f"{origin}: minutes: {problem}")
        return data
    first = best_match(errors)
    # A field unknown to every kind of step breaks two rules (additionalProperties and the kind's
    # propertyNames); "not a known field" is the truer description of the two.
    for error in errors:
        if error.validator == "additionalProperties" and error.absolute_path == first.absolute_path:
            first = error
            break
    path, problem = _describe(first, data)
    others = {_describe(error, data)[0] for error in errors} - {path}
    more = f" (and {count(len(others), 'more problem')})" if others else ""
    where = f"{origin}: {path}" if path else origin
    raise ContentError(f"{where}: {problem}{more}".replace("\n", " "))


def load_exercise_file(path: Path) -> Exercise:
    """Read, validate and build one built-in exercise; its id must equal its file name."""
    return exercise_from_dict(read_content_file(path, validate_exercise_data, ContentError), builtin=True)


@lru_cache(maxsize=8)
def _load_directory(directory: Path) -> tuple[Exercise, ...]:
    # Cached per process: the files ship with the app and do not change while it runs.
    loaded = [load_exercise_file(p) for p in sorted(directory.glob("*.json"))]
    return tuple(sorted(loaded, key=_browse_order))


def _browse_order(exercise: Exercise) -> tuple[int, float, str]:
    """Category in the app's order, then shortest first: the order people browse in."""
    rank = CATEGORIES.index(exercise.category) if exercise.category in CATEGORIES else len(CATEGORIES)
    return rank, exercise.minutes, exercise.title.lower()


def builtin_dir() -> Path:
    return resource_path("exercises")


class ExerciseLibrary:
    """Every exercise the person can practise: built-ins first, then custom ones from the profile.

    With no store only the built-ins are available (CLI tools, audio tests). A custom row whose definition
    no longer validates is skipped and described in `problems` rather than hiding the whole library.
    The library has no bus: the app changes custom exercises through `save_custom_exercise` and
    `delete_custom_exercise` below, which also publish `Topic.EXERCISES`.
    """

    def __init__(self, store: Store | None = None, directory: Path | None = None) -> None:
        self._store = store
        self._directory = (directory or builtin_dir()).resolve()
        self.problems: list[str] = []

    # --- reading ---------------------------------------------------------------------------------
    def builtins(self) -> list[Exercise]:
        return list(_load_directory(self._directory))

    def custom(self) -> list[Exercise]:
        if self._store is None:
            return []
        self.problems = []
        out: list[Exercise] = []
        for row in ExercisesRepo(self._store).custom_definitions():
            origin = f"custom exercise {row.id!r}"
            try:
                data = json.loads(row.definition)
                out.append(exercise_from_dict(validate_exercise_data(data, origin), builtin=False))
            except json.JSONDecodeError:
                self.problems.append(f"{origin}: its stored definition is not valid JSON")
            except ContentError as exc:
                self.problems.append(str(exc))
        return sorted(out, key=_browse_order)

    def all(self) -> list[Exercise]:
        return self.builtins() + self.custom()

    def get(self, exercise_id: str) -> Exercise:
        for exercise in self.builtins():
            if exercise.id == exercise_id:
                return exercise
        if self._store is not None:
            definition = ExercisesRepo(self._store).definition(exercise_id)
            if definition is not None:
                origin = f"custom exercise {exercise_id!r}"
                try:
                    data = json.loads(definition)
                except json.JSONDecodeError as exc:
                    raise ContentError(f"{origin}: its stored definition is not valid JSON") from exc
                return exercise_from_dict(validate_exercise_data(data, origin), builtin=False)
        raise CoachError(f"no exercise called {exercise_id!r} (see `coach exercises list`)")

    def categories(self) -> list[str]:
        """Categories that hold at least one exercise, in the app's fixed order."""
        present = {exercise.category for exercise in self.all()}
        return [category for category in CATEGORIES if category in present]

    # --- custom exercises ------------------------------------------------------------------------
    def _require_store(self) -> Store:
        if self._store is None:
            raise CoachError("custom exercises need an open profile")
        return self._store

    def _is_builtin(self, exercise_id: str) -> bool:
        return any(exercise.id == exercise_id for exercise in self.builtins())

    def save_custom(self, data: dict[str, Any], author: str = "") -> Exercise:
        """Add or replace a custom exercise; the same schema as the built-in files applies."""
        store = self._require_store()
        exercise_id = data.get("id") if isinstance(data, dict) else None
        origin = f"custom exercise {exercise_id!r}" if isinstance(exercise_id, str) else "custom exercise"
        valid = validate_exercise_data(data, origin)
        if self._is_builtin(valid["id"]):
            raise ContentError(f"{origin}: id: {valid['id']!r} is already used by a built-in exercise")
        with store.transaction():
            ExercisesRepo(store).save_custom(
                exercise_id=valid["id"],
                title=valid["title"],
                category=valid["category"],
                minutes=valid["minutes"],
                definition=json.dumps(valid, ensure_ascii=False, sort_keys=True),
                author=author,
                now=utc_now_iso(),
            )
        return exercise_from_dict(valid, builtin=False)

    def delete_custom(self, exercise_id: str) -> None:
        store = self._require_store()
        if self._is_builtin(exercise_id):
            raise CoachError(f"{exercise_id!r} is a built-in exercise and cannot be deleted")
        with store.transaction():
            deleted = ExercisesRepo(store).delete_custom(exercise_id)
        if not deleted:
            raise CoachError(f"no custom exercise called {exercise_id!r} (see `coach exercises list`)")


def save_custom_exercise(ctx: AppContext, data: dict[str, Any]) -> Exercise:
    """Add or replace a custom exercise authored by this profile's person (their nickname), then publish
    EXERCISES. Raises ContentError when `data` does not fit the exercise schema or takes a built-in's id."""
    exercise = ExerciseLibrary(ctx.store).save_custom(data, author=ctx.store.profile().nickname)
    ctx.bus.publish(Topic.EXERCISES)
    return exercise


def delete_custom_exercise(ctx: AppContext, exercise_id: str) -> None:
    """Delete a custom exercise, then publish EXERCISES. Raises CoachError for a built-in or unknown id."""
    ExerciseLibrary(ctx.store).delete_custom(exercise_id)
    ctx.bus.publish(Topic.EXERCISES)
