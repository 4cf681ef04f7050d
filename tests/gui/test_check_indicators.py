"""Checked check boxes and radio buttons are told apart from unchecked ones by more than a filled square: a
tick (and a dot) at 3:1 against the fill, in light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton, QWidget

from coach.ui.theme import DARK, LIGHT, Palette, apply_theme


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        lin = [
            v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c.redF(), c.greenF(), c.blueF())
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def restore_app_look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _inner_colours(button: QCheckBox | QRadioButton) -> list[QColor]:
    """The colours inside the indicator (its border left out), as painted now."""
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[arg-type]
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    rect = button.style().subElementRect(element, option, button).adjusted(4, 4, -4, -4)
    image = button.grab().toImage()
    return [
        image.pixelColor(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton], ids=["check box", "radio button"])
def test_a_checked_indicator_shows_a_mark_at_3_to_1_against_its_fill(
    qtbot: Any, qapp: QApplication, restore_app_look: None, palette: Palette, kind: type
) -> None:
    apply_theme(qapp, palette.name, 100)
    page = QWidget()
    qtbot.addWidget(page)
    off, on = kind("Unchecked", page), kind("Checked", page)
    on.move(0, 60)
    on.setChecked(True)
    page.resize(300, 120)
    page.show()
    qtbot.waitExposed(page)
    fill = QColor(palette.accent)
    inner = _inner_colours(on)
    # The fill is there, and so is a mark a tired eye can see against it.
    assert any(c == fill for c in inner)
    assert any(_contrast(c, fill) >= 3.0 for c in inner)
    assert {c.name() for c in inner} != {c.name() for c in _inner_colours(off)}
