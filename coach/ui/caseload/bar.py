"""The caseload page's bar above the table: a short heading saying how the queue is sorted, the counts per
severity, the filter box, Import files / Import a folder, Mark as reviewed / Rename, and the import's
progress bar with Cancel and its result. Widgets only: the page (coach/ui/caseload/overview.py) connects
them. The heading and the counts are wrapped text on their own lines (a long "Sorted by ..." heading or
the counts at 200% text are wider than a small screen); the controls sit in one wrapping row (FlowLayout),
so a small screen or large text moves them onto a second line instead of cutting their labels or
squeezing the table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from coach.ui.widgets.common import FlowLayout, button, named, plain_label, text_label

TRIAGE_HEADING = "Your patients, most pressing first"
ABOUT_QUEUE = (
    "Each record is a read-only copy of what the patient chose to share. "
    "Drop progress files or a folder here to import them."
)


def row_label(text: str, beside: QWidget) -> QLabel:
    """A one-line label for a wrapping row of buttons, as tall as `beside` and centred on it, so its text
    lines up with the buttons' text."""
    label = plain_label(text)
    label.setMinimumHeight(beside.sizeHint().height())
    label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
    return label


class CaseloadBar(QWidget):
    """The buttons, counts, filter and import progress of the caseload page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        head = QVBoxLayout(self)
        head.setContentsMargins(0, 0, 0, 0)
        tools_box = QWidget()
        tools = FlowLayout(tools_box)
        self.import_button = button(
            "Import files…", "importProgress", "Import progress files", role="primary"
        )
        self.heading = text_label(TRIAGE_HEADING, role="subtitle", object_name="caseloadHeading")
        self.heading.setToolTip(ABOUT_QUEUE)
        self.counts = text_label("", object_name="caseloadCounts")
        self.counts.setAccessibleName("Patients per severity")
        self.counts.setToolTip(ABOUT_QUEUE)
        self.filter = named(QLineEdit(), "caseloadFilter", "Filter patients by name or flag")
        self.filter.setPlaceholderText("Filter by name or flag…")
        self.filter.setClearButtonEnabled(True)
        # Wide enough for its hint at any text size (a cut "Filter by name or …" hides what it filters).
        self.filter.setMinimumWidth(
            self.filter.fontMetrics().horizontalAdvance(self.filter.placeholderText()) + 48
        )
        self.review_button = button(
            "Mark as reviewed…", "markReviewed", "Mark the chosen patient as reviewed"
        )
        self.rename_button = button("Rename…", "renamePatient", "Your own name for the chosen patient")
        self.folder_button = button(
            "Import a folder…", "importProgressFolder", "Import a folder of progress files"
        )
        head.addWidget(self.heading)
        head.addWidget(self.counts)
        for widget in (
            self.filter,
            self.review_button,
            self.rename_button,
            self.import_button,
            self.folder_button,
        ):
            tools.addWidget(widget)
        head.addWidget(tools_box)

        self.progress_box = QWidget()
        progress_row = QHBoxLayout(self.progress_box)
        progress_row.setContentsMargins(0, 0, 0, 0)
        self.progress = named(QProgressBar(), "importProgressBar", "Import progress")
        self.progress.setVisible(False)
        self.cancel_button = button("Cancel", "cancelImport", "Stop importing")
        self.cancel_button.setVisible(False)
        self.import_status = text_label("", role="muted", object_name="importStatus", plain=True)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        progress_row.addWidget(self.import_status, 2)
        head.addWidget(self.progress_box)
        self.progress_box.setVisible(False)  # no room taken until there is an import to show

    def show_import(self, running: bool, status: str) -> None:
        """Show the progress bar and Cancel while `running`, and `status` (hidden when both are empty)."""
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.import_status.setText(status)
        self.progress_box.setVisible(running or bool(status))
