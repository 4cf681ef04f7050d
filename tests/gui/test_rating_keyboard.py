"""The 0-10 rating scale by keyboard: Tab in rings a button without choosing, Space chooses it, and the
arrows count from the ring (Right three times from 0 gives 3), as a person counting presses expects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from coach.ui.widgets.rating import RatingScale


@pytest.fixture
def form(qtbot: Any) -> Iterator[tuple[QLineEdit, RatingScale]]:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    before = QLineEdit()
    scale = RatingScale("Pain right now", "None", "Worst", "pain")
    layout.addWidget(before)
    layout.addWidget(scale)
    page.resize(900, 240)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=2_000)
    yield before, scale
    page.close()  # held until here: the page owns both widgets


def _tab_in(qtbot: Any, before: QLineEdit, scale: RatingScale) -> None:
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(scale.hasFocus, timeout=2_000)


def _ringed(scale: RatingScale) -> list[int]:
    return [n for n, b in enumerate(scale.buttons) if b.property("scaleFocused")]


def test_tabbing_in_rings_the_first_button_without_choosing(
    qtbot: Any, form: tuple[QLineEdit, RatingScale]
) -> None:
    before, scale = form
    _tab_in(qtbot, before, scale)
    assert _ringed(scale) == [0] and scale.value() is None
    # The ring is drawn: the ringed button looks different from its neighbour.
    assert scale.buttons[0].grab().toImage() != scale.buttons[1].grab().toImage()
    qtbot.keyClick(scale, Qt.Key.Key_Space)
    assert scale.value() == 0


def test_right_three_times_from_the_ring_gives_3(qtbot: Any, form: tuple[QLineEdit, RatingScale]) -> None:
    before, scale = form
    _tab_in(qtbot, before, scale)
    for _ in range(3):
        qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 3 and scale.buttons[3].isChecked() and _ringed(scale) == [3]
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 2


def test_tabbing_back_in_rings_the_chosen_number(qtbot: Any, form: tuple[QLineEdit, RatingScale]) -> None:
    before, scale = form
    _tab_in(qtbot, before, scale)
    qtbot.keyClick(scale, Qt.Key.Key_7)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=2_000)
    assert _ringed(scale) == []  # no ring while the scale is not focused
    _tab_in(qtbot, before, scale)
    assert _ringed(scale) == [7] and scale.value() == 7
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 8
