"""A person's way through the Learn course: which lessons are done, which comes next, and marking one done
(stored in `lessons_completed`, announced as Topic.LESSONS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.domain.lesson import Lesson
from coach.domain.timefmt import to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.learn.lessons import LessonError, get_lesson, lessons
from coach.storage.lessons_repo import LessonsRepo


@dataclass(frozen=True)
class LessonStatus:
    """One lesson with its place in the person's course: done or not, and when it was first finished."""

    lesson: Lesson
    completed_at: datetime | None

    @property
    def done(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class CourseProgress:
    """The whole course in order, with counts for a progress bar."""

    lessons: tuple[LessonStatus, ...]

    @property
    def done(self) -> int:
        return sum(1 for status in self.lessons if status.done)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def next_lesson(self) -> Lesson | None:
        """The first lesson in course order not yet done; None once every lesson is done."""
        return next((s.lesson for s in self.lessons if not s.done), None)


class CourseService:
    """Reads and records the person's progress through the course."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._repo = LessonsRepo(ctx.store)

    def progress(self) -> CourseProgress:
        """Every lesson in course order with its done state. Rows for lessons no longer shipped are ignored."""
        finished = {row.lesson_id: row.completed_at for row in self._repo.completed()}
        return CourseProgress(tuple(LessonStatus(lesson, finished.get(lesson.id)) for lesson in lessons()))

    def completed_ids(self) -> set[str]:
        return {row.lesson_id for row in self._repo.completed()}

    def reflection_answer(self, lesson_id: str) -> str:
        """The reflection answer the person chose when they finished the lesson ('' if none)."""
        return next((r.reflection_answer for r in self._repo.completed() if r.lesson_id == lesson_id), "")

    def mark_done(self, lesson_id: str, reflection_answer: str = "", origin: object | None = None) -> None:
        """Record the lesson as finished now (a repeat keeps the first time). LessonError for an unknown
        lesson id or an answer the lesson does not offer."""
        lesson = get_lesson(lesson_id)
        if reflection_answer and reflection_answer not in {a.text for a in lesson.reflection.answers}:
            raise LessonError(f"{reflection_answer!r} is not one of the answers of {lesson_id!r}")
        self._repo.mark_completed(
            lesson_id, now=to_db(self.ctx.clock.now()), reflection_answer=reflection_answer
        )
        self.ctx.bus.publish(Topic.LESSONS, origin=origin)

    def mark_not_done(self, lesson_id: str, origin: object | None = None) -> None:
        """Take the lesson off the finished list (to work through it again)."""
        if self._repo.forget(lesson_id):
            self.ctx.bus.publish(Topic.LESSONS, origin=origin)
