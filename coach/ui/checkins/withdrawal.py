"""The withdrawal check-in form of the Check-in page: sixteen symptoms rated None to Severe, the optional
cravings question, and the "talk with your prescriber" card when the total is high or rising."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from coach.domain import measures
from coach.domain.errors import CoachError
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.safety import answers as safety_answers
from coach.ui.checkins.choice_grid import ChoiceGrid
from coach.ui.checkins.forms import PrescriberCardView, YesNo, empty_lines_message
from coach.ui.widgets.common import FlowLayout, button, text_label
from coach.ui.widgets.forms import error_label, line_edit, show_error

CRAVINGS_QUESTION = "Optional: today, have you had strong cravings for opioids?"


class WithdrawalForm:
    """The Check-in page's withdrawal tab (a part of CheckinPage, which provides `ctx`, `service` and
    `withdrawal_scroll`, the scroll area the tab is shown in)."""

    ctx: AppContext
    service: CheckinService
    withdrawal_scroll: QScrollArea

    def _withdrawal_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        self.withdrawal_when = text_label("", role="subtitle", object_name="withdrawalWhen")
        box.addWidget(self.withdrawal_when)
        box.addWidget(text_label(measures.WITHDRAWAL_INTRO))
        self.withdrawal_grid = ChoiceGrid(
            "withdrawal", [label for _, label in measures.WITHDRAWAL_ITEMS], measures.WITHDRAWAL_RATINGS
        )
        box.addWidget(self.withdrawal_grid)
        self.cravings = YesNo(
            "withdrawalCravings",
            CRAVINGS_QUESTION,
            "Craving: a strong urge to use opioids, beyond easing pain or withdrawal.",
        )
        box.addWidget(self.cravings)
        self.withdrawal_note = line_edit("withdrawalNote", "Note", "anything else you noticed (optional)")
        box.addWidget(self.withdrawal_note)
        self.withdrawal_save = button("Save today's check-in", "saveWithdrawal", role="primary")
        self.withdrawal_save.clicked.connect(self.save_withdrawal)
        self.mark_rest_none = button(
            "Mark the rest as none",
            "markRestNone",
            "Answer None on every line you have not answered yet",
        )
        self.mark_rest_none.clicked.connect(self.mark_withdrawal_rest_none)
        self.withdrawal_grid.answered.connect(self._withdrawal_answered)
        actions = FlowLayout()  # at a large text size the two buttons go one under the other
        actions.addWidget(self.withdrawal_save)
        actions.addWidget(self.mark_rest_none)
        box.addLayout(actions)
        self.withdrawal_error = error_label("withdrawalError")
        self.withdrawal_result = text_label("", role="subtitle", object_name="withdrawalResult")
        self.card = PrescriberCardView()
        for widget in (self.withdrawal_error, self.withdrawal_result, self.card):
            box.addWidget(widget)
        box.addWidget(text_label(f"About this checklist: {measures.WITHDRAWAL_SOURCE}", role="muted"))
        box.addStretch(1)
        return tab

    def _withdrawal_missing_message(self) -> str:
        missing = self.withdrawal_grid.missing()
        if not missing:
            return ""
        return empty_lines_message(
            missing, "line", 'Choose None where you do not have it, or use "Mark the rest as none".'
        )

    def _withdrawal_answered(self, *_: object) -> None:
        # Once the person answers, the message keeps naming only what is still empty.
        self.mark_rest_none.setEnabled(bool(self.withdrawal_grid.missing()))
        if self.withdrawal_error.text():
            show_error(self.withdrawal_error, self._withdrawal_missing_message())

    def mark_withdrawal_rest_none(self) -> None:
        """Answer None (0) on every line still empty; the answers show in the grid before anything is
        saved, so the person sees what will be saved."""
        self.withdrawal_grid.fill_missing(0)
        self.withdrawal_save.setFocus()

    def save_withdrawal(self) -> None:
        """Save the sixteen answers (0-4 each) and the cravings answer; show the total (0-64) and, when it
        is high or rising, the prescriber card, scrolled into view. An empty line is named and marked
        instead, and nothing is saved."""
        missing = self.withdrawal_grid.missing()
        if missing:
            show_error(self.withdrawal_error, self._withdrawal_missing_message())
            self.withdrawal_grid.flag({n - 1 for n in missing})
            return
        values = self.withdrawal_grid.values()
        answers = {key: int(v or 0) for (key, _), v in zip(measures.WITHDRAWAL_ITEMS, values, strict=True)}
        try:
            outcome = self.service.record_withdrawal(answers, self.withdrawal_note.text())
        except CoachError as exc:
            show_error(self.withdrawal_error, str(exc))
            return
        show_error(self.withdrawal_error, "")
        cravings = self.cravings.value()
        safety_answers.record_cravings(self.ctx, cravings)
        self.cravings.clear()
        score = outcome.score
        text = f"Saved. Today's total: {score.total} of {measures.WITHDRAWAL_MAX} ({score.band})."
        if cravings:
            text += (
                " Thank you for telling us about cravings: they are common, and Today now shows where "
                "support is."
            )
        elif outcome.card is None:
            text += " Thank you for checking in."
        self.withdrawal_result.setText(text)
        self.card.show_card(outcome.card)
        # After the layout has grown to hold the card, bring it into view.
        target = self.card if outcome.card else self.withdrawal_result
        QTimer.singleShot(0, lambda: self.withdrawal_scroll.ensureWidgetVisible(target))
        self.withdrawal_grid.clear()
        self.mark_rest_none.setEnabled(True)
        self.withdrawal_note.clear()
