"""Section names (the tabs of Check-in, Taper and Programs) stay readable at every screen and text size: at
1024x600 with 200% text the check-in tab bar hid "Weekly pain check" behind Qt's scroll arrows (issue 13);
there the names now wrap as chips above the section, which choose it by click and by keyboard, and on a
roomy screen the ordinary tab bar is kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTabWidget

from coach.services.context import AppContext
from coach.ui.main_window import MainWindow
from coach.ui.widgets.section_tabs import SectionTabs
from tests.gui.layout.audit import geometry_findings, settle
from tests.gui.layout.surfaces import demo_app

PAGES = ("checkin", "taper", "programs")


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """These tests re-theme the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _window(qtbot: Any, ctx: AppContext, qapp: QApplication, screen: QRect, text_scale: int) -> MainWindow:
    ctx.store.set_setting("text_scale", text_scale)
    ctx.store.set_setting("theme", "light")
    window = demo_app(ctx, qapp).window
    qtbot.addWidget(window)
    window.restore_geometry_setting(screen)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:
        window.setGeometry(screen.adjusted(1, 25, -1, -1))
    settle()
    return window


def _sections(window: MainWindow, key: str) -> SectionTabs:
    window.go(key)
    settle()
    sections = window.page(key).findChild(SectionTabs)
    assert sections is not None, f"{key} has no section tabs"
    return sections


def _names_readable(sections: SectionTabs) -> list[str]:
    """What a person could not read of the section names as shown now."""
    tabs: QTabWidget = sections.tabs
    bar = tabs.tabBar()
    problems = []
    if bar.isVisible():
        if bar.sizeHint().width() > bar.width() + 1:
            problems.append(f"tab bar {bar.width()} px for names needing {bar.sizeHint().width()} px")
    else:
        assert sections.chips_shown(), "neither the tab bar nor the chips show the section names"
        for chip in sections.chips:
            if chip.isHidden():
                continue
            left = chip.mapTo(sections, QPoint(0, 0)).x()
            if chip.width() + 1 < chip.sizeHint().width() or left + chip.width() > sections.width() + 1:
                problems.append(f"chip {chip.text()!r} cut ({chip.width()} of {chip.sizeHint().width()} px)")
    return problems


@pytest.mark.parametrize(
    ("width", "height", "text_scale", "chips"),
    [(1024, 600, 200, True), (1024, 600, 150, None), (1366, 768, 100, False), (1920, 1080, 200, None)],
    ids=lambda v: str(v),
)
def test_every_section_name_is_readable(
    qtbot: Any,
    ctx: AppContext,
    qapp: QApplication,
    look: None,
    width: int,
    height: int,
    text_scale: int,
    chips: bool | None,
) -> None:
    screen = QRect(0, 0, width, height)
    window = _window(qtbot, ctx, qapp, screen, text_scale)
    for key in PAGES:
        sections = _sections(window, key)
        assert _names_readable(sections) == [], key
        if chips is not None and key == "checkin":
            assert sections.chips_shown() is chips  # chips only where the tab bar would not fit
        assert geometry_findings(sections, screen.size()) == [], key


def test_section_chips_choose_the_section_by_click_and_keyboard(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    window = _window(qtbot, ctx, qapp, QRect(0, 0, 1024, 600), 200)
    sections = _sections(window, "checkin")
    tabs = sections.tabs
    assert sections.chips_shown()
    names = [chip.text() for chip in sections.chips]
    assert names == [tabs.tabText(i) for i in range(tabs.count())]
    assert sections.chips[0].isChecked() and tabs.currentIndex() == 0

    qtbot.mouseClick(sections.chips[2], Qt.MouseButton.LeftButton)  # Withdrawal
    assert tabs.currentIndex() == 2 and sections.chips[2].isChecked()
    assert not sections.chips[0].isChecked()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)  # keys need the active window
    sections.chips[2].setFocus()
    qtbot.keyClick(sections.chips[2], Qt.Key.Key_Right)  # arrows move inside the row ...
    assert QApplication.focusWidget() is sections.chips[3]
    qtbot.keyClick(sections.chips[3], Qt.Key.Key_Space)  # ... and Space chooses, as on a toolbar
    assert tabs.currentIndex() == 3

    tabs.setCurrentIndex(1)  # the page choosing a section (a link from Today) shows on the chips
    assert sections.chips[1].isChecked()


def test_the_tab_bar_comes_back_when_the_window_is_widened(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    window = _window(qtbot, ctx, qapp, QRect(0, 0, 1024, 600), 200)
    sections = _sections(window, "checkin")
    assert sections.chips_shown()
    window.setGeometry(QRect(0, 25, 1900, 1000))
    settle()
    assert not sections.chips_shown() and sections.tabs.tabBar().isVisible()
    assert _names_readable(sections) == []
