"""The keyboard rule for a group of chips (body areas, days of the week, page sections): one Tab stop,
arrow keys inside, as in a native toolbar of toggles (WCAG 2.1.1)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton

_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
_ROWS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


def _below_or_above(
    chips: Sequence[QAbstractButton], chip: QAbstractButton, step: int, goal_x: int
) -> QAbstractButton | None:
    """The chip in the next row down (`step` 1) or up (-1) whose middle is nearest `goal_x` (px, in the
    chips' parent), as laid out now (rows wrap with the width, so the row is read from the chips' places,
    not a fixed grid)."""
    here = chip.geometry()
    rows = [
        c
        for c in chips
        if (c.geometry().top() > here.bottom() if step > 0 else c.geometry().bottom() < here.top())
    ]
    if not rows:
        return None
    row_top = min(c.geometry().top() for c in rows) if step > 0 else max(c.geometry().top() for c in rows)
    row = [c for c in rows if c.geometry().top() == row_top]
    return min(row, key=lambda c: abs(c.geometry().center().x() - goal_x))


class _ChipKeys(QObject):
    """One Tab stop for a group of chips (a roving stop: the chip last moved to), arrows move inside it
    (Left/Right in reading order, Up/Down to the chip above or below as laid out) and Space toggles the
    chip, as in a native toolbar of toggles."""

    def __init__(self, chips: Sequence[QAbstractButton], parent: QObject) -> None:
        super().__init__(parent)
        self.chips = list(chips)
        # Where a run of Up/Down began, as a text editor keeps its column: Down then Up comes back to the
        # same chip even when the rows' chips are not lined up.
        self._goal_x: int | None = None
        for chip in self.chips:
            chip.installEventFilter(self)
        self.make_stop(self.chips[0])

    def make_stop(self, stop: QAbstractButton) -> None:
        for chip in self.chips:
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus if chip is stop else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton) or watched not in self.chips:
            return False
        if event.type() == QEvent.Type.FocusIn:
            if (
                isinstance(event, QFocusEvent) and event.reason() != Qt.FocusReason.OtherFocusReason
            ):  # not an arrow of ours: a new start
                self._goal_x = None
            self.make_stop(watched)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = Qt.Key(event.key())
        target: QAbstractButton | None
        if key in _STEPS:
            self._goal_x = None
            index = self.chips.index(watched) + _STEPS[key]
            target = self.chips[index] if 0 <= index < len(self.chips) else None
        elif key in _ROWS:
            if self._goal_x is None:
                self._goal_x = watched.geometry().center().x()
            target = _below_or_above(self.chips, watched, _ROWS[key], self._goal_x)
        else:
            return False
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def one_tab_stop(chips: Sequence[QAbstractButton]) -> None:
    """Make a group of chips (children of one widget, in reading order) a single Tab stop with arrow keys
    inside (WCAG 2.1.1: 15 body areas are not 15 Tab presses)."""
    if not chips:
        return
    parent = chips[0].parentWidget()
    if parent is None:
        return
    _ChipKeys(chips, parent)
