"""PHQ-9 and GAD-7 as a person fills them: item 9 above 0 keeps the person in the form with the kind words
and Help now right under it; saving keeps the answer and shows the full support message where they are;
an incomplete form names every empty question."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers.nav import RecordingNav
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from coach.domain import measures
from coach.services.context import AppContext
from coach.ui.checkins.page import CheckinPage

ITEM9 = measures.PHQ9_SELF_HARM_ITEM


@pytest.fixture
def nav() -> RecordingNav:
    return RecordingNav()


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, nav: RecordingNav) -> CheckinPage:
    p = CheckinPage(ctx, nav)
    qtbot.addWidget(p)
    p.resize(1024, 600)
    p.show()
    p.show_tab("mood")
    return p


def _click(qtbot: Any, page: CheckinPage, name: str) -> None:
    radio = page.findChild(QRadioButton, name)
    assert radio is not None, name
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)


def test_item_9_keeps_the_person_in_the_form_with_help_right_there(
    qtbot: Any, page: CheckinPage, nav: RecordingNav
) -> None:
    _click(qtbot, page, "phq9_0_1")
    _click(qtbot, page, f"phq9_{ITEM9}_2")
    assert nav.went == [] and page.tabs.currentIndex() == 3  # still in the mood form
    assert page.crisis_note.isVisible() and page.crisis_button.isVisible()
    assert "Thank you for telling us" in page.crisis_note.text() and "988" in page.crisis_note.text()
    # Right under item 9, before the Save button: where the person is looking.
    item9 = page.findChild(QRadioButton, f"phq9_{ITEM9}_2")
    assert item9 is not None
    below = item9.mapTo(page, item9.rect().bottomLeft()).y()
    note_top = page.crisis_note.mapTo(page, page.crisis_note.rect().topLeft()).y()
    save_top = page.phq9_save.mapTo(page, page.phq9_save.rect().topLeft()).y()
    assert below <= note_top < save_top
    # The rest of the form can still be answered and saved.
    for row in range(1, ITEM9):
        _click(qtbot, page, f"phq9_{row}_0")
    assert nav.went == []


def test_after_saving_the_answer_is_kept_and_the_full_support_message_shows(
    qtbot: Any, page: CheckinPage, ctx: AppContext, nav: RecordingNav
) -> None:
    for row in range(len(measures.PHQ9_ITEMS)):
        _click(qtbot, page, f"phq9_{row}_{1 if row == ITEM9 else 0}")
    qtbot.mouseClick(page.phq9_save, Qt.MouseButton.LeftButton)
    row = ctx.store.db.execute("select answers, score from checkins where kind = 'phq9'").fetchone()
    assert json.loads(row[0])[ITEM9] == 1 and row[1] == 1
    result = page.phq9_result.text()
    assert "below" not in result, result  # the lines sit above the Save button, under item 9
    note = page.crisis_note.text()
    assert page.crisis_note.isVisible() and page.crisis_button.isVisible()
    for words in ("988", "911", "report", "not alone"):
        assert words in note, (words, note)
    assert nav.went == []


def test_an_incomplete_mood_check_names_every_empty_question(qtbot: Any, page: CheckinPage) -> None:
    _click(qtbot, page, "phq9_0_1")
    _click(qtbot, page, "phq9_5_0")
    qtbot.mouseClick(page.phq9_save, Qt.MouseButton.LeftButton)
    assert page.mood_error.text().startswith("7 mood questions are still empty: 2 to 5 and 7 to 9."), (
        page.mood_error.text()
    )
    assert page.phq9.is_flagged(1) and not page.phq9.is_flagged(0)
    qtbot.mouseClick(page.gad7_save, Qt.MouseButton.LeftButton)
    assert page.mood_error.text().startswith("7 worry questions are still empty: 1 to 7."), (
        page.mood_error.text()
    )
