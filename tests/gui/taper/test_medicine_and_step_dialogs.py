"""The medicine and step dialogs as a patient uses them (issue 12): no opioid chosen by default, a guess from
the name, a warning when name and choice disagree; a new step starts at the latest step and a higher one
needs "my prescriber set this higher"."""

from __future__ import annotations

from datetime import date

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coach.domain import taper as rules
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.taper.dialogs import DraftDialog, StepDialog
from coach.ui.taper.medication_dialog import CHOOSE_OPIOID, MedicationDialog
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.form_dialog import FormDialog


def _page(qtbot: QtBot, ctx: AppContext) -> TaperPage:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show()
    return page


def _ok(qtbot: QtBot, dialog: FormDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _medicine_dialog(qtbot: QtBot, ctx: AppContext) -> tuple[TaperPage, MedicationDialog]:
    page = _page(qtbot, ctx)
    dialog = page.medicines.add_medication()
    return page, dialog


def test_typing_oxycodone_30_mg_3_times_shows_135_mme(qtbot: QtBot, ctx: AppContext) -> None:
    page, dialog = _medicine_dialog(qtbot, ctx)
    assert dialog.drug.currentText() == CHOOSE_OPIOID and dialog.drug.currentData() is None  # no default
    qtbot.keyClicks(dialog.name, "Oxycodone")
    assert dialog.is_opioid.isChecked() and dialog.drug.currentData() == "oxycodone"
    dialog.strength.setValue(30)
    dialog.per_day.setValue(3)
    assert "About 135 MME a day (CDC 2022 factor 1.5)" in dialog.preview.text()
    _ok(qtbot, dialog)
    assert page.medicines.table.item(0, 3).text() == "135"


def test_a_brand_name_is_recognised_and_a_combination_gets_its_hint(qtbot: QtBot, ctx: AppContext) -> None:
    _, dialog = _medicine_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.name, "Percocet 5/325")
    assert dialog.drug.currentData() == "oxycodone"
    assert dialog.name_check.isVisible()
    assert "Enter only the oxycodone part" in dialog.name_check.text()
    assert "5 mg of oxycodone" in dialog.name_check.text()


def test_a_name_that_is_no_opioid_asks_instead_of_guessing(qtbot: QtBot, ctx: AppContext) -> None:
    _, dialog = _medicine_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.name, "Oxycodone")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "My pain pill")
    assert dialog.drug.currentData() is None and not dialog.is_opioid.isChecked()
    dialog.is_opioid.setChecked(True)
    assert "Which opioid is this?" in dialog.preview.text()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "which opioid is this" in dialog.error.text()
    assert MedicationService(ctx).all() == []


def test_a_name_and_a_chosen_opioid_that_disagree_are_pointed_out(qtbot: QtBot, ctx: AppContext) -> None:
    _, dialog = _medicine_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.name, "Oxycodone")
    # The person picks Codeine by hand: the choice is kept, and the mismatch is said plainly.
    dialog.drug.setCurrentIndex(dialog.drug.findData("codeine"))
    dialog.drug.activated.emit(dialog.drug.currentIndex())
    qtbot.keyClicks(dialog.name, " 10 mg")
    assert dialog.drug.currentData() == "codeine"
    assert "sounds like oxycodone, but codeine is chosen" in dialog.name_check.text()


def test_a_patch_rate_past_any_prescription_keeps_the_dialog_open(qtbot: QtBot, ctx: AppContext) -> None:
    _, dialog = _medicine_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.name, "Durogesic")
    assert dialog.unit.text() == "mcg/h" and not dialog.per_day.isEnabled()
    dialog.strength.setValue(25)
    assert "About 60 MME a day" in dialog.preview.text()
    dialog.strength.setValue(9000)
    assert "past what any prescription could be" in dialog.preview.text()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "past what any prescription could be" in dialog.error.text()


def _plan_at_45_with_90_mg_prescribed(ctx: AppContext) -> int:
    MedicationService(ctx).add("OxyContin", "oxycodone", 45, None, 2)  # 90 mg = 135 MME a day
    service = TaperService(ctx)
    plan = service.create_plan("Plan from Dr Lee", 90, "2026-09-01")
    service.add_step(plan.id, "2026-10-01", 45)
    return plan.id


def test_a_new_step_starts_at_the_latest_step_never_above(qtbot: QtBot, ctx: AppContext) -> None:
    plan_id = _plan_at_45_with_90_mg_prescribed(ctx)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    dialog = page.plan.add_step()
    assert isinstance(dialog, StepDialog)
    assert dialog.use_mme.isChecked() and dialog.mme.value() == 45  # not the prescribed 135
    assert not dialog.higher.isVisible()
    assert "higher" not in dialog.summary.text()
    _ok(qtbot, dialog)  # an unchanged form records the same level, never more
    assert [s.target_mme for s in TaperService(ctx).steps(plan_id)] == [45, 45]


def test_a_higher_step_needs_the_prescriber_checkbox(qtbot: QtBot, ctx: AppContext) -> None:
    plan_id = _plan_at_45_with_90_mg_prescribed(ctx)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    dialog = page.plan.add_step()
    assert isinstance(dialog, StepDialog)
    dialog.use_mme.setChecked(False)
    (box,) = dialog.dose_boxes.values()
    box.setValue(90)  # 135 MME
    assert dialog.higher.isVisible() and not dialog.higher.isChecked()
    assert "higher than the step before (45 MME a day)" in dialog.summary.text()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "higher than the one before" in dialog.error.text()
    assert [s.target_mme for s in TaperService(ctx).steps(plan_id)] == [45]
    dialog.higher.setChecked(True)
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert [s.target_mme for s in TaperService(ctx).steps(plan_id)] == [45, 135]


def test_the_draft_dialog_ends_with_the_talk_about_stopping(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    dialog = page.plan.make_draft()
    assert isinstance(dialog, DraftDialog)
    dialog.start_mme.setValue(90)
    dialog.first.setDate(QDate(2026, 12, 1))
    assert dialog.lowest.value() == rules.DEFAULT_LOWEST
    dialog.lowest.setValue(9)
    last = dialog.preview.item(dialog.preview.count() - 1).text()
    assert last.endswith(rules.STOP_TALK)
    assert "(a cut of 10% of the dose then)" in dialog.preview.item(1).text()
    _ok(qtbot, dialog)
    draft = next(p for p in TaperService(ctx).plans() if p.is_draft)
    steps = TaperService(ctx).steps(draft.id)
    assert steps[0].date == date(2026, 12, 1) and rules.STOP_TALK in steps[-1].note
    assert steps[-1].target_mme <= 10


def test_the_medicine_dialog_grows_when_a_hint_appears_instead_of_squeezing_its_fields(qtbot: QtBot) -> None:
    from coach.ui.taper.medication_dialog import MedicationDialog

    dialog = MedicationDialog(lambda _values: "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field_height = dialog.name.height()
    qtbot.keyClicks(dialog.name, "Percocet 5/325")
    dialog.strength.setValue(5)
    dialog.per_day.setValue(4)
    qtbot.wait(50)  # the layout settles on the next turn of the event loop
    assert dialog.name.height() >= field_height and dialog.strength.height() >= field_height - 4
