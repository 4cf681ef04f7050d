"""Check-ins by keyboard: in every radio group the arrow keys select as they move (never focus alone), each
group is one Tab stop, and Up/Down in a questionnaire grid move between its questions."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.nav import RecordingNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from coach.domain import measures
from coach.services.context import AppContext
from coach.ui.checkins.page import CheckinPage


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> CheckinPage:
    p = CheckinPage(ctx, RecordingNav())
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is p)
    return p


def _radio(page: CheckinPage, name: str) -> QRadioButton:
    radio = page.findChild(QRadioButton, name)
    assert radio is not None, name
    return radio


def _key(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def _focus(qtbot: Any, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_arrows_select_as_they_move_in_the_withdrawal_grid(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("withdrawal")
    grid = page.withdrawal_grid
    _focus(qtbot, _radio(page, "withdrawal_0_0"))
    assert _key(qtbot, Qt.Key.Key_Right).objectName() == "withdrawal_0_1"
    assert grid.values()[0] == 1  # selected, not only focused
    _key(qtbot, Qt.Key.Key_Right)
    assert grid.values()[0] == 2
    assert _key(qtbot, Qt.Key.Key_Left).objectName() == "withdrawal_0_1" and grid.values()[0] == 1
    # Down goes to the next question without answering it for the person.
    assert _key(qtbot, Qt.Key.Key_Down).objectName() == "withdrawal_1_0"
    assert grid.values()[1] is None
    _key(qtbot, Qt.Key.Key_Right)
    assert grid.values()[1] == 1
    # Up comes back to the answer given above.
    assert _key(qtbot, Qt.Key.Key_Up).objectName() == "withdrawal_0_1"
    assert grid.values()[:2] == [1, 1]


def test_each_question_is_one_tab_stop(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("withdrawal")
    _focus(qtbot, _radio(page, "withdrawal_0_0"))
    assert _key(qtbot, Qt.Key.Key_Tab).objectName() == "withdrawal_1_0"
    _key(qtbot, Qt.Key.Key_Right)
    _key(qtbot, Qt.Key.Key_Right)
    # Shift+Tab back lands on the question above, and Tab again on the answer chosen in this one.
    assert _key(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier).objectName() == "withdrawal_0_0"
    assert _key(qtbot, Qt.Key.Key_Tab).objectName() == "withdrawal_1_2"
    for row in range(len(measures.WITHDRAWAL_ITEMS)):
        stops = [
            b for b in page.withdrawal_grid.groups[row].buttons() if b.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        assert len(stops) == 1, row


def test_change_this_month_is_one_group_where_up_and_down_select(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("pgic")
    first = _radio(page, "pgic_1")
    _focus(qtbot, first)
    assert _key(qtbot, Qt.Key.Key_Down).objectName() == "pgic_2"
    assert page.pgic_group.checkedId() == 2
    _key(qtbot, Qt.Key.Key_Down)
    assert _key(qtbot, Qt.Key.Key_Up).objectName() == "pgic_2" and page.pgic_group.checkedId() == 2
    stops = [b for b in page.pgic_group.buttons() if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [_radio(page, "pgic_2")]


def test_yes_no_answers_follow_the_arrows(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("withdrawal")
    _focus(qtbot, page.cravings.yes)
    _key(qtbot, Qt.Key.Key_Right)
    assert page.cravings.value() is False
    _key(qtbot, Qt.Key.Key_Left)
    assert page.cravings.value() is True


def test_item_9_chosen_by_keyboard_shows_the_support_lines(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("mood")
    _focus(qtbot, _radio(page, f"phq9_{measures.PHQ9_SELF_HARM_ITEM}_0"))
    _key(qtbot, Qt.Key.Key_Right)
    assert page.phq9.values()[measures.PHQ9_SELF_HARM_ITEM] == 1
    assert page.crisis_note.isVisible() and "988" in page.crisis_note.text()
