"""Creating a profile from the chooser: its name, its kind (patient or coach) and an optional passcode,
typed twice, that encrypts it from the start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services.profiles.service import MIN_PASSCODE, ProfileService, ProfileSummary
from coach.ui.widgets.common import button, text_label
from coach.ui.widgets.forms import clear_error_on_change, error_label, show_error


class NewProfileDialog(QDialog):
    def __init__(self, service: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New profile")
        self.setObjectName("newProfileDialog")
        self.service = service
        self.created: ProfileSummary | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Each profile keeps its own practice, check-ins and taper record, separate from the others."
            )
        )
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("newProfileName")
        self.name.setAccessibleName("Profile name")
        self.kind = QComboBox()
        self.kind.setObjectName("newProfileKind")
        self.kind.setAccessibleName("Kind of profile")
        self.kind.addItem("Patient: my own practice and taper", "patient")
        self.kind.addItem("Coach: programs and my patients' progress", "coach")
        self.use_passcode = QCheckBox("Protect it with a passcode")
        self.use_passcode.setObjectName("newProfileUsePasscode")
        self.use_passcode.setAccessibleName("Protect the profile with a passcode")
        self.passcode = QLineEdit()
        self.passcode.setObjectName("newProfilePasscode")
        self.passcode.setAccessibleName("Passcode")
        self.passcode.setEchoMode(QLineEdit.EchoMode.Password)
        self.passcode.setEnabled(False)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("newProfileRepeat")
        self.repeat.setAccessibleName("Passcode again")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setEnabled(False)
        self.use_passcode.toggled.connect(self.passcode.setEnabled)
        self.use_passcode.toggled.connect(self.repeat.setEnabled)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("", self.use_passcode)
        form.addRow("Passcode", self.passcode)
        form.addRow("Again", self.repeat)
        layout.addLayout(form)
        layout.addWidget(
            text_label(
                "A passcode encrypts this profile's data and backups on this computer. Nobody can open "
                "them without it, and it cannot be recovered if forgotten.",
                role="muted",
            )
        )
        self.error = error_label("newProfileError")
        layout.addWidget(self.error)
        clear_error_on_change(self.error, self.name, self.passcode, self.repeat)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button("Cancel", "newProfileCancel")
        cancel.clicked.connect(self.reject)
        self.create_button = button("Create profile", "newProfileCreate", role="primary")
        self.create_button.clicked.connect(self.create_profile)
        self.create_button.setDefault(True)
        row.addWidget(cancel)
        row.addWidget(self.create_button)
        layout.addLayout(row)

    def create_profile(self) -> None:
        """Create the profile (Create profile, Enter); a refused name or passcode is said below the form."""
        passcode: str | None = None
        if self.use_passcode.isChecked():
            passcode = self.passcode.text()
            if len(passcode) < MIN_PASSCODE:
                self._retype(f"A passcode needs at least {MIN_PASSCODE} characters.")
                return
            if passcode != self.repeat.text():
                self._retype("The two passcodes are not the same: please type it twice again.")
                return
        try:
            self.created = self.service.create(self.name.text(), str(self.kind.currentData()), passcode)
        except CoachError as exc:
            show_error(self.error, _sentence(str(exc)))
            return
        self.accept()

    def _retype(self, message: str) -> None:
        """Say why the passcode was refused, and empty both fields for typing it twice again: dots cannot
        show which of the two was mistyped."""
        self.passcode.clear()  # before the message: typing again hides it (clear_error_on_change)
        self.repeat.clear()
        show_error(self.error, message)
        self.passcode.setFocus()


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
