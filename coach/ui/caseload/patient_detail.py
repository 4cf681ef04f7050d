"""One patient's page under the caseload table: who, what they shared, their flags (reviewed ones marked),
the PEG chart in the theme's colours, and every finished practice session, partial ones shown as partial.
Read-only: everything here is what the patient chose to share."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain.session_done import counts_as_done, is_partial, percent_played
from coach.domain.wording import count
from coach.services.caseload.queue import CaseloadPatient
from coach.ui.caseload.queue_model import ago_text
from coach.ui.theme import Palette
from coach.ui.widgets.common import shown_as_typed, text_label

EXERCISE_MIN_CHARS = 14  # the Exercise column never shrinks below this many average characters
OTHER_MIN_PX = 48  # Date, Played and Pain shrink to this (their tooltips have the whole text)


class SessionsTable(QTableWidget):
    """The patient's sessions: Date, Exercise, Played, Pain before → after. Exercise keeps room for about
    EXERCISE_MIN_CHARS characters at any width; the other columns give way first (down to OTHER_MIN_PX)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Date", "Exercise", "Played", "Pain before → after"])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(OTHER_MIN_PX)
        self.setWordWrap(False)
        self.setMinimumWidth(self.exercise_min_width() + 3 * OTHER_MIN_PX + 24)

    def exercise_min_width(self) -> int:
        """The least width of the Exercise column in px (grows with the text size)."""
        return self.fontMetrics().averageCharWidth() * EXERCISE_MIN_CHARS + 12

    def fit_columns(self) -> None:
        """Date, Played and Pain at their content's width when there is room, shrunk in proportion when
        not, so that Exercise (stretching into the rest) keeps exercise_min_width."""
        others = (0, 2, 3)
        wanted = {
            c: max(self.sizeHintForColumn(c), self.horizontalHeader().sectionSizeHint(c)) for c in others
        }
        room = self.viewport().width() - self.exercise_min_width()
        total = sum(wanted.values())
        scale = min(1.0, room / total) if total > 0 else 1.0
        for c in others:
            self.horizontalHeader().resizeSection(c, max(OTHER_MIN_PX, int(wanted[c] * scale)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def day_text(value: date | None, empty: str = "none shared") -> str:
    return value.strftime("%d %b %Y") if value else empty


class PatientDetail(QWidget):
    """The chosen patient's summary, flags, PEG chart and practice sessions."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.done_fraction = 0.8
        self.today: date | None = None  # the coach's today, for "5 weeks ago" (set by the page)
        self._shown: CaseloadPatient | None = None
        box = QVBoxLayout(self)
        self.title = text_label("", role="subtitle", object_name="patientTitle", plain=True)
        self.text = text_label("", object_name="patientSummary", plain=True)
        # One label per severity, each in its theme colour: Urgent reads apart from High at a glance.
        self.urgent_flags = text_label("", role="urgent", object_name="patientUrgentFlags", plain=True)
        self.flags = text_label("", role="high", object_name="patientFlags", plain=True)
        self.watch_flags = text_label("", role="watch", object_name="patientWatchFlags", plain=True)
        box.addWidget(self.title)
        box.addWidget(self.text)
        for label in (self.urgent_flags, self.flags, self.watch_flags):
            box.addWidget(label)
            label.setVisible(False)
        row = QHBoxLayout()
        self.peg_plot = pg.PlotWidget()
        self.peg_plot.setObjectName("patientPegChart")
        self.peg_plot.setAccessibleName("Pain check-in (PEG) scores over the shared dates")
        self.peg_plot.setYRange(0, 10)
        self.peg_plot.setMinimumHeight(160)
        self.peg_plot.getPlotItem().setAxisItems({"bottom": pg.DateAxisItem()})
        self._colour_plot()
        row.addWidget(self.peg_plot, 1)
        self.sessions = SessionsTable()
        self.sessions.setObjectName("patientSessions")
        self.sessions.setAccessibleName("Practice sessions the patient shared")
        self.sessions.setHorizontalHeaderLabels(["Date", "Exercise", "Played", "Pain before → after"])
        self.sessions.verticalHeader().hide()
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.setMinimumHeight(160)
        row.addWidget(self.sessions, 1)
        box.addLayout(row, 1)

    def restyle(self, colours: Palette) -> None:
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

    def clear(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        for label in (self.urgent_flags, self.flags, self.watch_flags):
            label.setText("")
            label.setVisible(False)
        self.peg_plot.clear()
        self._shown = None
        self.sessions.setRowCount(0)

    def show_patient(self, patient: CaseloadPatient, data: dict[str, Any]) -> None:
        o = patient.overview
        renamed = f" (their files say {patient.name_in_file})" if patient.name != patient.name_in_file else ""
        self.title.setText(patient.name + renamed)
        parts = [
            f"Shared {day_text(o.range_start)} to {day_text(o.range_end)};"
            f" last file received {day_text(patient.last_file, 'never')}."
        ]
        if patient.legacy:
            parts.append("This came in an older file without a patient id: ask them to update the app.")
        if o.program_title:
            adherence = f"{o.adherence_percent}%" if o.adherence_percent is not None else "unknown"
            parts.append(f"Program: {o.program_title} (done {adherence} of what was planned).")
        partial = f", {o.sessions_partial} partial (stopped early)" if o.sessions_partial else ""
        parts.append(
            f"{count(o.sessions_completed, 'practice session')} done{partial}; {count(round(o.minutes_practised), 'minute')} "
            f"practised. Pain (PEG): {o.peg_trend}."
        )
        if o.lessons_text:
            parts.append(o.lessons_text)
        if patient.last_review is not None:
            note = f": {patient.last_review.note}" if patient.last_review.note else ""
            parts.append(f"Last reviewed {patient.last_review.reviewed_at[:10]}{note}")
        self.text.setText(" ".join(parts))
        today = self.today
        for label, severities in (
            (self.urgent_flags, ("urgent",)),
            (self.flags, ("high",)),
            (self.watch_flags, ("watch",)),
        ):
            lines = [
                f"• {f.severity.capitalize()}"
                + (f" ({ago_text(f.on, today)})" if ago_text(f.on, today) else "")
                + f": {f.text}"
                + (" (reviewed)" if f.reviewed else "")
                for f in patient.entry.flags
                if f.severity in severities
            ]
            label.setText("\n".join(lines))
            label.setVisible(bool(lines))
        self._plot_peg(patient)
        self._fill_sessions(data)

    def _plot_peg(self, patient: CaseloadPatient) -> None:
        self.peg_plot.clear()
        self._shown = patient
        peg = patient.overview.peg
        if not peg:
            return
        xs = [datetime.combine(d, time(12)).timestamp() for d, _ in peg]
        ys = [score for _, score in peg]
        pain = self.colours.pain  # the colour of PEG on the patient's own Progress page
        self.peg_plot.plot(xs, ys, pen=pg.mkPen(pain, width=2.5), symbol="o", symbolSize=9, symbolBrush=pain)

    def _fill_sessions(self, data: dict[str, Any]) -> None:
        rows = [s for s in data.get("sessions", []) if s.get("status") == "completed"][::-1]
        self.sessions.setRowCount(len(rows))
        for r, s in enumerate(rows):
            before, after = s.get("pre_pain"), s.get("post_pain")
            pain = f"{before} → {after}" if before is not None and after is not None else "—"
            fraction = s.get("fraction")
            if is_partial(s["status"], fraction, self.done_fraction):
                played = f"partial ({percent_played(fraction)})"
            elif counts_as_done(s["status"], fraction, self.done_fraction):
                played = "done"
            else:
                played = "—"
            for c, text in enumerate((s["date"], s.get("title") or s["exercise_id"], played, pain)):
                item = QTableWidgetItem(str(text))
                item.setToolTip(shown_as_typed(str(text)))  # the whole text when its column is narrow
                self.sessions.setItem(r, c, item)
        self.sessions.fit_columns()
