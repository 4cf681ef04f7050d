"""Lessons of the Learn course in the coach's progress file, as people meet it (issue 19, item 3): the
patient's share dialog offers them, ticked, in plain words; the coach's patient view says how many are
finished once the file is imported."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QCheckBox, QLabel

from coach.domain.clock import FixedClock
from coach.services.caseload.progress_files import export_progress
from coach.services.context import AppContext
from coach.services.learn.course import CourseService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.exchange.coach_home import CoachHome
from coach.ui.programs.bundle_dialogs import ShareProgressDialog


class _Nav:
    def go(self, key: str, **kwargs: Any) -> None:
        pass

    def start_exercise(self, exercise_id: str) -> None:
        pass


def test_the_share_dialog_offers_lessons_ticked(qtbot: Any) -> None:
    dialog = ShareProgressDialog("Ana")
    qtbot.addWidget(dialog)
    box = dialog.findChild(QCheckBox, "share_lessons")
    words = dialog.findChild(QLabel, "share_lessonsText")  # the box's words wrap beside it
    assert box is not None and box.isChecked() and words is not None and "Learn course" in words.text()
    assert "lessons" in dialog.chosen()


def test_the_coach_sees_how_many_lessons_the_patient_finished(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    now = clock.now()
    with Store.open(ProfilePaths(data_dir, "ana")) as store:
        patient = AppContext(store=store, clock=clock)
        clock.set(datetime(2026, 11, 12, 20, 0, tzinfo=ZoneInfo("America/New_York")))
        CourseService(patient).mark_done("how-pain-works")
        CourseService(patient).mark_done("oih-vs-tolerance")
        clock.set(now)
        export_progress(
            patient, tmp_path / "ana.coachprogress", patient_name="Ana"
        )  # what is ticked at first
    ctx.store.set_setting("speech_engine", "none")
    ctx.store.update_profile(kind="coach", nickname="Sam")
    page = CoachHome(ctx, _Nav())  # the caseload is on the coach's home page
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.overview.import_file(tmp_path / "ana.coachprogress")
    assert (
        "Learn course: 2 of 14 lessons finished (2 in the shared dates)." in page.overview.detail_text.text()
    )
