"""The small dialog before a clinician report is saved: which days it covers (default the range the
Progress page shows), with the exact dates shown as the choice changes, and an optional note in the
person's own words. One Cancel, and it cancels the report; the page writes nothing until it is accepted."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coach.domain.wording import count as count_words
from coach.domain.wording import day_text
from coach.ui.widgets.common import named, plain_label, text_label

DEFAULT_DAYS = 90  # about one prescriber review interval (the report service's default too)
MAX_DAYS = 3650


class ReportRangeDialog(QDialog):
    """Asks how many days back the report covers, or everything recorded.

    `days()` is the choice after `accepted`: a whole number of days ending today, or None for everything
    (from `first_day`, the earliest record, when it is known). `default_days` is where it starts (the
    page's range; None: everything), `shown` names that range ("3 months"). `note()` is the note."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        first_day: date | None = None,
        default_days: int | None = DEFAULT_DAYS,
        shown: str = "",
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.first_day = first_day
        self.setObjectName("reportRange")
        self.setWindowTitle("Clinician report")
        self.setAccessibleName("Choose the days the clinician report covers")
        # The dates on one line at 100% text, wider with larger text; still far below 1024 px.
        self.setMinimumWidth(max(440, self.fontMetrics().averageCharWidth() * 58))
        layout = QVBoxLayout(self)
        # Never smaller than what its words need at any text size: no cut-off question or buttons.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(12)
        layout.addWidget(
            text_label(
                "Which days should the report cover? It starts with the range the Progress page shows"
                + (f" ({shown.lower()})" if shown else "")
                + "; most prescribers look back about three months.",
                object_name="reportRangeQuestion",
            )
        )
        row = QHBoxLayout()
        row.addWidget(plain_label("The last"))
        self.spin = named(QSpinBox(), "reportDays", "Number of days the report covers, ending today")
        self.spin.setRange(1, MAX_DAYS)
        self.spin.setValue(default_days if default_days is not None else DEFAULT_DAYS)
        self.spin.setSuffix(" days")
        row.addWidget(self.spin)
        row.addStretch(1)
        layout.addLayout(row)
        self.everything = named(
            QCheckBox("Everything I have recorded"), "reportAll", "Cover everything recorded"
        )
        self.everything.setChecked(default_days is None)
        layout.addWidget(self.everything)
        self.dates = text_label("", role="muted", object_name="reportRangeDates")
        self.dates.setAccessibleName("The dates the report will cover")
        layout.addWidget(self.dates)
        layout.addWidget(
            text_label(
                "A note for your clinician, in your own words (optional):", object_name="reportNoteLabel"
            )
        )
        self.note_box = QPlainTextEdit()
        named(self.note_box, "reportNote", "A note for your clinician (optional)")
        self.note_box.setTabChangesFocus(True)
        self.note_box.setFixedHeight(self.note_box.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.note_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("reportRangeButtons")
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Next: choose where to save")
        ok.setObjectName("reportRangeNext")
        ok.setAccessibleName("Next: choose where to save the report")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel the report")
        cancel.setObjectName("reportRangeCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.spin.valueChanged.connect(self._show_dates)
        self.everything.toggled.connect(self._show_dates)
        self._show_dates()
        self.spin.setFocus(Qt.FocusReason.OtherFocusReason)

    def days(self) -> int | None:
        return None if self.everything.isChecked() else self.spin.value()

    def note(self) -> str:
        return self.note_box.toPlainText().strip()

    def _show_dates(self) -> None:
        days = self.days()
        self.spin.setEnabled(days is not None)
        if days is None:
            start = self.first_day or self.today
            count = (self.today - start).days + 1
        else:
            start, count = self.today - timedelta(days=days - 1), days
        self.dates.setText(f"From {day_text(start)} to {day_text(self.today)} ({count_words(count, 'day')})")
