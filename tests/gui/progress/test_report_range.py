"""The clinician report asks which days it covers before saving (default the last 90) and prints the range
it used (issue 12, item 1). Real page, real dialog, real PDF read back with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.progress.page import ProgressPage, create_page
from coach.ui.progress.report_range import ReportRangeDialog


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> ProgressPage:
    fill_demo(ctx.store, days=200, seed=4, until=ctx.clock.now().astimezone(ctx.clock.local_zone()).date())
    built = create_page(ctx, FakeNav())
    assert isinstance(built, ProgressPage)
    qtbot.addWidget(built)
    built.resize(1200, 900)
    built.show()
    qtbot.waitExposed(built)
    return built


def open_range(qtbot: Any, page: ProgressPage) -> ReportRangeDialog:
    qtbot.mouseClick(page.findChild(QPushButton, "clinicianReport"), Qt.MouseButton.LeftButton)
    dialog = page.range_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_range_starts_as_the_page_shows_it_with_the_dates_in_words(
    qtbot: Any, page: ProgressPage
) -> None:
    dialog = open_range(qtbot, page)
    spin = dialog.findChild(QSpinBox, "reportDays")
    dates = dialog.findChild(QLabel, "reportRangeDates")
    assert spin.value() == 91  # the page shows 3 months
    assert "3 months" in dialog.findChild(QLabel, "reportRangeQuestion").text()
    assert dates.text() == "From Sun 23 Aug 2026 to Sat 21 Nov 2026 (91 days)"
    spin.setValue(28)
    assert dates.text() == "From Sun 25 Oct 2026 to Sat 21 Nov 2026 (28 days)"
    dialog.findChild(QCheckBox, "reportAll").setChecked(True)
    assert not spin.isEnabled() and dates.text() == "From Wed 6 May 2026 to Sat 21 Nov 2026 (200 days)"
    assert dialog.findChild(QPushButton, "reportRangeCancel").text() == "Cancel the report"


def test_four_weeks_on_the_page_means_four_weeks_in_the_report(qtbot: Any, page: ProgressPage) -> None:
    page.set_range("4w")
    assert open_range(qtbot, page).findChild(QSpinBox, "reportDays").value() == 28
    page.range_dialog.reject()
    page.set_range("all")
    assert open_range(qtbot, page).findChild(QCheckBox, "reportAll").isChecked()


def test_the_note_is_typed_in_the_same_dialog_and_the_app_says_where_the_pdf_went(
    qtbot: Any, page: ProgressPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "for-dr-rivera.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    dialog = open_range(qtbot, page)
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "reportNote"), "Walking more this month.")
    with qtbot.waitSignal(page.reportWritten, timeout=20000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "reportRangeNext"), Qt.MouseButton.LeftButton)
    text = " ".join((PdfReader(str(out)).pages[-1].extract_text() or "").split())
    full = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Walking more this month." in full or "Walking more this month." in text
    notice = page.findChild(QMessageBox, "savedNotice")
    assert notice is not None and notice.isVisible() and str(out) in notice.text()
    assert notice.findChild(QPushButton, "openFolder") is not None
    notice.close()


def test_the_chosen_range_is_the_one_printed(
    qtbot: Any, page: ProgressPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "four-weeks.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    dialog = open_range(qtbot, page)
    dialog.findChild(QSpinBox, "reportDays").setValue(28)
    with qtbot.waitSignal(page.reportWritten, timeout=20000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "reportRangeNext"), Qt.MouseButton.LeftButton)
    first = PdfReader(str(out)).pages[0].extract_text() or ""
    assert "Period: 2026-10-25 to 2026-11-21 (28 days)" in " ".join(first.split())


def test_cancel_in_the_range_dialog_asks_nothing_more_and_writes_nothing(
    qtbot: Any, page: ProgressPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    dialog = open_range(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert asked == [] and page.report_button.isEnabled()
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
def test_the_dialog_fits_small_screens(
    qtbot: Any, page: ProgressPage, size: tuple[int, int], tmp_path: Path
) -> None:
    page.window().resize(*size)
    dialog = open_range(qtbot, page)
    hint = dialog.sizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    assert dialog.grab().save(str(tmp_path / f"range-{size[0]}.png"))
