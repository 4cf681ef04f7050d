"""Asking before a destructive or weighty action: a small window naming what will happen, with a button
that says the action ("Remove step") and one that keeps things as they are (the default)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    do_text: str,
    action: Callable[[], object],
    keep_text: str = "Cancel",
    detail: str = "",
) -> QMessageBox:
    """Open a window-modal question (it does not block the event loop) and run `action()` only when the
    person presses `do_text`; `keep_text` (also Esc, and the default for Enter) changes nothing. Returns
    the box (object name "confirmBox"; its buttons "confirmDo" and "confirmKeep"); it deletes itself
    when closed."""
    box = QMessageBox(parent)
    box.setObjectName("confirmBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a page asked many times keeps no old boxes
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    do = box.addButton(do_text, QMessageBox.ButtonRole.AcceptRole)
    do.setObjectName("confirmDo")
    keep = box.addButton(keep_text, QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("confirmKeep")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def finished(_result: int) -> None:
        box.setObjectName("")  # until it is deleted, a new question is the only "confirmBox"
        if box.clickedButton() is do:
            action()

    box.finished.connect(finished)
    box.open()
    return box
