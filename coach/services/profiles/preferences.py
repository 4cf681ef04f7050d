"""Saving the person's answers and preferences, and what the app remembers between runs: each use case
commits, then publishes one `Changes` (or none for app state no view shows).

Views call these instead of writing the profile row or settings themselves (tests/test_layers.py checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.settings import (
    BACKGROUND_NOTICE_SHOWN,
    PREFERENCE,
    QUIET_HOURS_ENABLED,
    QUIET_HOURS_END,
    QUIET_HOURS_START,
    REMINDER_GRACE_MINUTES,
    START_AT_LOGIN,
    SYSTEM_DARK,
    WINDOW_GEOMETRY,
    Setting,
    SettingError,
)
from coach.services import help_lines
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.profiles import autostart
from coach.storage.store import Profile


@dataclass(frozen=True)
class ProfileAnswers:
    """The person's answers about themselves: what to call them, the country whose Help now numbers to
    show (a code from `help_lines.countries()`), and whether they take opioids (shows the Taper page)."""

    nickname: str
    country: str
    takes_opioids: bool


def _checked_answers(answers: ProfileAnswers) -> dict[str, Any]:
    return {
        "nickname": answers.nickname.strip(),
        "country": _checked_country(answers.country),
        "takes_opioids": answers.takes_opioids,
    }


def _checked_country(code: str) -> str:
    if code not in {known for known, _name in help_lines.countries()}:
        raise CoachError(f"there are no Help now numbers for the country {code!r}")
    return code


def _checked_preferences(values: Mapping[Setting[Any], object]) -> dict[Setting[Any], Any]:
    checked: dict[Setting[Any], Any] = {}
    for setting, value in values.items():
        if setting.kind != PREFERENCE:
            raise SettingError(f"{setting.key} is kept by the app, not chosen in Settings")
        checked[setting] = setting.validate(value)
    return checked


def save_preferences(
    ctx: AppContext, answers: ProfileAnswers, values: Mapping[Setting[Any], object]
) -> Profile:
    """Save the Settings dialog: the profile answers (which also marks first run as done) and preference
    values by setting, all in one transaction, then publish PROFILE and SETTINGS (re-themes the app).

    Everything is checked before anything is written: raises CoachError for an unknown country, and
    SettingError for a value a setting does not allow or for app state (window geometry and the like are
    not preferences). Returns the saved profile."""
    profile_fields = _checked_answers(answers)
    checked = _checked_preferences(values)
    store = ctx.store
    with store.transaction():
        profile = store.update_profile(**profile_fields, onboarded=True)
        for setting, value in checked.items():
            store.set_setting(setting, value)
    ctx.bus.publish(Topic.PROFILE, Topic.SETTINGS)
    return profile


def finish_first_run(ctx: AppContext, answers: ProfileAnswers | None) -> Profile:
    """Save the first-run answers, or with None (skipped) keep the defaults (US numbers, Taper shown);
    either way first run counts as done, and PROFILE is published. Raises CoachError for an unknown country
    (nothing written). Returns the saved profile."""
    fields = _checked_answers(answers) if answers is not None else {}
    profile = ctx.store.update_profile(**fields, onboarded=True)
    ctx.bus.publish(Topic.PROFILE)
    return profile


def set_country(ctx: AppContext, code: str) -> Profile:
    """Choose the country whose Help now numbers are shown (a code from `help_lines.countries()`), then
    publish PROFILE. Raises CoachError for an unknown code. Returns the saved profile."""
    profile = ctx.store.update_profile(country=_checked_country(code))
    ctx.bus.publish(Topic.PROFILE)
    return profile


def save_quiet_hours(ctx: AppContext, *, enabled: bool, start: str, end: str, grace_minutes: int) -> None:
    """Save when reminders may come: quiet hours on or off, their start and end as 24-hour "HH:MM" (they
    may span midnight), and how many minutes back missed reminders are still shown (0 shows none).
    One transaction, then REMINDERS is published so the scheduler rebuilds its jobs.
    Raises SettingError (nothing written) for a time that is not HH:MM or minutes out of range."""
    checked = _checked_preferences(
        {
            QUIET_HOURS_ENABLED: enabled,
            QUIET_HOURS_START: start,
            QUIET_HOURS_END: end,
            REMINDER_GRACE_MINUTES: grace_minutes,
        }
    )
    with ctx.store.transaction():
        for setting, value in checked.items():
            ctx.store.set_setting(setting, value)
    ctx.bus.publish(Topic.REMINDERS)


def set_preference(ctx: AppContext, setting: Setting[Any], value: object) -> Any:
    """Set one preference from text or a value (the command line: `coach settings set KEY VALUE`): checked by
    the setting's own rules, then SETTINGS and REMINDERS are published (theme, quiet hours and the jobs
    follow). Start at login also adds or removes the desktop's login entry. Raises SettingError (nothing
    written) for a value the setting does not allow or for app state. Returns the stored value."""
    checked = _checked_preferences({setting: value})[setting]
    if setting is START_AT_LOGIN:
        set_start_at_login(ctx, bool(checked))
        return checked
    stored = ctx.store.set_setting(setting, checked)
    ctx.bus.publish(Topic.SETTINGS, Topic.REMINDERS)
    return stored


def set_start_at_login(ctx: AppContext, enabled: bool) -> None:
    """Add or remove the desktop's login entry for this app (coach.services.profiles.autostart), then
    remember the choice and publish SETTINGS. Raises OSError if the entry cannot be written or removed;
    the choice is then left as it was."""
    autostart.set_enabled(enabled, autostart.launch_args(ctx.paths.data_dir))
    ctx.store.set_setting(START_AT_LOGIN, enabled)
    ctx.bus.publish(Topic.SETTINGS)


def remember_window(ctx: AppContext, geometry: str) -> None:
    """Keep the main window's size and position (Qt's saveGeometry, base64 text) for the next start.
    App state no view shows: nothing is published."""
    ctx.store.set_setting(WINDOW_GEOMETRY, geometry)


def remember_background_notice(ctx: AppContext) -> bool:
    """Note that the person was told closing the window keeps the app running (told once, ever). Returns
    True the first time (the caller then says so), False after. App state: nothing is published."""
    if ctx.store.setting(BACKGROUND_NOTICE_SHOWN):
        return False
    ctx.store.set_setting(BACKGROUND_NOTICE_SHOWN, True)
    return True


def remember_system_dark(ctx: AppContext, dark: bool) -> bool:
    """Keep the desktop's light/dark answer, so the next start draws its first frame in the right colours.
    When it differs from the remembered one, publish SETTINGS (the app and the pages that draw in colour
    re-theme) and return True; otherwise write and publish nothing and return False."""
    if ctx.store.setting(SYSTEM_DARK) == dark:
        return False
    ctx.store.set_setting(SYSTEM_DARK, dark)
    ctx.bus.publish(Topic.SETTINGS)
    return True
