"""The reminder pop-up on a small screen with large text (issue 13): its snooze buttons read "ooze 10 minut"
at 1024x600 with big text. Every button shows its whole label, the rows wrap instead of squeezing, and the
whole pop-up sits inside the screen near its bottom-right corner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coach.domain.reminder_messages import Notification
from coach.ui.reminders.window import ReminderWindow
from coach.ui.theme import apply_theme
from tests.gui.layout.audit import geometry_findings, settle

NOTE = Notification(
    "Time for your practice",
    "Morning body scan is ready whenever you are: about 10 minutes, lying down or seated.",
    (),
)


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.mark.parametrize(
    ("width", "height", "scale", "theme"),
    [
        (1024, 600, 150, "light"),
        (1024, 600, 200, "dark"),
        (1366, 768, 100, "light"),
        (1920, 1080, 200, "light"),
    ],
)
def test_the_pop_up_shows_every_button_whole_inside_the_screen(
    qtbot: QtBot, qapp: QApplication, look: None, width: int, height: int, scale: int, theme: str
) -> None:
    apply_theme(qapp, theme, scale)
    screen = QRect(0, 0, width, height)
    window = ReminderWindow()
    qtbot.addWidget(window)
    window.present(NOTE, screen)
    settle()
    assert geometry_findings(window, screen.size()) == []
    buttons = [window.start_button, window.skip_button, window.close_button, *window.snooze_buttons.values()]
    for button in buttons:
        assert button.isVisible()
        assert button.width() >= button.sizeHint().width(), button.text()  # padding and all: never "ooze"
        assert window.rect().contains(button.geometry()), button.text()
    assert screen.contains(window.frameGeometry())
    # Near the bottom-right corner, where notifications come, not over the middle of the person's work.
    assert window.frameGeometry().right() > width * 0.75
    assert window.frameGeometry().bottom() > height * 0.6


def test_a_heads_up_has_no_snooze_buttons_and_is_no_taller_than_it_needs(
    qtbot: QtBot, qapp: QApplication, look: None
) -> None:
    apply_theme(qapp, "light", 150)
    window = ReminderWindow()
    qtbot.addWidget(window)
    heads_up = Notification("In 10 minutes", "Morning body scan", (), heads_up=True)
    window.present(heads_up, QRect(0, 0, 1024, 600))
    settle()
    assert not any(b.isVisible() for b in window.snooze_buttons.values())
    assert window.height() <= window.layout().totalHeightForWidth(window.width()) + 2
