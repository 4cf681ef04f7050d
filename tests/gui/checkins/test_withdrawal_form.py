"""The withdrawal check-in as a person fills it: a save with empty lines names every one of them, and
"Mark the rest as none" fills every unanswered line with None in one click, visibly, before saving."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.nav import RecordingNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from coach.domain import measures
from coach.services.context import AppContext
from coach.ui.checkins.page import CheckinPage

LINES = len(measures.WITHDRAWAL_ITEMS)


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> CheckinPage:
    p = CheckinPage(ctx, RecordingNav())
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    p.show_tab("withdrawal")
    return p


def _radio(page: CheckinPage, row: int, value: int) -> QRadioButton:
    radio = page.findChild(QRadioButton, f"withdrawal_{row}_{value}")
    assert radio is not None
    return radio


def _saved(ctx: AppContext) -> int:
    return int(ctx.store.db.execute("select count(*) from withdrawal_checkins").fetchone()[0])


def test_saving_with_empty_lines_names_every_empty_line(
    qtbot: Any, page: CheckinPage, ctx: AppContext
) -> None:
    qtbot.mouseClick(_radio(page, 0, 2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_radio(page, 4, 1), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.withdrawal_save, Qt.MouseButton.LeftButton)
    error = page.withdrawal_error.text()
    assert _saved(ctx) == 0
    empty = [n for n in range(1, LINES + 1) if n not in (1, 5)]
    assert error.startswith(f"{len(empty)} lines are still empty: 2 to 4 and 6 to {LINES}."), error
    # The empty lines themselves are marked, not just counted.
    for n in range(1, LINES + 1):
        assert page.withdrawal_grid.is_flagged(n - 1) == (n in empty)


def test_one_empty_line_is_named_in_the_singular(qtbot: Any, page: CheckinPage) -> None:
    for row in range(LINES - 1):
        _radio(page, row, 0).click()
    page.withdrawal_save.click()
    assert page.withdrawal_error.text().startswith(f"Line {LINES} is still empty"), (
        page.withdrawal_error.text()
    )


def test_mark_the_rest_as_none_fills_only_unanswered_lines_and_then_saves(
    qtbot: Any, page: CheckinPage, ctx: AppContext
) -> None:
    qtbot.mouseClick(_radio(page, 0, 2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_radio(page, 3, 3), Qt.MouseButton.LeftButton)
    page.withdrawal_save.click()
    assert page.withdrawal_error.text()
    assert page.mark_rest_none.isVisible() and page.mark_rest_none.isEnabled()
    qtbot.mouseClick(page.mark_rest_none, Qt.MouseButton.LeftButton)
    # Visibly: every line now shows an answer, the person's own answers kept.
    assert _radio(page, 0, 2).isChecked() and _radio(page, 3, 3).isChecked()
    for row in range(LINES):
        if row not in (0, 3):
            assert _radio(page, row, 0).isChecked(), row
        assert not page.withdrawal_grid.is_flagged(row)
    assert page.withdrawal_error.text() == ""
    assert not page.mark_rest_none.isEnabled()  # nothing left to fill
    qtbot.mouseClick(page.withdrawal_save, Qt.MouseButton.LeftButton)
    assert _saved(ctx) == 1
    assert f"Today's total: 5 of {measures.WITHDRAWAL_MAX}" in page.withdrawal_result.text()
    assert page.mark_rest_none.isEnabled()  # a fresh, empty form again


def test_all_the_form_is_named_as_a_range(qtbot: Any, page: CheckinPage) -> None:
    page.withdrawal_save.click()
    assert page.withdrawal_error.text().startswith(f"{LINES} lines are still empty: 1 to {LINES}.")


def test_answering_a_flagged_line_takes_it_off_the_message(qtbot: Any, page: CheckinPage) -> None:
    for row in range(LINES - 2):
        _radio(page, row, 0).click()
    page.withdrawal_save.click()
    assert page.withdrawal_error.text().startswith(f"2 lines are still empty: {LINES - 1} and {LINES}.")
    qtbot.mouseClick(_radio(page, LINES - 2, 1), Qt.MouseButton.LeftButton)
    assert page.withdrawal_error.text().startswith(f"Line {LINES} is still empty.")
    assert not page.withdrawal_grid.is_flagged(LINES - 2) and page.withdrawal_grid.is_flagged(LINES - 1)
