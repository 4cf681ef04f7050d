"""Settings: profile answers, appearance, voice, and data safety (backup now, restore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
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
from coach.storage.backup import backup_database
from coach.ui.widgets.common import button, save_cancel

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
        self.country.setAccessibleName("Country for Help now")
        for code, name in help_lines.countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(profile.country)))
        form.addRow("Country (Help now)", self.country)
        self.opioids = QCheckBox("I take opioid pain medicines (shows the Taper page)")
        self.opioids.setObjectName("settingsOpioids")
        self.opioids.setChecked(profile.takes_opioids)
        form.addRow(self.opioids)
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
        self.close_to_tray = QCheckBox(CLOSE_TO_TRAY.doc)
        self.close_to_tray.setObjectName("settingsCloseToTray")
        self.close_to_tray.setChecked(store.setting(CLOSE_TO_TRAY))
        form.addRow(self.close_to_tray)
        layout.addWidget(look)

        voice = QGroupBox("Voice")
        form = QFormLayout(voice)
        self.engine = QComboBox()
        self.engine.setObjectName("settingsEngine")
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
        self.ambient = QCheckBox("Quiet background sound under the guidance")
        self.ambient.setObjectName("settingsAmbient")
        self.ambient.setChecked(store.setting(AMBIENT) == SOFT_AMBIENT)
        form.addRow(self.ambient)
        layout.addWidget(voice)

        data = QGroupBox("Your data")
        row = QHBoxLayout(data)
        self.reminders_button = button("Reminders…", "settingsReminders")
        self.reminders_button.clicked.connect(self._open_reminders)
        self.backup_button = button("Back up now…", "settingsBackup")
        self.backup_button.clicked.connect(self._backup_now)
        row.addWidget(self.reminders_button)
        row.addWidget(self.backup_button)
        row.addStretch(1)
        layout.addWidget(data)

        layout.addWidget(save_cancel("settingsButtons", self._save, self.reject))

    def _save(self) -> None:
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
            return
        self.accept()

    def _backup_now(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save a backup", "coach-backup.db", "Database (*.db)")
        if not path:
            return
        from pathlib import Path

        try:
            out = backup_database(self.ctx.store.db, self.ctx.paths.backups_dir, out=Path(path))
        except (CoachError, OSError) as exc:
            QMessageBox.warning(self, "Backup", f"The backup could not be written: {exc}")
            return
        QMessageBox.information(self, "Backup", f"Saved a backup to {out}.")

    def _open_reminders(self) -> None:
        try:
            from coach.ui.reminders.dialog import RemindersDialog
        except ImportError:
            QMessageBox.information(self, "Reminders", "Reminders are not available in this build yet.")
            return
        RemindersDialog(self.ctx, self).exec()
