"""Keyboard behaviour of the check-ins' radio groups: arrow keys select as they move, and each group is a
single Tab stop (the chosen answer, else the first), as a radio group behaves on every desktop.

Qt alone moves focus on an arrow without choosing when nothing is chosen yet, and leaves every button of an
unanswered group in the Tab order (16 withdrawal lines x 5 answers = 80 stops).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup

_BACK = (Qt.Key.Key_Left, Qt.Key.Key_Up)
_FORWARD = (Qt.Key.Key_Right, Qt.Key.Key_Down)


class RadioKeys(QObject):
    """Installed on the buttons of one exclusive `group` (buttons in the order they were added).

    Left/Right choose the previous/next answer, focus following. Up/Down do the same, unless `up`/`down`
    are given (a row of a questionnaire grid): then they call those to move to the question above/below
    without answering it. The ends do not wrap: these are ordered scales ("None" after "Severe" would
    surprise)."""

    def __init__(
        self,
        group: QButtonGroup,
        up: Callable[[], None] | None = None,
        down: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(group)
        self.group = group
        self._up = up
        self._down = down
        for b in group.buttons():
            b.installEventFilter(self)
        group.buttonToggled.connect(lambda *_: self.update_tab_stop())
        self.update_tab_stop()

    def tab_stop(self) -> QAbstractButton:
        """The one button Tab lands on: the chosen answer, else the first."""
        return self.group.checkedButton() or self.group.buttons()[0]

    def update_tab_stop(self) -> None:
        """Re-apply the single Tab stop (call after emptying the group: an uncheck may not signal)."""
        stop = self.tab_stop()
        for b in self.group.buttons():
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if b is stop else Qt.FocusPolicy.ClickFocus)

    def focus(self) -> None:
        """Give the keyboard focus to this group (its Tab stop), as moving from another question does."""
        self.tab_stop().setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+arrows and the like belong to someone else
        key = event.key()
        if key == Qt.Key.Key_Up and self._up is not None:
            self._up()
            return True
        if key == Qt.Key.Key_Down and self._down is not None:
            self._down()
            return True
        if key not in _BACK and key not in _FORWARD:
            return False
        buttons = self.group.buttons()
        if watched not in buttons:
            return False
        index = buttons.index(watched) + (-1 if key in _BACK else 1)
        if 0 <= index < len(buttons):
            target = buttons[index]
            target.setFocus(Qt.FocusReason.TabFocusReason)
            target.click()  # as a click: the same signals (an answer, item 9's support lines) follow
        return True  # at an end: stay, rather than Qt moving focus out of the group
