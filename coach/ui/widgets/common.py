"""Small shared building blocks: titles, cards and buttons with names for tests and screen readers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
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


def title(text: str, object_name: str = "pageTitle") -> QLabel:
    """A page's heading, in the large type of the "title" role."""
    label = QLabel(text)
    label.setObjectName(object_name)
    set_role(label, "title")
    label.setAccessibleName(text)
    return label


def text_label(text: str, role: str = "", object_name: str = "", plain: bool = False) -> QLabel:
    """A wrapping label, styled by the theme's rules for `role` ("muted", "subtitle", "warning"...).
    `plain=True` for text that came from a person or a file (names, notes, a patient's record): shown as
    typed, never read as markup."""
    label = QLabel(text)
    label.setWordWrap(True)
    if plain:
        from PySide6.QtCore import Qt  # only here: the Qt namespace must not load before the first window

        label.setTextFormat(Qt.TextFormat.PlainText)
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
