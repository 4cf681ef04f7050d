"""The optional mood (PHQ-9) and worry (GAD-7) forms of the Check-in page.

Safety first: choosing any answer above 0 on PHQ-9 item 9 shows the crisis lines at once, in the form,
before anything is saved (the page does not jump away, so the answers reach the clinician).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from coach.domain import measures
from coach.services import help_lines
from coach.services.checkins.service import KIND_TERMS, CheckinService
from coach.services.context import AppContext
from coach.ui.checkins.choice_grid import ChoiceGrid
from coach.ui.checkins.forms import empty_lines_message
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import button, card, text_label
from coach.ui.widgets.forms import error_label, show_error


class MoodForm:
    """The Check-in page's "Mood (optional)" tab (a part of CheckinPage, which provides `ctx`, `nav` and
    `service`)."""

    ctx: AppContext
    nav: Navigator
    service: CheckinService

    def _mood_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(
            text_label(
                "Optional. These two short questionnaires are widely used to check on mood and worry. "
                "Your answers stay on this computer. If you are struggling, Help now is always one click away."
            )
        )
        frame, inner = card("phq9Card")
        heading = text_label("Mood check", role="subtitle")
        heading.setToolTip(KIND_TERMS["phq9"])
        inner.addWidget(heading)
        inner.addWidget(text_label(measures.TWO_WEEK_STEM))
        self.phq9 = ChoiceGrid("phq9", measures.PHQ9_ITEMS, measures.FREQUENCY_OPTIONS)
        self.phq9.answered.connect(self._phq9_answered)
        inner.addWidget(self.phq9)
        # Right under the questions, so it shows where the person is, and the form stays as it is.
        self.crisis_note = text_label("", role="warning", object_name="crisisNote")
        self.crisis_note.setVisible(False)
        inner.addWidget(self.crisis_note)
        self.crisis_button = button("Open Help now", "crisisHelpNow", role="help")
        self.crisis_button.clicked.connect(lambda _checked=False: self.nav.go("help"))
        self.crisis_button.setVisible(False)
        inner.addWidget(self.crisis_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.phq9_save = button("Save mood check", "savePhq9", role="primary")
        self.phq9_save.clicked.connect(self.save_phq9)
        inner.addWidget(self.phq9_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.phq9_result = text_label("", object_name="phq9Result")
        inner.addWidget(self.phq9_result)
        box.addWidget(frame)
        frame, inner = card("gad7Card")
        heading = text_label("Worry check", role="subtitle")
        heading.setToolTip(KIND_TERMS["gad7"])
        inner.addWidget(heading)
        inner.addWidget(text_label(measures.TWO_WEEK_STEM))
        self.gad7 = ChoiceGrid("gad7", measures.GAD7_ITEMS, measures.FREQUENCY_OPTIONS)
        self.gad7.answered.connect(lambda *_: self._mood_answered(self.gad7, "worry question"))
        inner.addWidget(self.gad7)
        self.gad7_save = button("Save worry check", "saveGad7", role="primary")
        self.gad7_save.clicked.connect(self.save_gad7)
        inner.addWidget(self.gad7_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.gad7_result = text_label("", object_name="gad7Result")
        inner.addWidget(self.gad7_result)
        box.addWidget(frame)
        self.mood_error = error_label("moodError")
        self._mood_error_grid: ChoiceGrid | None = None
        box.addWidget(self.mood_error)
        box.addWidget(text_label(f"Source: {measures.PHQ_GAD_SOURCE}", role="muted"))
        box.addStretch(1)
        return tab

    def _mood_answered(self, grid: ChoiceGrid, noun: str) -> None:
        # A refused save names what is empty in the grid it was about; answering there updates it.
        if self.mood_error.text() and self._mood_error_grid is grid:
            missing = grid.missing()
            show_error(self.mood_error, empty_lines_message(missing, noun) if missing else "")

    def _phq9_answered(self, row: int, value: int) -> None:
        self._mood_answered(self.phq9, "mood question")
        if row == measures.PHQ9_SELF_HARM_ITEM and measures.phq9_item9_needs_help(value):
            self._show_crisis_lines()

    def _show_crisis_lines(self, saved: bool = False) -> None:
        """Crisis lines at once, in the form right under item 9: the page does not jump away, so the answers
        can still be saved for the clinician to see (PHQ-9 item 9 above 0; see clinical-facts). Once
        `saved`, the same place holds the full support message."""
        lines = help_lines.lines_for(self.ctx.store.profile().country)
        reach = f"{lines.crisis_name}: {lines.crisis}. In an emergency: {lines.emergency}."
        if saved:
            text = (
                "Thank you for answering honestly. You are not alone, and you deserve support right now, at any "
                f"hour: {reach} Help now has more ways to reach someone. Your answers are saved; your "
                "clinician's report will show this answer so they can help too."
            )
        else:
            text = (
                f"Thank you for telling us. You deserve support right now, at any hour: {reach} "
                "Saving these answers keeps them for your clinician to see."
            )
        self.crisis_note.setText(text)
        self.crisis_note.setVisible(True)
        self.crisis_button.setVisible(True)
        # The whole message in view as soon as it appears (a trial at 1366x768 saw one line of it, the
        # rest below the fold): it is safety text, not a footnote.
        scroll = self.crisis_note.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None:
            area = scroll
            QTimer.singleShot(0, lambda: area.ensureWidgetVisible(self.crisis_button, 0, 16))
            QTimer.singleShot(0, lambda: area.ensureWidgetVisible(self.crisis_note, 0, 16))

    def _missing_message(self, grid: ChoiceGrid, noun: str) -> str:
        """Every empty question of `grid` named and marked ('' when none is empty)."""
        self._mood_error_grid = grid
        missing = grid.missing()
        grid.flag({n - 1 for n in missing})
        return empty_lines_message(missing, noun) if missing else ""

    def save_phq9(self) -> None:
        """Save the nine answers (0-3 each) and show the total of 27; an answer above 0 on item 9 keeps the
        support message in view. An empty question is named and marked instead, and nothing is saved."""
        message = self._missing_message(self.phq9, "mood question")
        if message:
            show_error(self.mood_error, message)
            return
        result = self.service.record_phq9([int(v or 0) for v in self.phq9.values()])
        show_error(self.mood_error, "")
        text = (
            f"Saved. Total {result.total} of 27 ({result.band}). This is not a diagnosis; if your mood worries "
            "you, please talk with your doctor."
        )
        if result.crisis:
            text = (
                "Saved. You told us you have had thoughts of being better off dead or of hurting yourself: "
                "the lines just above are there for you now, and your clinician's report will show this "
                f"answer. Mood total {result.total} of 27."
            )
        self.phq9_result.setText(text)
        self.phq9.clear()
        if result.crisis:
            self._show_crisis_lines(saved=True)

    def save_gad7(self) -> None:
        """Save the seven answers (0-3 each) and show the total of 21; an empty question is named and
        marked instead, and nothing is saved."""
        message = self._missing_message(self.gad7, "worry question")
        if message:
            show_error(self.mood_error, message)
            return
        result = self.service.record_gad7([int(v or 0) for v in self.gad7.values()])
        show_error(self.mood_error, "")
        self.gad7_result.setText(
            f"Saved. Total {result.total} of 21 ({result.band}). This is not a diagnosis; if worry is wearing "
            "you down, please talk with your doctor."
        )
        self.gad7.clear()
