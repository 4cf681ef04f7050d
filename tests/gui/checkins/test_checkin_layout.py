"""The check-in forms at real screen and text sizes, as a person meets them (issue 13): nothing scrolls
sideways or is cut off at 1024x600 or 1920x1080 with 150-200% text; the questionnaires' answers sit beside
their question when there is room and go under it when not, still one Tab stop a question with the arrows
choosing; and each answer's words stay in sight at the last PHQ-9 question, not in a heading scrolled away.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from coach.domain import measures
from coach.services.context import AppContext
from coach.ui.checkins.choice_grid import Arrangement, ChoiceGrid
from coach.ui.checkins.page import TABS, CheckinPage
from coach.ui.main_window import MainWindow
from coach.ui.theme import apply_theme
from tests.gui.layout.audit import settle
from tests.gui.layout.surfaces import demo_app
from tests.helpers.nav import RecordingNav

GRIDS = ("withdrawal_grid", "phq9", "gad7")


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """These tests re-theme the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _window(qtbot: Any, ctx: AppContext, qapp: QApplication, screen: QRect, text_scale: int) -> MainWindow:
    """The app with demo data on a screen of `screen`'s size, the window as it opens there: maximised
    on a small screen (under a title bar), at its own size on a large one."""
    ctx.store.set_setting("text_scale", text_scale)
    ctx.store.set_setting("theme", "light")
    window = demo_app(ctx, qapp).window
    qtbot.addWidget(window)
    window.restore_geometry_setting(screen)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:
        window.setGeometry(screen.adjusted(1, 25, -1, -1))
    window.go("checkin")
    settle()
    return window


def _page(window: MainWindow) -> CheckinPage:
    page = window.page("checkin")
    assert isinstance(page, CheckinPage)
    return page


def _area(page: CheckinPage) -> QScrollArea:
    area = page.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    return area


def _in_view_sideways(widget: QWidget, area: QScrollArea) -> bool:
    left = widget.mapTo(area.viewport(), QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= area.viewport().width()


@pytest.mark.parametrize(
    ("width", "height", "text_scale"),
    [(1024, 600, 150), (1024, 600, 200), (1920, 1080, 200), (1366, 768, 100)],
    ids=lambda v: str(v),
)
def test_no_check_in_form_scrolls_sideways_or_cuts_an_answer_off(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, width: int, height: int, text_scale: int
) -> None:
    page = _page(_window(qtbot, ctx, qapp, QRect(0, 0, width, height), text_scale))
    for tab in TABS:
        page.show_tab(tab)
        settle()
        area = _area(page)
        bar = area.horizontalScrollBar()
        assert not (bar.isVisible() and bar.maximum() > 0), f"{tab} scrolls sideways by {bar.maximum()} px"
        for control in area.widget().findChildren(QAbstractButton):
            if control.isVisible():
                assert _in_view_sideways(control, area), f"{tab}: {control.objectName()} is cut off"
                # A radio button's words are never squeezed: it is as wide as it asks to be.
                assert control.width() >= control.sizeHint().width(), control.objectName()


def test_the_last_phq9_question_shows_what_each_answer_means(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    """1024x600 at 150%: scrolled to question 9, the person still reads "Not at all" ... "Nearly every
    day" beside the very buttons they choose, all in sight."""
    page = _page(_window(qtbot, ctx, qapp, QRect(0, 0, 1024, 600), 150))
    page.show_tab("mood")
    settle()
    area = _area(page)
    last = page.phq9.groups[-1].buttons()
    area.ensureWidgetVisible(last[-1])
    settle()
    assert area.verticalScrollBar().value() > 0  # the form did scroll: question 1 is out of sight
    viewport = QRect(QPoint(0, 0), area.viewport().size())
    for radio, words in zip(last, measures.FREQUENCY_OPTIONS, strict=True):
        shown = QRect(radio.mapTo(area.viewport(), QPoint(0, 0)), radio.size())
        assert viewport.contains(shown), f"{words!r} is out of sight"
        assert radio.text() == words
    # The question itself is in sight too, above its answers.
    label = page.phq9.labels[-1]
    top = label.mapTo(area.viewport(), QPoint(0, 0)).y()
    assert 0 <= top < last[0].mapTo(area.viewport(), QPoint(0, 0)).y()


@pytest.fixture
def grid(qtbot: Any, qapp: QApplication, look: None) -> Iterator[ChoiceGrid]:
    apply_theme(qapp, "light", 100)
    holder = QWidget()  # a form around it (a window would not let the grid be narrower than its layout)
    qtbot.addWidget(holder)
    holder.resize(1400, 1600)
    made = ChoiceGrid("phq9", measures.PHQ9_ITEMS, measures.FREQUENCY_OPTIONS, parent=holder)
    holder.show()
    yield made  # while the holder lives


def _top(widget: QWidget, grid: ChoiceGrid) -> int:
    return widget.mapTo(grid, QPoint(0, 0)).y()


def _left(widget: QWidget, grid: ChoiceGrid) -> int:
    return widget.mapTo(grid, QPoint(0, 0)).x()


def _resize(grid: ChoiceGrid, width: int) -> None:
    grid.resize(width, max(grid.heightForWidth(width), grid.minimumSizeHint().height(), 400))
    settle()


def test_answers_sit_beside_their_question_in_columns_when_there_is_room(grid: ChoiceGrid) -> None:
    _resize(grid, 1300)
    assert grid.arrangement() is Arrangement.BESIDE
    first_row = grid.groups[0].buttons()
    for row, (label, group) in enumerate(zip(grid.labels, grid.groups, strict=True)):
        buttons = group.buttons()
        for column, radio in enumerate(buttons):
            # Beside the question (level with it, right of it) and in line with the same answer above.
            assert _left(radio, grid) >= _left(label, grid) + label.width(), (row, column)
            assert _top(label, grid) <= _top(radio, grid) < _top(label, grid) + label.height(), (row, column)
            assert _left(radio, grid) == _left(first_row[column], grid), (row, column)


def test_answers_go_under_their_question_in_a_line_then_in_columns_then_as_a_list(
    grid: ChoiceGrid,
) -> None:
    options = len(measures.FREQUENCY_OPTIONS)
    _resize(grid, grid.beside_width() - 1)
    assert grid.arrangement() is Arrangement.UNDER and grid.answer_columns() == options
    for label, group in zip(grid.labels, grid.groups, strict=True):
        buttons = group.buttons()
        assert all(_top(b, grid) >= _top(label, grid) + label.height() for b in buttons)
        assert len({_top(b, grid) for b in buttons}) == 1  # one line
    # Narrower: two lines of two, the same answer in the same column in every question.
    two = next(w for w in range(grid.beside_width(), 0, -10) if grid.columns_for(w) == 2)
    _resize(grid, two)
    assert grid.answer_columns() == 2
    first = grid.groups[0].buttons()
    for group in grid.groups:
        buttons = group.buttons()
        assert _top(buttons[0], grid) == _top(buttons[1], grid) < _top(buttons[2], grid)
        assert [_left(b, grid) for b in buttons] == [_left(b, grid) for b in first]
        for b in buttons:
            assert _left(b, grid) + b.width() <= two, b.objectName()
    narrow = grid.minimumSizeHint().width()
    _resize(grid, narrow)
    assert grid.arrangement() is Arrangement.UNDER and grid.answer_columns() == 1
    for label, group in zip(grid.labels, grid.groups, strict=True):
        tops = [_top(b, grid) for b in group.buttons()]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under the other, in order
        assert tops[0] >= _top(label, grid) + label.height()
        for b in group.buttons():
            assert _left(b, grid) >= 0 and _left(b, grid) + b.width() <= narrow, b.objectName()
            assert b.width() >= b.sizeHint().width(), b.objectName()


def test_a_larger_text_size_rearranges_the_grid_at_the_same_width(
    grid: ChoiceGrid, qapp: QApplication
) -> None:
    _resize(grid, 1100)
    assert grid.arrangement() is Arrangement.BESIDE
    apply_theme(qapp, "light", 200)
    settle()
    assert grid.arrangement() is not Arrangement.BESIDE
    assert grid.minimumSizeHint().width() <= 1100
    for b in grid.groups[0].buttons():
        assert _left(b, grid) + b.width() <= grid.width(), b.objectName()


def test_a_flagged_question_keeps_its_answers_clear_of_its_words(grid: ChoiceGrid) -> None:
    """ "(still empty)" lengthens a question: the answers beside it move right, never over the words."""
    _resize(grid, 1300)
    grid.flag({0, 3})
    settle()
    for label, group in zip(grid.labels, grid.groups, strict=True):
        assert all(_left(b, grid) >= _left(label, grid) + label.width() for b in group.buttons())
        assert label.heightForWidth(label.width()) <= label.height()  # every word of it shown


def _focused() -> QWidget:
    now = QApplication.focusWidget()
    assert now is not None
    return now


def test_the_keys_work_the_same_with_the_answers_under_the_questions(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    window = _window(qtbot, ctx, qapp, QRect(0, 0, 1024, 600), 200)
    page = _page(window)
    page.show_tab("withdrawal")
    settle()
    grid = page.withdrawal_grid
    assert grid.arrangement() is not Arrangement.BESIDE
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    first = grid.groups[0].buttons()[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    qtbot.keyClick(_focused(), Qt.Key.Key_Right)
    assert grid.values()[0] == 1 and _focused().objectName() == "withdrawal_0_1"  # chosen, not only focused
    qtbot.keyClick(_focused(), Qt.Key.Key_Down)
    assert _focused().objectName() == "withdrawal_1_0" and grid.values()[1] is None
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused().objectName() == "withdrawal_2_0"  # one Tab stop a question
    qtbot.keyClick(_focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(_focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _focused().objectName() == "withdrawal_0_1"  # back on the answer given


def test_each_answer_is_read_out_with_its_question(qtbot: Any, ctx: AppContext) -> None:
    page = CheckinPage(ctx, RecordingNav())
    qtbot.addWidget(page)
    for name in GRIDS:
        grid: ChoiceGrid = getattr(page, name)
        for group, label in zip(grid.groups, grid.labels, strict=True):
            for radio in group.buttons():
                question = label.text().split(". ", 1)[1]
                assert radio.accessibleName() == f"{question}: {radio.text()}"
