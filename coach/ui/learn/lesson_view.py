"""One lesson of the Learn course on screen: its pages one at a time, Listen (the exercise player reading
the lesson aloud), the reflection question with kind feedback, "Try this now", and marking it done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.lesson import Lesson
from coach.domain.wording import about_minutes
from coach.services.context import AppContext
from coach.services.learn import lessons
from coach.services.learn.course import CourseService
from coach.ui.widgets.common import button, card, named, text_label


def _exercise_title(exercise_id: str) -> str:
    from coach.services.practice.library import ExerciseLibrary

    try:
        return ExerciseLibrary().get(exercise_id).title
    except CoachError:
        return exercise_id.replace("-", " ").capitalize()


class LessonView(QScrollArea):
    """Shows one lesson; `tryExercise(id)` asks the page to open that exercise. Marking a lesson done goes
    through CourseService, whose Topic.LESSONS broadcast the course list follows."""

    tryExercise = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.course = CourseService(ctx)
        self.lesson: Lesson | None = None
        self.page_index = 0
        self.player: Any = None  # PlayerWidget, made on the first Listen (it owns a media player)
        self.setObjectName("lessonView")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.box = QVBoxLayout(body)
        self.box.setContentsMargins(8, 0, 8, 8)
        self.box.setSpacing(10)
        self.setWidget(body)

        self.heading = text_label("", role="subtitle", object_name="lessonTitle")
        self.summary = text_label("", role="muted", object_name="lessonSummary")
        self.box.addWidget(self.heading)
        self.box.addWidget(self.summary)

        top = QHBoxLayout()
        self.listen_button = button("Listen", "lessonListen", "Listen to this lesson read aloud")
        self.listen_button.clicked.connect(self.listen)
        self.page_label = text_label("", role="muted", object_name="lessonPageCount")
        top.addWidget(self.listen_button)
        self.sheet_button = button(
            "Save the preparation sheet…", "lessonSheet", "Save the preparation sheet as a PDF"
        )
        self.sheet_button.setToolTip("A one-page sheet to fill in and take to your prescriber.")
        self.sheet_button.clicked.connect(lambda: self.save_sheet())
        top.addWidget(self.sheet_button)
        top.addStretch(1)
        self.box.addLayout(top)
        self.notice = text_label("", role="muted", object_name="lessonNotice")
        self.notice.setVisible(False)
        self.box.addWidget(self.notice)
        self.player_holder = QVBoxLayout()
        self.box.addLayout(self.player_holder)

        frame, page_box = card("lessonPage")
        self.page_title = text_label("", role="subtitle", object_name="lessonPageTitle")
        self.page_text = text_label("", object_name="lessonPageText")
        self.page_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        page_box.addWidget(self.page_title)
        nav = QHBoxLayout()
        self.back_button = button("Back", "lessonBack", "Previous page")
        self.next_button = button("Next", "lessonNext", "Next page", role="primary")
        self.back_button.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page_index + 1))
        # On the last page Next becomes "Mark as done", in the same place: no scrolling down to finish.
        self.finish_button = button(
            "Mark as done", "lessonFinish", "Mark this lesson as done", role="primary"
        )
        self.finish_button.clicked.connect(self.mark_done)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.finish_button)
        nav.addStretch(1)
        nav.addWidget(self.page_label)
        # Back and Next sit above the text, so they stay in the same place whatever the page's length.
        page_box.addLayout(nav)
        page_box.addWidget(self.page_text)
        self.box.addWidget(frame)

        self.end_frame, end = card("lessonEnd")
        end.addWidget(text_label("Something to think about", role="subtitle"))
        self.question = text_label("", object_name="lessonQuestion")
        end.addWidget(self.question)
        self.answers_box = QVBoxLayout()
        end.addLayout(self.answers_box)
        self.answer_group = QButtonGroup(self)
        self.answer_group.buttonClicked.connect(self._answered)
        self.feedback = text_label("", object_name="lessonFeedback")
        self.feedback.setVisible(False)
        end.addWidget(self.feedback)
        # The exercise is named in a wrapping line above short buttons, one a row, so the lesson never grows
        # wider than a 1024-pixel screen.
        self.try_text = text_label("", object_name="lessonTryText")
        end.addWidget(self.try_text)
        self.try_button = button("Try this now", "lessonTryThis", role="primary")
        self.try_button.clicked.connect(self._try_this)
        self.done_button = button("Mark as done", "lessonDone", "Mark this lesson as done")
        self.done_button.clicked.connect(self.mark_done)
        end.addWidget(self.try_button, 0, Qt.AlignmentFlag.AlignLeft)
        end.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.done_label = text_label("", role="muted", object_name="lessonDoneNote")
        end.addWidget(self.done_label)
        self.box.addWidget(self.end_frame)

        self.sources = text_label("", role="muted", object_name="lessonSources")
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.box.addWidget(self.sources)
        self.box.addStretch(1)

    # --- showing a lesson --------------------------------------------------------------------------
    def show_lesson(self, lesson_id: str) -> None:
        """Open lesson `lesson_id` at its first page (LessonError if there is none)."""
        lesson = lessons.get_lesson(lesson_id)
        if self.player is not None:
            self.player.stop()
            self.player.setVisible(False)
        self.lesson = lesson
        self.heading.setText(f"{lesson.title}  ·  {about_minutes(lesson.minutes * 60)}")
        self.summary.setText(lesson.summary)
        self.question.setText(lesson.reflection.question)
        for old in self.answer_group.buttons():
            self.answer_group.removeButton(old)
            old.setParent(None)  # off the view at once, so the old lesson's answers never linger
            old.deleteLater()
        chosen = self.course.reflection_answer(lesson.id)
        for index, answer in enumerate(lesson.reflection.answers):
            radio = named(QRadioButton(answer.text), f"lessonAnswer{index}", answer.text)
            radio.setChecked(answer.text == chosen)
            self.answer_group.addButton(radio, index)
            self.answers_box.addWidget(radio)
        self._show_feedback()
        exercise = _exercise_title(lesson.try_this)
        self.try_text.setText(f"Put this lesson into practice with a short exercise: {exercise}.")
        self.try_button.setAccessibleName(f"Try this now: {exercise}")
        self.sheet_button.setVisible(lesson.prep_sheet is not None)
        self.notice.setVisible(False)
        self.sources.setText("Sources: " + " ".join(lesson.sources))
        self.refresh_done()
        self.show_page(0)
        self.verticalScrollBar().setValue(0)

    def show_page(self, index: int) -> None:
        if self.lesson is None:
            return
        pages = self.lesson.pages
        self.page_index = max(0, min(index, len(pages) - 1))
        page = pages[self.page_index]
        self.page_title.setText(page.title)
        self.page_text.setText("\n\n".join(page.paragraphs))
        self.page_label.setText(f"Page {self.page_index + 1} of {len(pages)}")
        self.back_button.setEnabled(self.page_index > 0)
        last = self.page_index == len(pages) - 1
        self.next_button.setEnabled(not last)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        # The question and the way on come once the last page is reached, like the end of a chapter.
        self.end_frame.setVisible(last)

    def _show_feedback(self) -> None:
        checked = self.answer_group.checkedId()
        if self.lesson is None or checked < 0:
            self.feedback.setVisible(False)
            return
        self.feedback.setText(self.lesson.reflection.answers[checked].feedback)
        self.feedback.setVisible(True)

    def _answered(self, *_: object) -> None:
        self._show_feedback()

    def refresh_done(self) -> None:
        done = self.lesson is not None and self.lesson.id in self.course.completed_ids()
        for done_button in (self.done_button, self.finish_button):
            done_button.setEnabled(not done)
            done_button.setText("Done ✓" if done else "Mark as done")
        self.done_label.setText("You have finished this lesson." if done else "")

    # --- actions --------------------------------------------------------------------------------------
    def chosen_answer(self) -> str:
        checked = self.answer_group.checkedId()
        return self.lesson.reflection.answers[checked].text if self.lesson and checked >= 0 else ""

    def mark_done(self) -> None:
        if self.lesson is None:
            return
        try:
            self.course.mark_done(self.lesson.id, self.chosen_answer(), origin=self)
        except CoachError as exc:
            QMessageBox.warning(self, "Pain Recovery Coach", str(exc))
            return
        self.refresh_done()

    def listen(self) -> None:
        """Read the lesson aloud in the exercise player, the transcript following the voice."""
        if self.lesson is None:
            return
        if self.player is None:
            from coach.ui.practice.player.widget import PlayerWidget

            self.player = PlayerWidget(self.ctx, self)
            self.player.setMinimumHeight(260)
            self.player_holder.addWidget(self.player)
        self.player.setVisible(True)
        self.player.load(lessons.lesson_for_listening(self.lesson.id))

    def _try_this(self) -> None:
        if self.lesson is not None:
            if self.player is not None:
                self.player.stop()
            self.tryExercise.emit(self.lesson.try_this)

    def save_sheet(self, path: Path | None = None) -> Path | None:
        """Ask where to save the preparation sheet (or use `path`), write the PDF, and say where it went."""
        from coach.services.learn.prep_sheet import write_prep_sheet

        if self.lesson is None or self.lesson.prep_sheet is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the preparation sheet", str(Path.home() / "visit-sheet.pdf"), "PDF files (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_prep_sheet(path, self.lesson.id)
        except (CoachError, OSError) as exc:
            QMessageBox.warning(
                self, "Pain Recovery Coach", f"The preparation sheet could not be saved: {exc}"
            )
            return None
        self.notice.setText(
            f"Saved the preparation sheet to {path}. Print it and fill it in before your visit."
        )
        self.notice.setVisible(True)
        return path

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.shutdown()
