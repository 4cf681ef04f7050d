"""A corrected input takes its red error text away (issue 13): the draft's stop-at dose, a step's level, and
the page's own "choose a step first" messages clear as soon as the person fixes what they name."""

from __future__ import annotations

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.taper.dialogs import DraftDialog, StepDialog
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.form_dialog import FormDialog


def _page(qtbot: QtBot, ctx: AppContext) -> TaperPage:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show()
    page.show_tab("plan")
    return page


def _ok(qtbot: QtBot, dialog: FormDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_the_draft_stop_at_error_goes_once_the_value_is_fixed(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)  # 60 MME a day
    page = _page(qtbot, ctx)
    dialog = page.plan.make_draft()
    assert isinstance(dialog, DraftDialog)
    dialog.floor.setValue(200)
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "200" in dialog.error.text()
    dialog.floor.clear()
    qtbot.keyClicks(dialog.floor, "20")
    assert not dialog.error.isVisible(), dialog.error.text()
    _ok(qtbot, dialog)
    assert not dialog.isVisible()


def test_a_step_error_goes_once_the_level_is_corrected(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-11-01")
    page = _page(qtbot, ctx)
    dialog = page.plan.add_step()
    assert isinstance(dialog, StepDialog)
    dialog.use_mme.setChecked(True)
    dialog.mme.setValue(80)  # higher than before, not confirmed
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.mme.setValue(54)
    assert not dialog.error.isVisible(), dialog.error.text()


def test_choose_a_step_first_goes_once_a_step_is_chosen(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    plan = TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-01", 54)
    page = _page(qtbot, ctx)
    page.plan.edit_step()
    assert page.plan.error.isVisible()
    page.plan.table.selectRow(0)
    assert not page.plan.error.isVisible()


def test_choose_a_medicine_first_goes_once_one_is_chosen(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("medicines")
    page.medicines.edit_selected()
    assert page.medicines.error.isVisible()
    page.medicines.table.selectRow(0)
    assert not page.medicines.error.isVisible()


def _box(page: QWidget) -> QMessageBox:
    box = page.findChild(QMessageBox, "confirmBox")
    assert box is not None and box.isVisible(), "no question was asked"
    return box


def _press(qtbot: QtBot, box: QMessageBox, name: str) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_remove_step_asks_first_and_keep_it_keeps_it(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    plan = TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-03", 54)
    page = _page(qtbot, ctx)
    page.plan.table.selectRow(0)
    qtbot.mouseClick(page.plan.delete_step_button, Qt.MouseButton.LeftButton)
    box = _box(page.plan)
    assert box.text() == "Remove the step from Thu 3 Dec 2026: 36 mg a day of OxyContin (54 MME)?"
    assert box.findChild(QPushButton, "confirmDo").text() == "Remove step"
    _press(qtbot, box, "confirmKeep")
    assert len(TaperService(ctx).steps(plan.id)) == 1
    assert page.plan.table.rowCount() == 1
    qtbot.mouseClick(page.plan.delete_step_button, Qt.MouseButton.LeftButton)
    _press(qtbot, _box(page.plan), "confirmDo")
    assert TaperService(ctx).steps(plan.id) == []
    assert page.plan.table.rowCount() == 0


def test_my_prescriber_agreed_asks_first(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    TaperService(ctx).save_draft(60, "cdc-monthly", "2026-12-01")
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.plan.adopt_button, Qt.MouseButton.LeftButton)
    box = _box(page.plan)
    _press(qtbot, box, "confirmKeep")
    assert TaperService(ctx).active_plan() is None
    assert page.plan.draft_banner.isVisible()
    qtbot.mouseClick(page.plan.adopt_button, Qt.MouseButton.LeftButton)
    _press(qtbot, _box(page.plan), "confirmDo")
    assert TaperService(ctx).active_plan() is not None
    assert not page.plan.draft_banner.isVisible()


def test_no_longer_taking_it_asks_first(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("medicines")
    page.medicines.table.selectRow(0)
    qtbot.mouseClick(page.medicines.stop_button, Qt.MouseButton.LeftButton)
    _press(qtbot, _box(page.medicines), "confirmKeep")
    assert page.medicines.table.rowCount() == 1
    qtbot.mouseClick(page.medicines.stop_button, Qt.MouseButton.LeftButton)
    _press(qtbot, _box(page.medicines), "confirmDo")
    assert page.medicines.table.rowCount() == 0


def test_removing_a_dose_log_entry_asks_first(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("doses")
    qtbot.mouseClick(page.doses.log_button, Qt.MouseButton.LeftButton)
    assert page.doses.recent.count() == 1
    page.doses.recent.setCurrentRow(0)
    qtbot.mouseClick(page.doses.remove_button, Qt.MouseButton.LeftButton)
    box = _box(page.doses)
    assert "OxyContin 20 mg" in box.text()
    _press(qtbot, box, "confirmKeep")
    assert page.doses.recent.count() == 1
    qtbot.mouseClick(page.doses.remove_button, Qt.MouseButton.LeftButton)
    _press(qtbot, _box(page.doses), "confirmDo")
    assert page.doses.recent.count() == 0


def test_a_refused_dose_error_goes_once_the_amount_is_corrected(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("doses")
    page.doses.amount.setValue(9000)  # far past any real dose: refused
    qtbot.mouseClick(page.doses.log_button, Qt.MouseButton.LeftButton)
    assert page.doses.error.isVisible() and page.doses.recent.count() == 0
    page.doses.amount.setValue(20)
    assert not page.doses.error.isVisible()
