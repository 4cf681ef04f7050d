"""The reminder window as a person reads it (issue 13): snooze buttons say "Snooze 5 minutes", not "5 min",
and every button is wide enough for its words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from coach.domain.reminder_messages import Notification
from coach.services.context import AppContext
from coach.ui.reminders.editor import RuleEditor
from coach.ui.reminders.window import ReminderWindow


def test_snooze_buttons_say_snooze_and_minutes_in_full(qtbot: QtBot) -> None:
    window = ReminderWindow()
    qtbot.addWidget(window)
    window.present(Notification("Time for your practice", "Body scan, about 10 minutes.", ()))
    window.show()
    texts = [b.text() for b in window.snooze_buttons.values()]
    assert texts == ["Snooze 5 minutes", "Snooze 10 minutes", "Snooze 30 minutes"]
    for button in [*window.snooze_buttons.values(), window.start_button, window.skip_button]:
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
    assert window.width() <= 1024


def test_the_heads_up_says_minutes_in_full(qtbot: QtBot, ctx: AppContext) -> None:
    editor = RuleEditor(ctx)
    qtbot.addWidget(editor)
    editor.heads_up.setValue(10)
    assert editor.heads_up.text() == "10 minutes before"
