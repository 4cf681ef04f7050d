"""The medicine dialog grows to show its MME note when the note appears (a patient's trial at 1366x768: the
dialog stayed half the screen high and cut "About 30 MME a day (CDC 2022 factor 1.5). MME estimates..."
behind a scroll bar)."""

from __future__ import annotations

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.common import fit_to_screen
from tests.gui.layout.audit import settle

SCREEN = QRect(0, 0, 1366, 768)


def test_the_mme_note_shows_whole_once_it_appears(qtbot: QtBot, ctx: AppContext) -> None:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    dialog = page.medicines.add_medication()
    settle()
    fit_to_screen(dialog, SCREEN)
    settle()
    qtbot.keyClicks(dialog.name, "OxyContin")
    dialog.strength.setValue(10)
    dialog.per_day.setValue(2)
    settle()
    note = dialog.preview
    assert note.isVisible() and "MME" in note.text()
    fields = dialog.findChild(QScrollArea, f"{dialog.objectName()}Fields")
    assert fields is not None
    top = note.mapTo(fields.viewport(), QPoint(0, 0)).y()
    assert top >= 0 and top + note.height() <= fields.viewport().height() + 1, "the note is cut"
    assert SCREEN.contains(dialog.frameGeometry())
