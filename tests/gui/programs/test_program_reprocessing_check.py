"""Starting a program goes through the same first-time check as its exercises (issue 12, item 5): every
built-in program holds somatic tracking or pain reprocessing, so the first Start asks whether a clinician
has examined this pain and about red flags; a red flag leaves the program unstarted (mindfulness stays
open); once answered, no program asks again. The builder's Start and a coach's program file do the same."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from coach.services.safety import answers
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.practice.reprocessing_check import ReprocessingCheckDialog
from coach.ui.programs.page import ProgramsPage


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> Iterator[ProgramsPage]:
    ctx.store.set_setting("speech_engine", "none")
    made = ProgramsPage(ctx, FakeNav())
    made.show_error = lambda message: pytest.fail(message)  # type: ignore[method-assign]
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    yield made
    made.editor.shutdown()


def click(qtbot: Any, widget: QPushButton) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(page: ProgramsPage, program_id: str) -> None:
    ids = [page.program_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.program_list.count())]
    page.program_list.setCurrentRow(ids.index(program_id))


def open_check(page: ProgramsPage) -> ReprocessingCheckDialog:
    dialog = page.check_dialog
    assert isinstance(dialog, ReprocessingCheckDialog) and dialog.isVisible()
    return dialog


def following(ctx: AppContext) -> str | None:
    active = ProgramService(ctx).active_assignment()
    return active.program_id if active else None


def test_the_first_start_asks_the_check_and_starts_once_it_is_answered(
    qtbot: Any, page: ProgramsPage, ctx: AppContext
) -> None:
    choose(page, "pain-reprocessing-4-weeks")
    click(qtbot, page.start_button)
    dialog = open_check(page)
    assert following(ctx) is None  # nothing starts behind the questions
    dialog.examined_yes.setChecked(True)
    dialog.none_apply.setChecked(True)
    click(qtbot, dialog.continue_button)
    assert following(ctx) == "pain-reprocessing-4-weeks"
    assert answers.reprocessing_check(ctx) == answers.CHECK_CLEAR
    assert "now following" in page.status.text()
    # Answered once: another program with somatic tracking starts at once.
    choose(page, "mindfulness-8-weeks")
    click(qtbot, page.start_button)
    assert page.check_dialog is None and following(ctx) == "mindfulness-8-weeks"


def test_not_now_leaves_the_program_unstarted(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    choose(page, "taper-companion")
    click(qtbot, page.start_button)
    click(qtbot, open_check(page).close_button)
    assert following(ctx) is None and page.check_dialog is None
    assert "not started" in page.status.text().lower()


def test_a_red_flag_keeps_the_program_closed_and_offers_mindfulness(
    qtbot: Any, page: ProgramsPage, ctx: AppContext
) -> None:
    nav = page.nav
    assert isinstance(nav, FakeNav)
    choose(page, "pain-reprocessing-4-weeks")
    click(qtbot, page.start_button)
    dialog = open_check(page)
    dialog.examined_no.setChecked(True)
    dialog.flags["cancer"].setChecked(True)
    click(qtbot, dialog.continue_button)
    assert "See a clinician first" in dialog.advice_title.text()
    click(qtbot, dialog.close_button)
    assert following(ctx) is None
    status = page.status.text()
    assert "not started" in status.lower() and "Mindfulness" in status
    # Remembered: the next Start shows the advice again, and mindfulness is one click away.
    click(qtbot, page.start_button)
    dialog = open_check(page)
    assert dialog.advice_title.text() == "See a clinician first"
    click(qtbot, dialog.mindfulness_button)
    assert following(ctx) is None and nav.started == ["breathing-space-3"]


def test_the_builders_start_asks_too(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    click(qtbot, page.new_button)
    builder = page.builder
    builder.select_day(0, 0)
    choice = builder.days.exercise_choice
    choice.setCurrentIndex(choice.findData("somatic-tracking-5"))
    click(qtbot, builder.days.add_button)
    click(qtbot, builder.assign_button)
    dialog = open_check(page)
    assert following(ctx) is None
    dialog.examined_no.setChecked(True)
    dialog.none_apply.setChecked(True)
    click(qtbot, dialog.continue_button)  # not examined: advised to have it checked, may go on
    click(qtbot, dialog.go_on_button)
    assert following(ctx) == builder.program.id


def test_a_program_of_mindfulness_only_never_asks(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    click(qtbot, page.new_button)
    builder = page.builder
    builder.select_day(0, 0)
    choice = builder.days.exercise_choice
    choice.setCurrentIndex(choice.findData("body-scan"))
    click(qtbot, builder.days.add_button)
    click(qtbot, builder.assign_button)
    assert page.check_dialog is None and following(ctx) == builder.program.id


def test_a_coachs_program_file_is_imported_only_after_the_check(
    qtbot: Any, page: ProgramsPage, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    bundle = tmp_path / "sam.coachprog"
    with Store.open(ProfilePaths(data_dir, "coach")) as store:
        store.update_profile(kind="coach", nickname="Sam")
        coach = AppContext(store=store, clock=clock)
        service = ProgramService(coach)
        program = service.get("pain-reprocessing-4-weeks")
        service.save(replace(program, id="sams-reprocessing", title="Sam's reprocessing"), coach_name="Sam")
        export_program(coach, "sams-reprocessing", bundle)
    assert not page.import_bundle(bundle, confirm=lambda _p: True)
    dialog = open_check(page)
    assert following(ctx) is None and "sams-reprocessing" not in {i.id for i in ProgramService(ctx).all()}
    dialog.examined_yes.setChecked(True)
    dialog.none_apply.setChecked(True)
    click(qtbot, dialog.continue_button)
    assert following(ctx) == "sams-reprocessing"
    assert "Sam's reprocessing" in page.status.text()
