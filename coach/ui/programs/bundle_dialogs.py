"""Dialogs around files: the import preview (what will change, then Import or Cancel) and choosing what
progress to share with a coach."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coach.domain.progress_review import DEFAULT_SHARE, SHARE_LABELS, SHAREABLE
from coach.services.programs.bundle_import import ImportPreview
from coach.ui.widgets.common import button, text_label, wrapping_check


class ImportPreviewDialog(QDialog):
    """Shows `preview.lines()`; nothing is written unless the person presses Import."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a program")
        self.setObjectName("importPreviewDialog")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(f"From {preview.path.name}", role="subtitle"))
        layout.addWidget(text_label("This is what will change:"))
        self.summary = text_label(
            "\n".join(f"• {line}" for line in preview.lines()), object_name="importChanges"
        )
        self.summary.setAccessibleName("What the import will change")
        layout.addWidget(self.summary)
        layout.addWidget(text_label("Nothing has been changed yet.", role="muted"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button("Cancel", "importCancel")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = button("Import and start", "importConfirm", role="primary")
        self.ok_button.clicked.connect(self.accept)
        self.ok_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)


class ShareProgressDialog(QDialog):
    """Choose the date range and the parts of the record to put in a .coachprogress file."""

    def __init__(self, nickname: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share your progress")
        self.setObjectName("shareProgressDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Make a file for your coach. Only what you tick goes in it, and only for the days you choose. "
                "You send the file yourself; nothing leaves this computer on its own."
            )
        )
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.days = QSpinBox()
        self.days.setObjectName("shareDays")
        self.days.setAccessibleName("How many days back to share")
        self.days.setRange(1, 365)
        self.days.setValue(28)
        self.days.setSuffix(" days")
        self.name = QLineEdit(nickname)
        self.name.setObjectName("shareName")
        self.name.setAccessibleName("The name your coach will see")
        form.addRow("Share the last", self.days)
        form.addRow("Your name for the coach", self.name)
        layout.addLayout(form)
        self.boxes: dict[str, QCheckBox] = {}
        for key in SHAREABLE:
            # Wrapping text: a check box's own long text pushed the dialog sideways at a large text size.
            box, box_row = wrapping_check(SHARE_LABELS[key], f"share_{key}")
            box.setChecked(key in DEFAULT_SHARE)
            box.toggled.connect(self._update)
            self.boxes[key] = box
            layout.addWidget(box_row)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button("Cancel", "shareCancel")
        cancel.clicked.connect(self.reject)
        self.ok_button = button("Save the file…", "shareConfirm", role="primary")
        self.ok_button.clicked.connect(self.accept)
        row.addWidget(cancel)
        row.addWidget(self.ok_button)
        layout.addLayout(row)

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.boxes.items() if box.isChecked())
