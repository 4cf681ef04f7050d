"""The Welcome dialog asks, it does not assume (issue 13 trial): "Do you take opioid pain medicines?" had
"Yes" chosen already, so pressing Enter recorded opioid use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.ui.profiles.first_run import FirstRunDialog


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
