"""The dialog for the plan as the prescriber set it: its name, starting level, start date and pace.

Its Save calls `save` with the values; a CoachError keeps it open with the message shown inline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QWidget,
)

from coach.ui.taper.plan_words import pace_items, pace_tips
from coach.ui.taper.scrolling_fields import scrolling_fields
from coach.ui.widgets.common import plain_label, wrapping_check
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import (
    combo,
    date_edit,
    from_qdate,
    line_edit,
    number_edit,
)


@dataclass(frozen=True)
class PlanValues:
    name: str
    start_mme: float
    start_date: date
    pace: str
    replace_active: bool


class PlanDialog(FormDialog):
    """The plan as the prescriber set it: where it starts, and which guideline pace to compare steps with."""

    def __init__(
        self,
        save: Callable[[PlanValues], None],
        start_mme: float,
        today: date,
        has_active: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Enter the plan from your prescriber", "planDialog", parent)
        self.body = scrolling_fields(self)  # the fields scroll; the error line and buttons stay in view
        self._save_values = save
        self.name = line_edit("planName", "Plan name", text="My taper plan")
        self.start_mme = number_edit("planStartMme", "Daily MME at the start", start_mme, suffix="MME a day")
        self.start_date = date_edit("planStartDate", "Start date", today)
        self.pace = combo(
            "planPace",
            "The pace agreed with your prescriber (it sets the date offered for the next step)",
            pace_items(),
        )
        pace_tips(self.pace)
        # Its text wraps at a large text size (a check box's own text never does and pushed the form sideways).
        self.replace, self.replace_row = wrapping_check(
            "Replace the current plan (it stays in your history)", "planReplace"
        )
        self.form.addRow("Name", self.name)
        self.form.addRow("Starting level", self.start_mme)
        self.form.addRow("Start date", self.start_date)
        self.form.addRow("Pace", self.pace)
        if has_active:
            self.form.addRow("", self.replace_row)
        hint = plain_label(
            "Next, add each step with the date and new daily doses agreed with your prescriber."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.body.addWidget(hint)
        self.finish_layout()

    def _save(self) -> None:
        self._save_values(
            PlanValues(
                self.name.text(),
                self.start_mme.value(),
                from_qdate(self.start_date.date()),
                str(self.pace.currentData()),
                self.replace.isChecked(),
            )
        )
