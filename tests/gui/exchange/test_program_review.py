"""A patient reviews "A new program from <coach>" (issue 16, a newcomer coach's 4-week program): the
review shows every week and each day's exercises in a view that scrolls and fits the screen, says plainly
that it replaces the program followed now, and after "Import and start" says what happened."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QTextBrowser

from coach.domain.clock import FixedClock
from coach.domain.programs import add_exercise, empty_program
from coach.services.context import AppContext
from coach.services.exchange.folder import set_exchange_folder
from coach.services.exchange.programs import send_program
from coach.services.exchange.sync import scan_incoming
from coach.services.profiles.identity import profile_uuid
from coach.services.programs.bundle_import import import_program
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from coach.ui.main_window import MainWindow
from coach.ui.programs.bundle_dialogs import ImportPreviewDialog
from tests.helpers.exchange import open_person, settle

DAY = ("body-scan", "breath-awareness", "urge-surfing")  # three exercises a day, as the tester built it


@pytest.fixture
def coach(tmp_path: Path, clock: FixedClock) -> Any:
    ctx = open_person(tmp_path, "coach", "Dr Rivera", clock)
    yield ctx
    ctx.close()


@pytest.fixture
def patient(tmp_path: Path, clock: FixedClock) -> Any:
    ctx = open_person(tmp_path, "patient", "Alex", clock)
    yield ctx
    ctx.close()


def four_weeks(coach: AppContext) -> str:
    """The newcomer's program: 4 weeks, 3 exercises on each of days 1-5."""
    program = empty_program("gentle-return", "Gentle return", 4)
    program = replace(program, summary="Four weeks back to moving.")
    for week in range(4):
        for day in range(5):
            for exercise_id in DAY:
                program = add_exercise(program, week, day, exercise_id)
    ProgramService(coach).save(program, coach_name="Dr Rivera")
    return program.id


def waiting_review(qtbot: Any, coach: AppContext, patient: AppContext, tmp_path: Path) -> MainWindow:
    """The patient follows a first program from the coach; the coach then sends the 4-week one."""
    shared = tmp_path / "shared"
    shared.mkdir()
    first = ProgramService(coach).all()[0]
    import_program(patient, export_program(coach, first.id, tmp_path / "link.coachprog").path)
    set_exchange_folder(patient, shared)
    set_exchange_folder(coach, shared)
    send_program(coach, four_weeks(coach), profile_uuid(patient))
    settle(shared)
    scan_incoming(patient)
    window = MainWindow(patient)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    assert window.exchange_notice.review_button.isVisible()
    return window


def test_the_review_shows_every_day_fits_and_says_it_replaces(
    qtbot: Any, coach: AppContext, patient: AppContext, tmp_path: Path
) -> None:
    window = waiting_review(qtbot, coach, patient, tmp_path)
    current = ProgramService(patient).all()[0].title
    seen: dict[str, Any] = {}

    def look_then_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportPreviewDialog)
        view = dialog.findChild(QTextBrowser, "importProgramView")
        seen["text"] = view.toPlainText()
        seen["replaces"] = dialog.replaces.text()
        seen["scrolls"] = view.verticalScrollBar().maximum() > 0
        screen = dialog.screen().availableGeometry()
        seen["fits"] = screen.contains(dialog.frameGeometry())
        seen["buttons"] = dialog.ok_button.isVisible() and dialog.cancel_button.isVisible()
        dialog.grab().save(str(tmp_path / "review.png"))
        dialog.findChild(QPushButton, "importCancel").click()

    QTimer.singleShot(100, look_then_cancel)
    window.exchange_notice.review_button.click()
    text = seen["text"]
    assert "Gentle return" in text and "Week 4" in text
    assert "Day 1: Body scan, Breath awareness, Surfing an urge" in text
    assert "Day 6: rest" in text
    assert seen["replaces"] == (
        f"This replaces the program you follow now, “{current}”, from today. Your record of it is kept."
    )
    assert seen["scrolls"] and seen["fits"] and seen["buttons"]
    assert ProgramService(patient).active_assignment().program_id != "gentle-return"  # type: ignore[union-attr]


def test_import_and_start_says_what_happened(
    qtbot: Any, coach: AppContext, patient: AppContext, tmp_path: Path
) -> None:
    window = waiting_review(qtbot, coach, patient, tmp_path)
    current = ProgramService(patient).all()[0].title

    def press_import() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportPreviewDialog)
        dialog.ok_button.click()

    QTimer.singleShot(100, press_import)
    window.exchange_notice.review_button.click()
    assert ProgramService(patient).active_assignment().program_id == "gentle-return"  # type: ignore[union-attr]
    box = window.findChild(QMessageBox, "programImportedBox")
    assert box is not None and box.isVisible()
    assert box.text() == (
        "“Gentle return” from Dr Rivera is now your program. It starts today; Today shows its practice. "
        f"Your previous program, “{current}”, is kept in your history."
    )
    box.accept()
