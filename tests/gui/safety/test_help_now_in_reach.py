"""Help now always in reach (issue 13 trial): at 1024x600 with large text the Help now entry of the
navigation stays on screen instead of scrolling away below the other sections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from tests.gui.layout.audit import settle
from tests.gui.layout.surfaces import demo_app

SMALL = QRect(0, 0, 1024, 600)


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.mark.parametrize("scale", [150, 200])
def test_help_now_entry_is_on_screen_at_1024x600_with_large_text(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    ctx.store.set_setting("text_scale", scale)
    ctx.store.set_setting("theme", "dark")
    window = demo_app(ctx, qapp).window
    qtbot.addWidget(window)
    window.restore_geometry_setting(SMALL)
    window.show()
    qtbot.waitExposed(window)
    window.setGeometry(SMALL.adjusted(1, 25, -1, -1))
    settle()
    entry = window.help_now_button
    assert entry.isVisible()
    top_left = entry.mapTo(window, entry.rect().topLeft())
    rect = QRect(top_left, entry.size())
    assert window.rect().contains(rect), (rect, window.rect())
    # It is a real navigation entry: one click opens Help now, and it shows it is the chosen section.
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert window.current_key() == "help"
    assert entry.isChecked()
    window.go("today")
    assert not entry.isChecked()
