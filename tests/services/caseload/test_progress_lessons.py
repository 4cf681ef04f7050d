"""Finished lessons of the Learn course reach the coach (issue 19, item 3): a patient's progress file
carries the part "lessons" (shared unless unticked), a coach profile imports it and its review shows how
many lessons are finished; the file's lesson days are checked like every other dated row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.bundle_manifest import BundleError
from coach.domain.clock import FixedClock
from coach.domain.progress_review import DEFAULT_SHARE, SHARE_LABELS, parse_progress_data
from coach.services.caseload.progress_files import (
    export_progress,
    import_progress,
    patient_overviews,
    read_progress_file,
)
from coach.services.context import AppContext
from coach.services.learn.course import CourseService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

NY = ZoneInfo("America/New_York")  # the fixture clock's zone; "today" is 2026-11-21


@pytest.fixture
def coach_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(data_dir, "coach-sam"))
    store.update_profile(kind="coach", nickname="Sam")
    yield AppContext(store=store, clock=clock)
    store.close()


def finish(ctx: AppContext, clock: FixedClock, lesson_id: str, day: date) -> None:
    now = clock.now()
    clock.set(datetime.combine(day, time(20), NY))
    CourseService(ctx).mark_done(lesson_id)
    clock.set(now)


def test_lessons_are_shared_by_default_in_plain_words() -> None:
    assert "lessons" in DEFAULT_SHARE
    assert "Learn" in SHARE_LABELS["lessons"]


def test_a_patients_finished_lessons_reach_the_coachs_review(
    ctx: AppContext, coach_ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    finish(ctx, clock, "how-pain-works", date(2026, 9, 1))  # before the 28 days shared: counted only
    finish(ctx, clock, "the-escalation-trap", date(2026, 11, 15))
    path = export_progress(ctx, tmp_path / "ana.coachprogress", days=28, patient_name="Ana").path
    lessons = read_progress_file(path).data["lessons"]
    assert lessons == {
        "done": 2,
        "total": 14,
        "finished": [
            {"date": "2026-11-15", "lesson_id": "the-escalation-trap", "title": "The escalation trap"}
        ],
    }
    import_progress(coach_ctx, path)
    (overview,) = patient_overviews(coach_ctx)
    assert (overview.lessons_done, overview.lessons_total) == (2, 14)
    assert overview.lessons_text == "Learn course: 2 of 14 lessons finished (1 in the shared dates)."


def test_lessons_stay_private_when_unticked(
    ctx: AppContext, coach_ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    finish(ctx, clock, "how-pain-works", date(2026, 11, 15))
    path = export_progress(ctx, tmp_path / "ana.coachprogress", days=28, share=("sessions",)).path
    assert "lessons" not in read_progress_file(path).data
    import_progress(coach_ctx, path)
    (overview,) = patient_overviews(coach_ctx)
    assert overview.lessons_done is None and overview.lessons_text == ""


def test_none_finished_is_still_worth_saying(ctx: AppContext, coach_ctx: AppContext, tmp_path: Path) -> None:
    import_progress(coach_ctx, export_progress(ctx, tmp_path / "a.coachprogress", share=("lessons",)).path)
    (overview,) = patient_overviews(coach_ctx)
    assert overview.lessons_text == "Learn course: 0 of 14 lessons finished."


@pytest.mark.parametrize(
    ("lessons", "message"),
    [
        ({"done": 1, "total": 14, "finished": [{"date": "2025-01-01", "lesson_id": "x", "title": "X"}]},
         "outside the shared dates"),
        ({"done": 1, "total": 14, "finished": [{"date": "2026-02-30", "lesson_id": "x", "title": "X"}]},
         "not a real date"),
        ({"done": 15, "total": 14, "finished": []}, "more lessons finished than"),
        ({"done": 1, "total": 14, "finished": [], "extra": 1}, "does not belong"),
        ({"done": -1, "total": 14, "finished": []}, "too small"),
    ],
)  # fmt: skip
def test_a_lessons_part_with_bad_days_or_counts_is_refused(lessons: dict[str, Any], message: str) -> None:
    raw = json.dumps({"lessons": lessons}).encode()
    with pytest.raises(BundleError, match=message):
        parse_progress_data(raw, within=(date(2026, 10, 25), date(2026, 11, 21)))
