"""The weekly check-in asks about alcohol and the withdrawal check-in about cravings, both optional; the
answers reach the safety cards on Today and Taper."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from coach.domain import measures
from coach.services.context import AppContext
from coach.services.safety.notices import safety_cards
from coach.services.taper.medicines import MedicationService
from coach.ui.checkins.page import CheckinPage


class _Nav:
    def go(self, key: str, **kwargs: Any) -> None:
        return None

    def start_exercise(self, exercise_id: str) -> None:
        return None


def _click(qtbot: Any, page: CheckinPage, name: str) -> None:
    radio = page.findChild(QRadioButton, name)
    assert radio is not None, name
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)


def _kinds(ctx: AppContext) -> list[str]:
    return [c.kind for c in safety_cards(ctx)]


def test_yes_to_alcohol_in_the_weekly_check_in_shows_the_combination_card(
    qtbot: Any, ctx: AppContext
) -> None:
    ctx.store.update_profile(takes_opioids=True)
    MedicationService(ctx).add("Oxycodone", "oxycodone", 5, "mg", 3)
    page = CheckinPage(ctx, _Nav())
    qtbot.addWidget(page)
    page.show()
    assert page.alcohol.isVisible()
    for scale in page.peg_scales:
        scale.set_value(5)
    _click(qtbot, page, "pegAlcohol_yes")
    qtbot.mouseClick(page.peg_save, Qt.MouseButton.LeftButton)
    assert page.peg_result.text().startswith("Saved.")
    assert _kinds(ctx) == ["combination"]
    assert page.alcohol.value() is None  # cleared for next week

    # Skipping the question next week keeps the last answer; "No" clears the card.
    for scale in page.peg_scales:
        scale.set_value(4)
    qtbot.mouseClick(page.peg_save, Qt.MouseButton.LeftButton)
    assert _kinds(ctx) == ["combination"]
    for scale in page.peg_scales:
        scale.set_value(4)
    _click(qtbot, page, "pegAlcohol_no")
    qtbot.mouseClick(page.peg_save, Qt.MouseButton.LeftButton)
    assert _kinds(ctx) == []


def test_the_alcohol_question_is_not_asked_without_opioids(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.update_profile(takes_opioids=False)
    page = CheckinPage(ctx, _Nav())
    qtbot.addWidget(page)
    page.show()
    assert not page.alcohol.isVisible()
    ctx.store.update_profile(takes_opioids=True)
    page.refresh_due()
    assert page.alcohol.isVisible()


def test_strong_cravings_in_a_withdrawal_check_in_offer_a_route_to_treatment(
    qtbot: Any, ctx: AppContext
) -> None:
    ctx.store.update_profile(takes_opioids=True, country="US")
    page = CheckinPage(ctx, _Nav())
    qtbot.addWidget(page)
    page.show()
    page.show_tab("withdrawal")
    for row in range(len(measures.WITHDRAWAL_ITEMS)):
        page.withdrawal_grid.groups[row].button(1).setChecked(True)
    _click(qtbot, page, "withdrawalCravings_yes")
    qtbot.mouseClick(page.withdrawal_save, Qt.MouseButton.LeftButton)
    assert "cravings: they are common" in page.withdrawal_result.text()
    card = safety_cards(ctx)[0]
    assert card.kind == "treatment" and "1-800-662-4357" in card.helpline


class _RecordingNav(_Nav):
    def __init__(self) -> None:
        self.pages: list[str] = []

    def go(self, key: str, **kwargs: Any) -> None:
        self.pages.append(key)


def test_a_self_harm_answer_shows_the_crisis_lines_at_once_without_leaving_the_form(
    qtbot: Any, ctx: AppContext
) -> None:
    nav = _RecordingNav()
    page = CheckinPage(ctx, nav)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # mood
    for row in range(9):
        _click(qtbot, page, f"phq9_{row}_{2 if row == measures.PHQ9_SELF_HARM_ITEM else 0}")
    # At once, in the form, with the line to call or text; the person is not moved away mid-answer.
    assert page.crisis_note.isVisible() and "988" in page.crisis_note.text()
    assert nav.pages == []
    assert page.phq9.values()[measures.PHQ9_SELF_HARM_ITEM] == 2  # nothing lost
    qtbot.mouseClick(page.phq9_save, Qt.MouseButton.LeftButton)
    assert "thoughts of being better off dead or of hurting yourself" in page.phq9_result.text()
    assert page.crisis_note.isVisible()
    qtbot.mouseClick(page.crisis_button, Qt.MouseButton.LeftButton)
    assert nav.pages == ["help"]
