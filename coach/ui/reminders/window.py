"""The reminder pop-up: a small window with the actions a tray balloon cannot offer (start now, snooze,
skip today), shown near the bottom-right corner of the screen without taking the keyboard focus."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from coach.domain.reminder_messages import Notification
from coach.domain.reminders import SNOOZE_MINUTES
from coach.domain.wording import count
from coach.ui.widgets.common import FlowLayout, available_area, fit_to_screen, plain_label

# Space (px) between the pop-up and the screen's edges, and its width when the screen leaves room: wide
# enough for the snoozes on one line at normal text, narrow enough to stay a corner notice.
EDGE = 24
WIDTH_EM = 40


class ReminderWindow(QWidget):
    """A small window with the actions a tray balloon cannot offer.

    Not stay-on-top: it once covered Help now in the main window and stayed over it after a click there;
    a normal tool window goes behind the main window when that is activated (Help now raises it).
    Shown without activation, so typing in another window carries on; it can still be clicked or
    focused by the window manager, so its buttons stay reachable by keyboard.

    Its two button rows wrap (FlowLayout): at 1024x600 with 200% text "Snooze 10 minutes" once read
    "ooze 10 minut", squeezed into one row wider than the screen.
    """

    startRequested = Signal()
    snoozeRequested = Signal(int)
    skipRequested = Signal()
    closeRequested = Signal()  # closed without an answer (the window hides itself too)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setObjectName("reminderWindow")
        self.setAccessibleName("Reminder")
        self.setWindowTitle("Reminder")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        self.title = plain_label()
        self.title.setObjectName("reminderTitle")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.message = plain_label()
        self.message.setObjectName("reminderMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        row = self._buttons_row = FlowLayout()
        self.start_button = self._button("Start now", "reminderStart", "Start now")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.startRequested.emit)
        row.addWidget(self.start_button)
        self.skip_button = self._button("Skip today", "reminderSkip", "Skip today")
        self.skip_button.clicked.connect(self.skipRequested.emit)
        row.addWidget(self.skip_button)
        self.close_button = self._button("Close", "reminderClose", "Close reminder")
        self.close_button.clicked.connect(self.hide)
        self.close_button.clicked.connect(self.closeRequested.emit)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        # Snoozes on their own row: spelled out ("Snooze 5 minutes") they would not fit beside the others.
        snoozes = self._snoozes_row = FlowLayout()
        self.snooze_buttons: dict[int, QPushButton] = {}
        for minutes in SNOOZE_MINUTES:
            text = f"Snooze {count(minutes, 'minute')}"
            b = self._button(text, f"reminderSnooze{minutes}", text)
            b.setToolTip(f"Remind me again in {count(minutes, 'minute')}")
            b.clicked.connect(lambda _=False, m=minutes: self.snoozeRequested.emit(m))
            self.snooze_buttons[minutes] = b
            snoozes.addWidget(b)
        layout.addLayout(snoozes)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(accessible)
        return b

    def present(self, note: Notification, available: QRect | None = None) -> None:
        """Show `note` near the bottom-right corner of `available` (px; default: the screen's available
        area), the whole pop-up inside it, its rows wrapped to the width it has."""
        self.title.setText(note.title)
        self.title.setAccessibleName(note.title)
        self.message.setText(note.message)
        self.message.setAccessibleName(note.message)
        for b in self.snooze_buttons.values():
            b.setVisible(not note.heads_up)
        area = available if available is not None else available_area(self)
        layout = self.layout()
        if area is not None and layout is not None:
            layout.activate()
            # As wide as the longer button row on one line (the message reads well at WIDTH_EM characters),
            # never wider than the screen less its edges: then the rows wrap.
            margins = layout.contentsMargins()
            rows = max(self._buttons_row.sizeHint().width(), self._snoozes_row.sizeHint().width())
            wanted = max(rows, self.message.fontMetrics().averageCharWidth() * WIDTH_EM)
            width = max(
                min(wanted + margins.left() + margins.right(), area.width() - 2 * EDGE),
                layout.minimumSize().width(),
            )
            self.resize(width, layout.totalHeightForWidth(width))
            fit_to_screen(self, area)  # inside the screen, title bar and all, at any text size
            frame = self.frameGeometry()
            extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
            x = area.right() + 1 - EDGE - self.width() - extra_w
            y = area.bottom() + 1 - EDGE - self.height() - extra_h
            self.move(max(x, area.left()), max(y, area.top()))
        else:
            self.adjustSize()
        self.show()  # no raise_()/activateWindow(): the person's focus stays where it is
