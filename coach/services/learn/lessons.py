"""The Learn course's lessons (resources/lessons/*.json): loaded, checked by their schema, in course order.

Each file is validated at load; a broken file raises LessonError naming the file and the field, so a bad
edit fails the first test run rather than a person opening the Learn page.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.domain.lesson import Lesson, lesson_as_exercise, lesson_from_dict
from coach.resources import resource_path
from coach.services.content_files import read_content_file

# The lesson holding the printable sheet for an appointment with the prescriber.
PRESCRIBER_LESSON = "talking-with-your-prescriber"


class LessonError(CoachError):
    """A lesson file that does not match lesson.schema.json, or a lesson id that does not exist."""


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(resource_path("schemas", "lesson.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def validate_lesson_data(data: object, origin: str) -> dict[str, Any]:
    """`data` if it matches the lesson schema; else LessonError("<origin>: <field path>: <problem>")."""
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise LessonError(f"{origin}: {where}: {error.message}")
    assert isinstance(data, dict)
    return data


def load_lesson_file(path: Path) -> Lesson:
    """One lesson file, validated; LessonError names the file and field when it is not valid."""
    return lesson_from_dict(read_content_file(path, validate_lesson_data, LessonError))


def lessons_dir() -> Path:
    return resource_path("lessons")


@cache
def _all_lessons() -> dict[str, Lesson]:
    loaded = [load_lesson_file(p) for p in sorted(lessons_dir().glob("*.json"))]
    return {lesson.id: lesson for lesson in sorted(loaded, key=lambda lesson: (lesson.order, lesson.id))}


def lessons() -> list[Lesson]:
    """Every lesson, in course order."""
    return list(_all_lessons().values())


def lesson_ids() -> list[str]:
    return list(_all_lessons())


def get_lesson(lesson_id: str) -> Lesson:
    """The lesson with this id; LessonError("no lesson called 'x'") if there is none."""
    try:
        return _all_lessons()[lesson_id]
    except KeyError:
        raise LessonError(f"no lesson called {lesson_id!r} (see `coach learn list`)") from None


def is_lesson(lesson_id: str) -> bool:
    return lesson_id in _all_lessons()


def lesson_for_listening(lesson_id: str) -> Exercise:
    """The lesson as a script the audio pipeline and the exercise player take (speak steps with short
    pauses); LessonError if there is no such lesson."""
    return lesson_as_exercise(get_lesson(lesson_id))
