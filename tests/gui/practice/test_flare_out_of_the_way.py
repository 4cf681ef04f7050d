"""The pain-spike dialog on a small screen (issue 13 trial): at 1024x600 with large text its rating and
Start button were below the fold, and its title bar could end above the screen when the window manager
framed it after it was placed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.ui.practice.flare import FlareDialog
from coach.ui.theme import apply_theme
from coach.ui.widgets.common import fit_to_screen
from tests.gui.layout.audit import settle
from tests.helpers.nav import RecordingNav

SMALL = QRect(0, 0, 1024, 600)


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.mark.parametrize("scale", [100, 150])
def test_rating_and_start_are_visible_without_scrolling_at_1024x600(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    apply_theme(qapp, "dark", scale)
    dialog = FlareDialog(ctx, RecordingNav())
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    fit_to_screen(dialog, SMALL)
    settle()
    viewport = dialog.scroll_area.viewport()
    for widget in (dialog.intensity, dialog.start_button):
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        assert viewport.rect().contains(QRect(top_left, widget.size())), widget.objectName()
    assert SMALL.contains(dialog.frameGeometry())


def test_start_closes_the_dialog_so_the_practice_is_not_covered(qtbot: Any, ctx: AppContext) -> None:
    nav = RecordingNav()
    dialog = FlareDialog(ctx, nav)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.intensity.buttons[7].click()
    dialog.start_button.click()
    assert nav.went and nav.went[-1][0] == "practice"
    assert not dialog.isVisible()
    assert dialog.flare is not None  # the note is in the flare log before the dialog goes
    assert CheckinService(ctx).flare(dialog.flare.id).intensity == 7
