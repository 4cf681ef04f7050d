"""Small shared building blocks: titles, cards and buttons with names for tests and screen readers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from coach.ui.theme import set_role

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str) -> W:
    """Give `widget` the object name tests find it by and the name screen readers read; hand it back, so a
    widget can be made and named in one expression."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def plain_label(text: str = "") -> QLabel:
    """A QLabel that shows its text exactly as given, never as markup: every label in the app is made
    here or by `text_label`/`title`, so a name, note or title from a person or a file (`<img src=x
    width=60000 ...>`) can neither resize a window nor pull in a link or an image. (Qt's own default,
    AutoText, guesses "rich text" from the first tag; the app shows no markup in labels.)"""
    from PySide6.QtCore import Qt  # only here: the Qt namespace must not load before the first window

    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def shown_as_typed(text: str) -> str:
    """`text` made safe for the places where Qt guesses "rich text" from a leading tag and offers no
    plain setting per call: tooltips and QMessageBox's static functions. Qt then shows the text exactly as
    typed (a name `<img src=x width=60000>` is read, not drawn). Text without `<` or `&` is returned
    unchanged."""
    if "<" not in text and "&" not in text:
        return text
    import html

    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def title(text: str, object_name: str = "pageTitle") -> QLabel:
    """A page's heading, in the large type of the "title" role (plain text: titles can be a program's)."""
    label = plain_label(text)
    label.setObjectName(object_name)
    set_role(label, "title")
    label.setAccessibleName(text)
    return label


def text_label(text: str, role: str = "", object_name: str = "", plain: bool = True) -> QLabel:
    """A wrapping label, styled by the theme's rules for `role` ("muted", "subtitle", "warning"...).
    Plain text by default (names, notes, titles from a person or a file are shown as typed, never read
    as markup); `plain=False` only for the app's own markup."""
    label = plain_label(text) if plain else QLabel(text)
    label.setWordWrap(True)
    if role:
        set_role(label, role)
    if object_name:
        label.setObjectName(object_name)
    return label


def button(text: str, object_name: str, accessible: str = "", role: str = "") -> QPushButton:
    """A push button styled by the theme's rules for `role` ("primary", "help", "range"...); the
    accessible name defaults to the text without its shortcut marker."""
    btn = QPushButton(text)
    btn.setObjectName(object_name)
    btn.setAccessibleName(accessible or text.replace("&", ""))
    if role:
        set_role(btn, role)
    return btn


def card(object_name: str, parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A framed panel in the theme's card colours, and the layout to fill it with."""
    frame = QFrame(parent)
    frame.setObjectName(object_name)
    set_role(frame, "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(6)
    return frame, layout


def scroll_page(page: QScrollArea, object_name: str) -> QVBoxLayout:
    """Make `page` a frameless scrolling page with the house margins; returns the body's layout."""
    page.setObjectName(object_name)
    page.setWidgetResizable(True)
    page.setFrameShape(QScrollArea.Shape.NoFrame)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(28, 20, 28, 20)
    layout.setSpacing(14)
    page.setWidget(body)
    return layout


def save_cancel(
    object_name: str, on_save: Callable[[], object], on_cancel: Callable[[], object]
) -> QDialogButtonBox:
    """The Save and Cancel buttons of a dialog, in the platform's order."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.setObjectName(object_name)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(on_cancel)
    return buttons


# Room (px) for a window manager's frame and title bar that Qt cannot measure yet (as main_window's).
UNKNOWN_FRAME = QSize(16, 40)


def fit_to_screen(window: QWidget, available: QRect | None = None) -> None:
    """Keep a dialog or window inside `available` (px; default: its screen's available geometry), its
    title bar and buttons on screen, and give wrapped text the height it needs at the width it has.

    A dialog whose content cannot shrink to the screen gets its body (all but the button row at the
    bottom) put in a scroll area once, so it scrolls up and down instead of running off the screen."""
    if available is None:
        screen = window.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
    window.setProperty(_AVAILABLE, available)
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = max(frame.height() - window.height(), 0)
    if extra_h == 0 and window.isWindow():
        # Before the window manager has framed the window (at its first Show) Qt reports no frame; the
        # title bar added afterwards then sat above the screen. Keep room for a typical one.
        extra_w, extra_h = max(extra_w, UNKNOWN_FRAME.width()), UNKNOWN_FRAME.height()
    room_w, room_h = available.width() - extra_w, available.height() - extra_h
    width = min(max(window.width(), window.minimumSizeHint().width()), room_w)
    layout = window.layout()
    needed = window.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    hint = window.minimumSizeHint()
    if (needed > room_h or hint.height() > room_h or hint.width() > room_w) and scroll_body(window, room_w):
        layout = window.layout()
        if layout is not None:
            layout.activate()  # the window's minimum size follows the new, scrolling body now
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        area = window.findChild(QScrollArea, f"{window.objectName() or 'window'}Scroll")
        wanted = area.minimumWidth() + sides if area is not None else 0
        width = min(max(width, window.minimumSizeHint().width(), wanted), room_w)
    height = min(max(window.height(), needed), room_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), available.left()), available.right() + 1 - window.width() - extra_w)
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - window.height() - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, available.left()), max(y, available.top()))


_SCROLLED = "coachBodyScrolls"
_AVAILABLE = "coachAvailableArea"


def available_area(window: QWidget) -> QRect | None:
    """The screen area (px) `window` was last fitted to by `fit_to_screen`, else its screen's available
    geometry (None without a screen)."""
    kept = window.property(_AVAILABLE)
    if isinstance(kept, QRect):
        return kept
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else None


def scroll_body(window: QWidget, max_width: int = 100_000) -> bool:
    """Move everything in `window`'s box layout but its button row at the bottom into a frameless scroll
    area (once), as wide as the body needs beside a scroll bar (at most `max_width` px). Returns whether
    it did (False: no box layout, or already done)."""
    layout = window.layout()
    if not isinstance(layout, QBoxLayout) or window.property(_SCROLLED):
        return False
    footer = layout.count()
    while footer > 0 and _is_button_row(layout.itemAt(footer - 1)):
        footer -= 1
    if footer == 0:
        return False
    body = QWidget()
    body.setObjectName(f"{window.objectName() or 'window'}Body")
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 6, 0)  # room beside the scroll bar
    inner.setSpacing(layout.spacing())
    for _ in range(footer):
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        child, sub = item.widget(), item.layout()
        if child is not None:
            inner.addWidget(child, stretch, item.alignment())
        elif sub is not None:
            sub.setParent(None)
            inner.addLayout(sub, stretch)
        else:
            inner.addItem(item)
    area = QScrollArea()
    area.setObjectName(f"{window.objectName() or 'window'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(body)
    body.ensurePolished()  # its style sheet fonts, so the width below is the one it will need
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    margins = layout.contentsMargins()
    room = max_width - margins.left() - margins.right()
    # Its preferred width where the screen allows, else its smallest; a scroll bar and the frame beside it.
    wanted = body.sizeHint().width() + bar + 12
    if wanted > room:
        wanted = body.minimumSizeHint().width() + bar + 12
    if wanted <= room:  # else the body is too wide for any screen here: it scrolls sideways (the audit says)
        area.setMinimumWidth(wanted)
    layout.insertWidget(0, area, 1)
    window.setProperty(_SCROLLED, True)
    return True


def _is_button_row(item: QLayoutItem | None) -> bool:
    if item is None:
        return False
    widget, sub = item.widget(), item.layout()
    if widget is not None:
        return isinstance(widget, (QDialogButtonBox, QPushButton))
    if sub is not None:
        children = [sub.itemAt(i) for i in range(sub.count())]
        widgets = [c.widget() for c in children if c is not None and c.widget() is not None]
        return bool(widgets) and all(isinstance(w, (QPushButton, QDialogButtonBox)) for w in widgets)
    return item.spacerItem() is not None


class _BuddyLabel(QLabel):
    """A wrapped label that toggles its check box when clicked, as a check box's own text does."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._box.isEnabled():
            self._box.toggle()
            self._box.setFocus()
        super().mouseReleaseEvent(event)


def wrapping_check(text: str, object_name: str) -> tuple[QCheckBox, QWidget]:
    """A check box whose text wraps on a narrow window or at a large text size (a QCheckBox's own text
    never wraps, so a long one pushes the form sideways). Returns the box (for its state, named
    `object_name` and read as `text` by screen readers) and the row to put in the layout."""
    box = QCheckBox()
    box.setObjectName(object_name)
    box.setAccessibleName(text)
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(box, 0)
    label = _BuddyLabel(text, box)
    label.setObjectName(f"{object_name}Text")
    line.addWidget(label, 1)
    return box, row


class FlowLayout(QLayout):
    """A row of buttons (or other widgets) that wraps onto further lines when the window is too narrow for
    one, left-aligned, `spacing` px apart: a button row never squeezes its buttons or pushes a page
    sideways. `addStretch` of a box layout has no meaning here: items are packed from the left."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._gap * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            size = (
                item.sizeHint().boundedTo(QSize(area.width(), 1_000_000))
                if area.width() > 0
                else item.sizeHint()
            )
            if x > area.x() and x + size.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(x, y, size.width(), size.height()))
            x += size.width() + self._gap
            line = max(line, size.height())
        return y + line - rect.y() + m.bottom()
