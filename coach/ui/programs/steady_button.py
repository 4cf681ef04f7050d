"""A push button whose text takes turns among a few ("Edit" / "Edit a copy") at the size of the widest, so
the buttons beside it in a row never move under the pointer."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton


class SteadyButton(QPushButton):
    """A button whose text takes turns among `texts` ("Edit" / "Edit a copy") and whose size is always
    that of the widest, so the buttons beside it never move under the pointer."""

    def __init__(self, texts: tuple[str, ...], object_name: str) -> None:
        super().__init__(texts[0])
        self.texts = texts
        self.setObjectName(object_name)

    def _widest(self, hint: QSize) -> QSize:
        """`hint` made as wide as the button would be with its widest text (style and font as now)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        metrics = self.fontMetrics()
        widths = []
        for text in self.texts:
            option.text = text
            contents = QSize(metrics.horizontalAdvance(text), metrics.height())
            widths.append(
                self.style()
                .sizeFromContents(QStyle.ContentsType.CT_PushButton, option, contents, self)
                .width()
            )
        return QSize(max(hint.width(), *widths), hint.height())

    def sizeHint(self) -> QSize:
        return self._widest(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._widest(super().minimumSizeHint())
