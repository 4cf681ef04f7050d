"""A refused check-in says every question still to answer, and its message follows the answers: it shrinks
as questions are answered and goes once nothing is missing (no red text left over a corrected form)."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.nav import RecordingNav
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton

from coach.services.context import AppContext
from coach.ui.checkins.page import CheckinPage


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> CheckinPage:
    p = CheckinPage(ctx, RecordingNav())
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    return p


def test_the_weekly_pain_check_names_the_empty_questions_and_clears_when_answered(page: CheckinPage) -> None:
    page.show_tab("peg")
    page.peg_scales[0].set_value(4)
    page.save_peg()
    assert page.peg_error.isVisible()
    assert page.peg_error.text() == "2 questions are still empty: 2 and 3."
    page.peg_scales[2].set_value(5)
    assert page.peg_error.text() == "Question 2 is still empty."
    page.peg_scales[1].set_value(5)
    assert not page.peg_error.isVisible()


def test_change_this_month_error_goes_once_an_answer_is_chosen(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("pgic")
    page.pgic_save.click()
    assert page.pgic_error.isVisible()
    radio = page.findChild(QRadioButton, "pgic_3")
    assert radio is not None
    # On its circle (a full-width radio button answers clicks on its circle and words only).
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    assert not page.pgic_error.isVisible()


def test_the_mood_message_follows_the_answers(qtbot: Any, page: CheckinPage) -> None:
    page.show_tab("mood")
    for row in range(7):
        page.phq9.choose(row, 0)
    page.phq9_save.click()
    assert page.mood_error.text() == "2 mood questions are still empty: 8 and 9."
    page.phq9.choose(7, 0)
    assert page.mood_error.text() == "Mood question 9 is still empty."
    page.phq9.choose(8, 0)
    assert not page.mood_error.isVisible()
