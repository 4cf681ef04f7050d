"""The Plan tab at 200% text on a small screen (issue 13): "Add a step agreed with my prescriber…" was wider
than the tab and pushed it sideways by 100 px. Its text now wraps, as do the other long buttons of the tab;
the tab never scrolls sideways and no button's text is cut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea

from coach.services.context import AppContext
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.wrap_button import WrapButton
from tests.gui.layout.audit import Config, contrast_findings, settle
from tests.gui.layout.surfaces import open_page
from tests.gui.layout.test_layout_audit import demo_app_for

SHOTS = Path("artefacts/screenshots/taper")


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _taper(qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config) -> TaperPage:
    app = demo_app_for(qtbot, ctx, qapp, config)
    open_page(app.window, "taper")
    page = app.window.page("taper")
    assert isinstance(page, TaperPage)
    return page


@pytest.mark.parametrize(
    "config", [Config(1024, 600, "light", 200), Config(1024, 600, "light", 150)], ids=str
)
def test_no_taper_tab_scrolls_sideways_and_no_button_is_cut(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, config: Config
) -> None:
    page = _taper(qtbot, ctx, qapp, config)
    for key in ("medicines", "doses", "plan"):
        page.show_tab(key)
        settle()
        area = page.tabs.currentWidget()
        assert isinstance(area, QScrollArea)
        assert area.horizontalScrollBar().maximum() == 0, f"{key} tab scrolls sideways"
        for b in area.findChildren(QPushButton):
            if not b.isVisible():
                continue
            assert b.mapTo(area.viewport(), b.rect().topRight()).x() <= area.viewport().width(), (
                b.objectName()
            )
            if isinstance(b, WrapButton):
                assert b.height() >= b.heightForWidth(b.width()), f"{b.objectName()}: wrapped text cut"
            else:
                need = b.fontMetrics().horizontalAdvance(b.text().replace("&", ""))
                assert b.width() + 1 >= need, f"{b.objectName()}: text cut"
    page.show_tab("plan")
    settle()
    step = page.plan.add_step_button
    if config.text_scale == 200:
        assert step.height() > step.minimumSizeHint().height() + 4, "at 200% it is on two lines here"
    SHOTS.mkdir(parents=True, exist_ok=True)
    area = page.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    area.ensureWidgetVisible(step)
    settle()
    page.window().grab().save(str(SHOTS / f"plan-tab-{config}.png"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_wrapping_buttons_read_as_well_as_any_button(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, theme: str
) -> None:
    page = _taper(qtbot, ctx, qapp, Config(1366, 768, theme, 100))
    page.show_tab("plan")
    settle()
    step = page.plan.add_step_button
    assert step.isVisible() and step.height() <= step.minimumSizeHint().height() + 4, "one line here"
    assert contrast_findings(page.plan) == []
    page.window().grab().save(str(SHOTS / f"plan-tab-1366x768-{theme}-100.png"))
