"""The settings registry: typed keys, what each value may be, and which settings are the person's choices."""

from __future__ import annotations

import pytest

from coach.domain.errors import CoachError
from coach.domain.settings import (
    APP_STATE,
    PREFERENCES,
    QUIET_HOURS_START,
    REMINDER_GRACE_MINUTES,
    SETTINGS,
    SPEECH_ENGINE,
    SPEECH_RATE,
    START_AT_LOGIN,
    TEXT_SCALE,
    THEME,
    WINDOW_GEOMETRY,
    Setting,
    SettingError,
    default_settings,
    setting_named,
)

# The stored rows are keyed by these names in every profile already on disk: renaming one would quietly
# reset that setting for everyone, so the list is pinned here.
STORED_KEYS = {
    "theme",
    "text_scale",
    "window_geometry",
    "system_dark",
    "speech_engine",
    "speech_rate",
    "ambient",
    "ambient_volume",
    "audio_cache_mb",
    "reminder_grace_minutes",
    "reminders_checked_until",
    "reminder_highest_id",
    "background_notice_shown",
    "profile_uuid",
    "quiet_hours_enabled",
    "quiet_hours_start",
    "quiet_hours_end",
    "close_to_tray",
    "start_at_login",
    "practice_days_per_week",
    "session_done_fraction",
    "peg_rise_points",
    "progress_sequence",
    "alcohol_answer",
    "strong_cravings_on",
    "reprocessing_check",
    "exchange_folder",
    "exchange_coach_id",
    "exchange_coach_name",
    "exchange_written_at",
    "last_import_folder",
    "progress_range",
}


def test_stored_key_names_never_change() -> None:
    assert set(SETTINGS) == STORED_KEYS
    assert all(SETTINGS[key].key == key for key in SETTINGS)


def test_every_default_is_itself_allowed() -> None:
    for setting in SETTINGS.values():
        assert setting.validate(setting.default) == setting.default, setting.key
    assert default_settings()["theme"] == "system" and default_settings()["text_scale"] == 100


def test_app_state_is_kept_apart_from_the_persons_choices() -> None:
    assert set(APP_STATE) == {
        "window_geometry",
        "system_dark",
        "reminders_checked_until",
        "reminder_highest_id",
        "background_notice_shown",
        "profile_uuid",
        "progress_sequence",
        "alcohol_answer",
        "strong_cravings_on",
        "reprocessing_check",
        "exchange_folder",
        "exchange_coach_id",
        "exchange_coach_name",
        "exchange_written_at",
        "last_import_folder",
        "progress_range",
    }
    assert set(PREFERENCES) | set(APP_STATE) == set(SETTINGS)
    assert not set(PREFERENCES) & set(APP_STATE)
    assert "theme" in PREFERENCES and "quiet_hours_start" in PREFERENCES


def test_values_are_coerced_to_the_settings_type() -> None:
    assert TEXT_SCALE.validate("150") == 150
    assert SPEECH_RATE.validate(1) == 1.0 and isinstance(SPEECH_RATE.validate(1), float)
    assert START_AT_LOGIN.validate("yes") is True
    assert START_AT_LOGIN.validate("off") is False


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (THEME, "purple", "theme must be one of system, light, dark"),
        (TEXT_SCALE, 900, "text_scale must be at most 200"),
        (TEXT_SCALE, 79, "text_scale must be at least 80"),
        (TEXT_SCALE, 1.5, "text_scale must be a whole number"),  # never silently cut to 1
        (TEXT_SCALE, "big", "text_scale must be a whole number"),
        (START_AT_LOGIN, "maybe", "start_at_login must be true or false"),
        (QUIET_HOURS_START, "25:00", "not a time"),
        (QUIET_HOURS_START, "ten pm", "not a time"),
        (REMINDER_GRACE_MINUTES, -1, "at least 0"),
    ],
)
def test_values_a_setting_does_not_allow_are_refused_in_plain_words(
    setting: Setting[object], value: object, message: str
) -> None:
    with pytest.raises(SettingError, match=message):
        setting.validate(value)


def test_a_setting_error_is_both_a_value_error_and_a_coach_error() -> None:
    # The CLI shows CoachError messages; older callers catch ValueError.
    with pytest.raises(ValueError):
        THEME.validate("purple")
    with pytest.raises(CoachError):
        THEME.validate("purple")


def test_ranges_and_choices_are_there_for_the_dialogs() -> None:
    assert TEXT_SCALE.bounds() == (80, 200) and TEXT_SCALE.step == 10
    assert SPEECH_RATE.bounds() == (0.5, 2.0)
    assert REMINDER_GRACE_MINUTES.bounds() == (0, 1440)
    assert [value for value, _label in THEME.options()] == ["system", "light", "dark"]
    assert dict(SPEECH_ENGINE.options())["none"] == "No voice: captions and chimes"
    with pytest.raises(LookupError):
        WINDOW_GEOMETRY.bounds()
    with pytest.raises(LookupError):
        TEXT_SCALE.options()


def test_a_setting_is_found_by_its_stored_name() -> None:
    assert setting_named("theme") is THEME
    with pytest.raises(SettingError, match="unknown setting 'colour'"):
        setting_named("colour")


def test_labels_must_match_the_choices_one_to_one() -> None:
    with pytest.raises(ValueError, match="one label per choice"):
        Setting("size", "s", "Size", choices=("s", "m"), labels=("Small",))
