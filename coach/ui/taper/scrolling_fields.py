"""The fields of a taper form dialog in a scroll area that leaves a margin of the screen free, so the dialog
never fills the screen and its error line and buttons stay in view below the fields (1024x600 at 150-200%
text)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QStyle, QVBoxLayout, QWidget

from coach.ui.widgets.common import UNKNOWN_FRAME, available_area
from coach.ui.widgets.form_dialog import FormDialog

# px of the screen's height left free above and below a dialog, so it reads as a dialog over the window
# and its buttons never sit on the screen's bottom edge.
SCREEN_MARGIN = 24
# px: the fields' smallest height (a few rows), so they can still be read and scrolled on any screen.
LEAST_FIELDS_HEIGHT = 120


class _FieldsScroll(QScrollArea):
    """Wants the height of all its fields, at most the room the dialog's screen leaves it."""

    def __init__(self, dialog: FormDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self.setObjectName(f"{dialog.objectName()}Fields")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # The fields reflow to the width they get (never sideways); the scroll bar has its own room.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dialog.installEventFilter(self)
        dialog.error.installEventFilter(self)  # an error line takes room from the fields, not the margin

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # fit_to_screen names the screen area first (a dynamic property), then sizes the dialog from its size
        # hint: the hint must follow that screen, not the one the dialog was first shown on.
        if watched is self._dialog and event.type() == QEvent.Type.DynamicPropertyChange:
            self._refit()
        elif watched is self._dialog.error and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.updateGeometry()
        elif watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._grow()
        return super().eventFilter(watched, event)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)  # a note that appears or grows (the MME line) asks for room

    def _grow(self) -> None:
        """Grow a shown dialog to show fields that grew (an MME note of three lines was cut behind a scroll
        bar in a half-height dialog), never past the room its screen leaves; never shrink it under the
        person's eyes."""
        if not self._dialog.isVisible():
            return
        self.updateGeometry()
        self._dialog.root.invalidate()
        wanted = self._dialog.sizeHint().height()
        if self._dialog.height() < wanted:
            self._dialog.resize(self._dialog.width(), wanted)

    def _refit(self) -> None:
        """Follow the screen the dialog is fitted to: as wide as the fields would like where it has room
        (their words on one line), as tall as they need up to the room it leaves."""
        inner, area = self.widget(), available_area(self._dialog)
        if inner is not None and area is not None:
            m = self._dialog.root.contentsMargins()
            room = area.width() - UNKNOWN_FRAME.width() - m.left() - m.right()
            wanted = inner.sizeHint().width() + self._bar()
            self.setMinimumWidth(max(min(wanted, room), inner.minimumSizeHint().width() + self._bar()))
        self.updateGeometry()
        self._dialog.root.invalidate()
        wanted = self._dialog.sizeHint().height()
        if self._dialog.isVisible() and self._dialog.height() > wanted:
            self._dialog.resize(self._dialog.width(), wanted)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 6

    def _room(self) -> int:
        """px of height the dialog's screen leaves the fields: the screen less its margins, an unmeasured
        title bar, and what the dialog shows below the fields (error line, buttons)."""
        area = available_area(self._dialog)
        if area is None:
            return 1_000_000
        root = self._dialog.root
        m = root.contentsMargins()
        below = 0
        for i in range(root.count()):
            item = root.itemAt(i)
            if item is None or item.isEmpty():
                continue
            widget = item.widget()
            if widget is not None and (widget is self or widget.isAncestorOf(self)):
                continue
            below += item.sizeHint().height() + root.spacing()
        rest = m.top() + m.bottom() + below + UNKNOWN_FRAME.height() + 2 * SCREEN_MARGIN
        return max(area.height() - rest, LEAST_FIELDS_HEIGHT)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        width = hint.width() + self._bar()
        height = hint.height()
        if inner.hasHeightForWidth():
            height = max(height, inner.heightForWidth(max(self.viewport().width(), hint.width())))
        return QSize(width, min(height, self._room()))

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        least = inner.minimumSizeHint()
        return QSize(least.width() + self._bar(), min(least.height(), LEAST_FIELDS_HEIGHT))


def scrolling_fields(dialog: FormDialog) -> QVBoxLayout:
    """Move `dialog`'s form into a scroll area at the top of the dialog, before `finish_layout` adds the
    error line and buttons below it. Returns the fields' layout, for what goes above or below the form."""
    root = dialog.root
    index = root.indexOf(dialog.form)
    if index >= 0:
        root.takeAt(index)
    dialog.form.setParent(None)
    body = QWidget()
    body.setObjectName(f"{dialog.objectName()}Body")
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(dialog.form)
    area = _FieldsScroll(dialog)
    area.setWidget(body)
    root.insertWidget(0, area, 1)
    return layout
