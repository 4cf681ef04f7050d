"""Choosing a profile at start: a list with each profile's kind, a passcode prompt when one is set (with
the slow-down after wrong tries), creating a new profile, and setting, changing or removing a profile's
passcode (which encrypts or decrypts its data). `choose_profile` and `unlock_if_protected` are what the
app calls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.wording import count
from coach.services.profiles.greeting import greetings
from coach.services.profiles.service import LockedError, ProfileService, ProfileSummary
from coach.storage.paths import DEFAULT_PROFILE
from coach.storage.profiles import read_last_profile
from coach.ui.profiles.new_profile import NewProfileDialog
from coach.ui.theme import set_role
from coach.ui.widgets.common import available_area, button, fit_to_screen, text_label, title
from coach.ui.widgets.forms import error_label, show_error

KIND_LABELS = {"patient": "Patient", "coach": "Coach"}
__all__ = ["NewProfileDialog", "ProfileSwitcher", "choose_profile", "unlock_if_protected"]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _wait_text(seconds: int) -> str:
    """How long until the next try, in words: "5 seconds", "1 second", "2 minutes" (rounded up)."""
    if seconds < 120:
        return count(seconds, "second")
    return count(-(-seconds // 60), "minute")


class ProfileSwitcher(QDialog):
    """Opens a profile: Open checks the passcode (if any) and records the choice as the last profile.

    With one profile to open (`only`, from `coach --profile NAME` of a protected profile, or the only
    profile there is) it is a simple passcode box greeting the person by name, whatever happens in it.
    With several it lists them (each by the name its person gave), and can create profiles and set,
    change or remove a passcode. Refusals (a wrong passcode, the wait after several) are shown as errors."""

    def __init__(
        self,
        data_dir: Path,
        parent: QWidget | None = None,
        service: ProfileService | None = None,
        only: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.only = only
        self.service = service or ProfileService(data_dir)
        self.chosen: str | None = None
        self.greetings = greetings(self.service.data_dir)
        # One profile to open: the simple box, then and after every wrong try (issue 15).
        self.simple = only is not None or len(self.service.list()) == 1
        self.setWindowTitle("Passcode needed" if self.simple else "Who is using Pain Recovery Coach?")
        self.setObjectName("profileSwitcher")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.heading = title("Choose your profile", "profileSwitcherTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.detail = text_label("", role="muted", object_name="profileDetail")
        self.detail.setVisible(self.simple)
        layout.addWidget(self.detail)
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setAccessibleName("Profiles on this computer")
        self.list.setSpacing(4)
        self.list.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        self.list.setVisible(not self.simple)  # one profile: nothing to choose, no list to look at
        layout.addWidget(self.list, 1)
        self.passcode_label = text_label("Passcode", object_name="profilePasscodeLabel")
        layout.addWidget(self.passcode_label)
        self.passcode = QLineEdit()
        self.passcode.setObjectName("profilePasscode")
        self.passcode.setAccessibleName("Passcode for this profile")
        self.passcode.setEchoMode(QLineEdit.EchoMode.Password)
        # Enter presses Open (the default button) through the dialog; returnPressed as well would try
        # the passcode twice, the second time empty, and count two wrong tries for one.
        self.passcode_label.setBuddy(self.passcode)
        layout.addWidget(self.passcode)
        self.message = error_label("profileMessage")
        self.message_is_error = False
        layout.addWidget(self.message)
        self.passcode.textEdited.connect(lambda _text: self._clear_error())
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
        self.new_button.setVisible(not self.simple)
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

    def person_of(self, summary: ProfileSummary) -> str:
        """The name to show for a profile: the one its person gave (first run, Settings), else the name
        the profile was created with; "" for a profile known only by its folder (e.g. "default")."""
        greeting = self.greetings.get(summary.slug)
        if greeting is not None and greeting.person:
            return greeting.person
        return "" if summary.name == summary.slug == DEFAULT_PROFILE else summary.name

    def _row_text(self, summary: ProfileSummary) -> str:
        kind = KIND_LABELS.get(summary.kind, summary.kind)
        person = self.person_of(summary)
        parts = [kind]
        if person and summary.name != summary.slug and summary.name.casefold() != person.casefold():
            parts.append(
                f"profile {self.person_of(summary) or summary.name}"
            )  # a coach's "Clinic" profile, greeting Dr Lee
        if summary.has_passcode:
            parts.append("passcode")
        return f"{person or 'Your profile'}\n{'  ·  '.join(parts)}"

    def reload(self, select: str | None = None) -> None:
        profiles = [p for p in self.service.list() if self.only is None or p.slug == self.only]
        last = select or read_last_profile(self.service.data_dir)
        self.list.clear()
        for p in profiles:
            item = QListWidgetItem(self._row_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.slug)
            item.setToolTip(f"{KIND_LABELS.get(p.kind, p.kind)} profile, kept in the folder '{p.slug}'")
            self.list.addItem(item)
            if p.slug == last:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        # As tall as its rows (up to five), so large text on a small screen keeps the rest in view.
        rows = sum(
            self.list.sizeHintForRow(i) + 2 * self.list.spacing() for i in range(min(5, self.list.count()))
        )
        self.list.setMaximumHeight(max(rows, 40) + 2 * self.list.frameWidth() + 4)
        self._greet()
        self._selection_changed()

    def _greet(self) -> None:
        """The simple box's heading: the person's name, and what the box wants."""
        summary = self.selected()
        if not self.simple or summary is None:
            return
        person = self.person_of(summary)
        self.heading.setText(f"Welcome back, {person}" if person else "Welcome back")
        self.heading.setAccessibleName(self.heading.text())
        kind = KIND_LABELS.get(summary.kind, summary.kind).lower()
        self.detail.setText(f"Your {kind} profile is protected. Type your passcode to open it.")
        self.detail.setToolTip(f"Kept in the folder '{summary.slug}'")
        self._refit()

    def selected(self) -> ProfileSummary | None:
        item = self.list.currentItem()
        if item is None:
            return None
        try:
            return self.service.get(str(item.data(Qt.ItemDataRole.UserRole)))
        except CoachError:
            return None

    def _say(self, text: str, error: bool = False) -> None:
        """Show `text` under the passcode: an error (the theme's warning colour, bold) or a plain note."""
        self.message_is_error = error and bool(text)
        set_role(self.message, "warning" if error else "")
        show_error(self.message, text)
        self._refit()

    def _refit(self) -> None:
        """Grow (within the screen) to what a new message or heading needs: wrapped lines are never cut."""
        if not self.isVisible():
            return
        fit_to_screen(self, available_area(self))
        if self.message.text():
            # Large text on a small screen scrolls the body: bring the message into view, not below it.
            parent = self.message.parentWidget()
            while parent is not None and not isinstance(parent, QScrollArea):
                parent = parent.parentWidget()
            if parent is not None:
                area = parent
                # Once the scrolling body has laid out the message it just showed (the next turn).
                QTimer.singleShot(0, lambda: area.ensureWidgetVisible(self.message, 0, 8))

    def _clear_error(self) -> None:
        if self.message_is_error and not self._countdown.isActive():
            self._say("")

    def _selection_changed(self) -> None:
        summary = self.selected()
        needs = bool(summary and summary.has_passcode)
        self.passcode.setVisible(needs)
        self.passcode_label.setVisible(needs)
        wait = summary.wait_seconds if summary else 0
        self.open_button.setEnabled(summary is not None and wait == 0)
        manage = summary is not None and not self.simple
        self.set_code_button.setVisible(manage and not needs)
        self.change_code_button.setVisible(manage and needs)
        self.remove_code_button.setVisible(manage and needs)
        if wait:
            self._say(f"Too many wrong tries: you can try again in {_wait_text(wait)}.", error=True)
            self._countdown.start()
        else:
            was_waiting = self._countdown.isActive()
            self._countdown.stop()
            if was_waiting or self.message.text().startswith("Too many"):
                self._say("")
        if needs and wait == 0:
            self.passcode.setFocus()

    def open_selected(self) -> None:
        summary = self.selected()
        if summary is None or not self.open_button.isEnabled():
            return
        try:
            self.chosen = self.service.choose(
                summary.slug, self.passcode.text() if summary.has_passcode else None
            )
        except LockedError:
            self.passcode.clear()
            self._selection_changed()  # says how long to wait, and counts down
            return
        except CoachError as exc:
            self.passcode.clear()
            self._say(_sentence(str(exc)), error=True)
            self.passcode.setFocus()
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
            self._say("The two passcodes are not the same; nothing was changed.", error=True)
            return None
        return first

    def _apply(self, summary: ProfileSummary, new: str | None, current: str | None, done: str) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # converting takes up to a second or two
        try:
            self.service.set_passcode(summary.slug, new, current)
        except CoachError as exc:
            self.passcode.clear()
            self._say(_sentence(str(exc)), error=True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.passcode.clear()
        self.reload(select=summary.slug)
        self._say(done)

    def set_passcode(self) -> None:
        summary = self.selected()
        if summary is None or summary.has_passcode:
            return
        new = self._ask_new(self.person_of(summary) or summary.name)
        if new is not None:
            self._apply(
                summary,
                new,
                None,
                f"{self.person_of(summary) or summary.name} is now encrypted behind its passcode.",
            )

    def _current(self) -> str | None:
        if not self.passcode.text():
            self._say("Type the current passcode first.", error=True)
            self.passcode.setFocus()
            return None
        return self.passcode.text()

    def change_passcode(self) -> None:
        summary = self.selected()
        current = self._current()
        if summary is None or current is None:
            return
        new = self._ask_new(self.person_of(summary) or summary.name)
        if new is not None:
            self._apply(
                summary,
                new,
                current,
                f"The passcode of {self.person_of(summary) or summary.name} was changed.",
            )

    def remove_passcode(self) -> None:
        summary = self.selected()
        current = self._current()
        if summary is None or current is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove the passcode?",
            f"Remove the passcode of {self.person_of(summary) or summary.name}? Its data and backups will no longer be encrypted, "
            "and anyone using this computer account can open them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._apply(
                summary,
                None,
                current,
                f"{self.person_of(summary) or summary.name} has no passcode now; its data is not encrypted.",
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
