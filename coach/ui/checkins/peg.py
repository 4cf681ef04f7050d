"""The weekly pain check (PEG) form of the Check-in page: three 0-10 scales, the optional alcohol question
for people who take opioids, and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from coach.domain import measures
from coach.domain.errors import CoachError
from coach.services.checkins.service import CheckinService, score_text
from coach.services.context import AppContext
from coach.services.safety import answers as safety_answers
from coach.ui.checkins.forms import YesNo, empty_lines_message
from coach.ui.widgets.common import button, text_label
from coach.ui.widgets.forms import error_label, line_edit, show_error
from coach.ui.widgets.rating import RatingScale

ALCOHOL_QUESTION = "Optional: this week, did you drink alcohol on a day you took opioids?"


class PegForm:
    """The Check-in page's weekly pain check tab (a part of CheckinPage, which provides `ctx` and
    `service`)."""

    ctx: AppContext
    service: CheckinService

    def _peg_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(text_label("Three quick questions about the past week. Once a week is enough."))
        self.peg_scales: list[RatingScale] = []
        for key, question, low, high in measures.PEG_ITEMS:
            scale = RatingScale(question, low, high, f"peg_{key}")
            self.peg_scales.append(scale)
            box.addWidget(scale)
        self.alcohol = YesNo(
            "pegAlcohol",
            ALCOHOL_QUESTION,
            "Alcohol with opioids: additive respiratory depression (CDC 2022, recommendation 11).",
        )
        self.alcohol.setVisible(self.ctx.store.profile().takes_opioids)
        box.addWidget(self.alcohol)
        self.peg_note = line_edit("pegNote", "Note", "anything you want to remember (optional)")
        box.addWidget(self.peg_note)
        self.peg_save = button("Save this week's check-in", "savePeg", role="primary")
        self.peg_save.clicked.connect(self.save_peg)
        box.addWidget(self.peg_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.peg_error = error_label("pegError")
        for scale in self.peg_scales:
            scale.valueChanged.connect(self._peg_changed)
        self.peg_result = text_label("", role="subtitle", object_name="pegResult")
        box.addWidget(self.peg_error)
        box.addWidget(self.peg_result)
        box.addWidget(text_label(f"Source: {measures.PEG_SOURCE}", role="muted"))
        box.addStretch(1)
        return tab

    def _peg_missing_message(self) -> str:
        missing = [n for n, scale in enumerate(self.peg_scales, start=1) if scale.value() is None]
        return empty_lines_message(missing, "question") if missing else ""

    def _peg_changed(self, *_: object) -> None:
        if self.peg_error.text():  # a refused save: keep naming only what is still empty
            show_error(self.peg_error, self._peg_missing_message())

    def save_peg(self) -> None:
        """Save the three answers (each 0-10) and show the score beside the last one; a missing answer is
        named instead, and nothing is saved."""
        message = self._peg_missing_message()
        if message:
            show_error(self.peg_error, message)
            return
        values = [s.value() for s in self.peg_scales]
        previous = self.service.latest("peg")
        pain, enjoyment, activity = (int(v) for v in values if v is not None)
        try:
            saved = self.service.record_peg(pain, enjoyment, activity, self.peg_note.text())
        except CoachError as exc:
            show_error(self.peg_error, str(exc))
            return
        show_error(self.peg_error, "")
        if not self.alcohol.isHidden():  # asked only of people who take opioids
            safety_answers.record_alcohol(self.ctx, self.alcohol.value())
        self.alcohol.clear()
        text = f"Saved. Your weekly pain score: {score_text(saved.score)} out of 10."
        if previous is not None:
            text += f" Last time: {score_text(previous.score)}."
        self.peg_result.setText(text)
        for scale in self.peg_scales:
            scale.set_value(None)
        self.peg_note.clear()
