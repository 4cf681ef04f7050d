"""Scrolling a form with the mouse wheel never changes a value the pointer happens to pass over."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from coach.ui.widgets.help_now import DialogHelp


def _wheel_down(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))), QPoint(0, 0),
        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_spin_box_scrolls_the_page(qtbot: Any, qapp: QApplication) -> None:
    helper = DialogHelp(None, qapp).install()
    try:
        area = QScrollArea()
        qtbot.addWidget(area)
        body = QWidget()
        box = QVBoxLayout(body)
        spin = QSpinBox()
        spin.setRange(0, 1440)
        spin.setValue(120)
        box.addWidget(spin)
        box.addSpacing(3000)
        area.setWidget(body)
        area.resize(400, 300)
        area.show()
        qtbot.waitExposed(area)
        _wheel_down(spin.lineEdit())
        assert spin.value() == 120  # the saved setting is untouched
        assert area.verticalScrollBar().value() > 0  # the page scrolled instead
        _wheel_down(spin)
        assert spin.value() == 120 and area.verticalScrollBar().value() > 0
        spin.setFocus()
        qtbot.waitUntil(spin.hasFocus, timeout=2000)
        _wheel_down(spin)
        assert spin.value() != 120  # with focus, the wheel changes it as people expect
    finally:
        helper.remove()
