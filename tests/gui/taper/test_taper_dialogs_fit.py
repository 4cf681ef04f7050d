"""The taper dialogs fit a small screen at a large text size with a margin to spare (issue 13): the draft
dialog was as tall as a 1024x600 screen at 150% text, its buttons on the screen's bottom edge. Now the fields
scroll inside each dialog and the error line and buttons stay in view below them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.taper.page import TaperPage
from coach.ui.taper.scrolling_fields import SCREEN_MARGIN
from coach.ui.theme import apply_theme
from coach.ui.widgets.common import UNKNOWN_FRAME, fit_to_screen
from coach.ui.widgets.form_dialog import FormDialog
from tests.gui.layout.audit import settle

SMALL = QRect(0, 0, 1024, 600)
SHOTS = Path("artefacts/screenshots/taper")


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _page(qtbot: QtBot, ctx: AppContext) -> TaperPage:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    MedicationService(ctx).add("Morphine IR", "morphine", 15, None, 2)
    TaperService(ctx).create_plan("Plan from Dr Lee", 90, "2026-11-01")
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    page.show_tab("plan")
    return page


def _openers(page: TaperPage) -> dict[str, Callable[[], object]]:
    return {
        "draft": page.plan.make_draft,
        "step": page.plan.add_step,
        "plan": page.plan.enter_plan,
        "pause": page.plan.pause,
        "medicine": page.medicines.add_medication,
    }


def _inside(widget: QWidget, dialog: FormDialog) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def _assert_fits(dialog: FormDialog, name: str) -> None:
    frame = dialog.frameGeometry()
    assert SMALL.contains(frame), f"{name}: {frame} is not inside the screen {SMALL}"
    # Even with a title bar Qt cannot measure yet, a margin of the screen stays free.
    assert dialog.height() + UNKNOWN_FRAME.height() + 2 * SCREEN_MARGIN <= SMALL.height(), (
        f"{name}: {dialog.height()} px high fills the {SMALL.height()} px screen"
    )
    buttons = _inside(dialog.buttons, dialog)
    assert dialog.rect().contains(buttons), f"{name}: buttons at {buttons} cut off"
    assert dialog.ok_button.isVisible() and buttons.contains(_inside(dialog.ok_button, dialog))
    fields = dialog.findChild(QScrollArea, f"{dialog.objectName()}Fields")
    assert fields is not None
    assert _inside(fields, dialog).bottom() < buttons.top(), f"{name}: the fields run under the buttons"
    assert not fields.horizontalScrollBar().isVisible(), f"{name}: the fields scroll sideways"
    for area in dialog.findChildren(QScrollArea):
        assert not area.horizontalScrollBar().isVisible(), f"{name}: {area.objectName()} scrolls sideways"
    body = fields.widget()
    assert body is not None and body.width() <= fields.viewport().width() + 1, (
        f"{name}: fields cut on the right"
    )
    if body.height() > fields.viewport().height():
        assert fields.verticalScrollBar().isVisible(), f"{name}: fields cut at the bottom with no scroll bar"


@pytest.mark.parametrize("scale", [150, 200])
def test_every_taper_dialog_fits_a_small_screen_with_its_buttons_in_view(
    qtbot: QtBot, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    apply_theme(qapp, "light", scale)
    page = _page(qtbot, ctx)
    for name, open_dialog in _openers(page).items():
        dialog = open_dialog()
        assert isinstance(dialog, FormDialog)
        settle()
        fit_to_screen(dialog, SMALL)  # as the app does when a dialog is shown
        settle()
        _assert_fits(dialog, name)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / f"{name}-1024x600-{scale}.png"))
        dialog.close()


def test_the_draft_dialog_still_fits_when_it_shows_an_error(
    qtbot: QtBot, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    apply_theme(qapp, "light", 150)
    dialog = _page(qtbot, ctx).plan.make_draft()
    settle()
    fit_to_screen(dialog, SMALL)
    settle()
    dialog.floor.setValue(200)  # above today's dose: refused with a message
    settle()
    assert dialog.error.isVisible()
    _assert_fits(dialog, "draft with an error")
    assert dialog.rect().contains(_inside(dialog.error, dialog))
