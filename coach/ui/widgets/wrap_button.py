"""A push button whose text wraps onto more lines when its row is narrower than the text (a QPushButton's
own text never wraps, so a long one at a large text size pushes its page sideways)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from coach.ui.theme import set_role

_WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


class WrapButton(QPushButton):
    """A push button showing `text` on one line where there is room and on more lines (a taller button)
    where there is not. Its width can shrink to its longest word; its height follows its width
    (height-for-width), so put it in a layout that honours that (a box or form layout).

    The theme draws it as any other button of its `role` (fill, border, focus ring, disabled look) and its
    text in the theme's text colour for that button; `label_text()` gives the text, as the button's own
    `text()` stays empty (Qt would draw that on one line)."""

    def __init__(
        self, text: str, object_name: str, accessible: str = "", role: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._text = text
        self.setObjectName(object_name)
        self.setAccessibleName(accessible or text)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if role:
            set_role(self, role)

    def label_text(self) -> str:
        return self._text

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def _padding(self) -> QMargins:
        """px between the button's edge and its text, as the theme's padding and border give them."""
        outer = self.rect()
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, self._option(), self)
        return QMargins(
            max(inner.left() - outer.left(), 0) + 1,
            max(inner.top() - outer.top(), 0),
            max(outer.right() - inner.right(), 0) + 1,
            max(outer.bottom() - inner.bottom(), 0),
        )

    def _text_height(self, text_width: int) -> int:
        box = self.fontMetrics().boundingRect(QRect(0, 0, max(text_width, 1), 100_000), _WRAP, self._text)
        return box.height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        pad = self._padding()
        return self._text_height(width - pad.left() - pad.right()) + pad.top() + pad.bottom()

    def sizeHint(self) -> QSize:
        pad = self._padding()
        width = self.fontMetrics().horizontalAdvance(self._text) + pad.left() + pad.right() + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        pad = self._padding()
        metrics = self.fontMetrics()
        word = max((metrics.horizontalAdvance(w) for w in self._text.split()), default=0)
        return QSize(word + pad.left() + pad.right() + 2, metrics.height() + pad.top() + pad.bottom())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.updateGeometry()  # a new text size or padding: a new height for the same width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = self._option()
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        inner = self.rect().marginsRemoved(self._padding())
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.ButtonText))
        painter.drawText(inner, int(_WRAP), self._text)
        painter.end()
