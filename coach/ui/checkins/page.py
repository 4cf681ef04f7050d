"""The Check-in page: weekly PEG, monthly PGIC, the withdrawal check-in, and optional PHQ-9 / GAD-7.

Safety first: choosing any answer above 0 on PHQ-9 item 9 shows the crisis lines at once, in the form,
before anything is saved (the page does not jump away, so the answers reach the clinician); a high or rising withdrawal total shows the "talk with your prescriber" card with the data to bring.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain import measures
from coach.domain.errors import CoachError
from coach.services import help_lines
from coach.services.changes import Topic
from coach.services.checkins.service import KIND_TERMS, CheckinService, score_text
from coach.services.context import AppContext
from coach.services.safety import answers as safety_answers
from coach.ui.changes import follow_changes
from coach.ui.checkins.forms import ChoiceGrid, PrescriberCardView, empty_lines_message
from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import button, card, named, text_label, title
from coach.ui.widgets.forms import clear_error_on_change, error_label, line_edit, show_error
from coach.ui.widgets.rating import RatingScale

TABS: tuple[str, ...] = ("peg", "pgic", "withdrawal", "mood")
ALCOHOL_QUESTION = "Optional: this week, did you drink alcohol on a day you took opioids?"
CRAVINGS_QUESTION = "Optional: today, have you had strong cravings for opioids?"


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
        checked = self.group.checkedId()
        return None if checked < 0 else bool(checked)

    def clear(self) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot be emptied otherwise
        self.yes.setChecked(False)
        self.no.setChecked(False)
        self.group.setExclusive(True)
        self.keys.update_tab_stop()


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    return area


class CheckinPage(QWidget):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.service = CheckinService(ctx)
        self.setObjectName("page_checkin")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Check-in"))
        self.due = text_label("", object_name="checkinDue")
        layout.addWidget(self.due)
        self.tabs = QTabWidget()
        named(self.tabs, "checkinTabs", "Check-in sections")
        self.tabs.addTab(_scrolling(self._peg_tab()), "Weekly pain check")
        self.tabs.setTabToolTip(0, KIND_TERMS["peg"])
        self.tabs.addTab(_scrolling(self._pgic_tab()), "Change this month")
        self.tabs.setTabToolTip(1, KIND_TERMS["pgic"])
        self.withdrawal_scroll = _scrolling(self._withdrawal_tab())
        self.tabs.addTab(self.withdrawal_scroll, "Withdrawal")
        self.tabs.addTab(_scrolling(self._mood_tab()), "Mood (optional)")
        self.tabs.setTabToolTip(3, f"{KIND_TERMS['phq9']}\n{KIND_TERMS['gad7']}")
        layout.addWidget(self.tabs, 1)
        follow_changes(
            self, ctx.bus, {Topic.CHECKINS, Topic.WITHDRAWAL, Topic.TAPER, Topic.PROFILE}, self.refresh_due
        )
        self.refresh_due()

    # --- PEG ----------------------------------------------------------------------------------------
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

    # --- PGIC ---------------------------------------------------------------------------------------
    def _pgic_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(text_label(measures.PGIC_QUESTION, role="subtitle"))
        self.pgic_group = QButtonGroup(self)
        for value, label in measures.PGIC_LABELS.items():
            radio = QRadioButton(label)
            named(radio, f"pgic_{value}", label)
            self.pgic_group.addButton(radio, value)
            box.addWidget(radio)
        self.pgic_keys = RadioKeys(self.pgic_group)
        self.pgic_save = button("Save", "savePgic", "Save how things have changed", role="primary")
        self.pgic_save.clicked.connect(self.save_pgic)
        box.addWidget(self.pgic_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.pgic_error = error_label("pgicError")
        clear_error_on_change(self.pgic_error, *self.pgic_group.buttons())
        self.pgic_result = text_label("", object_name="pgicResult")
        box.addWidget(self.pgic_error)
        box.addWidget(self.pgic_result)
        box.addWidget(text_label(f"Source: {measures.PGIC_SOURCE}", role="muted"))
        box.addStretch(1)
        return tab

    def save_pgic(self) -> None:
        value = self.pgic_group.checkedId()
        if value < 1:
            show_error(self.pgic_error, "Please choose the answer that fits best.")
            return
        self.service.record_pgic(value)
        show_error(self.pgic_error, "")
        self.pgic_result.setText(f"Saved: {measures.pgic_label(value)}. Thank you.")

    # --- withdrawal ---------------------------------------------------------------------------------
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
        actions = QHBoxLayout()
        actions.addWidget(self.withdrawal_save)
        actions.addWidget(self.mark_rest_none)
        actions.addStretch(1)
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

    # --- mood ---------------------------------------------------------------------------------------
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

    def _missing_message(self, grid: ChoiceGrid, noun: str) -> str:
        """Every empty question of `grid` named and marked ('' when none is empty)."""
        self._mood_error_grid = grid
        missing = grid.missing()
        grid.flag({n - 1 for n in missing})
        return empty_lines_message(missing, noun) if missing else ""

    def save_phq9(self) -> None:
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
            scroll = self.crisis_note.parentWidget()
            while scroll is not None and not isinstance(scroll, QScrollArea):
                scroll = scroll.parentWidget()
            if scroll is not None:
                area = scroll
                QTimer.singleShot(0, lambda: area.ensureWidgetVisible(self.crisis_note))

    def save_gad7(self) -> None:
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

    # --- what is due --------------------------------------------------------------------------------
    def refresh_due(self) -> None:
        self.alcohol.setVisible(self.ctx.store.profile().takes_opioids)
        due = self.service.due()
        self.due.setToolTip("\n".join(KIND_TERMS[d.kind] for d in due if d.kind in KIND_TERMS))
        if due:
            self.due.setText("Due now: " + "; ".join(f"{d.label} ({d.reason})" for d in due) + ".")
        else:
            self.due.setText("Nothing is due right now. You can still check in whenever you like.")
        week = next((d for d in due if d.kind == "withdrawal"), None)
        self.withdrawal_when.setText(
            f"Daily in the first week of each taper step: today is {week.reason}."
            if week
            else "Useful daily in the first week of each taper step, and any time you feel unwell."
        )

    def show_tab(self, key: str) -> None:
        if key in TABS:
            self.tabs.setCurrentIndex(TABS.index(key))

    def on_navigate(self, **kwargs: Any) -> None:
        tab = kwargs.get("tab") or kwargs.get("kind")
        if isinstance(tab, str):
            self.show_tab(tab)
        self.refresh_due()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return CheckinPage(ctx, nav)
