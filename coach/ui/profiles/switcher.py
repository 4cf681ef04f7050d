"""Choosing a profile at start: a list with each profile's kind, a passcode prompt when one is set (with
the slow-down after wrong tries), creating a new profile, and setting, changing or removing a profile's
passcode (which encrypts or decrypts its data). `choose_profile` and `unlock_if_protected` are what the
app calls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services.profiles.service import LockedError, ProfileService, ProfileSummary
from coach.storage.profiles import read_last_profile
from coach.ui.widgets.common import button, text_label, title

KIND_LABELS = {"patient": "Patient", "coach": "Coach"}


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
        self.error = text_label("", role="warning", object_name="newProfileError")
        layout.addWidget(self.error)
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
        passcode: str | None = None
        if self.use_passcode.isChecked():
            if self.passcode.text() != self.repeat.text():
                self.error.setText("The two passcodes are not the same.")
                return
            passcode = self.passcode.text()
        try:
            self.created = self.service.create(self.name.text(), str(self.kind.currentData()), passcode)
        except CoachError as exc:
            self.error.setText(str(exc).capitalize())
            return
        self.accept()


class ProfileSwitcher(QDialog):
    """Lists profiles; Open checks the passcode (if any) and records the choice as the last profile.

    With `only` it lists just that profile (`coach --profile NAME` of a protected profile): the passcode
    is still asked, and nothing else can be chosen or created."""

    def __init__(
        self,
        data_dir: Path,
        parent: QWidget | None = None,
        service: ProfileService | None = None,
        only: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.only = only
        self.setWindowTitle("Who is using Pain Recovery Coach?" if only is None else "Passcode needed")
        self.setObjectName("profileSwitcher")
        self.setMinimumWidth(460)
        self.service = service or ProfileService(data_dir)
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        heading = "Choose your profile" if only is None else "This profile is protected by a passcode"
        layout.addWidget(title(heading, "profileSwitcherTitle"))
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setAccessibleName("Profiles on this computer")
        self.list.setSpacing(4)
        self.list.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        if only is not None:
            self.list.setMaximumHeight(72)  # one profile: no empty list filling the dialog
        layout.addWidget(self.list, 1)
        self.passcode = QLineEdit()
        self.passcode.setObjectName("profilePasscode")
        self.passcode.setAccessibleName("Passcode for this profile")
        self.passcode.setPlaceholderText("Passcode")
        self.passcode.setEchoMode(QLineEdit.EchoMode.Password)
        self.passcode.returnPressed.connect(self.open_selected)
        layout.addWidget(self.passcode)
        self.message = text_label("", role="warning", object_name="profileMessage")
        layout.addWidget(self.message)
        manage = QHBoxLayout()
        self.set_code_button = button("Set a passcode…", "setPasscode")
        self.set_code_button.setToolTip("Encrypt this profile's data and backups behind a passcode")
        self.set_code_button.clicked.connect(self.set_passcode)
        self.change_code_button = button("Change passcode…", "changePasscode")
        self.change_code_button.setToolTip("Type the current passcode above first")
        self.change_code_button.clicked.connect(self.change_passcode)
        self.remove_code_button = button("Remove passcode…", "removePasscode")
        self.remove_code_button.setToolTip(
            "Type the current passcode above first; the data is then decrypted"
        )
        self.remove_code_button.clicked.connect(self.remove_passcode)
        for widget in (self.set_code_button, self.change_code_button, self.remove_code_button):
            manage.addWidget(widget)
        manage.addStretch(1)
        layout.addLayout(manage)
        row = QHBoxLayout()
        self.new_button = button("New profile…", "newProfile")
        self.new_button.clicked.connect(self.new_profile)
        self.new_button.setVisible(only is None)
        row.addWidget(self.new_button)
        row.addStretch(1)
        quit_button = button("Quit", "profileQuit")
        quit_button.clicked.connect(self.reject)
        self.open_button = button("Open", "openProfile", role="primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(quit_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._selection_changed)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        profiles = [p for p in self.service.list() if self.only is None or p.slug == self.only]
        last = select or read_last_profile(self.service.data_dir)
        self.list.clear()
        for p in profiles:
            lock = "  ·  passcode" if p.has_passcode else ""
            item = QListWidgetItem(f"{p.name}\n{KIND_LABELS.get(p.kind, p.kind)}{lock}")
            item.setData(Qt.ItemDataRole.UserRole, p.slug)
            item.setToolTip(f"{KIND_LABELS.get(p.kind, p.kind)} profile '{p.slug}'")
            self.list.addItem(item)
            if p.slug == last:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._selection_changed()

    def selected(self) -> ProfileSummary | None:
        item = self.list.currentItem()
        if item is None:
            return None
        try:
            return self.service.get(str(item.data(Qt.ItemDataRole.UserRole)))
        except CoachError:
            return None

    def _selection_changed(self) -> None:
        summary = self.selected()
        needs = bool(summary and summary.has_passcode)
        self.passcode.setVisible(needs)
        wait = summary.wait_seconds if summary else 0
        self.open_button.setEnabled(summary is not None and wait == 0)
        self.set_code_button.setVisible(summary is not None and not needs and self.only is None)
        self.change_code_button.setVisible(needs and self.only is None)
        self.remove_code_button.setVisible(needs and self.only is None)
        if wait:
            self.message.setText(f"Too many wrong tries: you can try again in {wait} seconds.")
            self._countdown.start()
        else:
            self._countdown.stop()
            if self.message.text().startswith("Too many"):
                self.message.setText("")
        if needs and wait == 0:
            self.passcode.setFocus()

    def open_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        try:
            self.chosen = self.service.choose(
                summary.slug, self.passcode.text() if summary.has_passcode else None
            )
        except LockedError:
            self.passcode.clear()
            self._selection_changed()
            return
        except CoachError as exc:
            self.passcode.clear()
            self.message.setText(str(exc).capitalize())
            return
        self.accept()

    def _ask_new(self, name: str) -> str | None:
        """The new passcode typed twice (the same both times), or None when the person cancels."""
        password = QLineEdit.EchoMode.Password
        first, ok = QInputDialog.getText(self, "New passcode", f"New passcode for {name}:", password)
        if not ok:
            return None
        again, ok = QInputDialog.getText(self, "New passcode", "The same passcode again:", password)
        if not ok:
            return None
        if first != again:
            self.message.setText("The two passcodes are not the same; nothing was changed.")
            return None
        return first

    def _apply(self, summary: ProfileSummary, new: str | None, current: str | None, done: str) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # converting takes up to a second or two
        try:
            self.service.set_passcode(summary.slug, new, current)
        except CoachError as exc:
            self.passcode.clear()
            self.message.setText(str(exc).capitalize())
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.passcode.clear()
        self.reload(select=summary.slug)
        self.message.setText(done)

    def set_passcode(self) -> None:
        summary = self.selected()
        if summary is None or summary.has_passcode:
            return
        new = self._ask_new(summary.name)
        if new is not None:
            self._apply(summary, new, None, f"{summary.name} is now encrypted behind its passcode.")

    def _current(self) -> str | None:
        if not self.passcode.text():
            self.message.setText("Type the current passcode first.")
            self.passcode.setFocus()
            return None
        return self.passcode.text()

    def change_passcode(self) -> None:
        summary = self.selected()
        current = self._current()
        if summary is None or current is None:
            return
        new = self._ask_new(summary.name)
        if new is not None:
            self._apply(summary, new, current, f"The passcode of {summary.name} was changed.")

    def remove_passcode(self) -> None:
        summary = self.selected()
        current = self._current()
        if summary is None or current is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove the passcode?",
            f"Remove the passcode of {summary.name}? Its data and backups will no longer be encrypted, "
            "and anyone using this computer account can open them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._apply(
                summary, None, current, f"{summary.name} has no passcode now; its data is not encrypted."
            )

    def new_profile(self) -> None:
        dialog = NewProfileDialog(self.service, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.reload(select=dialog.created.slug)


def choose_profile(data_dir: Path, parent: QWidget | None = None) -> str | None:
    """The profile to open: asks only when there is a choice or a passcode to enter. None means quit."""
    service = ProfileService(data_dir)
    chosen = service.choose_without_asking()
    if chosen is not None:
        return chosen
    dialog = ProfileSwitcher(data_dir, parent, service)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen


def unlock_if_protected(data_dir: Path, profile: str) -> bool:
    """For `coach --profile NAME`: True when NAME can open (it has no passcode, or the right one was typed,
    which keeps its key for this run); False when the person gave up."""
    service = ProfileService(data_dir)
    try:
        protected = service.is_protected(profile)
    except CoachError:
        return True  # not a profile yet: a new one is made, as before
    from coach.storage.cipher import key_for

    if not protected or key_for(service.paths(service.slug_of(profile)).database) is not None:
        return True  # nothing to ask, or already unlocked in this run
    from coach.ui.widgets.help_now import DialogHelp

    app = QApplication.instance()
    helper = DialogHelp(None, app).install() if isinstance(app, QApplication) else None
    try:
        dialog = ProfileSwitcher(data_dir, None, service, only=service.slug_of(profile))
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        if helper is not None:
            helper.remove()
