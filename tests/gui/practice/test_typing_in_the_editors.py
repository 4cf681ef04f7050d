"""The exercise and script editors take typing naturally (issue 13): a pause typed as "1:30" or "90s" is 90
seconds, a click into a number box selects it so typing replaces it, and labels spell out "seconds"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.ui.practice.exercise_editor import ExerciseEditor
from coach.ui.practice.script_editor import ScriptEditor, step_summary
from coach.ui.widgets.time_entry import parse_seconds


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("1:30", 90),
        ("1m30", 90),
        ("1 min 30 s", 90),
        ("2,5", 2.5),
        ("2 minutes", 120),
    ],
)
def test_a_length_is_read_as_people_write_it(typed: str, seconds: float) -> None:
    assert parse_seconds(typed) == seconds


def _editor(qtbot: QtBot) -> ScriptEditor:
    editor = ScriptEditor()
    qtbot.addWidget(editor)
    editor.set_steps([{"kind": "speak", "text": "Settle in."}, {"kind": "pause", "seconds": 5}])
    editor.show()
    editor.step_list.setCurrentRow(1)
    return editor


def test_typing_one_thirty_in_the_pause_gives_ninety_seconds(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    box = editor.seconds
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    # The whole value is selected once the click has placed the cursor.
    qtbot.waitUntil(lambda: box.lineEdit().selectedText() == "5")
    qtbot.keyClicks(box.lineEdit(), "1:30")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)
    assert box.value() == 90
    assert editor.steps[1]["seconds"] == 90
    assert step_summary(editor.steps[1]) == "Quiet for 1 min 30 s"
    assert step_summary({"kind": "pause", "seconds": 1}) == "Quiet for 1 second"


def test_the_pause_label_says_seconds(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    labels = [w.text() for w in editor.findChildren(QLabel)]
    assert "Pause (seconds)" in labels and "Pause (s)" not in labels
    form = next(f for f in editor.findChildren(QFormLayout) if f.labelForField(editor.seconds) is not None)
    assert form.labelForField(editor.seconds).text() == "Pause (seconds)"


def test_typing_in_the_minutes_box_replaces_the_value(qtbot: QtBot, ctx: AppContext) -> None:
    editor = ExerciseEditor(ctx, lambda _message: None)
    qtbot.addWidget(editor)
    editor.show()
    editor.minutes.setValue(5)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.mouseClick(editor.minutes.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.minutes.lineEdit().selectedText() == "5")
    qtbot.keyClicks(editor.minutes.lineEdit(), "12")
    assert editor.minutes.value() == 12
