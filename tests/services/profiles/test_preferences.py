"""Saving answers and preferences: each use case writes all or nothing, then tells the views once."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest

from coach.domain.errors import CoachError
from coach.domain.reminders import QuietHours
from coach.domain.settings import (
    AMBIENT,
    SPEECH_RATE,
    START_AT_LOGIN,
    SYSTEM_DARK,
    TEXT_SCALE,
    THEME,
    WINDOW_GEOMETRY,
    Setting,
    SettingError,
)
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.profiles import autostart
from coach.services.profiles.preferences import (
    ProfileAnswers,
    finish_first_run,
    remember_system_dark,
    remember_window,
    save_preferences,
    save_quiet_hours,
    set_country,
    set_start_at_login,
)
from coach.services.reminders.service import ReminderService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


@pytest.fixture
def heard(ctx: AppContext) -> list[Changes]:
    """Every broadcast, as a view following the bus would get it."""
    changes: list[Changes] = []
    ctx.bus.subscribe(changes.append)
    return changes


JO = ProfileAnswers(nickname="  Jo  ", country="AU", takes_opioids=False)


def test_saving_settings_writes_answers_and_preferences_then_tells_views_once(
    ctx: AppContext, heard: list[Changes], data_dir: Path
) -> None:
    values: dict[Setting[Any], object] = {THEME: "dark", TEXT_SCALE: 150, SPEECH_RATE: 0.8, AMBIENT: "soft"}
    save_preferences(ctx, JO, values)

    assert [c.topics for c in heard] == [frozenset({Topic.PROFILE, Topic.SETTINGS})]
    ctx.close()
    with Store.open(ProfilePaths(data_dir)) as reopened:  # committed, not just visible to this connection
        profile = reopened.profile()
        assert (profile.nickname, profile.country, profile.takes_opioids, profile.onboarded) == (
            "Jo",
            "AU",
            False,
            True,
        )
        assert reopened.setting(THEME) == "dark" and reopened.setting(TEXT_SCALE) == 150
        assert reopened.setting(SPEECH_RATE) == 0.8 and reopened.setting(AMBIENT) == "soft"


def test_one_refused_value_saves_nothing_and_tells_no_one(ctx: AppContext, heard: list[Changes]) -> None:
    with pytest.raises(SettingError, match="text_scale must be at most 200"):
        save_preferences(ctx, JO, {THEME: "dark", TEXT_SCALE: 900})
    assert ctx.store.profile().nickname == "" and not ctx.store.profile().onboarded
    assert ctx.store.setting(THEME) == "system"
    assert heard == []


def test_app_state_cannot_be_saved_as_a_preference(ctx: AppContext, heard: list[Changes]) -> None:
    with pytest.raises(SettingError, match="kept by the app"):
        save_preferences(ctx, JO, {WINDOW_GEOMETRY: "AdnQywAD"})
    assert ctx.store.setting(WINDOW_GEOMETRY) == "" and heard == []


def test_an_unknown_country_is_refused_before_anything_is_written(
    ctx: AppContext, heard: list[Changes]
) -> None:
    with pytest.raises(CoachError, match="no Help now numbers for the country 'XX'"):
        save_preferences(ctx, ProfileAnswers("Jo", "XX", True), {THEME: "dark"})
    with pytest.raises(CoachError, match="'XX'"):
        set_country(ctx, "XX")
    assert ctx.store.profile().country == "US" and ctx.store.setting(THEME) == "system"
    assert heard == []


def test_first_run_answers_are_saved_and_skipping_keeps_the_defaults(
    ctx: AppContext, heard: list[Changes]
) -> None:
    skipped = finish_first_run(ctx, None)
    assert skipped.onboarded and skipped.takes_opioids and skipped.country == "US"
    answered = finish_first_run(ctx, JO)
    assert (answered.nickname, answered.country, answered.takes_opioids) == ("Jo", "AU", False)
    assert [c.topics for c in heard] == [frozenset({Topic.PROFILE})] * 2


def test_choosing_a_country_on_help_now_is_saved_and_announced(ctx: AppContext, heard: list[Changes]) -> None:
    assert set_country(ctx, "GB").country == "GB"
    assert ctx.store.profile().country == "GB"
    assert [c.topics for c in heard] == [frozenset({Topic.PROFILE})]


def test_quiet_hours_reach_the_reminders_and_are_announced_once(
    ctx: AppContext, heard: list[Changes]
) -> None:
    save_quiet_hours(ctx, enabled=True, start="21:30", end="06:45", grace_minutes=60)
    assert ReminderService(ctx).quiet_hours() == QuietHours(time(21, 30), time(6, 45))
    assert [c.topics for c in heard] == [frozenset({Topic.REMINDERS})]

    save_quiet_hours(ctx, enabled=False, start="21:30", end="06:45", grace_minutes=0)
    assert ReminderService(ctx).quiet_hours() is None


def test_a_quiet_hour_that_is_not_a_time_saves_nothing(ctx: AppContext, heard: list[Changes]) -> None:
    with pytest.raises(SettingError, match="not a time"):
        save_quiet_hours(ctx, enabled=True, start="21:30", end="24:00", grace_minutes=60)
    with pytest.raises(SettingError, match="at most 1440"):
        save_quiet_hours(ctx, enabled=True, start="21:30", end="06:00", grace_minutes=2000)
    assert ReminderService(ctx).quiet_hours() == QuietHours(time(22, 0), time(7, 0))  # the defaults
    assert heard == []


def test_start_at_login_writes_the_login_entry_and_remembers_the_choice(
    ctx: AppContext, heard: list[Changes]
) -> None:
    set_start_at_login(ctx, True)
    entry = autostart.autostart_path()
    assert entry.is_file() and "--in-tray" in entry.read_text(encoding="utf-8")
    assert ctx.store.setting(START_AT_LOGIN) is True
    set_start_at_login(ctx, False)
    assert not entry.exists() and ctx.store.setting(START_AT_LOGIN) is False
    assert [c.topics for c in heard] == [frozenset({Topic.SETTINGS})] * 2


def test_a_login_entry_that_cannot_be_written_leaves_the_choice_as_it_was(
    ctx: AppContext, heard: list[Changes]
) -> None:
    # The autostart folder's place is taken by a file: the entry cannot be written.
    autostart.autostart_path().parent.parent.mkdir(parents=True, exist_ok=True)
    autostart.autostart_path().parent.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        set_start_at_login(ctx, True)
    assert ctx.store.setting(START_AT_LOGIN) is False and heard == []


def test_the_window_is_remembered_quietly(ctx: AppContext, heard: list[Changes], data_dir: Path) -> None:
    remember_window(ctx, "AdnQywADAAA=")
    assert heard == []  # app state: no view shows it
    ctx.close()
    with Store.open(ProfilePaths(data_dir)) as reopened:
        assert reopened.setting(WINDOW_GEOMETRY) == "AdnQywADAAA="


def test_the_desktops_light_or_dark_rethemes_only_when_it_changes(
    ctx: AppContext, heard: list[Changes]
) -> None:
    assert remember_system_dark(ctx, False) is False  # same as the default: nothing to do
    assert heard == []
    assert remember_system_dark(ctx, True) is True
    assert ctx.store.setting(SYSTEM_DARK) is True
    assert [c.topics for c in heard] == [frozenset({Topic.SETTINGS})]
    assert remember_system_dark(ctx, True) is False
    assert len(heard) == 1
