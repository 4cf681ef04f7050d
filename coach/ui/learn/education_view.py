"""Learn: the OIH-versus-tolerance pages, one at a time, and the self-check that sorts what you notice into a
pattern to talk over with your prescriber, with a way on to the same lesson in the Learn course."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.learn import education
from coach.ui.widgets.common import button, card, named, text_label, wrapping_check

SELF_CHECK_ROW = "Self-check"


class EducationView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        module_id: str = education.OIH_MODULE,
        parent: QWidget | None = None,
        open_lesson: Callable[[str], None] | None = None,
    ) -> None:
        """`open_lesson(lesson_id)`, when given, shows a button that opens this topic's lesson in Learn."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("educationView")
        # The pages' list beside the text on a wide window, above it on a narrow one or at a large text
        # size (see resizeEvent), so the text keeps a readable width and never scrolls sideways.
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._row = row
        try:
            self.module: education.Module | None = education.get_module(module_id)
        except CoachError as exc:
            self.module = None
            row.addWidget(text_label(f"This module could not be loaded: {exc}", role="warning"))
            return
        self.contents = QListWidget()
        named(self.contents, "eduContents", "Pages of this module")
        self.contents.setMaximumWidth(280)
        self.contents.setWordWrap(True)
        for page in self.module.pages:
            self.contents.addItem(page.title)
        if self.module.self_check is not None:
            self.contents.addItem(SELF_CHECK_ROW)
        row.addWidget(self.contents)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.heading = text_label("", role="subtitle", object_name="eduHeading")
        self.text = text_label("", object_name="eduText")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.text)
        self.check_box = self._build_self_check()
        self.body.addWidget(self.check_box)
        nav = QHBoxLayout()
        self.back_button = button("Back", "eduBack", "Previous page")
        self.next_button = button("Next", "eduNext", "Next page", role="primary")
        self.back_button.clicked.connect(lambda: self.contents.setCurrentRow(self.contents.currentRow() - 1))
        self.next_button.clicked.connect(lambda: self.contents.setCurrentRow(self.contents.currentRow() + 1))
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        self.body.addLayout(nav)
        self.course_button = button(
            "More in the Learn course", "eduOpenCourse", "Open this lesson on the Learn page"
        )
        self.course_button.setVisible(open_lesson is not None)
        if open_lesson is not None:
            lesson_id = self.module.id  # the course keeps the module's id for its lesson on the same topic
            self.course_button.clicked.connect(lambda: open_lesson(lesson_id))
        self.body.addWidget(self.course_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(
            text_label(f"Sources: {self.module.source}", role="muted", object_name="eduSources")
        )
        self.body.addStretch(1)
        scroll.setWidget(body)
        row.addWidget(scroll, 1)
        self.contents.currentRowChanged.connect(self._show)
        self.contents.setCurrentRow(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side from about 75 characters wide, else the list of pages above the text."""
        if self.module is not None:
            wide = event.size().width() >= self.fontMetrics().averageCharWidth() * 75
            direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            if self._row.direction() != direction:
                self._row.setDirection(direction)
                self.contents.setMaximumWidth(280 if wide else 16_777_215)
                self.contents.setMaximumHeight(16_777_215 if wide else self.fontMetrics().lineSpacing() * 6)
        super().resizeEvent(event)

    def _build_self_check(self) -> QWidget:
        frame, box = card("selfCheck")
        self.answers: dict[str, QCheckBox] = {}
        check = self.module.self_check if self.module else None
        if check is None:
            frame.setVisible(False)
            return frame
        box.addWidget(text_label(check.intro))
        for question in check.questions:
            # Wrapping words: a check box's own long text pushed the page sideways at a large text size.
            tick, tick_row = wrapping_check(question.text, f"selfCheck_{question.id}")
            box.addWidget(tick_row)
            self.answers[question.id] = tick
        self.evaluate_button = button("See what this may mean", "selfCheckEvaluate", role="primary")
        self.evaluate_button.clicked.connect(self.evaluate)
        box.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result_title = text_label("", role="subtitle", object_name="selfCheckResultTitle")
        self.result = text_label("", object_name="selfCheckResult")
        self.always = text_label("", role="warning", object_name="selfCheckAlways")
        for widget in (self.result_title, self.result, self.always):
            widget.setVisible(False)
            box.addWidget(widget)
        return frame

    def show_self_check(self) -> None:
        if self.module is not None and self.module.self_check is not None:
            self.contents.setCurrentRow(self.contents.count() - 1)

    def _show(self, row: int) -> None:
        if self.module is None or row < 0:
            return
        pages = self.module.pages
        on_check = row >= len(pages)
        self.check_box.setVisible(on_check)
        self.text.setVisible(not on_check)
        if on_check and self.module.self_check is not None:
            self.heading.setText(self.module.self_check.title)
        else:
            page = pages[row]
            self.heading.setText(page.title)
            self.text.setText("\n\n".join(page.paragraphs))
        self.back_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.contents.count() - 1)

    def evaluate(self) -> education.SelfCheckResult | None:
        if self.module is None or self.module.self_check is None:
            return None
        result = education.evaluate_self_check(
            self.module.self_check, {key: tick.isChecked() for key, tick in self.answers.items()}
        )
        self.result_title.setText(result.title)
        self.result.setText(result.text)
        self.always.setText(result.always)
        for widget in (self.result_title, self.result, self.always):
            widget.setVisible(True)
        return result
