"""The support lines after PHQ-9 item 9 come into view whole as soon as the answer is given (a patient's
trial at 1366x768: one line of them showed, the rest below the fold, until they scrolled)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea

from coach.services.context import AppContext
from tests.gui.checkins.test_checkin_layout import _page, _window
from tests.gui.layout.audit import settle


@pytest.mark.parametrize(("width", "height", "scale"), [(1366, 768, 100), (1024, 600, 150)])
def test_item_9_brings_the_support_lines_into_view(
    qtbot: Any, ctx: AppContext, qapp: QApplication, width: int, height: int, scale: int
) -> None:
    window = _window(qtbot, ctx, qapp, QRect(0, 0, width, height), scale)
    page = _page(window)
    page.show_tab("mood")
    settle()
    page.phq9.choose(8, 1)  # item 9: "several days"
    settle()
    qtbot.wait(20)
    note = page.crisis_note
    area = note.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None and note.isVisible()
    top = note.mapTo(area.viewport(), QPoint(0, 0)).y()
    assert top >= 0 and top + note.height() <= area.viewport().height(), (top, note.height())
