"""The Welcome dialog asks, it does not assume (issue 13 trial): "Do you take opioid pain medicines?" had
"Yes" chosen already, so pressing Enter recorded opioid use."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QScrollBar
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.ui.profiles.first_run import FirstRunDialog
from coach.ui.theme import apply_theme
from coach.ui.widgets.common import fit_to_screen


def test_no_answer_is_chosen_and_enter_asks_for_one(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.opioids_yes.isChecked() and not dialog.opioids_no.isChecked()
    dialog.nickname.setText("Jo")
    qtbot.keyClick(dialog.nickname, Qt.Key.Key_Return)
    assert dialog.isVisible()  # not saved
    assert not ctx.store.profile().onboarded
    message = dialog.findChild(QLabel, "firstRunError")
    assert message is not None and message.isVisible()
    assert "opioid" in message.text() and "\n" not in message.text()
    dialog.opioids_no.setChecked(True)
    qtbot.keyClick(dialog.nickname, Qt.Key.Key_Return)
    assert ctx.store.profile().onboarded and not ctx.store.profile().takes_opioids


def test_large_text_on_a_small_screen_wraps_the_questions_instead_of_scrolling_sideways(
    qtbot: QtBot, ctx: AppContext, qapp: QApplication
) -> None:
    # A thin horizontal scroll bar under the form was the stray line at the bottom of the dialog.
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    try:
        apply_theme(qapp, "dark", 200)
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        fit_to_screen(dialog, QRect(0, 0, 800, 600))
        bars = [b for b in dialog.findChildren(QScrollBar) if b.isVisible()]
        assert not [b for b in bars if b.orientation() == Qt.Orientation.Horizontal]
        assert dialog.opioids_no.isVisible() and dialog.save_button.isVisible()
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setFont(font)
