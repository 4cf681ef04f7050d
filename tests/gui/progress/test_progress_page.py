"""The Progress page as a person uses it: switching ranges, table views with the same numbers, empty
states that say what to do, image export and the clinician report button."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog, QPushButton, QTableView

from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.services.progress.charts import fmt
from coach.services.progress.dashboard import ProgressService
from coach.ui.progress.chart_axes import day_x
from coach.ui.progress.page import ProgressPage, create_page


def _page(qtbot: Any, ctx: AppContext, nav: FakeNav | None = None) -> ProgressPage:
    page = create_page(ctx, nav or FakeNav())
    assert isinstance(page, ProgressPage)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    # Charts on screen are drawn once the page is shown; the rest wait until scrolled into view.
    qtbot.waitUntil(lambda: not page.cards["pain"].needs_drawing)
    return page


@pytest.fixture
def demo(ctx: AppContext) -> AppContext:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=400, seed=4, until=today)
    return ctx


def _click(qtbot: Any, page: ProgressPage, name: str) -> None:
    widget = page.findChild(QPushButton, name)
    assert widget is not None, name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _table(page: ProgressPage, key: str) -> list[list[str]]:
    view = page.findChild(QTableView, f"tableview_{key}")
    model = view.model()
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_range_switching_changes_what_is_shown(qtbot: Any, demo: AppContext) -> None:
    page = _page(qtbot, demo)
    service = ProgressService(demo)
    assert page.range_buttons["3m"].isChecked()
    _click(qtbot, page, "table_pain")
    three = _table(page, "pain")
    _click(qtbot, page, "range_4w")
    assert page.range_buttons["4w"].isChecked() and not page.range_buttons["3m"].isChecked()
    four = _table(page, "pain")
    period = service.period("4w")
    assert page.findChild(QLabel, "progressPeriod").text() == (
        f"4 weeks: {day_text(period.start)} to {day_text(period.end)}"
    )
    assert len(four) == len(service.pain(period).points) < len(three)
    _click(qtbot, page, "range_1y")
    assert len(_table(page, "pain")) > len(three)
    # The chart follows too: the pain curve covers exactly the chosen days.
    _click(qtbot, page, "table_pain")
    curve = page.cards["pain"].plot.getPlotItem().listDataItems()[-1]
    xs, _ys = curve.getData()
    year = service.pain(service.period("1y"))
    assert list(xs) == [day_x(d) for d, _ in year.rolling]


def test_table_views_hold_the_same_numbers_as_the_service(qtbot: Any, demo: AppContext) -> None:
    page = _page(qtbot, demo)
    board = ProgressService(demo).dashboard("3m")
    for key in ("pain", "practice", "consistency", "helps", "taper", "withdrawal"):
        _click(qtbot, page, f"table_{key}")
        card = page.cards[key]
        # A chart with nothing in this range keeps saying how to fill it.
        assert card.stack.currentWidget() is (card.empty if card.is_empty else card.table), key
        assert card.table_button.text() == "Show chart"
    assert page.cards["withdrawal"].is_empty and not board.withdrawal.points  # the taper ended earlier
    # The same numbers as the report's table, with dates in words (the report keeps ISO dates).
    assert [r[1:] for r in _table(page, "pain")] == [list(r[1:]) for r in board.pain.table().rows]
    assert _table(page, "pain")[0][0] == day_text(board.pain.points[0][0])
    assert _table(page, "pain")[-1][1] == fmt(board.pain.latest)
    assert sum(float(r[1]) for r in _table(page, "practice")) == pytest.approx(board.practice.minutes, abs=2)
    helps = {r[0]: r for r in _table(page, "helps")}
    top = board.helps.categories[0]
    assert helps[top.category][1] == str(top.pain.n)
    taper_rows = _table(page, "taper")
    assert taper_rows[0][1] == fmt(board.taper.start_mme) and taper_rows[-1][1] == fmt(
        board.taper.current_mme
    )
    strength = _table(page, "consistency")
    assert strength[-1][1] == f"{round(board.practice.strength_now * 100)}%"
    assert page.findChild(QLabel, "consistencyScore").text() == strength[-1][1]
    # Back to the chart.
    _click(qtbot, page, "table_pain")
    assert page.cards["pain"].stack.currentWidget() is page.cards["pain"].plot


def test_empty_states_say_what_to_do(qtbot: Any, ctx: AppContext) -> None:
    nav = FakeNav()
    page = _page(qtbot, ctx, nav)
    for key in page.cards:
        card = page.cards[key]
        assert card.stack.currentWidget() is card.empty, key
        assert not card.png_button.isEnabled()
    assert "weekly pain check" in page.findChild(QLabel, "empty_pain").text()
    assert "Start one from the Practice page" in page.findChild(QLabel, "empty_practice").text()
    assert "before and after a session" in page.findChild(QLabel, "empty_helps").text()
    assert not page.flags_frame.isVisible()
    _click(qtbot, page, "emptyAction_pain")
    _click(qtbot, page, "emptyAction_practice")
    assert [key for key, _ in nav.calls] == ["checkin", "practice"]


def test_new_data_refreshes_the_page(qtbot: Any, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    ctx.store.db.execute(
        "insert into checkins (at, kind, answers, score) values (?, 'peg', '{}', 4.0)",
        [ctx.clock.now().isoformat(timespec="seconds")],
    )
    ctx.bus.publish(Topic.CHECKINS)
    card = page.cards["pain"]
    assert card.stack.currentWidget() is card.plot
    _click(qtbot, page, "table_pain")
    assert _table(page, "pain")[0][1] == "4.0"


def test_taper_cards_only_for_people_taking_opioids(qtbot: Any, demo: AppContext) -> None:
    demo.store.update_profile(takes_opioids=False)
    page = _page(qtbot, demo)
    assert page.cards["taper"].isHidden() and page.cards["withdrawal"].isHidden()
    assert page.cards["pain"].isVisible()


def test_hover_tooltip_names_the_day_and_value(qtbot: Any, demo: AppContext) -> None:
    page = _page(qtbot, demo)
    board = ProgressService(demo).dashboard("3m")
    day, score = board.pain.points[-1]
    assert (
        page.cards["pain"]
        .tooltip(day_x(day), score)
        .startswith(f"{day:%a} {day.day} {day:%b %Y}\npain check {fmt(score)}")
    )
    week, minutes = board.practice.weekly_minutes[-2]
    assert f"{fmt(minutes, 0)} minutes" in page.cards["practice"].tooltip(day_x(week) + 86400, 10)
    assert page.cards["pain"].tooltip(day_x(board.period.start) - 30 * 86400, 5) == ""


def test_png_export(qtbot: Any, demo: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, demo)
    target = tmp_path / "pain"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG images (*.png)"))
    _click(qtbot, page, "png_withdrawal")  # a card below the fold: drawn on demand for the export
    _click(qtbot, page, "png_pain")
    image = QImage(str(tmp_path / "pain.png"))
    assert image.width() == 1400 and image.height() > 100
    assert (tmp_path / "pain.png").stat().st_size > 5000


def test_clinician_report_button_writes_the_pdf(
    qtbot: Any, demo: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, demo)
    out = tmp_path / "for-dr-rivera"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    with qtbot.waitSignal(page.reportWritten, timeout=20000) as signal:
        _click(qtbot, page, "clinicianReport")
        page.range_dialog.note_box.setPlainText("Walking more this month.")
        qtbot.mouseClick(
            page.range_dialog.findChild(QPushButton, "reportRangeNext"), Qt.MouseButton.LeftButton
        )
        assert not page.report_button.isEnabled()
    assert signal.args == [str(out) + ".pdf"]
    assert page.report_button.isEnabled()
    text = "\n".join(p.extract_text() for p in PdfReader(str(out) + ".pdf").pages)
    assert "Walking more this month." in text
    service = ProgressService(demo)
    board = service.dashboard_for(service.period("3m"))  # the range dialog starts at the page's range
    assert f"{board.practice.sessions} sessions" in text


def test_cancelling_the_report_writes_nothing(
    qtbot: Any, demo: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, demo)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    _click(qtbot, page, "clinicianReport")
    qtbot.mouseClick(page.range_dialog.findChild(QPushButton, "reportRangeNext"), Qt.MouseButton.LeftButton)
    assert page.report_button.isEnabled()
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("how", ["Cancel button", "Escape"])
def test_the_report_can_be_cancelled_from_its_progress_dialog_and_leaves_no_file(
    qtbot: Any, demo: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from coach.services.progress import report

    drawing, release = threading.Event(), threading.Event()
    real_drawing = report.practice_drawing

    def slow_drawing(*args: Any, **kwargs: Any) -> Any:  # a big report on a slow machine
        drawing.set()
        release.wait(10)
        return real_drawing(*args, **kwargs)

    monkeypatch.setattr(report, "practice_drawing", slow_drawing)
    page = _page(qtbot, demo)
    out = tmp_path / "reports" / "for-dr-rivera.pdf"
    out.parent.mkdir()
    page.write_report(out, "Walking more this month.")
    dialog = page.report_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work takes a moment
    assert drawing.is_set() and dialog.value() == 20
    cancel = dialog.findChild(QPushButton, "reportCancel")
    assert cancel is not None and cancel.accessibleName() == "Stop writing the report"
    with qtbot.waitSignal(page.reportCancelled, timeout=10_000):
        if how == "Escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
        assert not page.report_button.isEnabled()  # until the work has really stopped
        release.set()
    assert page.report_button.isEnabled()
    qtbot.waitUntil(lambda: not page.findChildren(QProgressDialog), timeout=2_000)  # the dialog is gone
    assert list(out.parent.iterdir()) == []


def test_many_range_switches_keep_the_app_alive(qtbot: Any, demo: AppContext) -> None:
    """PySide6 6.12.0 dropped a reference to True on each signal carrying it: without the guard in
    progress_chart_card this aborted the whole app after about 40 switches."""
    page = _page(qtbot, demo)
    for _ in range(15):
        for key in ("4w", "3m", "1y", "all"):
            page.set_range(key)
            qtbot.wait(1)
    assert page.range_key == "all" and page.board is not None and page.board.period.key == "all"
