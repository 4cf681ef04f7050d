"""The Reminders page and the reminder editor at 1024x600 with large text (issue 13): the week's days were
seven check boxes in a row, each box nearer the day before it ("✓ Mon ✓ Tue"), the time box stretched
across the dialog, and the rules table ended its names in "…" or scrolled sideways. Now the days are chips
that wrap (one Tab stop), boxes keep their size, table text wraps, and clock times follow the system."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget

from coach.domain.clock import FixedClock
from coach.domain.wording import use_formats
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery
from coach.ui.app import use_system_formats
from coach.ui.reminders.editor import RuleEditor
from coach.ui.reminders.page import RemindersPage
from coach.ui.theme import apply_theme
from coach.ui.widgets.common import fit_to_screen
from tests.gui.layout.audit import geometry_findings, settle

NY = ZoneInfo("America/New_York")
SMALL = QRect(0, 0, 1024, 600)


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    use_formats()


def _texts_fit(table: QTableWidget, column: int) -> None:
    """Every cell of `column` shows all its words: its row is as tall as the text wrapped to the column."""
    width = table.columnWidth(column) - 8  # the cell's own margins
    for row in range(table.rowCount()):
        text = table.item(row, column).text()
        need = table.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        assert table.rowHeight(row) >= need.height(), text
        assert "…" not in text


@pytest.mark.parametrize("scale", [150, 200])
def test_the_editor_shows_the_week_as_chips_inside_a_small_screen(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    apply_theme(qapp, "dark", scale)
    editor = RuleEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    settle()
    fit_to_screen(editor, SMALL)
    settle()
    assert geometry_findings(editor, SMALL.size()) == []
    assert SMALL.contains(editor.frameGeometry())
    chips = editor.days
    assert all(isinstance(c, QPushButton) and c.isCheckable() and c.isVisible() for c in chips)
    for chip in chips:  # a whole chip, its label inside it
        assert chip.width() >= chip.sizeHint().width(), chip.text()
    # The time box is as wide as a time, not the dialog.
    assert editor.time.width() < editor.width() / 3
    # One Tab stop for the week; arrows move inside it.
    assert sum(1 for c in chips if c.focusPolicy() == Qt.FocusPolicy.StrongFocus) == 1
    chips[0].setFocus()
    qtbot.keyClick(chips[0], Qt.Key.Key_Right)
    assert chips[1].hasFocus()
    qtbot.keyClick(chips[1], Qt.Key.Key_Space)
    assert editor.chosen_days() == "mon,wed,thu,fri,sat,sun"


def test_the_rules_table_wraps_and_shows_every_rule_at_200_percent(
    qtbot: Any, ctx: AppContext, clock: FixedClock, qapp: QApplication, look: None
) -> None:
    apply_theme(qapp, "light", 200)
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    service.add("08:30", label="Morning practice before the children wake up")
    service.add("21:00", "mon,wed,fri", label="Winding down for sleep with the body scan")
    page = RemindersPage(ctx)
    qtbot.addWidget(page)
    page.resize(760, 574)  # the page beside the navigation on a 1024x600 screen
    page.show()
    settle()
    table = page.panel.table
    assert not table.horizontalScrollBar().isVisible()
    assert not table.verticalScrollBar().isVisible()
    assert table.height() >= sum(table.rowHeight(r) for r in range(table.rowCount()))  # every row shows
    _texts_fit(table, 2)
    _texts_fit(table, 3)


def test_times_follow_a_12_hour_system_clock(
    qtbot: Any, ctx: AppContext, clock: FixedClock, qapp: QApplication, look: None
) -> None:
    use_system_formats("en_US")
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=NY))
    service = ReminderDelivery(ctx)
    rule = service.add("21:00", label="Evening practice")
    page = RemindersPage(ctx)
    qtbot.addWidget(page)
    table = page.panel.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == "Evening practice")
    assert table.item(row, 0).text() == "9:00 PM"
    assert table.item(row, 3).text() == "today 9:00 PM"
    assert page.panel.quiet_start.text() == "10:00 PM"
    editor = RuleEditor(ctx, rule)
    qtbot.addWidget(editor)
    assert editor.time.text() == "9:00 PM"
