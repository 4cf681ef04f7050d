"""The small dialog before a clinician report is saved: which days it covers (default the last 90), with
the exact dates shown as the choice changes. It only asks; the page writes nothing until it is accepted."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coach.ui.widgets.common import named, plain_label, text_label

DEFAULT_DAYS = 90  # about one prescriber review interval (the report service's default too)
MAX_DAYS = 3650


class ReportRangeDialog(QDialog):
    """Asks how many days back the report covers, or everything recorded.

    `days()` is the choice after `accepted`: a whole number of days ending today, or None for everything
    (from `first_day`, the earliest record, when it is known)."""

    def __init__(self, parent: QWidget | None, today: date, first_day: date | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.first_day = first_day
        self.setObjectName("reportRange")
        self.setWindowTitle("Clinician report")
        self.setAccessibleName("Choose the days the clinician report covers")
        self.setMinimumWidth(440)  # the dates on one line at 100% text; still far below 1024 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(12)
        layout.addWidget(
            text_label(
                "Which days should the report cover? Most prescribers look back about three months.",
                object_name="reportRangeQuestion",
            )
        )
        row = QHBoxLayout()
        row.addWidget(plain_label("The last"))
        self.spin = named(QSpinBox(), "reportDays", "Number of days the report covers, ending today")
        self.spin.setRange(1, MAX_DAYS)
        self.spin.setValue(DEFAULT_DAYS)
        self.spin.setSuffix(" days")
        row.addWidget(self.spin)
        row.addStretch(1)
        layout.addLayout(row)
        self.everything = named(
            QCheckBox("Everything I have recorded"), "reportAll", "Cover everything recorded"
        )
        layout.addWidget(self.everything)
        self.dates = text_label("", role="muted", object_name="reportRangeDates")
        self.dates.setAccessibleName("The dates the report will cover")
        layout.addWidget(self.dates)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("reportRangeButtons")
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Next: choose where to save")
        ok.setObjectName("reportRangeNext")
        ok.setAccessibleName("Next: choose where to save the report")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.spin.valueChanged.connect(self._show_dates)
        self.everything.toggled.connect(self._show_dates)
        self._show_dates()
        self.spin.setFocus(Qt.FocusReason.OtherFocusReason)

    def days(self) -> int | None:
        return None if self.everything.isChecked() else self.spin.value()

    def _show_dates(self) -> None:
        days = self.days()
        self.spin.setEnabled(days is not None)
        if days is None:
            start = self.first_day or self.today
            count = (self.today - start).days + 1
        else:
            start, count = self.today - timedelta(days=days - 1), days
        self.dates.setText(f"From {start:%d %b %Y} to {self.today:%d %b %Y} ({count} days)")
