"""A heading with its buttons: the buttons sit at the right of the heading while the line is wide enough
for both, and move onto lines of their own below it (wrapping, left-aligned) when it is not, so a card or
page header never pushes the page sideways at large text sizes or on a small screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayoutItem, QWidget

from coach.ui.widgets.common import FlowLayout


class HeadingRow(FlowLayout):
    """`heading` (usually a wrapping label) then `actions` (buttons), `spacing` px apart.

    Wide enough for the heading's natural width and every button: one line, heading on the left taking the
    room left over, buttons on the right, centred on the line. Narrower: the heading on its own line(s),
    the buttons below it from the left, wrapping as a FlowLayout does. The smallest width is that of the
    widest single part (a wrapped heading's longest word, or the widest button)."""

    def __init__(self, heading: QWidget, actions: Sequence[QWidget], spacing: int = 8) -> None:
        super().__init__(None, spacing)  # FlowLayout's item list, height-for-width and minimum size
        self.addWidget(heading)
        for action in actions:
            self.addWidget(action)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def sizeHint(self) -> QSize:
        heading, actions = self._parts()
        width = self._actions_width(actions)
        height = max((a.sizeHint().height() for a in actions), default=0)
        if heading is not None:
            width += heading.sizeHint().width() + (self._gap if actions else 0)
            height = max(height, heading.sizeHint().height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    # --- placing --------------------------------------------------------------------------------------
    def _parts(self) -> tuple[QLayoutItem | None, list[QLayoutItem]]:
        shown = [i for i in self._items if not i.isEmpty()]
        if self._items and not self._items[0].isEmpty():
            return shown[0], shown[1:]
        return None, shown

    def _actions_width(self, actions: list[QLayoutItem]) -> int:
        return sum(a.sizeHint().width() for a in actions) + self._gap * max(len(actions) - 1, 0)

    @staticmethod
    def _height_at(item: QLayoutItem, width: int) -> int:
        return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the parts out in `rect` (when `move`); returns the height they take there."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        heading, actions = self._parts()
        actions_width = self._actions_width(actions)
        top = area.y()
        if heading is not None:
            beside = area.width() - actions_width - (self._gap if actions else 0)
            if not actions or heading.sizeHint().width() <= beside:
                # One line: the heading on the left, the buttons on the right, both centred on the line.
                height = self._height_at(heading, max(beside, 0))
                line = max([height] + [a.sizeHint().height() for a in actions])
                if move:
                    heading.setGeometry(QRect(area.x(), top + (line - height) // 2, max(beside, 0), height))
                    x = area.right() + 1 - actions_width
                    for action in actions:
                        size = action.sizeHint()
                        action.setGeometry(
                            QRect(x, top + (line - size.height()) // 2, size.width(), size.height())
                        )
                        x += size.width() + self._gap
                return top + line - rect.y() + m.bottom()
            height = self._height_at(heading, area.width())
            if move:
                heading.setGeometry(QRect(area.x(), top, area.width(), height))
            top += height + self._gap
        # The buttons on lines of their own, from the left, wrapping when a line is full.
        x, line = area.x(), 0
        for action in actions:
            size = action.sizeHint().boundedTo(QSize(max(area.width(), 1), 1_000_000))
            if x > area.x() and x + size.width() > area.right() + 1:
                x, top, line = area.x(), top + line + self._gap, 0
            if move:
                action.setGeometry(QRect(x, top, size.width(), size.height()))
            x += size.width() + self._gap
            line = max(line, size.height())
        return top + line - rect.y() + m.bottom()
