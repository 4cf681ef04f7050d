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
