"""Buttons that act on a chosen row are usable only while a row is chosen (issue 13): on an empty medicine
list "Edit…" and "No longer taking it" looked ready to press; the same holds for a plan's steps and the dose
log's entries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.taper.page import TaperPage
from coach.ui.theme import apply_theme


def _page(qtbot: QtBot, ctx: AppContext, tab: str) -> TaperPage:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show()
    page.show_tab(tab)
    return page


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """The test re-themes the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_medicine_buttons_follow_the_choice_and_the_list(
    qtbot: QtBot, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    apply_theme(qapp, "dark", 100)  # where a greyed-out button looked the same as one ready to press
    page = _page(qtbot, ctx, "medicines")
    tab = page.medicines
    assert tab.table.rowCount() == 0
    assert not tab.edit_button.isEnabled() and not tab.stop_button.isEnabled()
    assert tab.add_button.isEnabled()

    med = MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert not tab.edit_button.isEnabled(), "a new row is not chosen yet"
    looks_off = tab.edit_button.grab().toImage()
    tab.table.selectRow(0)
    assert tab.edit_button.isEnabled() and tab.stop_button.isEnabled()
    assert tab.edit_button.grab().toImage() != looks_off, "a greyed-out button must look different"
    tab.table.clearSelection()
    assert not tab.edit_button.isEnabled() and not tab.stop_button.isEnabled()

    tab.table.selectRow(0)
    MedicationService(ctx).stop(med.id)  # the list empties (stopped medicines hidden)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    assert not tab.edit_button.isEnabled() and not tab.stop_button.isEnabled()


def test_step_buttons_need_a_chosen_step(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    plan = TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-01", 54)
    page = _page(qtbot, ctx, "plan")
    tab = page.plan
    assert tab.add_step_button.isEnabled()
    assert not tab.edit_step_button.isEnabled() and not tab.delete_step_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.edit_step_button.isEnabled() and tab.delete_step_button.isEnabled()
    tab.table.clearSelection()
    assert not tab.edit_step_button.isEnabled() and not tab.delete_step_button.isEnabled()


def test_step_buttons_are_off_without_a_plan(qtbot: QtBot, ctx: AppContext) -> None:
    tab = _page(qtbot, ctx, "plan").plan
    for b in (tab.add_step_button, tab.edit_step_button, tab.delete_step_button):
        assert not b.isEnabled()


def test_removing_a_dose_entry_needs_a_chosen_entry(qtbot: QtBot, ctx: AppContext) -> None:
    med = MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx, "doses")
    tab = page.doses
    assert not tab.remove_button.isEnabled()
    MedicationService(ctx).log_dose(med.id, 20, "scheduled")
    qtbot.waitUntil(lambda: tab.recent.count() == 1)
    assert not tab.remove_button.isEnabled()
    tab.recent.setCurrentRow(0)
    assert tab.remove_button.isEnabled()
