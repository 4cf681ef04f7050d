"""The medicine dialog's "started on" day (issue 12, item 2): a fentanyl patch put on three days before it
was entered counts in the MME taken from that day, not from the day it was typed in; the day cannot lie
in the future, stays unset unless the person knows it, and can be corrected later in Edit."""

from __future__ import annotations

from datetime import date

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.form_dialog import FormDialog

TODAY = date(2026, 11, 21)  # the fixture clock's day in New York


def _page(qtbot: QtBot, ctx: AppContext) -> TaperPage:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show()
    return page


def _ok(qtbot: QtBot, dialog: FormDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_a_patch_put_on_three_days_ago_counts_from_that_day(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    dialog = page.medicines.add_medication()
    assert not dialog.has_started.isChecked() and not dialog.started_on.isEnabled()  # unset unless known
    qtbot.keyClicks(dialog.name, "Fentanyl patch")
    dialog.strength.setValue(25)
    dialog.has_started.click()
    assert dialog.started_on.isEnabled()
    assert dialog.started_on.maximumDate() == QDate(2026, 11, 21)  # not a day still to come
    dialog.started_on.setDate(QDate(2026, 11, 18))
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    (patch,) = MedicationService(ctx).all()
    assert patch.started_on == "2026-11-18"
    taken = MedicationService(ctx).taken_mme_by_day(date(2026, 11, 16), TODAY)
    assert taken == {date(2026, 11, d): 60.0 for d in (18, 19, 20, 21)}


def test_without_a_start_day_a_patch_counts_from_the_day_it_was_added(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    dialog = page.medicines.add_medication()
    qtbot.keyClicks(dialog.name, "Fentanyl patch")
    dialog.strength.setValue(25)
    _ok(qtbot, dialog)
    (patch,) = MedicationService(ctx).all()
    assert patch.started_on is None
    assert MedicationService(ctx).taken_mme_by_day(date(2026, 11, 16), TODAY) == {TODAY: 60.0}


def test_the_start_day_can_be_corrected_in_edit(qtbot: QtBot, ctx: AppContext) -> None:
    service = MedicationService(ctx)
    service.add("Fentanyl patch", "fentanyl", 25, "mcg/h", 1, started_on="2026-11-20")
    page = _page(qtbot, ctx)
    page.medicines.table.selectRow(0)
    dialog = page.medicines.edit_selected()
    assert dialog is not None
    assert dialog.has_started.isChecked() and dialog.started_on.date() == QDate(2026, 11, 20)
    dialog.started_on.setDate(QDate(2026, 11, 17))
    _ok(qtbot, dialog)
    assert service.all()[0].started_on == "2026-11-17"
    assert service.taken_mme_on(date(2026, 11, 17)) == 60.0
    # Unticked: the day is forgotten, and the patch counts from the day it was added again.
    page.medicines.table.selectRow(0)
    dialog = page.medicines.edit_selected()
    assert dialog is not None
    dialog.has_started.click()
    _ok(qtbot, dialog)
    assert service.all()[0].started_on is None
