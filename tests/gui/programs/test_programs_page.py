"""The Programs page as a person meets it: build a program (add, reorder, check-ins, note), save, start it;
import a program file after a preview; write a custom exercise and hear a preview; the coach overview;
the profile switcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QListWidget, QPushButton

from coach.domain.clock import FixedClock
from coach.services.caseload.progress_files import export_progress
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.profiles.service import ProfileService
from coach.services.programs.bundle_import import plan_import
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from coach.services.safety import answers
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.profiles.switcher import ProfileSwitcher, choose_profile
from coach.ui.programs.bundle_dialogs import ImportPreviewDialog
from coach.ui.programs.page import ProgramsPage


@pytest.fixture
def errors() -> list[str]:
    return []


def make_page(qtbot: Any, ctx: AppContext, errors: list[str]) -> ProgramsPage:
    page = ProgramsPage(ctx, FakeNav())
    page.show_error = errors.append  # type: ignore[method-assign]
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    return page


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, errors: list[str]) -> Iterator[ProgramsPage]:
    ctx.store.set_setting("speech_engine", "none")
    p = make_page(qtbot, ctx, errors)
    yield p
    p.editor.shutdown()


def click(qtbot: Any, widget: QPushButton | QCheckBox) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answered_the_check(ctx: AppContext) -> None:
    """The check before pain reprocessing answered earlier (examined, no red flag), as most people will
    have: every built-in program holds somatic tracking."""
    answers.record_reprocessing_check(ctx, examined=True, red_flags=False)


def day_titles(page: ProgramsPage) -> list[str]:
    day_list = page.builder.findChild(QListWidget, "dayExercises")
    return [day_list.item(i).text() for i in range(day_list.count())]


def test_build_a_program_reorder_save_and_start_it(
    qtbot: Any, page: ProgramsPage, ctx: AppContext, errors: list[str]
) -> None:
    click(qtbot, page.new_button)
    builder = page.builder
    assert page.tabs.currentWidget() is builder
    title = builder.findChild(QLineEdit, "programTitle")
    title.selectAll()
    qtbot.keyClicks(title, "Gentle start")

    # Week 1, day 1: two exercises, then put the second one first.
    builder.select_day(0, 0)
    choice = builder.days.exercise_choice
    for exercise_id in ("body-scan", "somatic-tracking-5"):
        choice.setCurrentIndex(choice.findData(exercise_id))
        click(qtbot, builder.days.add_button)
    assert day_titles(page) == ["Body scan", "Somatic tracking (5 minutes)"]
    builder.days.day_list.setCurrentRow(1)
    click(qtbot, builder.days.up_button)
    assert day_titles(page) == ["Somatic tracking (5 minutes)", "Body scan"]
    assert builder.days.day_list.currentRow() == 0  # the moved exercise stays chosen
    qtbot.keyClick(builder.days.day_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert day_titles(page) == ["Body scan", "Somatic tracking (5 minutes)"]

    click(qtbot, builder.findChild(QCheckBox, "checkin_peg"))
    qtbot.keyClicks(builder.days.theme_edit, "Settling in")
    qtbot.keyClicks(builder.days.note_edit, "Five quiet minutes a day is plenty.")
    assert "PEG" in builder.grid.item(0, 0).text() and "Body scan" in builder.grid.item(0, 0).text()

    # Another day keeps its own list.
    builder.select_day(1, 2)
    assert day_titles(page) == []
    choice.setCurrentIndex(choice.findData("urge-surfing"))
    click(qtbot, builder.days.add_button)

    click(qtbot, builder.save_button)
    assert errors == []
    saved = ProgramService(ctx).get(builder.program.id)
    assert saved.title == "Gentle start"
    assert saved.weeks[0].days[0].exercises == ("body-scan", "somatic-tracking-5")
    assert saved.weeks[0].days[0].checkins == ("peg",)
    assert (saved.weeks[0].theme, saved.weeks[0].note) == (
        "Settling in",
        "Five quiet minutes a day is plenty.",
    )
    assert saved.weeks[1].days[2].exercises == ("urge-surfing",)
    list_texts = [page.program_list.item(i).text() for i in range(page.program_list.count())]
    assert any(t.startswith("Gentle start\nyours") for t in list_texts)

    answered_the_check(ctx)  # somatic tracking on day 1: the check is test_program_reprocessing_check's
    click(qtbot, builder.assign_button)
    active = ProgramService(ctx).active_assignment()
    assert active is not None and active.program_id == saved.id
    plan = ProgramService(ctx).today()
    assert plan is not None and plan.exercises == ("body-scan", "somatic-tracking-5")
    assert "You are following Gentle start: day 1 of 28" in page.current_text.text()


def test_templates_are_edited_as_a_copy(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    ids = [page.program_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.program_list.count())]
    page.program_list.setCurrentRow(ids.index("pain-reprocessing-4-weeks"))
    assert "Week 4: moving again" in page.detail.toPlainText()
    assert not page.delete_button.isEnabled() and page.edit_button.text() == "Edit a copy"
    click(qtbot, page.edit_button)
    assert page.builder.program.id == "my-pain-reprocessing-4-weeks"
    click(qtbot, page.builder.save_button)
    service = ProgramService(ctx)
    assert service.info("my-pain-reprocessing-4-weeks").origin == "custom"
    assert service.get("pain-reprocessing-4-weeks").title == "4-week pain reprocessing"  # template untouched


def test_start_a_template_from_the_list(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    answered_the_check(ctx)
    ids = [page.program_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.program_list.count())]
    page.program_list.setCurrentRow(ids.index("mindfulness-8-weeks"))
    click(qtbot, page.start_button)
    assert ProgramService(ctx).active_assignment().program_id == "mindfulness-8-weeks"  # type: ignore[union-attr]
    assert "following now" in page.program_list.currentItem().text()
    assert "day 1 of 56" in page.current_text.text()


def _coach_bundle(data_dir: Path, clock: FixedClock, out: Path) -> Path:
    with Store.open(ProfilePaths(data_dir, "coach")) as store:
        store.update_profile(kind="coach", nickname="Sam")
        coach = AppContext(store=store, clock=clock)
        service = ProgramService(coach)
        program = service.get("taper-companion")
        from dataclasses import replace

        service.save(replace(program, id="sams-taper", title="Sam's taper companion"), coach_name="Sam")
        export_program(coach, "sams-taper", out)
    return out


def test_import_shows_the_preview_and_applies_only_when_confirmed(
    qtbot: Any,
    page: ProgramsPage,
    ctx: AppContext,
    data_dir: Path,
    clock: FixedClock,
    tmp_path: Path,
    errors: list[str],
) -> None:
    bundle = _coach_bundle(data_dir, clock, tmp_path / "sam.coachprog")
    answered_the_check(ctx)
    ProgramService(ctx).assign("mindfulness-8-weeks")
    seen: list[list[str]] = []
    assert not page.import_bundle(bundle, confirm=lambda p: seen.append(p.lines()) or False)
    assert "Nothing was imported" in page.status.text()
    assert ProgramService(ctx).active_assignment().program_id == "mindfulness-8-weeks"  # type: ignore[union-attr]
    assert any("Sam's taper companion" in line for line in seen[0])

    assert page.import_bundle(bundle, confirm=lambda p: True)
    assert ProgramService(ctx).active_assignment().program_id == "sams-taper"  # type: ignore[union-attr]
    texts = [page.program_list.item(i).text() for i in range(page.program_list.count())]
    assert "Sam's taper companion\nfrom your coach  ·  following now" in texts

    hostile = tmp_path / "hostile.coachprog"
    hostile.write_bytes(b"PK\x03\x04 definitely not a zip")
    before = ctx.store.counts()
    assert not page.import_bundle(hostile, confirm=lambda p: True)
    assert errors == ["hostile.coachprog is not a readable bundle (damaged or not a zip file)"]
    assert ctx.store.counts() == before


def test_the_preview_dialog_lists_the_changes(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    preview = plan_import(ctx, _coach_bundle(data_dir, clock, tmp_path / "sam.coachprog"))
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    assert "Adds the program “Sam's taper companion” from Sam" in dialog.summary.text()
    dialog.show()
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.store.db["programs"].count == 0  # the dialog only asks; the page applies


def test_write_a_custom_exercise_preview_it_and_use_it(
    qtbot: Any, page: ProgramsPage, ctx: AppContext, errors: list[str]
) -> None:
    editor = page.editor
    page.tabs.setCurrentWidget(editor)
    qtbot.keyClicks(editor.title_edit, "Warm hands")
    qtbot.keyClicks(editor.purpose, "A moment of comfort.")
    qtbot.keyClicks(editor.when, "When pain is loud.")
    script = editor.script
    click(qtbot, script.add_step_button)  # after the first step
    script.kind.setCurrentIndex(script.kind.findData("breath"))
    assert script.inhale.isEnabled() and not script.seconds.isEnabled()
    script.cycles.setValue(3)
    assert script.step_list.item(1).text() == "Breathe in 4, hold 1, out 6 × 3"

    click(qtbot, editor.preview_button)
    assert errors == []
    player = editor.player
    assert player is not None and player.isVisible()
    qtbot.waitUntil(player.is_ready, timeout=10_000)
    assert player.duration_s() > 10  # 5 s pause + 3 breaths of 11 s, at least
    assert ctx.store.db["exercises"].count == 0  # a preview saves nothing

    click(qtbot, editor.save_button)
    saved = ExerciseLibrary(ctx.store).get("warm-hands")
    assert saved.steps[1].kind == "breath" and saved.steps[1].cycles == 3
    assert page.builder.days.exercise_choice.findData("warm-hands") >= 0  # ready to add to a program

    # Schema errors are shown, not saved.
    click(qtbot, editor.new_button)
    click(qtbot, editor.save_button)
    assert errors and errors[-1].startswith("this exercise:") and "must not be empty" in errors[-1]
    assert ctx.store.db["exercises"].count == 1


def test_share_progress_writes_a_file(page: ProgramsPage, tmp_path: Path) -> None:
    out = page.share_progress(tmp_path / "me.coachprogress", days=7, share=("sessions", "checkins"))
    assert out is not None and out.is_file() and "me.coachprogress" in page.status.text()


def test_coach_overview_lists_imported_patients(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path, errors: list[str]
) -> None:
    with Store.open(ProfilePaths(data_dir, "ana")) as store:
        patient = AppContext(store=store, clock=clock)
        ProgramService(patient).assign("pain-reprocessing-4-weeks")
        export_progress(patient, tmp_path / "ana.coachprogress", patient_name="Ana")
    ctx.store.update_profile(kind="coach", nickname="Sam")
    from coach.ui.caseload.overview import CoachOverview
    from coach.ui.caseload.queue_model import ADHERENCE, PATIENT, WHY

    overview = CoachOverview(ctx, errors.append)  # on the coach's home page (test_coach_programs_page.py)
    qtbot.addWidget(overview)
    overview.show()
    assert overview.import_file(tmp_path / "ana.coachprogress")
    assert overview.row_count() == 1 and overview.cell_text(0, PATIENT) == "Ana"
    assert overview.cell_text(0, ADHERENCE) == "0%"
    assert "Did 0% of the planned practice." in overview.proxy.index(0, WHY).data(Qt.ItemDataRole.ToolTipRole)
    assert overview.detail_title.text() == "Ana"
    assert overview.import_file(tmp_path / "missing.coachprogress") is None and "cannot open" in errors[-1]


def test_a_patient_profile_has_no_patients_tab(page: ProgramsPage) -> None:
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Programs",
        "Builder",
        "My exercises",
    ]


# --- profile switcher ---------------------------------------------------------------------------------
def test_switcher_lists_kinds_and_asks_for_the_passcode(qtbot: Any, data_dir: Path) -> None:
    service = ProfileService(data_dir)
    service.create("Ana", "patient")
    service.create("Clinic", "coach", passcode="7788")
    dialog = ProfileSwitcher(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts == ["Ana\nPatient", "Clinic\nCoach  ·  passcode"]
    dialog.list.setCurrentRow(1)
    assert dialog.passcode.isVisible()
    qtbot.keyClicks(dialog.passcode, "0000")
    click(qtbot, dialog.open_button)
    assert dialog.result() != QDialog.DialogCode.Accepted and "not right" in dialog.message.text()
    assert dialog.passcode.text() == ""
    qtbot.keyClicks(dialog.passcode, "7788")
    qtbot.keyClick(dialog.passcode, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen == "clinic"
    assert (data_dir / "last-profile").read_text() == "clinic"


def test_switcher_waits_after_many_wrong_tries(qtbot: Any, data_dir: Path) -> None:
    ProfileService(data_dir).create("Clinic", "coach", passcode="7788")
    ProfileService(data_dir).create("Ana", "patient")
    dialog = ProfileSwitcher(data_dir)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(
        [dialog.list.item(i).text() for i in range(2)].index("Clinic\nCoach  ·  passcode")
    )
    for _ in range(3):
        dialog.passcode.setText("wrong")
        dialog.open_selected()
    assert "try again in 5 seconds" in dialog.message.text() and not dialog.open_button.isEnabled()


def test_choose_profile_asks_only_when_there_is_a_choice(data_dir: Path) -> None:
    assert choose_profile(data_dir) == "default"  # nothing yet: the CLI's default profile
    ProfileService(data_dir).create("Ana", "patient")
    assert choose_profile(data_dir) == "ana" and (data_dir / "last-profile").read_text() == "ana"
