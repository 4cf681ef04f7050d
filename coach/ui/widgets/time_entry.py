"""Number boxes that take typing the way people type: a length in seconds as "90", "1:30", "1 min 30" or
"2.5"; the whole value selected when the box gets focus, so typing replaces it instead of adding to it."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QWidget

_MIN_SEC = re.compile(
    r"^\s*(?:(?P<m>\d+(?:[.,]\d+)?)\s*(?::|m(?:in(?:ute)?s?)?\.?)\s*)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)\s*(?:s(?:ec(?:ond)?s?)?\.?)?)?\s*$",
    re.IGNORECASE,
)


def parse_seconds(text: str) -> float | None:
    """Seconds from what a person typed: "90", "90s", "1:30", "1m30", "1 min 30 s", "2,5" -> 90, 90, 90, 90,
    90, 2.5. None when it is not a length (or empty)."""
    found = _MIN_SEC.match(text)
    if found is None or (found["m"] is None and found["s"] is None):
        return None
    minutes = float(found["m"].replace(",", ".")) if found["m"] else 0.0
    seconds = float(found["s"].replace(",", ".")) if found["s"] else 0.0
    return minutes * 60 + seconds


def _select_all_soon(box: QAbstractSpinBox) -> None:
    # After Qt has placed the cursor for the click that gave focus, or the selection would be undone.
    QTimer.singleShot(0, box, box.selectAll)


class SecondsBox(QDoubleSpinBox):
    """A length in seconds (0.1 s steps shown only when used: "5", "2.5"), typed as seconds or minutes and
    seconds. Refuses nothing silently: while the text is not yet a length, the box keeps its last value."""

    def __init__(self, low: float, high: float, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(low, high)
        self.setSingleStep(0.5)
        self.setValue(value)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

    def textFromValue(self, value: float) -> str:
        return f"{round(value, 1):g}"

    def valueFromText(self, text: str) -> float:
        parsed = parse_seconds(text)
        return self.value() if parsed is None else parsed

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        parsed = parse_seconds(text)
        if parsed is None:
            # "1:" or "1 min" half typed, or an empty box: allowed while typing, not as a value.
            partial = re.fullmatch(r"[\d\s.,:a-zA-Z]*", text) is not None and len(text) <= 20
            return (QValidator.State.Intermediate if partial else QValidator.State.Invalid), text, pos
        if self.minimum() <= parsed <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        _select_all_soon(self)


class WholeNumberBox(QSpinBox):
    """A whole number whose text is selected on focus, so typing "12" gives 12, not "512"."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        _select_all_soon(self)
