"""Today and Taper show the overdose-risk and treatment cards, follow changes at once, and open Help now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.safety import answers
from coach.services.taper.medicines import MedicationService
from coach.ui.taper.page import TaperPage
from coach.ui.today.page import TodayPage


class _Nav:
    def __init__(self) -> None:
        self.went: list[str] = []

    def go(self, key: str, **kwargs: Any) -> None:
        self.went.append(key)

    def start_exercise(self, exercise_id: str) -> None:
        self.went.append(exercise_id)


def _label(widget: Any, name: str) -> str:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return str(found.text())


def test_today_shows_the_combination_and_naloxone_cards_and_help_now(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.update_profile(takes_opioids=True, onboarded=True)
    meds = MedicationService(ctx)
    meds.add("Oxycodone", "oxycodone", 30, "mg", 3)
    nav = _Nav()
    page = TodayPage(ctx, nav)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    qtbot.waitUntil(lambda: page.safety.kinds == ["naloxone"], timeout=3000)
    assert "135 MME a day" in _label(page, "safetyBody_naloxone")

    meds.add("Gabapentin 300 mg")  # the card follows the medicine list at once
    assert page.safety.kinds == ["combination", "naloxone"]
    body = _label(page, "safetyBody_combination")
    assert "Gabapentin 300 mg (a nerve-pain medicine) can slow it too" in body
    assert page.safety.card("combination") is not None and page.safety.isVisible()

    help_button = page.findChild(QPushButton, "safetyHelp_combination")
    assert help_button is not None
    qtbot.mouseClick(help_button, Qt.MouseButton.LeftButton)
    assert nav.went == ["help"]


def test_taper_folds_the_steps_and_shows_the_route_to_treatment(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    ctx.store.update_profile(takes_opioids=True, onboarded=True, country="US")
    meds = MedicationService(ctx)
    oxy = meds.add("Oxycodone", "oxycodone", 5, "mg", 3)
    page = TaperPage(ctx, _Nav())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.safety.kinds == [] and not page.safety.isVisible()
    for days_ago in (0, 1, 3):
        meds.log_dose(oxy.id, 5, "as_needed", clock.now() - timedelta(days=days_ago, hours=1))
    assert page.safety.kinds == ["treatment"]
    steps = page.findChild(QLabel, "safetyHelpline_treatment")
    assert steps is not None and not steps.isVisible()  # folded until asked
    more = page.findChild(QPushButton, "safetyMore_treatment")
    assert more is not None
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert steps.isVisible() and "1-800-662-4357" in steps.text()


def test_a_no_to_alcohol_removes_the_card_on_both_pages(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.update_profile(takes_opioids=True, onboarded=True)
    MedicationService(ctx).add("Morphine", "morphine", 10, "mg", 2)
    answers.record_alcohol(ctx, True)
    taper = TaperPage(ctx, _Nav())
    today = TodayPage(ctx, _Nav())
    for page in (taper, today):
        qtbot.addWidget(page)
        page.show()
    qtbot.waitUntil(lambda: today.safety.kinds == ["combination"], timeout=3000)
    assert taper.safety.kinds == ["combination"]
    answers.record_alcohol(ctx, False)
    assert today.safety.kinds == [] and taper.safety.kinds == []


def test_a_medicine_name_with_markup_is_shown_as_typed(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.update_profile(takes_opioids=True, onboarded=True)
    meds = MedicationService(ctx)
    meds.add("Oxycodone", "oxycodone", 5, "mg", 3)
    meds.add("<img src=x width=6000 height=6000>Xanax 0.5 mg")
    page = TodayPage(ctx, _Nav())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: "combination" in page.safety.kinds, timeout=3000)
    body = page.findChild(QLabel, "safetyBody_combination")
    assert body is not None and "<img src=x" in body.text()
    assert body.textFormat() == Qt.TextFormat.PlainText and body.sizeHint().height() < 1000
