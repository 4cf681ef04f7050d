"""The program builder without sixty clicks (issue 16 item 7): several exercises added to a day at once, a
day copied onto many days, a week copied, each day's contents shown in the program view, and ids made from
the title and unique."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from coach.services.context import AppContext
from coach.services.programs.service import ProgramService
from coach.ui.programs.builder import id_from_title
from coach.ui.programs.page import ProgramsPage

SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/coach-shots"))


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> Iterator[ProgramsPage]:
    ctx.store.set_setting("speech_engine", "none")
    p = ProgramsPage(ctx, FakeNav())
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    yield p
    p.editor.shutdown()


def type_title(qtbot: Any, page: ProgramsPage, text: str) -> None:
    title = page.builder.findChild(QLineEdit, "programTitle")
    title.selectAll()
    qtbot.keyClicks(title, text)


def id_shown(page: ProgramsPage) -> str:
    return str(page.builder.findChild(QLabel, "programId").text())


def test_ids_come_from_the_title_and_never_collide(qtbot: Any, page: ProgramsPage, ctx: AppContext) -> None:
    page.new_button.click()
    type_title(qtbot, page, "Back to walking: week 1")
    assert id_shown(page) == "saved as back-to-walking-week-1"
    page.builder.save_button.click()
    type_title(qtbot, page, "Renamed later")  # a saved program keeps its id: patients know it by it
    assert page.builder.program.id == "back-to-walking-week-1"
    page.new_button.click()
    type_title(qtbot, page, "Back to walking: week 1")
    assert page.builder.program.id == "back-to-walking-week-1-2"
    page.builder.save_button.click()
    assert {"back-to-walking-week-1", "back-to-walking-week-1-2"} <= {i.id for i in ProgramService(ctx).all()}
    assert id_from_title("Ça va ?") == "ca-va" and id_from_title("?!") == "my-program"


def test_several_exercises_go_onto_a_day_in_one_click(qtbot: Any, page: ProgramsPage) -> None:
    page.new_button.click()
    builder = page.builder
    builder.select_day(0, 0)
    builder.days.tick("urge-surfing", "body-scan", "breath-awareness")
    add = builder.findChild(QPushButton, "addTicked")
    assert add.text() == "Add the 3 ticked exercises"
    add.click()
    days = builder.days.day_list
    assert [days.item(i).text() for i in range(days.count())] == [
        "Surfing an urge",
        "Body scan",
        "Breath awareness",
    ]
    assert not add.isEnabled()  # the ticks are cleared for the next day
    assert "Surfing an urge" in builder.grid.item(0, 0).text()


def test_a_day_is_copied_onto_many_days_and_a_week_copied(qtbot: Any, page: ProgramsPage) -> None:
    page.new_button.click()
    builder = page.builder
    builder.select_day(0, 0)
    builder.days.tick("body-scan", "breath-awareness")
    builder.findChild(QPushButton, "addTicked").click()
    builder.findChild(QPushButton, "copyDay").click()
    selection = builder.grid.selectionModel()
    selection.clearSelection()
    for day in range(1, 5):  # Tuesday to Friday, as Ctrl+click would choose them
        selection.select(builder.grid.model().index(0, day), QItemSelectionModel.SelectionFlag.Select)
    builder.findChild(QPushButton, "pasteDay").click()
    week = builder.program.weeks[0]
    assert [d.exercises for d in week.days[:6]] == [("body-scan", "breath-awareness")] * 5 + [()]
    assert builder.status.text() == "Pasted onto 4 days. Not saved yet."

    weeks_before = len(builder.program.weeks)
    builder.select_day(0, 0)
    builder.findChild(QPushButton, "addWeek").click()  # into the empty week 2 (test_builder_weeks.py)
    assert len(builder.program.weeks) == weeks_before
    assert builder.program.weeks[1].days == week.days

    builder.resize(1366, 768)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for w, h in ((1366, 768), (1024, 600)):
        page.resize(w, h)
        QApplication.processEvents()
        page.grab().save(str(SHOTS / f"program-builder-{w}x{h}.png"))
    assert builder.findChild(QPushButton, "pasteDay").isVisible()


def test_the_program_view_shows_each_days_contents(qtbot: Any, page: ProgramsPage) -> None:
    page.tabs.setCurrentIndex(0)
    page.program_list.setCurrentRow(0)
    text = page.detail.toPlainText()
    assert "Day 1: " in text and "Day 7: " in text
    first = page.infos[0].program.weeks[0].days[0]
    if first.exercises:
        assert page.builder.days.short_title(first.exercises[0]) in text
