"""Questionnaire widgets for the Check-in page: a grid of questions with one labelled choice per answer
that reflows to fit, an optional yes/no question, the "still empty" messages, and the "talk with your
prescriber" card."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import partial

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coach.services.checkins.service import PrescriberCard
from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.theme import set_role
from coach.ui.widgets.common import button, card, named, plain_label, text_label

# The question's column in the side-by-side arrangement is at least this many average characters wide;
# narrower, a question would wrap to a word a line, so the answers go under it instead.
QUESTION_MIN_CHARACTERS = 28


class Arrangement(Enum):
    """How a ChoiceGrid lays out each question and its answers (see ChoiceGrid)."""

    BESIDE = "beside"  # the answers in one line beside their question
    UNDER = "under"  # the answers under their question, in as many columns as fit


_UNLIMITED = 16_777_215  # QWIDGETSIZE_MAX


class ChoiceGrid(QWidget):
    """One block per question: its text and a radio button per answer, each button carrying the answer's
    words ("Not at all", "Several days" ...), so no column heading has to stay in sight (a heading above 16
    questions scrolls away, and the person loses which column means what).

    Arranged for the width the form gives it, never scrolling sideways (Arrangement): BESIDE, the answers
    in one line right after the question, when the questions keep at least QUESTION_MIN_CHARACTERS of room;
    else UNDER their question, in as many columns as fit, lines kept even (all in one line, "None Mild
    Moderate" over "Strong Severe", down to a list of one a line). Either way the answers line up in columns from question to
    question. Each question is its own exclusive group and one Tab stop; Left/Right choose within a
    question, Up/Down move between questions (coach.ui.checkins.radio_keys), in every arrangement."""

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
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.groups: list[QButtonGroup] = []
        self.labels: list[QLabel] = []
        self._lines: list[QBoxLayout] = []
        self._answer_boxes: list[QHBoxLayout] = []
        self._answer_grids: list[QGridLayout] = []
        self._questions = list(questions)
        self._flagged: set[int] = set()
        self._arrangement: Arrangement | None = None
        self._columns = 0
        for row, question in enumerate(questions):
            block = QWidget()
            block.setObjectName(f"{object_name}Question{row + 1}")
            line = QBoxLayout(QBoxLayout.Direction.LeftToRight, block)
            line.setContentsMargins(0, 0, 0, 0)
            label = plain_label(f"{row + 1}. {question}")
            label.setWordWrap(True)
            self.labels.append(label)
            line.addWidget(label)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for column, option in enumerate(options):
                value = first_value + column
                radio = QRadioButton(option)
                radio.setObjectName(f"{object_name}_{row}_{value}")
                radio.setAccessibleName(f"{question}: {option}")
                group.addButton(radio, value)
            answers = QGridLayout()
            box = QHBoxLayout()  # the answers at their own width, packed to the left
            box.addLayout(answers)
            box.addStretch(1)
            line.addLayout(box, 1)
            group.idClicked.connect(lambda value, r=row: self._on_answer(r, value))
            self.groups.append(group)
            self._lines.append(line)
            self._answer_boxes.append(box)
            self._answer_grids.append(answers)
            self._column.addWidget(block)
        self.keys = [
            RadioKeys(group, up=partial(self._focus_row, row - 1), down=partial(self._focus_row, row + 1))
            for row, group in enumerate(self.groups)
        ]
        self._arrange(self.width())

    # --- reflow ----------------------------------------------------------------------------------
    def _gap(self) -> int:
        """Space between two answers in a line (px): wider than a button's own gap between its circle and
        its words, so each circle reads as belonging to the words on its right."""
        return self.fontMetrics().height()

    def _radios(self) -> list[QAbstractButton]:
        return self.groups[0].buttons()

    def _answers_width(self, columns: int) -> int:
        """The width (px) of one question's answers in `columns` columns, in the current font."""
        widths = [r.sizeHint().width() for r in self._radios()]
        return sum(max(widths[j::columns]) for j in range(columns)) + self._gap() * (columns - 1)

    def _indent(self) -> int:
        """How far answers under their question are indented (px)."""
        return self.fontMetrics().averageCharWidth() * 2

    def _question_width(self, width: int) -> int:
        """The questions' column beside the answers (px): as wide as the longest question in one line, so
        the answers sit right after it, but never so wide that the answers do not fit in `width`."""
        longest = max(label.fontMetrics().horizontalAdvance(label.text()) for label in self.labels)
        room = width - self._gap() - self._answers_width(len(self._radios()))
        return max(0, min(longest + self._gap(), room))

    def beside_width(self) -> int:
        """The narrowest width (px) at which the answers sit beside their questions, in the current font."""
        question = self.fontMetrics().averageCharWidth() * QUESTION_MIN_CHARACTERS
        return question + self._gap() + self._answers_width(len(self._radios()))

    def arrangement_for(self, width: int) -> Arrangement:
        """The arrangement at `width` px (see Arrangement)."""
        return Arrangement.BESIDE if width >= self.beside_width() else Arrangement.UNDER

    def columns_for(self, width: int) -> int:
        """How many answers a line holds at `width` px: all of them beside the question or when they fit
        under it, else as many as fit, at least one."""
        count = len(self._radios())
        if self.arrangement_for(width) is Arrangement.BESIDE:
            return count
        room = width - self._indent()
        fits = next((n for n in range(count, 1, -1) if self._answers_width(n) <= room), 1)
        lines = -(-count // fits)
        return -(-count // lines)  # lines as even as they can be: 3 over 2 rather than 4 over 1

    def arrangement(self) -> Arrangement:
        """The arrangement now."""
        return self._arrangement or self.arrangement_for(self.width())

    def answer_columns(self) -> int:
        """How many answers a line holds now (see columns_for)."""
        return self._columns or self.columns_for(self.width())

    def _arrange(self, width: int) -> None:
        arrangement, columns = self.arrangement_for(width), self.columns_for(width)
        beside = arrangement is Arrangement.BESIDE
        gap, indent = self._gap(), self._indent()
        question = self._question_width(width) if beside else 0
        rows = zip(self._lines, self._answer_boxes, self._answer_grids, self.labels, self.groups, strict=True)
        for line, box, answers, label, group in rows:
            line.setDirection(
                QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
            )
            line.setSpacing(0 if beside else max(2, gap // 4))
            if beside:
                label.setFixedWidth(question)
            else:
                label.setMinimumWidth(0)
                label.setMaximumWidth(_UNLIMITED)
            box.setContentsMargins(0 if beside else indent, 0, 0, 0)
            answers.setHorizontalSpacing(gap)
            answers.setVerticalSpacing(max(2, gap // 4))
            if columns != self._columns:
                for n, radio in enumerate(group.buttons()):
                    answers.removeWidget(radio)
                    # At its own width, so a click on its words chooses it and not the space beyond.
                    answers.addWidget(radio, n // columns, n % columns, Qt.AlignmentFlag.AlignLeft)
        # Under their questions, more room between questions than within one, so each question's answers
        # read as its own.
        self._column.setSpacing(gap // 2 if beside else gap)
        if (arrangement, columns) != (self._arrangement, self._columns):
            self._arrangement, self._columns = arrangement, columns
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        # The width of the column arrangement: the form around may be that narrow, and the grid reflows.
        widest = max(r.sizeHint().width() for r in self._radios()) + self._indent()
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # A new text size changes every width above: arrange again for the width the grid has now.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._arrange(self.width())
        super().changeEvent(event)

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
        self._arrange(self.width())  # the questions' column follows its longest text, now with the marks

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
