"""Progress as a tired person meets it on a small screen with large text (issue 13): nothing pushes the page
sideways, each card's buttons move under its title, charts grow with the text; the range they chose is
still chosen after a restart (and starts the report); a single point or bar on the first or last day is
drawn whole, never half cut by the plot's edge. Real page, real SQLite file, real widgets offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSpinBox

from coach.domain.clock import FixedClock
from coach.domain.settings import PROGRESS_RANGE
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.storage.checkins_repo import CheckinsRepo
from coach.storage.paths import ProfilePaths
from coach.storage.sessions_repo import SessionsRepo
from coach.storage.store import Store
from coach.ui.progress.chart_axes import DAY_S, day_x
from coach.ui.progress.chart_card import ChartCard
from coach.ui.progress.page import ProgressPage, create_page
from coach.ui.theme import apply_theme


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """These tests set the text size; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _page(qtbot: Any, ctx: AppContext, width: int = 1200, height: int = 900) -> ProgressPage:
    page = create_page(ctx, FakeNav())
    assert isinstance(page, ProgressPage)
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)
    page.draw_all()
    return page


def _today(ctx: AppContext) -> Any:
    return ctx.clock.now().astimezone(ctx.clock.local_zone()).date()


# --- 1. the page reflows --------------------------------------------------------------------------------


def test_at_double_text_on_a_small_screen_the_page_never_scrolls_sideways(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    """The width the audit found at 1024x600 with 200% text (about 740 px of page beside the navigation):
    before, the consistency and withdrawal cards needed about 790 px and the page scrolled sideways."""
    fill_demo(ctx.store, days=120, seed=4, until=_today(ctx))
    ctx.store.update_profile(onboarded=True, takes_opioids=True)
    apply_theme(qapp, "light", 200)
    page = _page(qtbot, ctx, width=700, height=560)
    qtbot.waitUntil(lambda: page.widget().width() <= page.viewport().width())
    assert page.horizontalScrollBar().maximum() == 0
    for card in page.cards.values():
        assert card.isVisible()
        # The buttons went below the title, not beside it off the edge, and each shows its words whole.
        for button in (card.table_button, card.png_button):
            assert button.geometry().top() >= card.heading.geometry().bottom()
            assert button.mapTo(page.widget(), button.rect().topRight()).x() <= page.viewport().width()
            assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
        # The chart grew with the text: its upright axis title fits its height.
        title = card.plot.getAxis("left").labelText
        if title:
            assert card.plot.minimumHeight() > card.plot.fontMetrics().horizontalAdvance(title)
        # The title under the chart fits under it (What helps shortens its own when it would be cut).
        below = card.plot.getAxis("bottom").labelText
        view = card.plot.getPlotItem().getViewBox()
        assert QFontMetrics(qapp.font()).horizontalAdvance(below) <= view.width() + 16, (card.key, below)
    report = page.report_button
    assert report.mapTo(page.widget(), report.rect().topRight()).x() <= page.viewport().width()


def test_on_a_wide_window_the_buttons_stay_beside_the_title(qtbot: Any, ctx: AppContext) -> None:
    fill_demo(ctx.store, days=60, seed=4, until=_today(ctx))
    page = _page(qtbot, ctx, width=1300)
    card = page.cards["pain"]
    assert card.table_button.geometry().top() < card.heading.geometry().bottom()
    assert card.png_button.geometry().right() > card.heading.geometry().right()  # on the right


def test_a_wide_page_shows_the_cards_two_by_two_and_a_narrow_one_in_one_column(
    qtbot: Any, ctx: AppContext
) -> None:
    fill_demo(ctx.store, days=60, seed=4, until=_today(ctx))
    ctx.store.update_profile(onboarded=True, takes_opioids=True)
    page = _page(qtbot, ctx, width=1800)
    cards = page.cards
    qtbot.waitUntil(lambda: cards["practice"].geometry().top() == cards["pain"].geometry().top())
    assert cards["practice"].geometry().left() > cards["pain"].geometry().right()
    assert cards["helps"].geometry().top() == cards["consistency"].geometry().top()
    assert cards["withdrawal"].geometry().top() == cards["taper"].geometry().top()
    page.resize(1000, 900)
    qtbot.waitUntil(lambda: cards["practice"].geometry().top() > cards["pain"].geometry().bottom())
    assert cards["practice"].geometry().left() == cards["pain"].geometry().left()
    assert page.horizontalScrollBar().maximum() == 0


# --- 2. the range is remembered --------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "label", "days"), [("1y", "1 year", 365), ("4w", "4 weeks", 28)])
def test_the_chosen_range_is_chosen_again_after_a_restart_and_starts_the_report(
    qtbot: Any, data_dir: Path, clock: FixedClock, key: str, label: str, days: int
) -> None:
    store = Store.open(ProfilePaths(data_dir))
    ctx = AppContext(store=store, clock=clock)
    fill_demo(store, days=400, seed=4, until=_today(ctx))
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.range_buttons[key], Qt.MouseButton.LeftButton)
    page.close()
    page.deleteLater()
    store.close()

    # The next start: a new window on the same profile's file.
    again = AppContext(store=Store.open(ProfilePaths(data_dir)), clock=clock)
    try:
        page = _page(qtbot, again)
        assert page.range_buttons[key].isChecked()
        assert page.findChild(QLabel, "progressPeriod").text().startswith(f"{label}:")
        shown = page.cards["pain"].plot.getPlotItem().getViewBox().viewRange()[0]
        today = _today(again)
        assert shown[0] <= day_x(today - timedelta(days=days - 1)) and shown[1] >= day_x(today)
        assert shown[1] - shown[0] < (days + 30) * DAY_S  # that range, not a longer one
        qtbot.mouseClick(page.findChild(QPushButton, "clinicianReport"), Qt.MouseButton.LeftButton)
        dialog = page.range_dialog
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.findChild(QSpinBox, "reportDays").value() == days
        assert label.lower() in dialog.findChild(QLabel, "reportRangeQuestion").text()
        dialog.reject()
    finally:
        again.store.close()


def test_a_range_no_longer_offered_falls_back_to_three_months(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.db.execute("insert or replace into settings (key, value) values ('progress_range', '\"6m\"')")
    page = _page(qtbot, ctx)
    assert page.range_buttons["3m"].isChecked()
    assert ctx.store.setting(PROGRESS_RANGE) in ("3m", "6m")


# --- 3. a point at the edge is drawn whole ---------------------------------------------------------------


def _one_of_each(ctx: AppContext, day: date) -> None:
    """One weekly pain check (4.0), one 10-minute practice session and one withdrawal check-in with a
    total of 0, all at noon on `day`: the only records there are."""
    at = datetime.combine(day, time(12), tzinfo=ctx.clock.local_zone()).astimezone(UTC)
    text = at.isoformat(timespec="seconds")
    ctx.store.update_profile(onboarded=True, takes_opioids=True)
    CheckinsRepo(ctx.store).add(text, "peg", [4, 4, 4], 4.0, "")
    CheckinsRepo(ctx.store).add_withdrawal(text, {}, 0, None, "")
    sessions = SessionsRepo(ctx.store)
    session = sessions.add_started("body-scan", text, 5, 5, [])
    ended = (at + timedelta(minutes=10)).isoformat(timespec="seconds")
    sessions.complete(session, now=ended, post_pain=4, post_distress=4, note="", completed_fraction=1.0)


def _cut_by_an_edge(card: ChartCard, x: float, y: float, radius_px: float) -> list[str]:
    """What is wrong if the point (x, y) in view units is not at least `radius_px` inside every edge."""
    view = card.plot.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = view.viewRange()
    width, height = view.width(), view.height()
    px = (x - x0) / (x1 - x0) * width
    py = (y - y0) / (y1 - y0) * height
    if radius_px <= px <= width - radius_px and radius_px <= py <= height - radius_px:
        return []
    return [f"{card.key}: the point is at ({px:.0f}, {py:.0f}) px in a {width:.0f}x{height:.0f} plot"]


@pytest.mark.parametrize(
    ("range_key", "days_ago"),
    [("4w", 0), ("4w", 27), ("all", 0)],
    ids=["last day of 4 weeks", "first day of 4 weeks", "the only day there is"],
)
def test_a_single_point_or_bar_is_drawn_whole_in_every_chart(
    qtbot: Any, ctx: AppContext, range_key: str, days_ago: int
) -> None:
    day = _today(ctx) - timedelta(days=days_ago)
    _one_of_each(ctx, day)
    page = _page(qtbot, ctx)
    page.set_range(range_key)
    page.draw_all()
    for key in ("pain", "practice", "withdrawal"):
        assert page.cards[key].stack.currentWidget() is page.cards[key].plot, key
    cut = _cut_by_an_edge(page.cards["pain"], day_x(day), 4.0, radius_px=4)  # symbol 7 px
    cut += _cut_by_an_edge(page.cards["withdrawal"], day_x(day), 0.0, radius_px=4)  # 8 px, a total of 0
    # The week's bar, Monday to Sunday, is inside the plot: not cut where the range starts or ends.
    monday = day - timedelta(days=day.weekday())
    left, right = page.cards["practice"].plot.getPlotItem().getViewBox().viewRange()[0]
    if not (left < day_x(monday) and day_x(monday) + 6 * DAY_S < right):
        cut.append(f"practice: the bar of the week of {monday} is cut")
    assert cut == []
