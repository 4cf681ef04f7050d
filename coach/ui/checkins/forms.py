"""Questionnaire widgets for the Check-in page: a grid of questions with one choice per row, and the
"talk with your prescriber" card."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from coach.services.checkins.service import PrescriberCard
from coach.ui.widgets.common import button, card, text_label


class ChoiceGrid(QWidget):
    """One row per question, one radio button per option. Each row is its own exclusive group, so arrow keys
    move within a row and Tab moves between rows."""

    answered = Signal(int, int)  # row, value

    def __init__(
        self,
        object_name: str,
        questions: Sequence[str],
        options: Sequence[str],
        first_value: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.first_value = first_value
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        for column, option in enumerate(options, start=1):
            head = QLabel(option)
            head.setWordWrap(True)
            head.setProperty("role", "muted")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, column)
        self.groups: list[QButtonGroup] = []
        for row, question in enumerate(questions):
            label = QLabel(f"{row + 1}. {question}")
            label.setWordWrap(True)
            label.setMinimumWidth(160)  # room for the answer columns on a small screen
            grid.addWidget(label, row + 1, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for column, option in enumerate(options):
                value = first_value + column
                radio = QRadioButton()
                radio.setObjectName(f"{object_name}_{row}_{value}")
                radio.setAccessibleName(f"{question}: {option}")
                group.addButton(radio, value)
                grid.addWidget(radio, row + 1, column + 1, Qt.AlignmentFlag.AlignCenter)
            group.idClicked.connect(lambda value, r=row: self.answered.emit(r, value))
            self.groups.append(group)
        grid.setColumnStretch(0, 1)

    def values(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() >= self.first_value else None for g in self.groups]

    def choose(self, row: int, value: int) -> None:
        """Pick an answer as a click would (tests, keyboard helpers)."""
        self.groups[row].button(value).click()

    def clear(self) -> None:
        for group in self.groups:
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)

    def missing(self) -> list[int]:
        return [i + 1 for i, v in enumerate(self.values()) if v is None]


class PrescriberCardView(QWidget):
    """Shows a PrescriberCard: why it appeared, and the data to bring, with a copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.frame, box = card("prescriberCard")
        self.title = text_label("", role="subtitle", object_name="prescriberCardTitle")
        self.why = text_label("", object_name="prescriberCardWhy")
        self.lines = text_label("", object_name="prescriberCardLines")
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.safety = text_label("", role="muted", object_name="prescriberCardSafety")
        self.copy_button = button("Copy these notes", "copyPrescriberNotes")
        self.copy_button.clicked.connect(self.copy)
        for widget in (self.title, self.why, self.lines, self.safety):
            box.addWidget(widget)
        box.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.frame)
        self.setVisible(False)

    def show_card(self, data: PrescriberCard | None) -> None:
        self.setVisible(data is not None)
        if data is None:
            return
        self.title.setText(data.title)
        self.why.setText(data.why)
        self.lines.setText("\n".join(f"• {line}" for line in data.lines))
        self.safety.setText(data.safety)

    def copy(self) -> None:
        text = "\n".join([self.title.text(), self.why.text(), self.lines.text()])
        QGuiApplication.clipboard().setText(text)
