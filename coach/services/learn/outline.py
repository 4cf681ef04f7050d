"""The course's outline (id, title, order of each lesson) read straight from resources/lessons, without the
schema check: the Today page names the next lesson on the first-window path, before jsonschema loads.
The Learn page and the command line use coach.services.learn.lessons, which validates every file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from coach.resources import resource_path


@dataclass(frozen=True)
class LessonOutline:
    id: str
    title: str
    order: int


@cache
def course_outline() -> tuple[LessonOutline, ...]:
    """Every lesson file's id, title and order, in course order. A file that cannot be read is left out
    here; loading the course properly reports it."""
    found: list[LessonOutline] = []
    for path in resource_path("lessons").glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(LessonOutline(str(data["id"]), str(data["title"]), int(data["order"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return tuple(sorted(found, key=lambda lesson: (lesson.order, lesson.id)))
