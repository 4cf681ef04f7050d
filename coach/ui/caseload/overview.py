"""The coach's caseload page: a triage queue of every patient (counts per severity, a filter box, sortable
columns), "Mark as reviewed" / "Rename" for the chosen patient, whose shared record shows below, and the
records that cannot be shown. Imports (files, a folder, a drop) are its base class's, CaseloadImports
(coach/ui/caseload/import_flow.py); the table is made by coach/ui/caseload/patient_table.py.

A new file changes one row of the model (coach/ui/caseload/queue_model.py), never the whole table, and the
selection stays on its patient; rows with data the coach has not looked at are marked NEW until viewed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.services.caseload.patient_records import SkippedRecord, patient_record, remove_patient_record
from coach.services.caseload.queue import (
    CaseloadPatient,
    caseload,
    caseload_patient,
    mark_reviewed,
    mark_viewed,
    rename_patient,
)
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.ui.caseload.bar import CaseloadBar
from coach.ui.caseload.dialogs import RenamePatientDialog, ReviewDialog
from coach.ui.caseload.import_flow import CaseloadImports
from coach.ui.caseload.importer import BackgroundImport
from coach.ui.caseload.patient_detail import PatientDetail
from coach.ui.caseload.patient_table import CHOOSING_KEYS, fit_columns, patient_table, sort_heading
from coach.ui.caseload.queue_model import (
    RECORD_ROLE,
    CaseloadModel,
    CaseloadProxy,
)
from coach.ui.changes import follow_changes
from coach.ui.tasks import Task
from coach.ui.theme import Palette, current_palette, follow_theme
from coach.ui.widgets.common import button, named, shown_as_typed, text_label

ErrorSink = Callable[[str], None]


def counts_text(counts: dict[str, int]) -> str:
    """`1 urgent · 119 high · 12 watch · 3 reviewed · 71 without flags`."""
    return (
        f"{counts['urgent']} urgent · {counts['high']} high · {counts['watch']} watch · "
        f"{counts['reviewed']} reviewed · {counts['none']} without flags"
    )


class CoachOverview(CaseloadImports):
    """The coach's caseload page. Emits `imported(record_id)` for each patient a file added or changed (the
    import flow is CaseloadImports, coach/ui/caseload/import_flow.py)."""

    def __init__(self, ctx: AppContext, on_error: ErrorSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coachOverview")
        self.ctx = ctx
        self.on_error = on_error
        self.skipped: list[SkippedRecord] = []
        self.run: BackgroundImport | None = None
        self.task: Task[int] | None = None
        self._own_writes = 0  # our own publishes: the rows are already updated
        self.setAcceptDrops(True)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)  # lined up with the page's controls above it
        self.model = CaseloadModel(self)
        self.proxy = CaseloadProxy(self)
        self.proxy.setSourceModel(self.model)
        self.bar = CaseloadBar(self)
        self.bar.import_button.clicked.connect(lambda: self.choose_files())
        self.bar.folder_button.clicked.connect(lambda: self.choose_folder())
        self.bar.filter.textChanged.connect(lambda text: self._on_filter(text))
        self.bar.review_button.clicked.connect(lambda: self.open_review())
        self.bar.rename_button.clicked.connect(lambda: self.open_rename())
        self.bar.cancel_button.clicked.connect(lambda: self.cancel_import())
        (self.counts, self.filter, self.progress) = (self.bar.counts, self.bar.filter, self.bar.progress)
        (self.cancel_button, self.import_status) = (self.bar.cancel_button, self.bar.import_status)
        (self.review_button, self.rename_button) = (self.bar.review_button, self.bar.rename_button)
        root.addWidget(self.bar)
        root.addLayout(self._build_skipped())
        root.addLayout(self._build_no_match())

        # The queue takes most of the height; the chosen patient's record is below it in its own scroll area,
        # and the coach can drag the handle between them.
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("caseloadSplitter")
        splitter.setHandleWidth(8)
        splitter.setChildrenCollapsible(False)
        self.table = patient_table(self.proxy)
        header = self.table.horizontalHeader()
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_current(current)
        )
        # NEW clears only when the coach chooses a patient (a click or a key in the table), never when the
        # page chooses one itself (start-up, a filter, an import): see _mark_chosen_viewed.
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)
        header.sortIndicatorChanged.connect(
            lambda column, order: self.bar.heading.setText(sort_heading(column, order))
        )
        splitter.addWidget(self.table)
        self.detail = PatientDetail(current_palette(ctx))
        palette = current_palette(ctx)
        self.model.set_colours(palette.urgent, palette.high, palette.watch)
        self.detail_scroll = named(QScrollArea(), "patientDetailScroll", "The chosen patient's record")
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_scroll.setWidget(self.detail)
        self.detail_scroll.setMinimumHeight(120)
        splitter.addWidget(self.detail_scroll)
        # Half each to start: the chosen patient's flags and "what to do" show without dragging the handle
        # (at 60/40 a coach at 1366x768 saw only the name and one line).
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 500])
        root.addWidget(splitter, 1)
        self.refresh()
        follow_changes(self, ctx.bus, [Topic.CASELOAD, Topic.SETTINGS], self._on_change)
        follow_theme(self, ctx, self.restyle)

    # --- layout ----------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.MouseButtonPress and watched is self.table.viewport()) or (
            event.type() == QEvent.Type.KeyPress
            and watched is self.table
            and isinstance(event, QKeyEvent)
            and Qt.Key(event.key()) in CHOOSING_KEYS
        ):
            # The table handles the event after this filter: look at what is chosen once it has.
            QTimer.singleShot(0, self._mark_chosen_viewed)
        return super().eventFilter(watched, event)

    def _mark_chosen_viewed(self) -> None:
        """The coach chose (or clicked again) this patient: their new data counts as seen."""
        patient = self._chosen_patient()
        if patient is not None and patient.is_new:
            with self._writing():
                mark_viewed(self.ctx, patient.record_id, origin=self)
            self._update_row(patient.record_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            fit_columns(self.table)  # the text size changed: the headings need their room again

    def _build_skipped(self) -> QHBoxLayout:
        # Records that cannot be read (stored by an older version, or damaged) are named here with a way
        # to remove them; the readable patients are never hidden by them.
        row = QHBoxLayout()
        self.skipped_text = text_label("", role="warning", object_name="skippedRecords", plain=True)
        self.skipped_text.setAccessibleName("Patient records that cannot be shown")
        row.addWidget(self.skipped_text, 1)
        self.remove_skipped_button = button(
            "Remove these records…", "removeSkippedRecords", "Remove the patient records that cannot be shown"
        )
        self.remove_skipped_button.clicked.connect(lambda: self.remove_skipped())
        row.addWidget(self.remove_skipped_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _build_no_match(self) -> QHBoxLayout:
        # An empty filter result says so in one line, with a way back to every patient.
        row = QHBoxLayout()
        self.no_match = text_label("", role="warning", object_name="caseloadNoMatch", plain=True)
        row.addWidget(self.no_match, 1)
        self.clear_filter_button = button(
            "Clear the filter", "clearCaseloadFilter", "Show every patient again"
        )
        self.clear_filter_button.clicked.connect(lambda: self.filter.clear())
        row.addWidget(self.clear_filter_button, 0, Qt.AlignmentFlag.AlignTop)
        self.no_match.setVisible(False)
        self.clear_filter_button.setVisible(False)
        return row

    def _on_filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self._follow_visible()

    def _follow_visible(self) -> None:
        """The record below always shows a row that is shown: when the chosen one was filtered away, choose
        the first shown row, or say "Choose a patient" (buttons off) when none is shown."""
        empty = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        needle = self.filter.text().strip()
        self.no_match.setText(f'No patient matches "{needle}".' if empty else "")
        self.no_match.setVisible(empty)
        self.clear_filter_button.setVisible(empty)
        if self.selected_record() is None:
            if self.proxy.rowCount():
                self.select_record(None)
            elif self.model.rowCount():
                self.detail.clear("Choose a patient", "No patient is shown with this filter.")
        self._sync_buttons()

    @property
    def peg_plot(self) -> object:
        """The chosen patient's PEG chart (a pyqtgraph PlotWidget)."""
        return self.detail.peg_plot

    @property
    def detail_title(self) -> object:
        """The chosen patient's name above their record (a QLabel)."""
        return self.detail.title

    @property
    def detail_text(self) -> object:
        """The chosen patient's summary (a QLabel)."""
        return self.detail.text

    def restyle(self, colours: Palette) -> None:
        """Re-colour the PEG chart for a new theme, the patient's line included."""
        self.detail.restyle(colours)
        self.model.set_colours(colours.urgent, colours.high, colours.watch)

    # --- the table ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Our own writes publish Topic.CASELOAD; the rows they touch are updated here already."""
        self._own_writes += 1
        try:
            yield
        finally:
            self._own_writes -= 1

    def _on_change(self) -> None:
        if not self._own_writes:
            self.refresh()

    def refresh(self) -> None:
        """Read the whole queue again (first open, a change from elsewhere); the selection stays put."""
        chosen = self.selected_record()
        found = caseload(self.ctx)
        self.detail.done_fraction = self.ctx.store.setting(SESSION_DONE_FRACTION)
        self.skipped = found.skipped
        self.skipped_text.setText("\n".join(s.message for s in self.skipped))
        self.skipped_text.setVisible(bool(self.skipped))
        self.remove_skipped_button.setVisible(bool(self.skipped))
        self.remove_skipped_button.setText(
            "Remove this record…" if len(self.skipped) == 1 else "Remove these records…"
        )
        self.model.today = self.detail.today = (
            self.ctx.clock.now().astimezone(self.ctx.clock.local_zone()).date()
        )
        self.model.reset_rows(found.queue)
        self.counts.setText(counts_text(found.counts))
        if found.queue:
            self.select_record(
                chosen if chosen is not None and self.model.row_of(chosen) is not None else None
            )
        else:
            self.detail.clear(
                "No patients yet", "When patients send you .coachprogress files, import them here."
            )
        self._sync_buttons()

    def _update_counts(self) -> None:
        from coach.domain.triage import severity_counts

        self.counts.setText(counts_text(severity_counts(p.entry for p in self.model.patients())))

    def _sync_buttons(self) -> None:
        chosen = self.selected_record() is not None
        self.review_button.setEnabled(chosen)
        self.rename_button.setEnabled(chosen)

    def selected_record(self) -> int | None:
        """The chosen patient's record id, None when nobody is chosen."""
        current = self.table.selectionModel().currentIndex()
        if not current.isValid():
            return None
        value = current.data(RECORD_ROLE)
        return int(value) if value is not None else None

    def select_record(self, record_id: int | None) -> None:
        """Choose a patient by record id (None: the first row of the queue as shown)."""
        if record_id is None:
            index = self.proxy.index(0, 0)
        else:
            row = self.model.row_of(record_id)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else QModelIndex()
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)

    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return self.proxy.rowCount()

    def cell_text(self, row: int, column: int) -> str:
        """The text of a shown cell (row after sorting and filtering)."""
        return str(self.proxy.index(row, column).data() or "")

    def _on_current(self, current: QModelIndex) -> None:
        self._sync_buttons()
        if not current.isValid():
            # The chosen row went (filtered away, renamed out of the filter): never keep its record below.
            if self.model.rowCount():
                self.detail.clear("Choose a patient", "No patient is shown with this filter.")
            QTimer.singleShot(0, self._follow_visible)
            return
        record_id = int(current.data(RECORD_ROLE))
        patient = self.model.patient(self.model.row_of(record_id) or 0)
        try:
            _overview, data = patient_record(self.ctx, record_id)
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.detail.show_patient(patient, data)

    def _update_row(self, record_id: int) -> CaseloadPatient | None:
        try:
            patient = caseload_patient(self.ctx, record_id)
        except CoachError as exc:
            self.on_error(str(exc))
            return None
        self.model.put_patient(patient)
        self._update_counts()
        self._follow_visible()  # a rename or review may take the row out of the filter
        if self.selected_record() == record_id:
            self._show_detail(patient)  # the record below always matches the chosen row
        return patient

    def _show_detail(self, patient: CaseloadPatient) -> None:
        try:
            _overview, data = patient_record(self.ctx, patient.record_id)
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.detail.show_patient(patient, data)

    # --- review and rename --------------------------------------------------------------------------
    def _chosen_patient(self) -> CaseloadPatient | None:
        record_id = self.selected_record()
        row = self.model.row_of(record_id) if record_id is not None else None
        return self.model.patient(row) if row is not None else None

    def mark_reviewed(self, note: str = "") -> bool:
        """Mark the chosen patient as reviewed with `note` (the service keeps it in the review log)."""
        patient = self._chosen_patient()
        if patient is None:
            return False
        with self._writing():
            mark_reviewed(self.ctx, patient.record_id, note)
        self._update_row(patient.record_id)
        return True

    def rename(self, name: str) -> bool:
        """The coach's own name for the chosen patient ('' = the name in their files)."""
        patient = self._chosen_patient()
        if patient is None:
            return False
        with self._writing():
            rename_patient(self.ctx, patient.record_id, name)
        self._update_row(patient.record_id)
        return True

    def open_review(self) -> ReviewDialog | None:
        patient = self._chosen_patient()
        if patient is None:
            return None
        dialog = ReviewDialog(patient, self.mark_reviewed, self)
        dialog.open()
        return dialog

    def open_rename(self) -> RenamePatientDialog | None:
        patient = self._chosen_patient()
        if patient is None:
            return None
        dialog = RenamePatientDialog(patient, self.rename, self)
        dialog.open()
        return dialog

    # --- records that cannot be shown -----------------------------------------------------------------
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
