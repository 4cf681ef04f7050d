"""Questionnaire widgets for the Check-in page: a grid of questions with one choice per row, and the
"talk with your prescriber" card."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from coach.services.checkins.service import PrescriberCard
from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.theme import set_role
from coach.ui.widgets.common import button, card, plain_label, text_label


class ChoiceGrid(QWidget):
    """One row per question, one radio button per option. Each row is its own exclusive group and one Tab
    stop; Left/Right choose within a row, Up/Down move between questions (coach.ui.checkins.radio_keys)."""

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
            head = plain_label(option)
            head.setWordWrap(True)
            head.setProperty("role", "muted")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, column)
        self.groups: list[QButtonGroup] = []
        self.labels: list[QLabel] = []
        self._questions = list(questions)
        self._flagged: set[int] = set()
        for row, question in enumerate(questions):
            label = plain_label(f"{row + 1}. {question}")
            label.setWordWrap(True)
            label.setMinimumWidth(160)  # room for the answer columns on a small screen
            self.labels.append(label)
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
            group.idClicked.connect(lambda value, r=row: self._on_answer(r, value))
            self.groups.append(group)
        grid.setColumnStretch(0, 1)
        self.keys = [
            RadioKeys(group, up=partial(self._focus_row, row - 1), down=partial(self._focus_row, row + 1))
            for row, group in enumerate(self.groups)
        ]

    def _focus_row(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.keys[row].focus()

    def _on_answer(self, row: int, value: int) -> None:
        if row in self._flagged:
            self.flag(self._flagged - {row})
        self.answered.emit(row, value)

    def flag(self, rows: set[int] | list[int]) -> None:
        """Mark the questions at zero-based `rows` as still to answer (words and colour, never colour
        alone); every other row is unmarked."""
        self._flagged = set(rows)
        for row, label in enumerate(self.labels):
            flagged = row in self._flagged
            suffix = "  (still empty)" if flagged else ""
            label.setText(f"{row + 1}. {self._questions[row]}{suffix}")
            set_role(label, "warning" if flagged else "")

    def is_flagged(self, row: int) -> bool:
        return row in self._flagged

    def fill_missing(self, value: int) -> list[int]:
        """Answer every unanswered row with `value` (e.g. 0, "None"), as clicks would; returns the
        zero-based rows filled."""
        rows = [i for i, v in enumerate(self.values()) if v is None]
        for row in rows:
            self.choose(row, value)
        return rows

    def values(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() >= self.first_value else None for g in self.groups]

    def choose(self, row: int, value: int) -> None:
        """Pick an answer as a click would (tests, keyboard helpers)."""
        self.groups[row].button(value).click()

    def clear(self) -> None:
        self.flag(set())
        for group in self.groups:
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)
        for keys in self.keys:
            keys.update_tab_stop()

    def missing(self) -> list[int]:
        """The one-based numbers of the questions not answered yet."""
        return [i + 1 for i, v in enumerate(self.values()) if v is None]


def numbers_text(numbers: Sequence[int]) -> str:
    """Question numbers for a sentence, runs of three or more as ranges: [3] -> "3", [2, 5] -> "2 and 5",
    [2, 3, 4, 5, 9] -> "2 to 5 and 9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    texts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            texts.append(f"{run[0]} to {run[-1]}")
        else:
            texts.extend(str(n) for n in run)
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def empty_lines_message(missing: Sequence[int], noun: str = "line", fill_hint: str = "") -> str:
    """Every empty question named at once: "Line 16 is still empty." or "14 lines are still empty: 2, 3 ...
    and 16." followed by `fill_hint`. `missing` are one-based numbers, never empty."""
    if len(missing) == 1:
        text = f"{noun.capitalize()} {missing[0]} is still empty."
    else:
        text = f"{len(missing)} {noun}s are still empty: {numbers_text(missing)}."
    return f"{text} {fill_hint}".strip()


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
