"""A push button whose text wraps onto more lines when its row is narrower than the text (a QPushButton's
own text never wraps, so a long one at a large text size pushes its page sideways)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from coach.ui.theme import set_role

_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


class WrapButton(QPushButton):
    """A push button showing `text` in a word-wrapped label: one line where there is room, more lines
    (and a taller button) where there is not. Its width can shrink to its longest word; its height follows
    its width (height-for-width), so put it in a layout that honours that (a box or form layout).

    The label takes the button's own text colour and font from the theme (role, disabled, focus), so it
    looks like any other button; `label_text()` gives the text (the button's own `text()` is empty)."""

    def __init__(
        self, text: str, object_name: str, accessible: str = "", role: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible or text)
        self.label = QLabel(text, self)
        self.label.setObjectName(f"{object_name}Text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._box = QVBoxLayout(self)
        self._box.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if role:
            set_role(self, role)
        self._follow_style()

    def label_text(self) -> str:
        return self.label.text()

    def _follow_style(self) -> None:
        """Take the padding, text colour and font the theme gives this button (they differ by role)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        outer = self.rect()
        self._box.setContentsMargins(
            max(inner.left() - outer.left(), 0),
            max(inner.top() - outer.top(), 0),
            max(outer.right() - inner.right(), 0),
            max(outer.bottom() - inner.bottom(), 0),
        )
        palette = self.label.palette()
        for group in _GROUPS:
            palette.setColor(group, QPalette.ColorRole.WindowText, self.palette().color(group, QPalette.ColorRole.ButtonText))
        self.label.setPalette(palette)
        self.label.setFont(self.font())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
            QEvent.Type.EnabledChange,
            QEvent.Type.PolishRequest,
        ):
            self._follow_style()
            self.updateGeometry()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish:
            handled = super().event(event)
            self._follow_style()
            return handled
        return super().event(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._box.totalHeightForWidth(width)

    def sizeHint(self) -> QSize:
        m = self._box.contentsMargins()
        one_line = self.label.fontMetrics().size(0, self.label.text())
        width = one_line.width() + m.left() + m.right() + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        m = self._box.contentsMargins()
        metrics = self.label.fontMetrics()
        word = max((metrics.horizontalAdvance(w) for w in self.label.text().split()), default=0)
        return QSize(word + m.left() + m.right() + 2, metrics.height() + m.top() + m.bottom())
