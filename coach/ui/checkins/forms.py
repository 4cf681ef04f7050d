"""Questionnaire widgets for the Check-in page: an optional yes/no question, the "still empty" messages,
and the "talk with your prescriber" card (the questions' grid is coach.ui.checkins.choice_grid)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from coach.services.checkins.service import PrescriberCard
from coach.ui.checkins.choice_grid import Arrangement, ChoiceGrid
from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.widgets.common import button, card, named, text_label

__all__ = ["Arrangement", "ChoiceGrid", "PrescriberCardView", "YesNo", "empty_lines_message", "numbers_text"]


class YesNo(QWidget):
    """An optional yes/no question: `value()` is True, False or None (not answered)."""

    def __init__(self, object_name: str, question: str, tooltip: str = "") -> None:
        super().__init__()
        self.setObjectName(object_name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = text_label(question)  # wraps on a narrow window rather than push the form sideways
        label.setToolTip(tooltip)
        row.addWidget(label, 1)
        self.group = QButtonGroup(self)
        self.yes = named(QRadioButton("Yes"), f"{object_name}_yes", f"{question} Yes")
        self.no = named(QRadioButton("No"), f"{object_name}_no", f"{question} No")
        for value, radio in ((1, self.yes), (0, self.no)):
            self.group.addButton(radio, value)
            row.addSpacing(12)
            row.addWidget(radio)
        row.addStretch(1)
        self.keys = RadioKeys(self.group)

    def value(self) -> bool | None:
        """True for Yes, False for No, None while neither is chosen."""
        checked = self.group.checkedId()
        return None if checked < 0 else bool(checked)

    def clear(self) -> None:
        """Choose neither answer (after a save)."""
        self.group.setExclusive(False)  # an exclusive group cannot be emptied otherwise
        self.yes.setChecked(False)
        self.no.setChecked(False)
        self.group.setExclusive(True)
        self.keys.update_tab_stop()


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
