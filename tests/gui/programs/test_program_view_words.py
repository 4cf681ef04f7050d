"""A program's preview names lessons by their titles, as the patient sees them on the Learn page (a coach's
trial read "lesson how-pain-works" in the preview of a program sent to a patient)."""

from __future__ import annotations

from coach.domain.programs import DayPlan
from coach.services.learn.lessons import get_lesson
from coach.ui.programs.program_view import day_line


def test_a_day_names_its_lesson_by_title_not_by_id() -> None:
    day = DayPlan(exercises=("body-scan",), lessons=("how-pain-works",), checkins=("peg",))
    line = day_line(2, day, lambda x: {"body-scan": "Body scan"}[x])
    title = get_lesson("how-pain-works").title
    assert f"Lesson: {title}" in line
    assert "how-pain-works" not in line
    assert line.startswith("<li>Day 2: Body scan, Lesson: ")


def test_a_lesson_this_app_does_not_have_is_still_named() -> None:
    day = DayPlan(lessons=("from-a-newer-app",))
    assert "from-a-newer-app" in day_line(1, day, str)
