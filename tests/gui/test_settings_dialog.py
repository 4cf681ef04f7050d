"""The Settings and Reminders dialogs offer exactly what the settings registry allows, and save through
the preference service (one broadcast per save)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from coach.domain.settings import (
    REMINDER_GRACE_MINUTES,
    SPEECH_ENGINE,
    SPEECH_RATE,
    TEXT_SCALE,
    THEME,
)
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.ui.reminders.dialog import RemindersDialog
from coach.ui.settings_dialog import SettingsDialog


def _items(combo: QComboBox) -> list[tuple[Any, str]]:
    return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]


def test_text_size_range_and_step_come_from_the_registry(qtbot: Any, ctx: AppContext) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert (dialog.text_scale.minimum(), dialog.text_scale.maximum()) == TEXT_SCALE.bounds()
    assert dialog.text_scale.singleStep() == TEXT_SCALE.step
    assert (dialog.rate.minimum(), dialog.rate.maximum()) == SPEECH_RATE.bounds()
    # Typing past the end stops at the registry's limit, so Save never meets a value it refuses.
    dialog.text_scale.setValue(TEXT_SCALE.bounds()[1] + 50)
    assert dialog.text_scale.value() == TEXT_SCALE.bounds()[1]


def test_colour_and_voice_choices_come_from_the_registry(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.set_setting(SPEECH_ENGINE, "espeak")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert _items(dialog.theme) == THEME.options()
    assert _items(dialog.engine) == SPEECH_ENGINE.options()
    assert dialog.engine.currentData() == "espeak"  # opens on the saved choice


def test_saving_settings_is_one_broadcast_of_profile_and_settings(qtbot: Any, ctx: AppContext) -> None:
    heard: list[Changes] = []
    ctx.bus.subscribe(heard.append)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.nickname.setText("Robin")
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.rate.setValue(1.25)
    dialog.ambient.setChecked(True)
    dialog._save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert [c.topics for c in heard] == [frozenset({Topic.PROFILE, Topic.SETTINGS})]
    assert ctx.store.profile().nickname == "Robin" and ctx.store.profile().onboarded
    assert ctx.store.setting(THEME) == "light" and ctx.store.setting(SPEECH_RATE) == 1.25
    assert ctx.store.setting("ambient") == "soft"


def test_missed_reminder_window_range_comes_from_the_registry(qtbot: Any, ctx: AppContext) -> None:
    dialog = RemindersDialog(ctx)
    qtbot.addWidget(dialog)
    assert (dialog.grace.minimum(), dialog.grace.maximum()) == REMINDER_GRACE_MINUTES.bounds()
    assert dialog.grace.singleStep() == REMINDER_GRACE_MINUTES.step
    assert dialog.grace.value() == REMINDER_GRACE_MINUTES.default
