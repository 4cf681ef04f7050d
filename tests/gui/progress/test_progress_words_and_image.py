"""Progress for patients (issue 13): plain words on screen with the clinical term in a tooltip, and a saved
chart image that says what it shows (title, date range, axis labels) with a note of where it went."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.progress.page import ProgressPage, create_page


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> ProgressPage:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=120, seed=4, until=today)
    shown = create_page(ctx, FakeNav())
    assert isinstance(shown, ProgressPage)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: not shown.cards["pain"].needs_drawing)
    return shown


def _visible_texts(page: ProgressPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def test_the_page_speaks_plainly_and_keeps_the_clinical_terms_in_tooltips(page: ProgressPage) -> None:
    texts = " ".join(_visible_texts(page))
    for jargon in ("PEG", "95%", "n=", "interval", "(s)", "©"):
        assert jargon not in texts, jargon
    assert not re.search(r"\d{4}-\d{2}-\d{2}", texts), "ISO dates on the page"
    assert not any(page.cards[k].plot.getAxis("bottom").autoSIPrefix for k in page.cards)
    assert page.cards["pain"].title == "Weekly pain check"
    assert "PEG" in page.cards["pain"].heading.toolTip()
    assert "morphine milligram equivalents" in page.cards["taper"].heading.toolTip()
    page.cards["helps"].draw_pending()
    ticks = page.cards["helps"].plot.getAxis("left")._tickLevels[0]
    assert ticks and all("n=" not in text and "session" in text for _, text in ticks)
    page.cards["helps"].table_button.setChecked(True)
    model = page.cards["helps"].table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert not any("interval" in h or h.startswith("n ") for h in headers), headers


def test_a_saved_chart_has_its_title_range_and_axes_and_says_where_it_went(
    page: ProgressPage, tmp_path: Path
) -> None:
    card = page.cards["pain"]
    assert card.plot.getAxis("left").labelText == "Pain check (0-10)"
    assert card.plot.getAxis("bottom").labelText == "Date"
    out = tmp_path / "pain.png"
    assert card.save_png_to(out)
    image = QImage(str(out))
    plot_only = card.plot.getPlotItem().boundingRect()
    assert image.width() == 1400 and image.height() > 1400 * plot_only.height() / plot_only.width() + 40
    # The heading band: the title's ink in the top rows of an otherwise plain background.
    background = image.pixelColor(2, 2)
    assert any(image.pixelColor(x, y) != background for y in range(10, 50) for x in range(10, 600))
    assert "3 months" in card.period_text or "weeks" in card.period_text or "year" in card.period_text
    notice = page.findChild(QMessageBox, "savedNotice")
    assert notice is not None and notice.isVisible()
    assert str(out) in notice.text()
    assert notice.findChild(QPushButton, "openFolder").text() == "Open folder"
    notice.close()
