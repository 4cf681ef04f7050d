"""The table of a taper plan's steps on the Plan tab: when each starts, the daily doses in the medicines' own
units, the MME beside them, and a note (a step faster than the guideline pace, or above the one before, says
so). It keeps room for a few rows at any text size, so a small screen scrolls the tab rather than squeezing
the table to a sliver."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableWidget, QTableWidgetItem, QWidget

from coach.domain.wording import day_text
from coach.services.taper.medicines import Medication
from coach.services.taper.overview import PlanOverview
from coach.services.taper.step_units import StepDose, draft_amount_text, step_doses
from coach.ui.taper.plan_words import MME_TIP, plain_note
from coach.ui.widgets.common import named, shown_as_typed

# Rows the table always has room for (beside its header), so a few steps can be read without scrolling it.
LEAST_ROWS = 3


class StepsTable(QTableWidget):
    """One row per step, each cell holding the step's id (Qt.UserRole); read-only, one row chosen at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        named(self, "stepsTable", "Taper steps")
        self.setHorizontalHeaderLabels(["From", "Daily dose", "MME a day", "Notes"])
        mme_header = self.horizontalHeaderItem(2)
        if mme_header is not None:
            mme_header.setToolTip(MME_TIP)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        row = self.fontMetrics().height() + 10  # a row of text with the style's cell padding
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        height = self.horizontalHeader().sizeHint().height() + LEAST_ROWS * row + bar + 2 * self.frameWidth()
        return QSize(least.width(), max(least.height(), height))

    def chosen_step(self) -> int | None:
        """The id of the chosen step, or None when no row is chosen."""
        items = self.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def show_steps(self, o: PlanOverview, meds: dict[int, Medication], opioids: list[Medication]) -> None:
        """Fill the table from the plan's overview; `meds` by id (any state), `opioids` the ones taken now."""
        fast = {w.date: w for w in o.warnings}
        self.setRowCount(len(o.steps))
        for row, step in enumerate(o.steps):
            warning = fast.get(step.date)
            note = plain_note(step.note)
            if warning is not None:
                note = (
                    "⚠ faster than the guideline pace. " if warning.kind == "fast" else "Higher than before. "
                ) + note
            doses = step_doses(
                step, {m.id: m for m in opioids} | {k: meds[k] for k in step.doses if k in meds}
            )
            # A draft's amounts read as its preview did ("about 5 mg a day"), not to the hundredth (5.4, 4.86).
            amount = draft_amount_text if step.is_draft else StepDose.amount_text
            dose_text = "; ".join(f"{amount(d)} of {d.name}" for d in doses) or "MME total only"
            when = day_text(step.date, o.today)
            cells = (when, dose_text, f"{step.target_mme:g}", note.strip())
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, step.id)
                item.setToolTip(
                    shown_as_typed(warning.message if warning else (MME_TIP if column == 2 else text))
                )
                self.setItem(row, column, item)
        self.resizeRowsToContents()
