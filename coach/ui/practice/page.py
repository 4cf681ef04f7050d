"""Practice: find an exercise (search, kind, length), read what it is for, begin; resume an interrupted one."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.recordings import recording_counts
from coach.services.practice.sessions import SessionRecord, SessionService
from coach.services.safety import answers as safety_answers
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.practice import recording_actions
from coach.ui.practice.exercise_details import ExerciseDetails
from coach.ui.practice.exercise_list import (
    ID_ROLE,
    LENGTHS,
    exercise_list_widget,
    make_item,
    matches,
)
from coach.ui.practice.reprocessing_check import MINDFUL_INSTEAD, ReprocessingCheckDialog, needs_check
from coach.ui.practice.resume_offer import resume_card, resume_line
from coach.ui.practice.session_flow import APP_NAME, SessionFlow
from coach.ui.widgets.common import FlowLayout, text_label, title
from coach.ui.widgets.forms import shrink_to_fit


class PracticePage(QWidget):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName("page_practice")
        self.setAccessibleName("Practice")
        self.service = SessionService(ctx)
        self._exercises: list[Exercise] = []
        self._offered: SessionRecord | None = None
        self.check_dialog: ReprocessingCheckDialog | None = None
        self.stack = QStackedWidget()
        self.stack.setObjectName("practiceStack")
        self.stack.addWidget(self._build_browse())
        self.flow = SessionFlow(ctx)
        self.flow.closed.connect(self.show_browse)
        self.stack.addWidget(self.flow)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.stack)
        self.reload()
        self.refresh_resume_offer()
        follow_changes(self, ctx.bus, (Topic.EXERCISES,), self.reload)
        follow_changes(self, ctx.bus, (Topic.SESSIONS,), self._refresh_resume_if_browsing)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flow.shutdown)

    # --- layout ----------------------------------------------------------------------------------
    def _build_browse(self) -> QWidget:
        """The list and details; in a scroll area so that at a large text size on a small screen the page
        scrolls up and down instead of squeezing the list under the filters (see `_keep_room`)."""
        page = QWidget()
        page.setObjectName("practiceBrowse")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(12)
        heading = title("Practice")
        heading.setIndent(0)
        layout.addWidget(heading)

        offer = resume_card()
        self.resume_card, self.resume_text = offer.frame, offer.text
        self.resume_button, self.fresh_button = offer.resume_button, offer.fresh_button
        self.resume_button.clicked.connect(self.resume_offered)
        self.fresh_button.clicked.connect(self.start_fresh)
        self._offer = offer
        layout.addWidget(self.resume_card)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("exerciseSearch")
        self.search.setAccessibleName("Search exercises")
        self.search.setPlaceholderText("Search: sleep, flare, breath…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        left.addWidget(self.search)
        filters = FlowLayout()  # side by side when there is room, one above the other when not
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        shrink_to_fit(self.category, 9)  # may be narrower than its longest entry on a small screen
        self.category.setAccessibleName("Kind of exercise")
        self.category.currentIndexChanged.connect(self.apply_filter)
        self.length = QComboBox()
        self.length.setObjectName("lengthFilter")
        shrink_to_fit(self.length, 9)
        self.length.setAccessibleName("Length")
        for length in LENGTHS:
            self.length.addItem(length.label, length)
        self.length.currentIndexChanged.connect(self.apply_filter)
        filters.addWidget(self.category)
        filters.addWidget(self.length)
        left.addLayout(filters)
        self.list = exercise_list_widget()
        self.list.currentItemChanged.connect(self._show_details)
        self.list.itemActivated.connect(lambda _item: self.begin_selected())
        left.addWidget(self.list, 1)
        self.no_matches = text_label(
            "Nothing matches. Try fewer words, another kind, or any length.",
            role="muted",
            object_name="noMatches",
        )
        self.no_matches.hide()
        left.addWidget(self.no_matches)
        columns.addLayout(left, 11)
        columns.addWidget(self._build_details(), 9)
        layout.addLayout(columns, 1)
        area = QScrollArea()
        area.setObjectName("practiceBrowseScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    def _keep_room(self) -> None:
        """Room to read at any text size: about three exercises in the list, and the details' title and
        Begin (px from the text's line height, read once the style sheet has set the font)."""
        self.list.ensurePolished()
        line = self.list.fontMetrics().lineSpacing()
        self.list.setMinimumHeight(line * 7)
        self.details.setMinimumHeight(line * 9)

    def showEvent(self, event: QShowEvent) -> None:
        self._keep_room()
        super().showEvent(event)

    def _build_details(self) -> QWidget:
        self.details = ExerciseDetails()
        d = self.details
        self.detail_title, self.detail_meta = d.title_label, d.meta
        self.detail_purpose, self.detail_when, self.detail_recordings = d.purpose, d.when, d.recordings
        self.begin_button, self.add_recording_button, self.record_button = d.begin, d.add_recording, d.record
        self.begin_button.clicked.connect(self.begin_selected)
        d.help_now.clicked.connect(lambda _checked=False: self.nav.go("help"))
        self.add_recording_button.clicked.connect(self.choose_recording)
        self.record_button.clicked.connect(self.record_voice)
        return d

    # --- the list --------------------------------------------------------------------------------
    def reload(self) -> None:
        library = ExerciseLibrary(self.ctx.store)
        try:
            self._exercises = library.all()
        except CoachError as exc:
            self._exercises = []
            self.no_matches.setText(str(exc))
        current = self.category.currentData() or ""
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("All kinds", "")
        for name in library.categories():
            self.category.addItem(name.capitalize(), name)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)
        self.apply_filter()

    def _recording_counts(self) -> dict[str, int]:
        return recording_counts(self.ctx)

    def apply_filter(self, *_: object) -> None:
        selected = self.selected_id()
        query = self.search.text()
        category = str(self.category.currentData() or "")
        length = self.length.currentData() or LENGTHS[0]
        counts = self._recording_counts()
        self.list.clear()
        for exercise in self._exercises:
            if matches(exercise, query, category, length):
                self.list.addItem(make_item(exercise, counts.get(exercise.id, 0)))
        self.no_matches.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        row = next((i for i in range(self.list.count()) if self.list.item(i).data(ID_ROLE) == selected), 0)
        if self.list.count():
            self.list.setCurrentRow(row)
        else:
            self._show_details(None)

    def visible_ids(self) -> list[str]:
        return [str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def selected_id(self) -> str:
        item = self.list.currentItem() if hasattr(self, "list") else None
        return str(item.data(ID_ROLE)) if item is not None else ""

    def select(self, exercise_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == exercise_id:
                self.list.setCurrentRow(i)
                return

    def _exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self._exercises if e.id == exercise_id), None)

    def _show_details(self, item: QListWidgetItem | None, *_: object) -> None:
        exercise = self._exercise(str(item.data(ID_ROLE))) if item is not None else None
        recordings = self.service.recordings(exercise.id) if exercise is not None else []
        self.details.show_exercise(exercise, recordings)

    # --- sessions --------------------------------------------------------------------------------
    def begin_selected(self) -> None:
        exercise = self._exercise(self.selected_id())
        if exercise is not None:
            self.begin(exercise)

    def begin(self, exercise: Exercise, start_now: bool = False, pain: int | None = None) -> None:
        """Open a fresh session for `exercise` (never a previous session's screens); pain reprocessing first
        asks the check once (see reprocessing_check.py), and stays closed after a red flag. `start_now`
        skips the before-ratings and plays at once with `pain` (0-10) as the rating before: the pain-spike
        flow has just asked it. A red flag remembered from the check still stops a quick start."""
        if needs_check(exercise) or start_now:
            answer = safety_answers.reprocessing_check(self.ctx)
            closed = bool(answer) and not safety_answers.reprocessing_open(answer)
            if (needs_check(exercise) and not answer) or closed:
                self._ask_check(exercise, start_now, pain)
                return
        self._begin_session(exercise, start_now, pain)

    def _ask_check(self, exercise: Exercise, start_now: bool = False, pain: int | None = None) -> None:
        # The list stays behind the questions, not the last session's "How did that go?".
        self.flow.pause_for_leave()
        self.stack.setCurrentIndex(0)
        self.select(exercise.id)
        dialog = ReprocessingCheckDialog(self.ctx, self)
        self.check_dialog = dialog

        def finished(result: int) -> None:
            self.check_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._begin_session(exercise, start_now, pain)
            elif dialog.wants_mindfulness:
                mindful = self._exercise(MINDFUL_INSTEAD) or ExerciseLibrary().get(MINDFUL_INSTEAD)
                self._begin_session(mindful, start_now, pain)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _begin_session(self, exercise: Exercise, start_now: bool = False, pain: int | None = None) -> None:
        self.resume_card.hide()
        self.flow.begin(exercise)
        self.stack.setCurrentWidget(self.flow)
        if start_now:
            self.flow.start_now(pain)

    def show_browse(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh_resume_offer()
        self.list.setFocus()

    def refresh_resume_offer(self) -> None:
        record = self.service.interrupted()
        if record is not None and record.id == self.flow.session_id():
            record = None  # that one is open in the flow right now
        self._offered = record
        if record is None:
            self.resume_card.hide()
            return
        self._offer.offer(resume_line(self.ctx, record))

    def resume_offered(self) -> None:
        record = self._offered
        if record is None:
            return
        self.resume_card.hide()
        try:
            self.flow.resume(record)
        except CoachError as exc:
            QMessageBox.warning(self, APP_NAME, f"{exc}. The session has been set aside.")
            self.service.abandon(record.id)
            self.refresh_resume_offer()
            return
        self.stack.setCurrentWidget(self.flow)

    def start_fresh(self) -> None:
        """Set the interrupted session aside; its exercise stays selected so Begin starts it anew."""
        record = self._offered
        if record is None:
            return
        with contextlib.suppress(CoachError):  # already closed elsewhere
            self.service.abandon(record.id)
        self.refresh_resume_offer()
        self.select(record.exercise_id)
        self.begin_button.setFocus()

    # --- recordings (recording_actions.py) ---------------------------------------------------------
    def choose_recording(self) -> None:
        recording_actions.choose_recording(self, self.service, self.selected_id(), self._recording_added)

    def add_recording(self, exercise_id: str, path: Path) -> bool:
        """Attach the audio file at `path` to `exercise_id`; False (after saying why) when it cannot."""
        return recording_actions.add_recording(self, self.service, exercise_id, path, self._recording_added)

    def record_voice(self) -> None:
        recording_actions.record_voice(self, self.service, self.selected_id(), self._recording_added)

    def _recording_added(self, line: str) -> None:
        self.apply_filter()
        self.detail_recordings.setText(line)

    # --- page life -------------------------------------------------------------------------------
    def on_navigate(
        self,
        exercise_id: str | None = None,
        start_now: bool = False,
        pain: int | None = None,
        resume: bool = False,
        **_: Any,
    ) -> None:
        """Arriving at Practice. `exercise_id`: a fresh start of that exercise (`start_now`/`pain` as in
        `begin`); `resume`: carry on the interrupted session (Today's Resume). With neither, a finished
        session's result screen gives way to the list; a session still playing stays in view."""
        if exercise_id:
            exercise = self._exercise(exercise_id) or ExerciseLibrary(self.ctx.store).get(exercise_id)
            self.begin(exercise, start_now=start_now, pain=pain)
            return
        if resume:
            self.show_browse()
            if self._offered is not None:
                self.resume_offered()
            return
        if self.stack.currentIndex() == 0 or self.flow.stage() == "result":
            self.show_browse()

    def _refresh_resume_if_browsing(self) -> None:
        if self.stack.currentIndex() == 0:
            self.refresh_resume_offer()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page or the window closing (not minimising): save the place and pause.
        if event.spontaneous():
            self.flow.autosave()
        else:
            self.flow.pause_for_leave()
        super().hideEvent(event)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return PracticePage(ctx, nav)
