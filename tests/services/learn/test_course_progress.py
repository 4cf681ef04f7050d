"""Progress through the Learn course, stored in the profile's real SQLite file and announced to views."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.learn import lessons
from coach.services.learn.course import CourseService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def test_a_new_profile_starts_at_the_first_lesson(ctx: AppContext) -> None:
    progress = CourseService(ctx).progress()
    assert (progress.done, progress.total) == (0, len(lessons.lessons()))
    assert progress.next_lesson is not None and progress.next_lesson.id == "how-pain-works"


def test_finishing_a_lesson_is_kept_and_announced(ctx: AppContext, data_dir: Path) -> None:
    seen: list[Changes] = []
    ctx.bus.subscribe(seen.append)
    service = CourseService(ctx)
    service.mark_done("how-pain-works", "It moves around or changes a lot.")
    assert [c.topics for c in seen] == [frozenset({Topic.LESSONS})]
    progress = service.progress()
    assert progress.done == 1 and progress.lessons[0].done
    assert progress.next_lesson is not None and progress.next_lesson.id == "oih-vs-tolerance"
    # Reopening the profile file finds the same progress.
    ctx.store.close()
    reopened = Store.open(ProfilePaths(data_dir))
    try:
        again = CourseService(AppContext(store=reopened))
        assert again.completed_ids() == {"how-pain-works"}
        assert again.reflection_answer("how-pain-works") == "It moves around or changes a lot."
    finally:
        reopened.close()


def test_finishing_again_keeps_the_first_time(ctx: AppContext, clock: FixedClock) -> None:
    service = CourseService(ctx)
    service.mark_done("sleep-and-pain")
    first = next(s for s in service.progress().lessons if s.lesson.id == "sleep-and-pain").completed_at
    assert first == clock.now()
    clock.set(clock.now() + timedelta(days=3))
    service.mark_done("sleep-and-pain", "Pain")
    status = next(s for s in service.progress().lessons if s.lesson.id == "sleep-and-pain")
    assert status.completed_at == first
    assert service.reflection_answer("sleep-and-pain") == "Pain"


def test_every_lesson_done_leaves_no_next_lesson(ctx: AppContext) -> None:
    service = CourseService(ctx)
    for lesson_id in lessons.lesson_ids():
        service.mark_done(lesson_id)
    progress = service.progress()
    assert progress.done == progress.total and progress.next_lesson is None
    service.mark_not_done("how-pain-works")
    assert service.progress().next_lesson is not None


def test_unknown_lessons_and_answers_are_refused(ctx: AppContext) -> None:
    service = CourseService(ctx)
    with pytest.raises(lessons.LessonError, match="no lesson called"):
        service.mark_done("no-such-lesson")
    with pytest.raises(lessons.LessonError, match="is not one of the answers"):
        service.mark_done("how-pain-works", "Maybe")
    assert service.completed_ids() == set()
