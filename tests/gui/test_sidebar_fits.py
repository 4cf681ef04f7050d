"""Every section of the sidebar is in view on a 1024x600 screen at 150% text, without the sidebar scrolling
(a patient's trial: "Reminders" sat below a small scroll bar there)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from tests.gui.layout.audit import settle
from tests.gui.layout.surfaces import demo_app


@pytest.mark.parametrize(("width", "height", "scale"), [(1024, 600, 150), (1366, 768, 150), (1366, 768, 100)])
def test_every_section_is_in_view(
    qtbot: Any, ctx: AppContext, qapp: QApplication, width: int, height: int, scale: int
) -> None:
    ctx.store.set_setting("text_scale", scale)
    window = demo_app(ctx, qapp).window
    qtbot.addWidget(window)
    screen = QRect(0, 0, width, height)
    window.restore_geometry_setting(screen)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:
        window.setGeometry(screen.adjusted(1, 25, -1, -1))
    settle()
    nav = window.nav_list
    assert nav.verticalScrollBar().maximum() == 0, "the sidebar scrolls"
    for row in range(nav.count()):
        if nav.item(row).isHidden():
            continue  # a section of the other kind of profile (Caseload in a patient's)
        rect = nav.visualItemRect(nav.item(row))
        assert nav.viewport().rect().contains(rect), nav.item(row).text()
