"""Settings: profile answers, appearance, voice, and data safety (backup now, restore)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.settings import (
    AMBIENT,
    CLOSE_TO_TRAY,
    SPEECH_ENGINE,
    SPEECH_RATE,
    TEXT_SCALE,
    THEME,
    Setting,
)
from coach.services import help_lines
from coach.services.context import AppContext
from coach.services.profiles.preferences import ProfileAnswers, save_preferences
from coach.storage.backup import backup_database, describe_backup
from coach.ui.widgets.common import FlowLayout, button, save_cancel, wrapping_check
from coach.ui.widgets.forms import shrink_to_fit

SOFT_AMBIENT = "soft"  # the ambient choice the checkbox turns on; off is the setting's default, silence


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        store = ctx.store
        profile = store.profile()
        layout = QVBoxLayout(self)

        about = QGroupBox("About you")
        form = QFormLayout(about)
        self.nickname = QLineEdit(profile.nickname)
        self.nickname.setObjectName("settingsNickname")
        self.nickname.setAccessibleName("Nickname")
        form.addRow("Nickname", self.nickname)
        self.country = QComboBox()
        self.country.setObjectName("settingsCountry")
        shrink_to_fit(self.country)
        self.country.setAccessibleName("Country for Help now")
        for code, name in help_lines.countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(profile.country)))
        form.addRow("Country (Help now)", self.country)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.opioids, row = wrapping_check(
            "I take opioid pain medicines (shows the Taper page)", "settingsOpioids"
        )
        self.opioids.setChecked(profile.takes_opioids)
        form.addRow(row)
        # A coach's profile has no medicines or taper of its own: the question is the patient's.
        row.setVisible(profile.kind != "coach")
        layout.addWidget(about)

        look = QGroupBox("Appearance")
        form = QFormLayout(look)
        self.theme = QComboBox()
        self.theme.setObjectName("settingsTheme")
        self.theme.setAccessibleName("Colour theme")
        for value, label in THEME.options():
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(self.theme.findData(store.setting(THEME)))
        form.addRow("Colours", self.theme)
        self.text_scale = QSpinBox()
        self.text_scale.setObjectName("settingsTextScale")
        self.text_scale.setAccessibleName("Text size in percent")
        self.text_scale.setRange(*TEXT_SCALE.bounds())
        self.text_scale.setSingleStep(TEXT_SCALE.step or 1)
        self.text_scale.setSuffix(" %")
        self.text_scale.setValue(store.setting(TEXT_SCALE))
        form.addRow("Text size", self.text_scale)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.close_to_tray, row = wrapping_check(CLOSE_TO_TRAY.doc, "settingsCloseToTray")
        self.close_to_tray.setChecked(store.setting(CLOSE_TO_TRAY))
        form.addRow(row)
        layout.addWidget(look)

        voice = QGroupBox("Voice")
        form = QFormLayout(voice)
        self.engine = QComboBox()
        self.engine.setObjectName("settingsEngine")
        shrink_to_fit(self.engine)
        self.engine.setAccessibleName("Voice engine")
        for value, label in SPEECH_ENGINE.options():
            self.engine.addItem(label, value)
        self.engine.setCurrentIndex(self.engine.findData(store.setting(SPEECH_ENGINE)))
        form.addRow("Voice", self.engine)
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("settingsRate")
        self.rate.setAccessibleName("Speaking speed")
        self.rate.setRange(*SPEECH_RATE.bounds())
        self.rate.setSingleStep(SPEECH_RATE.step or 0.1)
        self.rate.setValue(store.setting(SPEECH_RATE))
        form.addRow("Speaking speed", self.rate)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.ambient, row = wrapping_check("Quiet background sound under the guidance", "settingsAmbient")
        self.ambient.setChecked(store.setting(AMBIENT) == SOFT_AMBIENT)
        form.addRow(row)
        layout.addWidget(voice)

        data = QGroupBox("Your data")
        buttons = FlowLayout()  # the buttons wrap onto more rows on a small screen or large text
        QVBoxLayout(data).addLayout(buttons)
        self.reminders_button = button("Reminders and quiet hours…", "settingsReminders")
        self.reminders_button.setToolTip(
            "Saves these settings and opens the Reminders page of the main window"
        )
        self.reminders_button.clicked.connect(self._open_reminders)
        self.backup_button = button("Back up now…", "settingsBackup")
        self.backup_button.clicked.connect(self._backup_now)
        self.restore_button = button("Restore a backup…", "settingsRestore")
        self.restore_button.setToolTip(
            "Replace everything in this profile with a backup. What you have now is kept aside first."
        )
        self.restore_button.clicked.connect(lambda: self.restore_backup())
        buttons.addWidget(self.reminders_button)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        self.exchange_button = button("Exchange folder…", "settingsExchangeFolder")
        self.exchange_button.setToolTip("The folder your sync app (e.g. Syncthing) shares with your coach")
        self.exchange_button.clicked.connect(lambda: self._choose_exchange_folder())
        buttons.addWidget(self.exchange_button)
        buttons.addWidget(self._passcode_button())
        layout.addWidget(data)

        layout.addWidget(save_cancel("settingsButtons", self._save, self.reject))

    def _passcode_button(self) -> QPushButton:
        """Passcode…, saying whether this profile is protected (in the button itself: no extra row)."""
        from coach.services.profiles.protection import is_protected

        protected = is_protected(self.ctx)
        self.passcode_button = button(
            "Passcode: on…" if protected else "Passcode: off…",
            "settingsPasscode",
            "Passcode: on, data encrypted" if protected else "Passcode: off, data not encrypted",
        )
        self.passcode_button.setToolTip(
            "This profile's data and backups are encrypted. Change or remove the passcode."
            if protected
            else "This profile's data is not encrypted. Set a passcode to encrypt it and its backups."
        )
        self.passcode_button.clicked.connect(lambda: self.open_passcode())
        return self.passcode_button

    def open_passcode(self) -> QDialog:
        """Open the passcode dialog over Settings (these settings are saved before a change: the app
        restarts on the profile afterwards)."""
        from coach.ui.profiles.passcode_dialog import PasscodeDialog

        dialog = PasscodeDialog(self.ctx, self, before_change=self._save_values)
        dialog.accepted.connect(self.accept)
        dialog.open()
        return dialog

    def _choose_exchange_folder(self) -> None:
        from coach.ui.exchange.folder_picker import choose_folder

        choose_folder(self.ctx, self)

    def _save(self) -> None:
        if self._save_values():
            self.accept()

    def _save_values(self) -> bool:
        """Save what the dialog shows; False (after saying why) when a value is refused."""
        answers = ProfileAnswers(
            nickname=self.nickname.text(),
            country=str(self.country.currentData()),
            takes_opioids=self.opioids.isChecked(),
        )
        values: dict[Setting[Any], object] = {
            THEME: self.theme.currentData(),
            TEXT_SCALE: self.text_scale.value(),
            CLOSE_TO_TRAY: self.close_to_tray.isChecked(),
            SPEECH_ENGINE: self.engine.currentData(),
            SPEECH_RATE: round(self.rate.value(), 2),
            AMBIENT: SOFT_AMBIENT if self.ambient.isChecked() else AMBIENT.default,
        }
        try:
            save_preferences(self.ctx, answers, values)
        except CoachError as exc:  # SettingError is one too
            QMessageBox.warning(self, "Settings", str(exc))
            return False
        return True

    def _backup_now(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save a backup", "coach-backup.db", "Database (*.db)")
        if not path:
            return
        try:
            out = backup_database(
                self.ctx.store.db,
                self.ctx.paths.backups_dir,
                out=Path(path),
                data_dir=self.ctx.paths.data_dir,
            )
        except CoachError as exc:  # the output guard's refusal is one plain sentence already
            QMessageBox.warning(self, "Backup", f"The backup was not saved: {exc}")
            return
        except OSError as exc:
            QMessageBox.warning(self, "Backup", f"The backup could not be written: {exc.strerror or exc}")
            return
        from coach.services.profiles.protection import backup_note

        QMessageBox.information(self, "Backup", f"Saved a backup to {out}. {backup_note(self.ctx)}".strip())

    def restore_backup(self, path: Path | None = None, confirm: Callable[[str], bool] | None = None) -> bool:
        """Ask for a backup file (unless given), check it, ask to confirm, then restore it and close the
        dialog (its fields would show the replaced values). True when the data was replaced."""
        from coach.services.data.restore import check_backup, restore_backup

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Restore a backup", str(self.ctx.paths.backups_dir), "Backups (*.db);;All files (*)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            check_backup(path)
        except CoachError as exc:
            QMessageBox.warning(self, "Restore", f"This file cannot be restored: {exc}")
            return False
        question = (
            f"Replace everything in this profile with {describe_backup(path)}?\n\n"
            "What you have now is kept aside as a backup first."
        )
        ask = confirm or (
            lambda text: QMessageBox.question(self, "Restore", text) == QMessageBox.StandardButton.Yes
        )
        if not ask(question):
            return False
        try:
            kept = restore_backup(self.ctx, path)
        except CoachError as exc:
            QMessageBox.warning(self, "Restore", f"Nothing was changed: {exc}")
            return False
        QMessageBox.information(self, "Restore", f"Restored. Your previous data was kept at {kept}.")
        self.reject()
        return True

    def _open_reminders(self) -> None:
        """Reminders and quiet hours have their own page in the main window: save what was changed here,
        then go there. (A dialog of their own only when Settings has no main window behind it.)"""
        go = getattr(self.parentWidget(), "go", None)
        if callable(go):
            self._save()
            if self.result() == QDialog.DialogCode.Accepted:
                go("reminders")
            return
        try:
            from coach.ui.reminders.dialog import RemindersDialog
        except ImportError:
            QMessageBox.information(self, "Reminders", "Reminders are not available in this build yet.")
            return
        RemindersDialog(self.ctx, self).exec()
