"""The caseload page's bar above the table: what the page is, Import files / Import a folder, the counts per
severity, the filter box, Mark as reviewed / Rename, and the import's progress bar with Cancel and its
result. Widgets only: the page (coach/ui/caseload/overview.py) connects them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from coach.ui.widgets.common import FlowLayout, button, named, text_label


class CaseloadBar(QWidget):
    """The buttons, counts, filter and import progress of the caseload page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        head = QVBoxLayout(self)
        head.setContentsMargins(0, 0, 0, 0)
        # The words on their own line and the buttons in rows that wrap: nothing is squeezed on a small
        # screen or at a large text size.
        head.addWidget(
            text_label(
                "Your patients, most pressing first. Each record is a read-only copy of what they chose to "
                "share. Drop progress files or a folder here to import them.",
                role="muted",
            )
        )
        row = FlowLayout()
        self.import_button = button(
            "Import files…", "importProgress", "Import progress files", role="primary"
        )
        self.folder_button = button(
            "Import a folder…", "importProgressFolder", "Import a folder of progress files"
        )
        row.addWidget(self.import_button)
        row.addWidget(self.folder_button)
        head.addLayout(row)

        self.counts = text_label("", object_name="caseloadCounts")
        self.counts.setAccessibleName("Patients per severity")
        head.addWidget(self.counts)
        tools = FlowLayout()
        self.filter = named(QLineEdit(), "caseloadFilter", "Filter patients by name or flag")
        self.filter.setPlaceholderText("Filter by name or flag…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(self.filter.fontMetrics().averageCharWidth() * 18)
        tools.addWidget(self.filter)
        self.review_button = button(
            "Mark as reviewed…", "markReviewed", "Mark the chosen patient as reviewed"
        )
        self.rename_button = button("Rename…", "renamePatient", "Your own name for the chosen patient")
        tools.addWidget(self.review_button)
        tools.addWidget(self.rename_button)
        head.addLayout(tools)

        progress_row = QHBoxLayout()
        self.progress = named(QProgressBar(), "importProgressBar", "Import progress")
        self.progress.setVisible(False)
        self.cancel_button = button("Cancel", "cancelImport", "Stop importing")
        self.cancel_button.setVisible(False)
        self.import_status = text_label("", role="muted", object_name="importStatus", plain=True)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        progress_row.addWidget(self.import_status, 2)
        head.addLayout(progress_row)
