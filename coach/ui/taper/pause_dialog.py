"""The dialog for a pause in the taper: from when, until when if known, why, and whether the later steps
move by its length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QWidget,
)

from coach.ui.taper.scrolling_fields import scrolling_fields
from coach.ui.widgets.common import named, plain_label, wrapping_check
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import (
    combo,
    date_edit,
    from_qdate,
    shrink_to_fit,
)


@dataclass(frozen=True)
class PauseValues:
    start: date
    end: date | None
    reason: str
    move_steps: bool


PAUSE_REASONS: tuple[str, ...] = (
    "Agreed with my prescriber",
    "Withdrawal is hard right now",
    "A stressful time",
    "Illness or surgery",
)


class PauseDialog(FormDialog):
    def __init__(
        self, save: Callable[[PauseValues], None], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__("Pause the taper", "pauseDialog", parent, ok_text="Pause")
        self.body = scrolling_fields(self)  # the fields scroll; the error line and buttons stay in view
        self._save_values = save
        intro = plain_label(
            "Pausing holds you at your current level. Pauses are a normal part of tapering, not a setback."
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self.start = date_edit("pauseStart", "Pause from", today)
        self.has_end = QCheckBox("I know when it ends")
        named(self.has_end, "pauseHasEnd", "I know when the pause ends")
        self.end = date_edit("pauseEnd", "Last day of the pause", today + timedelta(days=13))
        self.reason = shrink_to_fit(combo("pauseReason", "Reason", ((r, r) for r in PAUSE_REASONS)), 12)
        self.reason.setEditable(True)
        # Its text wraps on a small screen or at a large text size (a check box's own text never does).
        self.move_steps, move_row = wrapping_check(
            "Move the later steps by the length of the pause", "pauseMoveSteps"
        )
        self.move_steps.setChecked(True)
        self.form.addRow("From", self.start)
        self.form.addRow("", self.has_end)
        self.form.addRow("Last paused day", self.end)
        self.form.addRow("Reason", self.reason)
        self.form.addRow("", move_row)
        self.finish_layout()
        self.has_end.toggled.connect(self.end.setEnabled)
        self.end.setEnabled(False)

    def _save(self) -> None:
        self._save_values(
            PauseValues(
                from_qdate(self.start.date()),
                from_qdate(self.end.date()) if self.has_end.isChecked() else None,
                self.reason.currentText(),
                self.move_steps.isChecked(),
            )
        )
