"""The questionnaire grid of the Check-in page: questions with one labelled radio button per answer, laid
out beside or under each question to fit the width and text size, one Tab stop a question."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import partial

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
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

from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.theme import set_role
from coach.ui.widgets.common import plain_label

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
