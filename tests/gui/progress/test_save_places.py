"""Saving from Progress, from the issue-13 trial: "Save image…" on an empty chart says why it cannot save,
and the chart image and the clinician report start in the same place (the folder last saved to, else
Documents or home), never the program's own folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtWidgets import QFileDialog

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.progress.page import ProgressPage, create_page


def _page(qtbot: Any, ctx: AppContext) -> ProgressPage:
    page = create_page(ctx, FakeNav())
    assert isinstance(page, ProgressPage)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_save_image_on_an_empty_chart_is_off_and_says_why(qtbot: Any, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    card = page.cards["pain"]
    assert card.is_empty and not card.png_button.isEnabled()
    assert card.png_button.toolTip().startswith("Nothing to save yet")


def test_image_and_report_start_in_the_same_folder_then_the_last_one_used(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=60, seed=4, until=today)
    page = _page(qtbot, ctx)
    qtbot.waitUntil(lambda: not page.cards["pain"].needs_drawing)
    starts: list[str] = []

    def ask(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return ("", "")  # the person cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    page.cards["pain"].png_button.click()
    page.report_button.click()
    page.range_dialog.accept()
    assert len(starts) == 2
    folders = {Path(s).parent for s in starts}
    assert len(folders) == 1 and Path(os.getcwd()) not in folders  # same place, not the program's folder
    # After saving an image somewhere, both start there.
    chosen = tmp_path / "for-my-doctor"
    chosen.mkdir()
    assert page.cards["pain"].save_png_to(chosen / "pain.png")
    starts.clear()
    page.cards["pain"].png_button.click()
    page.report_button.click()
    page.range_dialog.accept()
    assert [Path(s).parent for s in starts] == [chosen, chosen]
