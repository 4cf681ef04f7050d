"""The words of the Check-in page for patients: "Weekly pain check" with PEG only in a tooltip, scores
rounded to one decimal, no doubled brackets."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.nav import RecordingNav
from PySide6.QtWidgets import QLabel

from coach.services.context import AppContext
from coach.ui.checkins.page import CheckinPage


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> CheckinPage:
    p = CheckinPage(ctx, RecordingNav())
    qtbot.addWidget(p)
    p.resize(1024, 600)
    p.show()
    p.show_tab("peg")
    return p


def _visible_words(page: CheckinPage) -> str:
    tab = page.tabs.currentWidget()
    labels = [page.due, *tab.findChildren(QLabel)]
    # The citation of the questionnaire names it by design; everything else is for the patient.
    return " ".join(lab.text() for lab in labels if lab.isVisible() and not lab.text().startswith("Source:"))


def test_the_weekly_pain_check_is_named_in_plain_words(page: CheckinPage) -> None:
    assert page.due.text() == "Due now: Weekly pain check (once a week)."
    assert "PEG" in page.due.toolTip()
    assert page.tabs.tabText(0) == "Weekly pain check"
    assert "PEG" in page.tabs.tabToolTip(0)
    assert "PEG" not in _visible_words(page)


def test_a_saved_score_is_rounded_to_one_decimal(page: CheckinPage) -> None:
    for scale, value in zip(page.peg_scales, (7, 6, 7), strict=True):
        scale.set_value(value)
    page.save_peg()
    assert page.peg_result.text() == "Saved. Your weekly pain score: 6.7 out of 10."
    for scale, value in zip(page.peg_scales, (5, 5, 6), strict=True):
        scale.set_value(value)
    page.save_peg()
    assert page.peg_result.text() == "Saved. Your weekly pain score: 5.3 out of 10. Last time: 6.7."
    assert "PEG" not in _visible_words(page)


def test_mood_and_worry_checks_keep_their_clinical_names_for_tooltips(page: CheckinPage) -> None:
    page.show_tab("mood")
    words = _visible_words(page)
    assert "Mood check" in words and "Worry check" in words
    assert "PHQ-9" not in words and "GAD-7" not in words
    assert "PHQ-9" in page.tabs.tabToolTip(3) and "GAD-7" in page.tabs.tabToolTip(3)
