"""Dialogs around files: the import preview (what will change, the program itself, then Import or
Cancel) and choosing what progress to share with a coach."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coach.domain.progress_review import DEFAULT_SHARE, SHARE_LABELS, SHAREABLE
from coach.services.programs.bundle_import import ImportPreview
from coach.ui.programs.program_view import program_html
from coach.ui.widgets.common import available_area, button, fit_to_screen, text_label, wrapping_check


def bundled_titles(preview: ImportPreview) -> Callable[[str], str]:
    """Names exercises by the titles the bundle carries, else by their id made readable
    ("body-scan" -> "Body scan"); the page passes the profile's own library instead when it has one."""
    titles = {str(x.get("id")): str(x.get("title") or x.get("id")) for x in preview.contents.exercises}
    return lambda exercise_id: titles.get(exercise_id) or exercise_id.replace("-", " ").capitalize()


def replacement_text(preview: ImportPreview) -> str:
    """One plain sentence on what happens to the program followed now."""
    if preview.current_program:
        return (
            f"This replaces the program you follow now, “{preview.current_program}”, from today. "
            "Your record of it is kept."
        )
    return "You are not following a program now; this one starts today."


class ImportPreviewDialog(QDialog):
    """Shows `preview.lines()`, what happens to the program followed now, and the whole program (its weeks
    and each day's exercises) in a scrolling view; nothing is written unless the person presses Import.
    `title_of(exercise_id)` names exercises (default: `bundled_titles`)."""

    def __init__(
        self,
        preview: ImportPreview,
        parent: QWidget | None = None,
        title_of: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a program")
        self.setObjectName("importPreviewDialog")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        who = f" from {preview.coach_name}" if preview.coach_name else ""
        layout.addWidget(
            text_label(f"“{preview.program_title}”{who} ({preview.path.name})", role="subtitle", plain=True)
        )
        self.replaces = text_label(replacement_text(preview), object_name="importReplaces", plain=True)
        self.replaces.setAccessibleName("What happens to your current program")
        layout.addWidget(self.replaces)
        layout.addWidget(text_label("This is what will change:"))
        self.summary = text_label(
            "\n".join(f"• {line}" for line in preview.lines()), object_name="importChanges", plain=True
        )
        self.summary.setAccessibleName("What the import will change")
        layout.addWidget(self.summary)
        # The program itself, week by week and day by day; it scrolls, so a long program never pushes
        # the buttons off a small screen.
        self.program_view = QTextBrowser()
        self.program_view.setObjectName("importProgramView")
        self.program_view.setAccessibleName("The program, week by week")
        self.program_view.setOpenLinks(False)
        self.program_view.setMinimumHeight(120)
        self.program_view.setHtml(
            program_html(preview.contents.program, preview.coach_name, title_of or bundled_titles(preview))
        )
        layout.addWidget(self.program_view, 1)
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
        # Room for a few weeks at once, and less than the smallest screen (1024x600) with its title bar.
        area = available_area(self)
        width, height = (
            (720, 560) if area is None else (min(720, area.width() - 40), min(560, area.height() - 80))
        )
        self.resize(max(width, 480), max(height, 360))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # also without the app's dialog helper (a test, an early error)


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
