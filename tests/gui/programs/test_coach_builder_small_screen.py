"""A coach's program builder with a 12-week program on small screens (issue 13): the grid showed about two
tall weeks at once on 1024x600, its days cut to "B…", and at 200% text the summary box cut its lines in half
and "saved as ..." squeezed the title. Now every week is a compact row of two lines (the exercises, then the
check-ins), the grid keeps room for six weeks, each day shows a few words (on a narrow grid the days keep
that room and the grid scrolls sideways inside itself), and nothing is cut. Real app, real window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QScrollArea

from coach.services.context import AppContext
from coach.ui.app import CoachApp
from coach.ui.programs.page import ProgramsPage
from tests.gui.layout.audit import Config, geometry_findings, settle
from tests.gui.layout.surfaces import PageKey, demo_app, open_page

CONFIGS = [
    Config(1024, 600, "light", 150),
    Config(1024, 600, "dark", 200),
    Config(1366, 768, "light", 100),
    Config(1920, 1080, "light", 200),
]
# Whole weeks the grid shows at once (before: 1, 1, 3 and 2, the rows as tall as their wrapped words).
WEEKS_IN_VIEW = {
    "1024x600-light-150": 5,
    "1024x600-dark-200": 3,
    "1366x768-light-100": 6,
    "1920x1080-light-200": 5,
}


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """The app re-themes the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _builder_as_coach(qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config) -> CoachApp:
    ctx.store.set_setting("theme", config.theme)
    ctx.store.set_setting("text_scale", config.text_scale)
    coach_app = demo_app(ctx, qapp)
    window = coach_app.window
    qtbot.addWidget(window)
    window.restore_geometry_setting(config.available)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:  # what maximising does on that screen (offscreen has no window manager)
        frame, inner = window.frameGeometry(), window.geometry()
        window.setGeometry(
            config.available.adjusted(
                inner.left() - frame.left(),
                inner.top() - frame.top(),
                inner.right() - frame.right(),
                inner.bottom() - frame.bottom(),
            )
        )
    settle()
    open_page(window, PageKey("programs", "coach"))  # a coach, with a 12-week program in the builder
    page: Any = window.page("programs")
    page.tabs.setCurrentWidget(page.builder)
    settle()
    return coach_app


@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_a_twelve_week_program_shows_several_readable_weeks(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, config: Config
) -> None:
    coach_app = _builder_as_coach(qtbot, ctx, qapp, config)
    page = coach_app.window.page("programs")
    assert isinstance(page, ProgramsPage)
    builder = page.builder
    grid = builder.grid
    assert grid.rowCount() == 12
    line = grid.fontMetrics().lineSpacing()
    heights = {grid.rowHeight(w) for w in range(12)}
    assert len(heights) == 1 and heights.pop() <= 2 * line + 12  # compact: two lines a week, every week

    # Several weeks at once: the grid is never taller than the builder's visible part (no grid scrolling
    # inside a page that scrolls too), and within that it shows six weeks when there is room.
    scroll = builder.findChild(QScrollArea, "builderScroll")
    assert scroll is not None and grid.height() <= scroll.viewport().height()
    weeks_in_view = grid.viewport().height() // grid.rowHeight(0)
    assert weeks_in_view >= WEEKS_IN_VIEW[str(config)]

    # Each day shows a few words ("Breath a…"), never "B…"; all seven side by side when there is room.
    shown = grid.fontMetrics().horizontalAdvance("Breath a")
    assert all(grid.columnWidth(d) >= shown for d in range(7))
    if config.width >= 1366 and config.text_scale == 100:
        assert not grid.horizontalScrollBar().isVisible()
    # The whole day is in the cell's text and tooltip: the exercises, then the check-ins.
    first = grid.item(0, 0)
    assert first.text().splitlines() == ["Breath awareness", "+ PEG"]
    assert "Breath awareness" in first.toolTip()

    # Two whole lines of the summary; the title is not squeezed by "saved as ...".
    summary = builder.summary_edit
    assert summary.viewport().height() >= 2 * summary.fontMetrics().lineSpacing()
    assert builder.title_edit.width() >= builder.title_edit.fontMetrics().horizontalAdvance(
        "Twelve weeks back to walking"
    )
    findings = geometry_findings(coach_app.window, config.available.size())
    assert findings == [], "\n".join(findings)
