"""The draft dialog's input messages, from the issue-13 trial: half-typed text clears the old preview and
asks for a number, a dose above the app's limit stays as typed and the limit is given, and each message is
one capitalised sentence shown once."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coach.ui.taper.dialogs import DraftDialog

RANGE = "Type the daily dose now as a number above 0 and up to 5000 MME a day."


@pytest.fixture
def dialog(qtbot: QtBot) -> DraftDialog:
    d = DraftDialog(lambda *_: None, 90.0, date(2026, 11, 30))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert d.preview.count() > 1  # a draft to start from
    return d


def _retype(qtbot: QtBot, dialog: DraftDialog, text: str) -> None:
    box = dialog.start_mme
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Delete)
    qtbot.keyClicks(box.lineEdit(), text)


def _shown_messages(dialog: DraftDialog) -> list[str]:
    items = [dialog.preview.item(i).text() for i in range(dialog.preview.count())]
    return items + ([dialog.error.text()] if dialog.error.isVisible() else [])


def test_half_typed_text_clears_the_old_preview_and_asks_for_a_number(
    qtbot: QtBot, dialog: DraftDialog
) -> None:
    _retype(qtbot, dialog, "abc-5")
    assert dialog.preview.count() == 0
    assert _shown_messages(dialog) == [RANGE]


@pytest.mark.parametrize("typed", ["99999", "0"])
def test_a_dose_out_of_range_stays_as_typed_and_the_range_is_said_once(
    qtbot: QtBot, dialog: DraftDialog, typed: str
) -> None:
    _retype(qtbot, dialog, typed)
    assert dialog.start_mme.lineEdit().text().startswith(typed)  # never silently changed
    assert dialog.preview.count() == 0
    assert _shown_messages(dialog) == [RANGE]
    dialog.ok_button.click()
    assert _shown_messages(dialog) == [RANGE]  # Save says the same, in the same place


def test_a_good_number_brings_the_preview_back_and_the_message_goes(
    qtbot: QtBot, dialog: DraftDialog
) -> None:
    _retype(qtbot, dialog, "0")
    _retype(qtbot, dialog, "120")
    assert dialog.preview.count() > 1 and not dialog.error.isVisible()
