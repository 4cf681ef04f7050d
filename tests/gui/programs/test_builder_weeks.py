"""What a newcomer coach tripped on in the builder (issue 16, program builder): copying a week filled a
week 5 after four empty weeks; removing a filled week asked nothing and could not be undone; the status
line still spoke of an earlier paste."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from coach.services.context import AppContext
from coach.ui.programs.page import ProgramsPage


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> Iterator[ProgramsPage]:
    ctx.store.set_setting("speech_engine", "none")
    p = ProgramsPage(ctx, FakeNav())
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.new_button.click()
    yield p
    p.editor.shutdown()


def fill_day(page: ProgramsPage, week: int, day: int, *exercise_ids: str) -> None:
    builder = page.builder
    builder.select_day(week, day)
    builder.days.tick(*exercise_ids)
    builder.findChild(QPushButton, "addTicked").click()


def the_question(qtbot: Any, page: ProgramsPage) -> QMessageBox:
    box: list[QMessageBox] = []
    qtbot.waitUntil(lambda: bool(box.extend(page.findChildren(QMessageBox, "confirmBox")) or box))
    return box[0]


def test_copying_week_1_fills_the_empty_week_2_not_a_new_week_5(qtbot: Any, page: ProgramsPage) -> None:
    builder = page.builder
    fill_day(page, 0, 0, "body-scan", "breath-awareness")
    fill_day(page, 0, 2, "urge-surfing")
    assert len(builder.program.weeks) == 4
    builder.select_day(0, 0)
    builder.findChild(QPushButton, "addWeek").click()
    assert len(builder.program.weeks) == 4  # the empty week 2 was filled, nothing added at the end
    assert builder.program.weeks[1].days == builder.program.weeks[0].days
    assert builder.week == 1  # the copy is the chosen week now
    assert builder.status.text() == "Copied week 1 into week 2, which was empty. Not saved yet."
    assert "Body scan" in builder.grid.item(1, 0).text()

    # Week 2 is filled now; copying week 1 again inserts the copy right after week 1.
    fill_day(page, 1, 6, "urge-surfing")
    builder.select_day(0, 0)
    builder.findChild(QPushButton, "addWeek").click()
    weeks = builder.program.weeks
    assert len(weeks) == 5 and weeks[1].days == weeks[0].days
    assert weeks[2].days[6].exercises == ("urge-surfing",)  # the old week 2 moved down one
    assert builder.status.text() == (
        "Added week 2, a copy of week 1; the 3 weeks after it moved down one. Not saved yet."
    )


def test_removing_a_filled_week_asks_first_and_undo_brings_it_back(qtbot: Any, page: ProgramsPage) -> None:
    builder = page.builder
    fill_day(page, 1, 0, "body-scan", "breath-awareness")
    fill_day(page, 1, 3, "urge-surfing")
    before = builder.program
    builder.select_day(1, 4)
    builder.findChild(QPushButton, "removeWeek").click()
    box = the_question(qtbot, page)
    assert box.text() == "Remove week 2? It holds 3 exercises on 2 days."
    box.findChild(QPushButton, "confirmKeep").click()
    QApplication.processEvents()
    assert builder.program == before  # "Keep it" changes nothing

    builder.findChild(QPushButton, "removeWeek").click()
    the_question(qtbot, page).findChild(QPushButton, "confirmDo").click()
    QApplication.processEvents()
    assert len(builder.program.weeks) == 3
    assert builder.status.text() == "Removed week 2; Undo (Ctrl+Z) brings it back. Not saved yet."

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    builder.grid.setFocus()
    qtbot.keyClick(builder.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert builder.program == before
    assert builder.status.text() == "Undone: the removal of week 2. Not saved yet."
    assert "Body scan" in builder.grid.item(1, 0).text()


def test_an_empty_week_goes_without_a_question(qtbot: Any, page: ProgramsPage) -> None:
    builder = page.builder
    builder.select_day(3, 0)
    builder.findChild(QPushButton, "removeWeek").click()
    assert len(builder.program.weeks) == 3
    assert not page.findChildren(QMessageBox, "confirmBox")
    builder.findChild(QPushButton, "builderUndo").click()
    assert len(builder.program.weeks) == 4


def test_the_status_line_follows_the_last_action(qtbot: Any, page: ProgramsPage) -> None:
    builder = page.builder
    fill_day(page, 0, 0, "body-scan")
    builder.findChild(QPushButton, "copyDay").click()
    builder.select_day(0, 1)
    builder.findChild(QPushButton, "pasteDay").click()
    assert builder.status.text() == "Pasted onto 1 day. Not saved yet."
    builder.select_day(3, 0)
    builder.findChild(QPushButton, "removeWeek").click()
    assert builder.status.text().startswith("Removed week 4")
    builder.undo()
    builder.undo()  # the paste too
    assert builder.program.weeks[0].days[1].exercises == ()
    assert builder.status.text() == "Undone: the paste onto 1 day. Not saved yet."
