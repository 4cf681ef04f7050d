"""Progress: pain, practice, what helps, the taper and withdrawal over a chosen range, and the clinician
report button. Views only: the figures come from ProgressService, the PDF from the report service."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain import clinical_flags as cf
from coach.domain.errors import CoachError
from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.profiles.protection import plain_output_note
from coach.services.progress.charts import MIN_INTERVAL_N, Dashboard
from coach.services.progress.clinical import ClinicalSummary, clinical_summary
from coach.services.progress.dashboard import RANGE_OPTIONS, ProgressService
from coach.services.progress.shown_range import remember_range, shown_range
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.progress.card_grid import CardGrid
from coach.ui.progress.cards import ConsistencyCard, PainCard, PracticeCard, WithdrawalCard
from coach.ui.progress.chart_card import ChartCard
from coach.ui.progress.chart_files import remember_folder, save_start, saved_notice
from coach.ui.progress.heading_row import HeadingRow
from coach.ui.progress.helps_card import HelpsCard
from coach.ui.progress.report_range import ReportRangeDialog
from coach.ui.progress.taper_card import TaperCard
from coach.ui.taper.plan_words import MME_TIP
from coach.ui.tasks import TaskHandle, run_in_background
from coach.ui.theme import Palette, current_palette, follow_theme
from coach.ui.widgets.common import FlowLayout, button, card, text_label, title

pg.setConfigOptions(antialias=True, background=None)
log = logging.getLogger(__name__)

REFRESH_TOPICS = (Topic.SESSIONS, Topic.CHECKINS, Topic.TAPER, Topic.WITHDRAWAL, Topic.MEDICATIONS,
                  Topic.PROFILE, Topic.SETTINGS, Topic.EXERCISES)  # fmt: skip


def _report_job(
    board: Dashboard, clinical: ClinicalSummary, out: Path, name: str, note: str, page_size: str
) -> Callable[[TaskHandle], str]:
    """The PDF build for the background runner: the figures were gathered on the GUI thread, so no
    database use here. Returns the written path; a cancel leaves no file (build_report removes it)."""

    def work(handle: TaskHandle) -> str:
        from coach.services.progress.report import build_report

        result = build_report(board, out, name=name, note=note, page_size=page_size, progress=handle.progress,
                              cancelled=lambda: handle.cancelled, clinical=clinical)  # fmt: skip
        return str(result.path)

    return work


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _dates_in_words(text: str) -> str:
    """The flags' ISO dates (kept in the clinician report) as the page writes dates: "Tue 15 Sep 2026"."""
    return _ISO_DAY.sub(lambda m: day_text(date(int(m[1]), int(m[2]), int(m[3]))), text)


PEG_TIP = (
    "The weekly pain check is the PEG scale (Pain, Enjoyment of life, General activity; Krebs 2009): the "
    "average of three 0-10 answers. Your clinician report names it PEG."
)


class ProgressPage(QScrollArea):
    reportWritten = Signal(str)
    reportCancelled = Signal()  # the person stopped the report; nothing was written
    refreshed = Signal(str)  # the range key shown

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.service = ProgressService(ctx)
        self.range_key = shown_range(ctx)  # the range chosen last time, on this profile
        self.board: Dashboard | None = None
        self.last_refresh_ms = 0.0
        self.setObjectName("page_progress")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        colours = current_palette(ctx)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 20, 28, 20)
        self.body_layout = layout
        layout.setSpacing(14)
        self.report_button = button("Clinician report…", "clinicianReport",
                                    "Clinician report: save a PDF summary for your prescriber", role="primary")  # fmt: skip
        self.report_button.clicked.connect(self.ask_report)
        layout.addLayout(HeadingRow(title("Progress"), (self.report_button,)))

        ranges = FlowLayout()  # the range buttons wrap rather than push the page sideways
        show = text_label("Show:", role="muted")
        show.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        ranges.addWidget(show)
        self.range_group = QButtonGroup(self)
        self.range_buttons: dict[str, QPushButton] = {}
        for key, label, _days in RANGE_OPTIONS:
            b = button(label, f"range_{key}", f"Show {label.lower() if key != 'all' else 'everything'}",
                       role="range")  # fmt: skip
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=key: self.set_range(k))
            self.range_group.addButton(b)
            self.range_buttons[key] = b
            ranges.addWidget(b)
        show.setMinimumHeight(b.sizeHint().height())  # centred on the buttons' line
        layout.addLayout(ranges)
        self.period_label = text_label("", role="muted", object_name="progressPeriod")
        layout.addWidget(self.period_label)

        self.flags_frame, flags_box = card("progressFlags")
        flags_box.addWidget(text_label("Worth talking over with your prescriber", role="subtitle"))
        self.flags_label = text_label("", role="warning", object_name="progressFlagsText")
        self.flags_label.setToolTip(
            "Urgent: contact your prescriber today, or use Help now. High: talk with your prescriber soon. "
            "Watch: bring it up at your next visit."
        )
        flags_box.addWidget(self.flags_label)
        layout.addWidget(self.flags_frame)

        go = self.nav.go
        self.cards: dict[str, ChartCard] = {
            "pain": PainCard(
                "pain", "Weekly pain check",
                "Your weekly pain check (pain and how much it got in the way, 0-10) and its 7-day average.",
                "No pain check-ins in this range yet. The weekly pain check takes a minute: three questions about "
                "the past week. Your trend shows up here after the first one.",
                ("Do a check-in", lambda: go("checkin")), colours),
            "practice": PracticeCard(
                "practice", "Practice minutes per week",
                "Minutes of guided practice each week, sessions you ended early included.",
                "No practice sessions in this range yet. Start one from the Practice page; "
                "every session, even one you end early, adds to this chart.",
                ("Start a practice", lambda: go("practice")), colours),
            "consistency": ConsistencyCard(
                "consistency", "Consistency", ConsistencyCard.SENTENCE,
                "Your consistency score starts with your first practice session. Even five minutes counts.",
                ("Start a practice", lambda: go("practice")), colours),
            "helps": HelpsCard(
                "helps", "What helps",
                "Average change in your pain and distress from just before to just after a session, by kind "
                "of practice (below zero means it went down), with how many sessions each is from. The thin line on a bar "
                f"shows the likely range of the average, from {MIN_INTERVAL_N} sessions on: with fewer than "
                f"{MIN_INTERVAL_N} it would mean little, so none is drawn.",
                "Nothing to compare yet. Rate your pain and distress before and after a session, and this "
                "shows which kinds of practice help you most.",
                ("Start a practice", lambda: go("practice")), colours),
            "taper": TaperCard(
                "taper", "Pain as the dose came down",
                "Your daily opioid dose in MME as agreed with your prescriber (step line), with taper steps "
                "(dashed), pauses (shaded) and milestones (stars); the red line is your weekly pain check's "
                "7-day average on the right axis.",
                "No taper plan or opioid doses recorded in this range. When your prescriber agrees a plan, "
                "enter its steps on the Taper page and this chart follows them.",
                ("Open the Taper page", lambda: go("taper")), colours),
            "withdrawal": WithdrawalCard(
                "withdrawal", "Withdrawal check-ins",
                "The total of your withdrawal check-in after each taper step. The dashed line marks where a "
                "total is high enough to call your prescriber about.",
                "No withdrawal check-ins in this range. In the week after a taper step, a daily check-in "
                "helps you and your prescriber see how your body is adjusting.",
                ("Do a check-in", lambda: go("checkin")), colours),
        }  # fmt: skip
        # The clinical names, for anyone who wants them (the clinician report uses them).
        self.cards["pain"].heading.setToolTip(PEG_TIP)
        self.cards["taper"].heading.setToolTip(MME_TIP)
        for widget in self.cards.values():
            widget.data_dir = ctx.paths.data_dir  # chart images never go into the app's data folder
        self.grid = CardGrid(list(self.cards.values()))
        layout.addLayout(self.grid)
        layout.addWidget(text_label(
            "A coaching tool, not medical advice. Dose changes are always agreed with your prescriber.", role="muted"
        ))  # fmt: skip
        layout.addStretch(1)
        self.setWidget(body)

        self.range_buttons[self.range_key].setChecked(True)
        self.verticalScrollBar().valueChanged.connect(self._draw_visible)
        self.refresh()
        # Colours first: a settings change that also refreshes the figures then draws once, in new colours.
        follow_theme(self, ctx, self.restyle)
        follow_changes(self, ctx.bus, REFRESH_TOPICS, self.refresh)

    def restyle(self, colours: Palette) -> None:
        """Re-colour every chart, including those drawn before the theme changed (the stylesheet does
        the rest of the page)."""
        for widget in self.cards.values():
            widget.restyle(colours)
        self._arrange()  # the text size may have changed: one column or two

    def _arrange(self) -> None:
        margins = self.body_layout.contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        self.grid.arrange(width, QFontMetrics(QApplication.font()).averageCharWidth())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._draw_visible)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._draw_visible()

    def _draw_visible(self, *_: object) -> None:
        for widget in self.cards.values():
            if not widget.visibleRegion().isEmpty():
                widget.draw_pending()

    def draw_all(self) -> None:
        """Draw every chart now, on screen or not (PNG export of all, tests, benchmarks)."""
        for widget in self.cards.values():
            widget.draw_pending()

    # --- data ---------------------------------------------------------------------------------------
    def on_navigate(self, **kwargs: Any) -> None:
        key = kwargs.get("range")
        if isinstance(key, str) and key in self.range_buttons:
            self.set_range(key)

    def set_range(self, key: str) -> None:
        """Show range `key` (a RANGE_OPTIONS key) and remember it for the next start and the next report."""
        self.range_key = key
        remember_range(self.ctx, key)
        self.range_buttons[key].setChecked(True)
        self.refresh()

    def refresh(self) -> None:
        started = time.perf_counter()
        board = self.service.dashboard(self.range_key)
        self.board = board
        opioids = self.ctx.store.profile().takes_opioids
        self.cards["taper"].setVisible(opioids)
        self.cards["withdrawal"].setVisible(opioids)
        for widget in self.cards.values():
            if not widget.isHidden():
                widget.show_board(board)
        label = next(lab for k, lab, _ in RANGE_OPTIONS if k == self.range_key)
        period = f"{label}: {day_text(board.period.start)} to {day_text(board.period.end)}"
        self.period_label.setText(period)
        for widget in self.cards.values():
            widget.period_text = period  # a saved chart image says which days it shows
        self.flags_frame.setVisible(bool(board.flags))
        # Most pressing first, each with how pressing it is, in the report's words (Urgent / High / Watch).
        ordered = cf.sort_flags([cf.ClinicalFlag(f.kind, f.severity, f.text, f.on) for f in board.flags])
        self.flags_label.setText("\n".join(_dates_in_words(flag.label()) for flag in ordered))
        self.last_refresh_ms = (time.perf_counter() - started) * 1000
        self.refreshed.emit(self.range_key)

    # --- clinician report ---------------------------------------------------------------------------
    def ask_report(self) -> None:
        """Ask which days the report covers (default the last 90), then where to save it and for a note.
        The range dialog is window-modal but not blocking (`open`), so the page stays responsive."""
        today = self.service.today()
        shown = self.service.period(self.range_key)
        label = next(lab for k, lab, _ in RANGE_OPTIONS if k == self.range_key)
        dialog = ReportRangeDialog(
            self,
            today,
            self.service.period("all").start,
            default_days=None if self.range_key == "all" else shown.days,
            shown=label,
        )
        self.range_dialog = dialog
        dialog.accepted.connect(lambda: self._report_range_chosen(dialog.days(), dialog.note()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _report_range_chosen(self, days: int | None, note: str = "") -> None:
        default = save_start(f"coach-report-{date.today().isoformat()}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a report for your clinician", default, "PDF files (*.pdf)"
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from coach.storage.outputs import check_output

        try:
            check_output(Path(path), self.ctx.paths.data_dir)  # the same guard as `coach report --out`
        except CoachError as exc:
            QMessageBox.warning(self, "Clinician report", str(exc))
            return
        self.write_report(Path(path), note, days)

    def write_report(self, out: Path, note: str = "", days: int | str | None = "shown") -> None:
        """Gather the figures here (the last `days` days, None for everything, "shown" for the page's
        range), then build the PDF in the background, with a progress dialog whose Cancel stops it and
        leaves no file."""
        # reportlab loads on first use, so opening the page does not pay for it.
        from coach.services.progress.report import report_options

        if days == "shown":
            period = self.service.period(self.range_key)
        elif days is None:
            period = self.service.period("all")
        else:
            period = self.service.period_days(int(days))
        board = self.service.dashboard_for(period)
        clinical = clinical_summary(self.ctx, period)
        name, page_size = report_options(self.ctx)
        self.report_button.setEnabled(False)
        # The dialog's own Cancel button: a button set later would leave two Escape shortcuts, and two
        # shortcuts on one key cancel nothing.
        dialog = QProgressDialog("Writing your report…", "Cancel", 0, 100, self)
        dialog.setObjectName("reportProgress")
        dialog.setWindowTitle("Clinician report")
        dialog.setAccessibleName("Writing your report")
        cancel = dialog.findChild(QPushButton)
        if cancel is not None:
            cancel.setObjectName("reportCancel")
            cancel.setAccessibleName("Stop writing the report")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self.report_dialog = dialog
        task = run_in_background(
            _report_job(board, clinical, out, name, note, page_size),
            on_done=lambda path: self._report_done(dialog, path),
            on_error=lambda exc: self._report_failed(dialog, exc),
            progress=lambda fraction, _message: dialog.setValue(round(fraction * 100)),
            cancellable=True,
            on_cancelled=lambda: self._report_cancelled(dialog),
            owner=self,
            name="clinician-report",
        )
        dialog.canceled.connect(task.cancel)  # the Cancel button, Escape or closing the dialog
        dialog.rejected.connect(task.cancel)  # Escape before the dialog has shown itself

    def _report_done(self, dialog: QProgressDialog, path: str) -> None:
        dialog.reset()
        dialog.deleteLater()
        self.report_button.setEnabled(True)
        self.report_button.setToolTip(f"Last report: {path}")
        note = plain_output_note(self.ctx)
        text = f"Your report for your clinician was saved to {path}." + (f" {note}" if note else "")
        remember_folder(Path(path))
        saved_notice(self, "Report saved", text, Path(path))
        self.reportWritten.emit(path)

    def _report_failed(self, dialog: QProgressDialog, exc: Exception) -> None:
        dialog.reset()
        dialog.deleteLater()
        self.report_button.setEnabled(True)
        if not isinstance(exc, CoachError | OSError):  # not a full disk or a bad path: a bug to look into
            log.error("the clinician report failed", exc_info=exc)
        QMessageBox.warning(self, "Pain Recovery Coach", f"The report could not be written: {exc}")

    def _report_cancelled(self, dialog: QProgressDialog) -> None:
        # The worker has stopped and removed its partial file, so a new report may start.
        dialog.deleteLater()
        self.report_button.setEnabled(True)
        self.reportCancelled.emit()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return ProgressPage(ctx, nav)
