"""Rating inputs for a session: a 0-10 scale of eleven large buttons (one keyboard stop) that reflows to two
rows rather than scroll sideways, and body-area chips."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coach.ui.widgets.common import FlowLayout, plain_label

_KEY_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


# WCAG 2.2's target size is 24 px at least; 44 px is comfortable for a shaky hand when there is room.
_MIN_TARGET = 24
_COMFORTABLE = 44
_SPACING = 6


class RatingScale(QWidget):
    """Eleven buttons 0..10. The scale is a single Tab stop. Tabbing in rings one button (the chosen one, else
    0) without choosing it; Space or Enter chooses the ringed button; arrows move the ring and choose (so
    Right three times from the ring on 0 gives 3); digits 0-9 pick, End picks 10, Backspace clears. Buttons
    do not take focus themselves, so tabbing through a form stays short.

    Never wider than its parent gives it: the buttons shrink (to the width of "10" plus padding) and, when
    one row of eleven still does not fit, the scale reflows to two rows (0-5 above 6-10). The chosen number
    is shown by more than colour: bold and a thick ring in the text colour (theme rule `scale`)."""

    valueChanged = Signal(object)  # int | None

    def __init__(self, question: str, low: str, high: str, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self._question = question
        self.setAccessibleName(f"{question}, from 0 to 10")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._value: int | None = None
        self._cursor = (
            0  # the ringed button while the scale has focus: the chosen one, else where arrows left it
        )
        root = QVBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.setSpacing(6)
        label = plain_label(question)
        label.setWordWrap(True)  # a long question wraps instead of widening the form
        label.setProperty("role", "subtitle")
        label.setObjectName(f"{object_name}Question")
        root.addWidget(label)
        self.grid = QGridLayout()
        self.grid.setSpacing(_SPACING)
        self._columns = 0
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for n in range(11):
            btn = QPushButton(str(n))
            btn.setObjectName(f"{object_name}_{n}")
            btn.setAccessibleName(f"{question}: {n}")
            btn.setCheckable(True)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            btn.setProperty("role", "scale")
            self.group.addButton(btn, n)
            self.buttons.append(btn)
        self.group.idClicked.connect(self._clicked)
        root.addLayout(self.grid)
        ends = QHBoxLayout()
        for text, align in ((low, Qt.AlignmentFlag.AlignLeft), (high, Qt.AlignmentFlag.AlignRight)):
            end = plain_label(text)
            end.setWordWrap(True)
            end.setProperty("role", "muted")
            end.setAlignment(align)
            ends.addWidget(end)
        root.addLayout(ends)
        self._arrange(11)
        self._update_description()

    # --- reflow ----------------------------------------------------------------------------------
    def button_width(self) -> int:
        """The narrowest a button may be (px): "10" in the scale's font (bold when chosen) with padding."""
        font = self.buttons[0].font()
        font.setBold(True)
        return max(_MIN_TARGET, QFontMetrics(font).horizontalAdvance("10") + 20)

    def _row_width(self, columns: int) -> int:
        sides = 8  # the scale's own 4 px margins, left and right
        return columns * self.button_width() + (columns - 1) * _SPACING + sides

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for btn in self.buttons:
            self.grid.removeWidget(btn)
        for n, btn in enumerate(self.buttons):
            self.grid.addWidget(btn, n // columns, n % columns)
        height = max(_COMFORTABLE, self.buttons[0].sizeHint().height())
        for btn in self.buttons:
            btn.setMinimumSize(self.button_width(), height)
        self.updateGeometry()

    def rows(self) -> int:
        """How many rows the buttons take now (1, or 2 when one row did not fit)."""
        return 1 if self._columns == 11 else 2

    def minimumSizeHint(self) -> QSize:
        # The two-row width: the form around may be that narrow, and the scale reflows to fit.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._row_width(6)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(11 if event.size().width() >= self._row_width(11) else 6)
        super().resizeEvent(event)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None:
            value = max(0, min(10, int(value)))
        if value == self._value:
            return
        self._value = value
        if value is None:
            # An exclusive group cannot uncheck its checked button directly.
            self.group.setExclusive(False)
            for btn in self.buttons:
                btn.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[value].setChecked(True)
            self._cursor = value
        # Re-polished so the theme's rule for a chosen button (bold, a ring) takes hold at once: Qt
        # applies a style sheet's font only when it polishes the widget.
        self._restyle()
        self._update_description()
        self.valueChanged.emit(value)

    def _clicked(self, n: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_value(n)

    def _update_description(self) -> None:
        chosen = "not rated yet" if self._value is None else f"{self._value} chosen"
        self.setAccessibleDescription(
            f"{chosen}. Use the arrow keys or type a number; Space chooses the ringed number; End chooses 10."
        )
        self.setToolTip(self.accessibleDescription())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        # Arrows step from the ringed button, so the number reached is the number of presses from it.
        at = self._cursor if self._value is None else self._value
        if key in _KEY_DIGITS:
            self.set_value(_KEY_DIGITS[key])
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            self.set_value(self._cursor)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_value(min(10, at + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.set_value(max(0, at - 1))
        elif key == Qt.Key.Key_Home:
            self.set_value(0)
        elif key == Qt.Key.Key_End:
            self.set_value(10)
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_value(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def ringed(self) -> int | None:
        """The button (0..10) showing the focus ring, or None while the scale does not have focus."""
        return self._cursor if self.property("focused") else None

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._value is not None:
            self._cursor = self._value
        self.setProperty("focused", True)
        self._restyle()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setProperty("focused", False)
        self._restyle()
        super().focusOutEvent(event)

    def _restyle(self) -> None:
        # The focus ring is drawn by the theme's stylesheet on the one ringed button (rule `scaleFocused`).
        focused = bool(self.property("focused"))
        for n, btn in enumerate(self.buttons):
            btn.setProperty("scaleFocused", focused and n == self._cursor)
            btn.setProperty("chosen", n == self._value)
            btn.style().unpolish(btn)
            btn.style().polish(btn)


class BodyAreaChips(QWidget):
    """Checkable chips in rows that wrap to the width they have; each chip is its own Tab stop and toggles
    with Space."""

    def __init__(self, areas: Iterable[str], object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("Where you feel it (optional)")
        # A flow, not a fixed grid: five chips a row pushed the form sideways at a large text size.
        grid = FlowLayout(self, spacing=8)
        grid.setContentsMargins(4, 0, 4, 0)
        self.chips: dict[str, QPushButton] = {}
        for area in areas:
            chip = QPushButton(area.capitalize())
            chip.setCheckable(True)
            chip.setObjectName(f"bodyArea_{area.replace(' ', '_')}")
            chip.setAccessibleName(f"Body area: {area}")
            chip.setProperty("role", "chip")
            self.chips[area] = chip
            grid.addWidget(chip)

    def selected(self) -> list[str]:
        return [area for area, chip in self.chips.items() if chip.isChecked()]

    def clear(self) -> None:
        for chip in self.chips.values():
            chip.setChecked(False)
