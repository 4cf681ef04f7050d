"""Coach overview: every imported patient's adherence, last practice, PEG trend and flags, and a small
dashboard per patient (PEG chart, practice list). Records are read-only: they are what the patient shared."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.domain.wording import count

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain.errors import CoachError
from coach.domain.progress_review import PatientOverview
from coach.services.caseload.progress_files import (
    SkippedRecord,
    caseload,
    import_progress,
    patient_record,
    remove_patient_record,
)
from coach.services.context import AppContext
from coach.ui.theme import Palette, current_palette, follow_theme
from coach.ui.widgets.common import button, shown_as_typed, text_label

ErrorSink = Callable[[str], None]
COLUMNS = ("Patient", "Adherence", "Last practice", "PEG trend", "Flags")


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "none shared"


class CoachOverview(QWidget):
    """The coach's caseload: one row per patient, and the chosen patient's PEG chart (in the theme's
    colours, following a theme change) and shared practice sessions. Emits `imported(record_id)`."""

    imported = Signal(int)

    def __init__(self, ctx: AppContext, on_error: ErrorSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coachOverview")
        self.ctx = ctx
        self.on_error = on_error
        self.rows: list[PatientOverview] = []
        self._shown: PatientOverview | None = None  # whose PEG the chart shows, to draw again on restyle
        root = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(
            text_label(
                "Progress files your patients shared with you. Each is a read-only copy of what they chose "
                "to share, for the dates they chose.",
                role="muted",
            ),
            1,
        )
        self.import_button = button("Import a progress file…", "importProgress", role="primary")
        self.import_button.clicked.connect(lambda: self.import_file())
        head.addWidget(self.import_button)
        root.addLayout(head)

        # Records that cannot be read (stored by an older version, or damaged) are named here with a way
        # to remove them; the readable patients below are never hidden by them.
        skipped_row = QHBoxLayout()
        self.skipped_text = text_label("", role="warning", object_name="skippedRecords", plain=True)
        self.skipped_text.setAccessibleName("Patient records that cannot be shown")
        skipped_row.addWidget(self.skipped_text, 1)
        self.remove_skipped_button = button(
            "Remove these records…", "removeSkippedRecords", "Remove the patient records that cannot be shown"
        )
        self.remove_skipped_button.clicked.connect(lambda: self.remove_skipped())
        skipped_row.addWidget(self.remove_skipped_button, 0, Qt.AlignmentFlag.AlignTop)
        root.addLayout(skipped_row)
        self.skipped: list[SkippedRecord] = []

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("patientTable")
        self.table.setAccessibleName("Patients: adherence, last practice, pain trend and flags")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        splitter.addWidget(self.table)

        detail = QWidget()
        box = QVBoxLayout(detail)
        self.detail_title = text_label("", role="subtitle", object_name="patientTitle", plain=True)
        self.detail_text = text_label("", object_name="patientSummary", plain=True)
        self.detail_flags = text_label("", role="warning", object_name="patientFlags", plain=True)
        box.addWidget(self.detail_title)
        box.addWidget(self.detail_text)
        box.addWidget(self.detail_flags)
        row = QHBoxLayout()
        self.colours = current_palette(ctx)
        self.peg_plot = pg.PlotWidget()
        self.peg_plot.setObjectName("patientPegChart")
        self.peg_plot.setAccessibleName("Pain check-in (PEG) scores over the shared dates")
        self.peg_plot.setYRange(0, 10)
        self.peg_plot.setMinimumHeight(160)
        self.peg_plot.getPlotItem().setAxisItems({"bottom": pg.DateAxisItem()})
        self._colour_plot()
        row.addWidget(self.peg_plot, 1)
        self.sessions = QTableWidget(0, 3)
        self.sessions.setObjectName("patientSessions")
        self.sessions.setAccessibleName("Practice sessions the patient shared")
        self.sessions.setHorizontalHeaderLabels(["Date", "Exercise", "Pain before → after"])
        self.sessions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sessions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sessions.verticalHeader().hide()
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row.addWidget(self.sessions, 1)
        box.addLayout(row, 1)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        root.addWidget(splitter, 1)
        self.refresh()
        follow_theme(self, ctx, self.restyle)

    def restyle(self, colours: Palette) -> None:
        """Re-colour the PEG chart for a new theme, the patient's line included."""
        self.colours = colours
        self._colour_plot()
        if self._shown is not None:
            self._plot_peg(self._shown)

    def _colour_plot(self) -> None:
        c = self.colours
        self.peg_plot.setBackground(c.base)
        for name in ("left", "bottom"):
            axis = self.peg_plot.getAxis(name)
            axis.setTextPen(c.text)
            axis.setPen(c.muted)
        self.peg_plot.setLabel("left", "PEG (0-10)", color=c.text)

    def refresh(self) -> None:
        found = caseload(self.ctx)
        self.rows = found.patients
        self.skipped = found.skipped
        self.skipped_text.setText("\n".join(s.message for s in self.skipped))
        self.skipped_text.setVisible(bool(self.skipped))
        self.remove_skipped_button.setVisible(bool(self.skipped))
        self.remove_skipped_button.setText(
            "Remove this record…" if len(self.skipped) == 1 else "Remove these records…"
        )
        self.table.setRowCount(len(self.rows))
        for r, o in enumerate(self.rows):
            cells = (
                o.name,
                f"{o.adherence_percent}%" if o.adherence_percent is not None else "—",
                _day(o.last_practice),
                o.peg_trend,
                " ".join(o.flags) if o.flags else "none",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(shown_as_typed(text))
                self.table.setItem(r, c, item)
        if self.rows:
            self.table.setCurrentCell(0, 0)
            self._show_detail(0)
        else:
            self.detail_title.setText("No patients yet")
            self.detail_text.setText("When a patient sends you a .coachprogress file, import it here.")
            self.detail_flags.setText("")
            self.peg_plot.clear()
            self._shown = None
            self.sessions.setRowCount(0)

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        overview = self.rows[row]
        try:
            _o, data = patient_record(self.ctx, overview.record_id)
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.detail_title.setText(overview.name)
        parts = [f"Shared {_day(overview.range_start)} to {_day(overview.range_end)}."]
        if overview.program_title:
            adherence = (
                f"{overview.adherence_percent}%" if overview.adherence_percent is not None else "unknown"
            )
            parts.append(f"Program: {overview.program_title} (done {adherence} of what was planned).")
        parts.append(
            f"{count(overview.sessions_completed, 'completed practice session')}. "
            f"Weekly pain check (PEG): {overview.peg_trend}."
        )
        if overview.lessons_text:
            parts.append(overview.lessons_text)
        self.detail_text.setText(" ".join(parts))
        self.detail_flags.setText("\n".join(f"• {flag}" for flag in overview.flags))
        self._plot_peg(overview)
        self._fill_sessions(data)

    def _plot_peg(self, overview: PatientOverview) -> None:
        from datetime import datetime, time

        self.peg_plot.clear()
        self._shown = overview
        if not overview.peg:
            return
        xs = [datetime.combine(d, time(12)).timestamp() for d, _ in overview.peg]
        ys = [score for _, score in overview.peg]
        pain = self.colours.pain  # the colour of PEG on the patient's own Progress page
        self.peg_plot.plot(xs, ys, pen=pg.mkPen(pain, width=2.5), symbol="o", symbolSize=9, symbolBrush=pain)

    def _fill_sessions(self, data: dict[str, Any]) -> None:
        rows = [s for s in data.get("sessions", []) if s.get("status") == "completed"][::-1]
        self.sessions.setRowCount(len(rows))
        for r, s in enumerate(rows):
            before, after = s.get("pre_pain"), s.get("post_pain")
            pain = f"{before} → {after}" if before is not None and after is not None else "—"
            for c, text in enumerate((s["date"], s.get("title") or s["exercise_id"], pain)):
                self.sessions.setItem(r, c, QTableWidgetItem(str(text)))

    def remove_skipped(self, confirm: Callable[[str], bool] | None = None) -> int:
        """Ask, then remove every record that cannot be shown; returns how many were removed."""
        if not self.skipped:
            return 0
        names = ", ".join(f"{s.name} (record {s.record_id})" for s in self.skipped)
        records = "the record" if len(self.skipped) == 1 else "the records"
        question = f"Remove {records} of {names}? This cannot be undone; the other patients stay."
        ask = confirm or (
            lambda text: (
                QMessageBox.question(self, "Patients", shown_as_typed(text)) == QMessageBox.StandardButton.Yes
            )
        )
        if not ask(question):
            return 0
        removed = 0
        for skipped in list(self.skipped):
            try:
                remove_patient_record(self.ctx, skipped.record_id)
                removed += 1
            except CoachError as exc:
                self.on_error(str(exc))
                break
        self.refresh()
        return removed

    def import_file(self, path: Path | None = None) -> int | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "Import a progress file",
                str(Path.home()),
                "Progress files (*.coachprogress);;All files (*)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            record_id = import_progress(self.ctx, path)
        except CoachError as exc:
            self.on_error(str(exc))
            return None
        self.refresh()
        self.imported.emit(record_id)
        return record_id
