"""The caseload's two small forms: "Mark as reviewed" (a note, kept in the review log with the date) and
"Rename" (the coach's own name for a patient, kept apart from the name in their files)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from coach.services.caseload.queue import CaseloadPatient
from coach.ui.widgets.common import named, text_label
from coach.ui.widgets.form_dialog import FormDialog


class ReviewDialog(FormDialog):
    """Mark a patient's current flags as reviewed with a note; `save(note)` calls the service and raises
    CoachError (shown in the dialog) when the note cannot be kept."""

    def __init__(
        self, patient: CaseloadPatient, save: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            f"Mark {patient.name} as reviewed", "reviewDialog", parent, ok_text="Mark as reviewed"
        )
        self._save_note = save
        flags = patient.entry.flags
        seen = "\n".join(f"• {f.severity.capitalize()}: {f.text}" for f in flags) or "No flags right now."
        self.form.addRow(text_label(seen, object_name="reviewFlags", plain=True))
        self.form.addRow(
            text_label(
                "These flags move down the queue until something new arrives. The note and today's date "
                "are kept in the review log.",
                role="muted",
            )
        )
        self.note = named(QPlainTextEdit(), "reviewNote", "What you did or decided")
        self.note.setPlaceholderText("e.g. Called, safe; next check-in Friday")
        self.note.setFixedHeight(90)
        self.form.addRow("Note", self.note)
        self.finish_layout()

    def _save(self) -> None:
        self._save_note(self.note.toPlainText())


class RenamePatientDialog(FormDialog):
    """The coach's own name for a patient; empty goes back to the name in their files."""

    def __init__(
        self, patient: CaseloadPatient, save: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Rename {patient.name}", "renamePatientDialog", parent)
        self._save_name = save
        self.form.addRow(
            text_label(
                f"Their files say “{patient.name_in_file}”. Your name for them is kept when new files "
                "arrive; leave it empty to use theirs.",
                role="muted",
                plain=True,
            )
        )
        self.name = named(
            QLineEdit(patient.name if patient.name != patient.name_in_file else ""),
            "patientName",
            "Your name for this patient",
        )
        self.name.setMaxLength(80)
        self.form.addRow("Name", self.name)
        self.finish_layout()

    def _save(self) -> None:
        self._save_name(self.name.text())
