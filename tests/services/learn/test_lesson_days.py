"""Lessons as program days: the built-in programs use them, a program naming a lesson the course lacks is
refused, a lesson day survives a bundle from a coach to a patient, and Today suggests the next lesson."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.domain.programs import add_exercise, empty_program, program_to_dict, set_lessons
from coach.services.context import AppContext
from coach.services.learn import lessons
from coach.services.learn.course import CourseService
from coach.services.programs.bundle_import import apply_import, plan_import
from coach.services.programs.bundles import export_program, read_program_bundle
from coach.services.programs.definitions import ProgramError, builtin_programs, validate_program_data
from coach.services.programs.service import ProgramService
from coach.services.today import today_summary
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from tests.helpers.fixtures import FIXED_NOW


@pytest.fixture
def patient_ctx(tmp_path: Path) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(tmp_path / "patient-data"))
    yield AppContext(store=store, clock=FixedClock(FIXED_NOW))
    store.close()


def test_every_built_in_program_teaches_lessons_that_exist() -> None:
    for program in builtin_programs():
        assert program.lesson_ids(), program.id
        assert program.missing_lessons(lessons.lesson_ids()) == [], program.id
    taper = next(p for p in builtin_programs() if p.id == "taper-companion")
    around = {d.offset: d.plan.lessons for d in taper.around_taper_step}
    assert around[-1] == ("tapering-and-withdrawal",) and around[1] == ("overdose-safety",)


def test_a_program_naming_a_lesson_the_course_lacks_is_refused() -> None:
    data = program_to_dict(set_lessons(empty_program("plan", "P", weeks=1), 0, 2, ["how-pain-works"]))
    assert validate_program_data(data, "plan.json") is data
    data["weeks"][0]["days"][2]["lessons"] = ["how-pain-works", "ghost-lesson"]
    with pytest.raises(
        ProgramError, match=r"plan\.json: weeks\[0\]\.days\[2\]\.lessons\[1\]: 'ghost-lesson' is not a lesson"
    ):
        validate_program_data(data, "plan.json")
    with pytest.raises(ValueError, match="at most 3 lessons"):
        set_lessons(empty_program("plan", "P", weeks=1), 0, 0, lessons.lesson_ids()[:4])


def test_a_lesson_day_round_trips_through_a_bundle(
    ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    program = empty_program("learning-start", "Learning start", weeks=1)
    program = add_exercise(program, 0, 0, "body-scan")
    program = set_lessons(program, 0, 0, ["how-pain-works", "the-escalation-trap"])
    ProgramService(ctx).save(program, coach_name="Sam")
    bundle = tmp_path / "learning-start.coachprog"
    export_program(ctx, "learning-start", bundle)
    stored = json.loads(json.dumps(read_program_bundle(bundle).program_data))
    assert stored["weeks"][0]["days"][0]["lessons"] == ["how-pain-works", "the-escalation-trap"]
    assert "2 lessons from the Learn course" in read_program_bundle(bundle).summary()

    assignment = apply_import(patient_ctx, plan_import(patient_ctx, bundle))
    assert assignment.program_id == "learning-start"
    imported = ProgramService(patient_ctx).get("learning-start")
    assert program_to_dict(imported) == program_to_dict(ProgramService(ctx).get("learning-start"))
    plan = ProgramService(patient_ctx).today()
    assert plan is not None and plan.lessons == ("how-pain-works", "the-escalation-trap")


def test_today_suggests_the_programs_lesson_then_the_next_in_the_course(ctx: AppContext) -> None:
    summary = today_summary(ctx)
    assert (summary.lessons_done, summary.lessons_total) == (0, len(lessons.lessons()))
    assert summary.suggested_lesson is not None and summary.suggested_lesson.id == "how-pain-works"
    assert not summary.suggested_lesson.from_program

    program = set_lessons(empty_program("today-lesson", "Today lesson", weeks=1), 0, 0, ["overdose-safety"])
    program = set_lessons(program, 0, 1, ["overdose-safety"])
    ProgramService(ctx).save(program)
    ProgramService(ctx).assign("today-lesson")
    summary = today_summary(ctx)
    assert summary.suggested_lesson is not None
    assert (summary.suggested_lesson.id, summary.suggested_lesson.from_program) == ("overdose-safety", True)
    assert summary.suggested_lesson.title == "Staying safe from overdose"

    CourseService(ctx).mark_done("overdose-safety")
    CourseService(ctx).mark_done("how-pain-works")
    summary = today_summary(ctx)
    assert summary.lessons_done == 2
    assert summary.suggested_lesson is not None and summary.suggested_lesson.id == "oih-vs-tolerance"


def test_today_says_when_the_course_is_finished(ctx: AppContext) -> None:
    for lesson_id in lessons.lesson_ids():
        CourseService(ctx).mark_done(lesson_id)
    summary = today_summary(ctx)
    assert summary.lessons_done == summary.lessons_total and summary.suggested_lesson is None
