"""Settings > Passcode…: set, change or remove the open profile's passcode from inside the running app.

The dialog asks (new passcode twice, the current one to change or remove, a confirmation before removing)
and checks what it can while the profile is still open, so a typo or a wrong current passcode changes
nothing. The change itself is the running app's (CoachApp.change_passcode): it closes the profile, converts
the database and its backups, opens it again, and then restarts on the same profile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.profiles.protection import is_protected
from coach.services.profiles.service import MIN_PASSCODE, ProfileService
from coach.ui.profiles.passcode_host import host_for
from coach.ui.widgets.common import button, text_label
from coach.ui.widgets.forms import clear_error_on_change, error_label, show_error

PROTECTED_TEXT = (
    "This profile is protected: its data and backups on this computer are encrypted with your passcode."
)
UNPROTECTED_TEXT = (
    "This profile has no passcode: anyone using this computer account can open its data. A passcode "
    "encrypts the data and backups; it cannot be recovered if forgotten."
)
REMOVE_QUESTION = (
    "Remove the passcode? This profile's data and backups will no longer be encrypted, and anyone using "
    "this computer account can open them."
)
RESTART_NOTE = (
    "Pain Recovery Coach now restarts on your profile. When it has a passcode, the app asks for it once, "
    "as it will each time it opens: type the passcode you just chose."
)
RESTART_NOTE_PLAIN = "Pain Recovery Coach now restarts on your profile; it will not ask for a passcode."


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


class PasscodeDialog(QDialog):
    """Set (no passcode yet), change or remove (protected) the passcode of `ctx`'s profile.

    `confirm(question)` asks before removing (default: a Yes/Cancel box); `tell(ok, message)` shows the
    outcome before the app restarts (default: a message box)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        before_change: Callable[[], bool] | None = None,
        confirm: Callable[[str], bool] | None = None,
        tell: Callable[[bool, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.protected = is_protected(ctx)
        self.before_change = before_change
        self.confirm = confirm or self._ask
        self.tell = tell or self._show
        self.outcome_ok: bool | None = None  # set once a change was attempted
        self.setObjectName("passcodeDialog")
        self.setWindowTitle("Passcode")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        status = text_label(
            PROTECTED_TEXT if self.protected else UNPROTECTED_TEXT, object_name="passcodeStatus"
        )
        layout.addWidget(status)
        form = QFormLayout()
        self.current = self._field("passcodeCurrent", "Current passcode")
        self.new = self._field("passcodeNew", "New passcode")
        self.again = self._field("passcodeAgain", "New passcode again")
        if self.protected:
            form.addRow("Current passcode", self.current)
        form.addRow("New passcode", self.new)
        form.addRow("Again", self.again)
        layout.addLayout(form)
        self.error = error_label("passcodeError")
        layout.addWidget(self.error)
        clear_error_on_change(self.error, self.current, self.new, self.again)
        row = QHBoxLayout()
        self.remove_button = button("Remove passcode…", "passcodeRemove")
        self.remove_button.setToolTip("Decrypt this profile's data and backups (asks first)")
        self.remove_button.clicked.connect(self.remove)
        self.remove_button.setVisible(self.protected)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        cancel = button("Cancel", "passcodeCancel")
        cancel.clicked.connect(self.reject)
        self.apply_button = button(
            "Change passcode" if self.protected else "Set passcode", "passcodeApply", role="primary"
        )
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        row.addWidget(cancel)
        row.addWidget(self.apply_button)
        layout.addLayout(row)
        (self.current if self.protected else self.new).setFocus()

    def _field(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        # Enter reaches the default button (Set / Change passcode) through the dialog: connecting
        # returnPressed too ran the check twice, the second time on the fields it had just emptied.
        return field

    def _fail(self, text: str, *fields: QLineEdit) -> None:
        """Say why nothing was changed, empty `fields` and put the cursor in the first of them."""
        for field in fields:
            field.clear()  # before the message: typing again hides it (clear_error_on_change)
        show_error(self.error, _sentence(text))
        if fields:
            fields[0].setFocus()

    def _new_passcode(self) -> str | None:
        """The new passcode when it is long enough and typed the same twice; else both new fields are
        emptied for typing it twice again (dots cannot show which of the two was mistyped)."""
        new = self.new.text()
        if len(new) < MIN_PASSCODE:
            self._fail(
                f"A passcode needs at least {MIN_PASSCODE} characters; nothing was changed.",
                self.new,
                self.again,
            )
            return None
        if new != self.again.text():
            self._fail("The two new passcodes are not the same; nothing was changed.", self.new, self.again)
            return None
        return new

    def _current_passcode(self) -> str | None:
        """The current passcode once checked against the data (wrong tries slow down as at start-up)."""
        current = self.current.text()
        if not current:
            self._fail("Type the current passcode first.", self.current)
            return None
        paths = self.ctx.paths
        try:
            ProfileService(paths.data_dir).check_passcode(paths.profile, current)
        except CoachError as exc:
            said = _sentence(str(exc))
            self._fail(f"{said if said.endswith('.') else said + '.'} Nothing was changed.", self.current)
            return None
        return current

    def apply(self) -> None:
        """Set or change the passcode (the button Set passcode / Change passcode)."""
        new = self._new_passcode()
        if new is None:
            return
        current = self._current_passcode() if self.protected else None
        if self.protected and current is None:
            return
        self._change(new, current)

    def remove(self) -> None:
        """Remove the passcode after the current one is checked and the person confirms."""
        if not self.protected:
            return
        current = self._current_passcode()
        if current is None or not self.confirm(REMOVE_QUESTION):
            return
        self._change(None, current)

    def _change(self, new: str | None, current: str | None) -> None:
        host = host_for(self.ctx)
        if host is None:
            self._fail("The passcode can only be changed from the app's own Settings window.")
            return
        if self.before_change is not None and not self.before_change():
            return
        outcome = host.change_passcode(new, current)
        self.outcome_ok = outcome.ok
        note = RESTART_NOTE if new is not None or not outcome.ok else RESTART_NOTE_PLAIN
        self.tell(outcome.ok, f"{outcome.message} {note}")
        self.accept()
        host.restart_on_profile()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Remove the passcode?",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show(self, ok: bool, message: str) -> None:
        if ok:
            QMessageBox.information(self, "Passcode", message)
        else:
            QMessageBox.warning(self, "Passcode", message)
