"""The check before pain reprocessing, as a person meets it on the Practice page, and the Help now button
on urge surfing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.safety import answers
from coach.ui.practice.page import PracticePage
from coach.ui.practice.reprocessing_check import ReprocessingCheckDialog


class _Nav:
    def __init__(self) -> None:
        self.went: list[str] = []

    def go(self, key: str, **kwargs: Any) -> None:
        self.went.append(key)

    def start_exercise(self, exercise_id: str) -> None:
        self.went.append(exercise_id)


@pytest.fixture
def nav() -> _Nav:
    return _Nav()


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, nav: _Nav) -> Iterator[PracticePage]:
    ctx.store.set_setting("speech_engine", "none")
    made = PracticePage(ctx, nav)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    yield made
    made.flow.shutdown()


def _open(page: PracticePage, exercise_id: str) -> None:
    page.begin(ExerciseLibrary(page.ctx.store).get(exercise_id))


def _check(page: PracticePage) -> ReprocessingCheckDialog:
    dialog = page.check_dialog
    assert dialog is not None and dialog.isVisible(), "the check did not open"
    return dialog


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_first_somatic_tracking_asks_once_then_opens(qtbot: Any, page: PracticePage) -> None:
    _open(page, "somatic-tracking-10")
    dialog = _check(page)
    assert page.flow.stage() != "before" or page.stack.currentWidget() is not page.flow
    _click(qtbot, dialog.examined_yes)
    dialog.none_apply.setChecked(True)
    _click(qtbot, dialog.continue_button)
    assert page.check_dialog is None
    assert page.stack.currentWidget() is page.flow
    assert "Somatic tracking" in page.flow.before_title.text()
    assert answers.reprocessing_check(page.ctx) == answers.CHECK_CLEAR

    page.show_browse()
    _open(page, "pain-false-alarm")  # remembered: no second time
    assert page.check_dialog is None and page.stack.currentWidget() is page.flow


def test_a_red_flag_advises_a_clinician_first_and_mindfulness_stays_open(
    qtbot: Any, page: PracticePage
) -> None:
    _open(page, "evidence-of-safety")
    dialog = _check(page)
    _click(qtbot, dialog.examined_yes)
    dialog.flags["weakness"].setChecked(True)
    _click(qtbot, dialog.continue_button)
    assert dialog.isVisible()
    assert dialog.advice_title.text() == "See a clinician first"
    assert "before using pain reprocessing" in dialog.advice.text()
    assert "Help now has the numbers" in dialog.advice.text()
    assert dialog.mindfulness_button.isVisible() and not dialog.go_on_button.isVisible()
    assert page.stack.currentWidget() is not page.flow  # nothing opened behind it

    _click(qtbot, dialog.mindfulness_button)
    assert page.stack.currentWidget() is page.flow
    assert "breathing space" in page.flow.before_title.text().lower()

    page.show_browse()
    _open(page, "body-scan")  # mindfulness never asks
    assert page.check_dialog is None and page.stack.currentWidget() is page.flow

    page.show_browse()
    _open(page, "somatic-tracking-5")  # still closed: the advice, with a way to answer again
    dialog = _check(page)
    assert dialog.advice_title.text() == "See a clinician first"
    assert dialog.again_button.isVisible()
    _click(qtbot, dialog.again_button)
    _click(qtbot, dialog.examined_yes)
    dialog.none_apply.setChecked(True)
    assert dialog.red_flags() == []  # "None of these" clears the ticks
    _click(qtbot, dialog.continue_button)
    assert page.stack.currentWidget() is page.flow
    assert answers.reprocessing_check(page.ctx) == answers.CHECK_CLEAR


def test_pain_not_yet_examined_advises_a_check_and_may_go_on(qtbot: Any, page: PracticePage) -> None:
    _open(page, "somatic-tracking-5")
    dialog = _check(page)
    _click(qtbot, dialog.examined_no)
    dialog.none_apply.setChecked(True)
    _click(qtbot, dialog.continue_button)
    assert dialog.advice_title.text() == "Worth having it checked"
    assert dialog.go_on_button.isVisible()
    _click(qtbot, dialog.go_on_button)
    assert page.stack.currentWidget() is page.flow
    page.show_browse()
    _open(page, "somatic-tracking-10")
    assert page.check_dialog is None  # answered once is enough


def test_not_now_opens_nothing_and_asks_again_next_time(qtbot: Any, page: PracticePage) -> None:
    _open(page, "somatic-tracking-5")
    _click(qtbot, _check(page).close_button)
    assert page.stack.currentWidget() is not page.flow
    assert answers.reprocessing_check(page.ctx) == ""
    _open(page, "somatic-tracking-5")
    assert _check(page).pages.currentIndex() == 0


def test_the_flare_practice_opens_at_once(page: PracticePage) -> None:
    _open(page, "flare-tracking-3")
    assert page.check_dialog is None and page.stack.currentWidget() is page.flow


def test_urge_surfing_has_a_help_now_button_on_its_details(qtbot: Any, page: PracticePage, nav: _Nav) -> None:
    help_button = page.findChild(QPushButton, "detailHelpNow")
    assert help_button is not None
    page.select("body-scan")
    assert not help_button.isVisible()
    page.select("urge-surfing")
    assert help_button.isVisible()
    assert "urges to hurt yourself" in help_button.text()
    assert page.detail_purpose.text().startswith("For cravings")
    _click(qtbot, help_button)
    assert nav.went == ["help"]


def test_continue_without_answers_says_what_to_answer(qtbot: Any, ctx: AppContext) -> None:
    # Issue 13 trial: "Continue" with nothing answered silently did nothing.
    dialog = ReprocessingCheckDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _click(qtbot, dialog.continue_button)
    assert dialog.isVisible() and answers.reprocessing_check(ctx) != answers.CHECK_CLEAR
    assert dialog.error.isVisible() and "\n" not in dialog.error.text()
    assert "examined" in dialog.error.text() and "apply" in dialog.error.text()
    _click(qtbot, dialog.examined_yes)
    _click(qtbot, dialog.continue_button)
    assert "examined" not in dialog.error.text() and "apply" in dialog.error.text()
    dialog.none_apply.setChecked(True)
    assert not dialog.error.isVisible()  # answered: the message goes
    _click(qtbot, dialog.continue_button)
    assert answers.reprocessing_check(ctx) == answers.CHECK_CLEAR
