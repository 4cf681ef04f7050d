"""The Learn page: the course of short lessons in order, how far the person has come, and the open lesson."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from coach.domain.wording import about_minutes
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.learn.course import CourseService
from coach.ui.changes import follow_changes
from coach.ui.learn.lesson_view import LessonView
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import named, text_label, title

LESSON_ROLE = Qt.ItemDataRole.UserRole


class LearnPage(QWidget):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.course = CourseService(ctx)
        self.setObjectName("page_learn")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 12)
        outer.setSpacing(10)
        # The title on its own line and the progress below it: side by side they squeezed the progress
        # words at a large text size on a small screen.
        outer.addWidget(title("Learn"))
        head = QHBoxLayout()
        self.progress_text = text_label("", role="muted", object_name="learnProgressText")
        self.progress_text.setWordWrap(False)
        self.progress_bar = named(QProgressBar(), "learnProgress", "Lessons done")
        self.progress_bar.setTextVisible(True)  # "0 %" reads as progress; an empty bar looked like a text box
        self.progress_bar.setFormat("%p %")
        self.progress_bar.setFixedWidth(180)
        head.addWidget(self.progress_text)
        head.addWidget(self.progress_bar)
        head.addStretch(1)
        outer.addLayout(head)
        outer.addWidget(
            text_label(
                "Short lessons on pain, opioids and recovery, in plain words. Read or listen, a few minutes "
                "at a time. Questions about your medicines always go to your prescriber.",
                role="muted",
            )
        )
        row = QHBoxLayout()
        self.list = named(QListWidget(), "learnLessons", "Lessons of the course")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setMinimumWidth(220)
        self.list.setMaximumWidth(300)
        self.list.currentItemChanged.connect(self._open_current)
        row.addWidget(self.list)
        self.view = LessonView(ctx, self)
        self.view.tryExercise.connect(self.nav.start_exercise)
        row.addWidget(self.view, 1)
        outer.addLayout(row, 1)
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(self._next_row())
        follow_changes(self, ctx.bus, (Topic.LESSONS,), self.refresh)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _next_row(self) -> int:
        upcoming = self.course.progress().next_lesson
        ids = [self.list.item(i).data(LESSON_ROLE) for i in range(self.list.count())]
        return ids.index(upcoming.id) if upcoming is not None and upcoming.id in ids else 0

    def refresh(self) -> None:
        """Redraw the course list and the progress, keeping the open lesson selected."""
        progress = self.course.progress()
        current = self.list.currentItem()
        keep = current.data(LESSON_ROLE) if current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for status in progress.lessons:
            lesson = status.lesson
            mark = "✓ " if status.done else ""
            item = QListWidgetItem(
                f"{mark}{lesson.order}. {lesson.title}\n{about_minutes(lesson.minutes * 60)}"
            )
            item.setData(LESSON_ROLE, lesson.id)
            item.setToolTip(lesson.summary)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{lesson.title}, {'done' if status.done else 'not done'}"
            )
            self.list.addItem(item)
            if lesson.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.done)
        self.progress_text.setText(f"{progress.done} of {progress.total} lessons done")
        if self.view.lesson is not None:
            self.view.refresh_done()

    def _open_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.view.show_lesson(str(item.data(LESSON_ROLE)))

    def open_lesson(self, lesson_id: str) -> None:
        """Select and show lesson `lesson_id` (an unknown id is ignored: the list stays where it was)."""
        for index in range(self.list.count()):
            if self.list.item(index).data(LESSON_ROLE) == lesson_id:
                self.list.setCurrentRow(index)
                return

    def on_navigate(self, **kwargs: Any) -> None:
        lesson_id = kwargs.get("lesson")
        if isinstance(lesson_id, str):
            self.open_lesson(lesson_id)

    def shutdown(self) -> None:
        self.view.shutdown()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return LearnPage(ctx, nav)
