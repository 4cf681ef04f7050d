"""Every setting, declared once as a typed constant with its default, range or choices (Picard's options.py).

A `Setting[T]` is both the key and the rules for its value: `store.setting(THEME)` is a `str` to mypy,
`TEXT_SCALE.bounds()` is the spin box range, `THEME.options()` the combo box entries. Two kinds:

- preferences (`kind="preference"`): what the person chose in Settings or Reminders;
- app state (`kind="state"`): what the app remembers between runs on its own (window geometry, the
  desktop's last light/dark answer, how far reminders were handled). Never shown as a choice.

Rows are stored as key -> JSON under the string `key`, so the keys here are the stored names and never
change; the CLI and tests may still name a setting by that string (`setting_named`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, cast

from coach.domain.errors import CoachError
from coach.domain.reminders import parse_time

T = TypeVar("T")

Kind = Literal["preference", "state"]
PREFERENCE: Kind = "preference"
STATE: Kind = "state"


_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


class SettingError(CoachError, ValueError):
    """A value a setting does not allow, or a setting that does not exist; the message says which."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: `key` (the stored name), `default` (whose type is the value type T), and the rules.

    `choices` lists the allowed values with `labels` in plain words, same order (for combo boxes);
    `minimum`/`maximum` bound a number (inclusive) and `step` is the spin box step; `check` raises
    SettingError for a value of the right type that is still wrong (a time that is not HH:MM).
    """

    key: str
    default: T
    doc: str
    kind: Kind = PREFERENCE
    choices: tuple[T, ...] | None = None
    labels: tuple[str, ...] = ()
    minimum: T | None = None
    maximum: T | None = None
    step: T | None = None
    check: Callable[[T], None] | None = None

    def __post_init__(self) -> None:
        if self.labels and (self.choices is None or len(self.labels) != len(self.choices)):
            raise ValueError(f"{self.key}: one label per choice, or none")

    def validate(self, value: object) -> T:
        """Return `value` coerced to the default's type ("150" -> 150 for an int setting; "yes" -> True for
        a bool), or raise SettingError with one plain sentence saying what is allowed."""
        kind = type(self.default)
        coerced: Any = value
        try:
            if kind is bool:
                if isinstance(value, str):
                    lowered = value.strip().lower()
                    if lowered not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                        raise ValueError
                    coerced = lowered in ("true", "1", "yes", "on")
                coerced = bool(coerced)
            elif kind is int:
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError  # 1.5 is not silently cut to 1
                coerced = int(cast(Any, value))
            elif kind is float:
                coerced = float(cast(Any, value))
            elif kind is str:
                coerced = str(value)
        except (TypeError, ValueError):
            words = _TYPE_WORDS.get(kind, f"a {kind.__name__}")
            raise SettingError(f"{self.key} must be {words}, got {value!r}") from None
        if self.choices is not None and coerced not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise SettingError(f"{self.key} must be one of {allowed}, got {value!r}")
        if self.minimum is not None and coerced < self.minimum:
            raise SettingError(f"{self.key} must be at least {self.minimum}, got {value!r}")
        if self.maximum is not None and coerced > self.maximum:
            raise SettingError(f"{self.key} must be at most {self.maximum}, got {value!r}")
        if self.check is not None:
            self.check(coerced)
        return cast(T, coerced)

    def bounds(self) -> tuple[T, T]:
        """(minimum, maximum) for a spin box. Raises LookupError for a setting declared without a range."""
        if self.minimum is None or self.maximum is None:
            raise LookupError(f"{self.key} has no range")
        return self.minimum, self.maximum

    def options(self) -> list[tuple[T, str]]:
        """(value, plain-words label) per choice, in the declared order; the value itself when unlabelled.
        Raises LookupError for a setting declared without choices."""
        if self.choices is None:
            raise LookupError(f"{self.key} has no choices")
        labels = self.labels or tuple(str(choice) for choice in self.choices)
        return list(zip(self.choices, labels, strict=True))


def _clock_time(text: str) -> None:
    try:
        parse_time(text)
    except CoachError as exc:
        raise SettingError(str(exc)) from None


# --- preferences ------------------------------------------------------------------------------------------
THEME: Setting[str] = Setting(
    "theme",
    "system",
    "Colour scheme",
    choices=("system", "light", "dark"),
    labels=("Follow the system", "Light", "Dark"),
)
TEXT_SCALE: Setting[int] = Setting(
    "text_scale", 100, "Text size in percent", minimum=80, maximum=200, step=10
)
CLOSE_TO_TRAY: Setting[bool] = Setting(
    "close_to_tray", True, "Closing the window keeps the app running in the background for reminders"
)
SPEECH_ENGINE: Setting[str] = Setting(
    "speech_engine",
    "auto",
    "Voice for guidance",
    choices=("auto", "piper", "espeak", "none"),
    labels=(
        "Best available",
        "Natural voice (Piper)",
        "Simple voice (espeak-ng)",
        "No voice: captions and chimes",
    ),
)
SPEECH_RATE: Setting[float] = Setting(
    "speech_rate", 1.0, "Speaking speed (1.0 is normal)", minimum=0.5, maximum=2.0, step=0.1
)
AMBIENT: Setting[str] = Setting(
    "ambient",
    "none",
    "Quiet background sound under guidance",
    choices=("none", "soft"),
    labels=("No background sound", "Soft background sound"),
)
AMBIENT_VOLUME: Setting[float] = Setting(
    "ambient_volume", 0.15, "Background sound volume", minimum=0.0, maximum=1.0, step=0.05
)
AUDIO_CACHE_MB: Setting[int] = Setting(
    "audio_cache_mb", 500, "Disk space for rendered audio in MB", minimum=50, maximum=10000, step=50
)
REMINDER_GRACE_MINUTES: Setting[int] = Setting(
    "reminder_grace_minutes",
    120,
    "Show missed reminders this recent (minutes)",
    minimum=0,
    maximum=1440,
    step=30,
)
QUIET_HOURS_ENABLED: Setting[bool] = Setting("quiet_hours_enabled", True, "Hold reminders during quiet hours")
QUIET_HOURS_START: Setting[str] = Setting(
    "quiet_hours_start", "22:00", "Quiet hours start (HH:MM)", check=_clock_time
)
QUIET_HOURS_END: Setting[str] = Setting(
    "quiet_hours_end", "07:00", "Quiet hours end (HH:MM)", check=_clock_time
)
START_AT_LOGIN: Setting[bool] = Setting("start_at_login", False, "Start the app when you log in")
PRACTICE_DAYS_PER_WEEK: Setting[int] = Setting(
    "practice_days_per_week", 5, "Practice goal in days a week", minimum=1, maximum=7, step=1
)
# Honest adherence: a session counts as done only when this much of it was played (0.8 = 80%). Every count
# of sessions done (Today, Progress, program adherence, progress files, the caseload) uses this one rule
# (coach.domain.session_done).
SESSION_DONE_FRACTION: Setting[float] = Setting(
    "session_done_fraction",
    0.8,
    "A session counts as done when at least this share was played (0.5-1.0)",
    minimum=0.5,
    maximum=1.0,
    step=0.05,
)
# The coach's triage queue: a rise of this many PEG points over 4 weeks puts a patient under "rising pain".
PEG_RISE_POINTS: Setting[float] = Setting(
    "peg_rise_points",
    2.0,
    "Caseload: flag rising pain when PEG rose this many points over 4 weeks",
    minimum=0.5,
    maximum=10.0,
    step=0.5,
)

# --- app state: kept by the app between runs, never a choice in Settings --------------------------------
WINDOW_GEOMETRY: Setting[str] = Setting(
    "window_geometry", "", "Saved window size and position (base64)", kind=STATE
)
SYSTEM_DARK: Setting[bool] = Setting(
    "system_dark", False, "The desktop was in dark mode when last checked", kind=STATE
)
LAST_IMPORT_FOLDER: Setting[str] = Setting(
    "last_import_folder", "", "The folder a coach last imported progress files from", kind=STATE
)
REMINDERS_CHECKED_UNTIL: Setting[str] = Setting(
    "reminders_checked_until", "", "Reminders were handled up to this moment (ISO-8601)", kind=STATE
)
REMINDER_HIGHEST_ID: Setting[int] = Setting(
    "reminder_highest_id",
    0,
    "The highest reminder number ever removed: new reminders get higher ones, so a number is never reused",
    kind=STATE,
    minimum=0,
)
PROGRESS_RANGE: Setting[str] = Setting(
    "progress_range",
    "3m",
    "The range the Progress page showed last (4 weeks, 3 months, 1 year or all): shown again next time",
    kind=STATE,
    choices=("4w", "3m", "1y", "all"),
)
BACKGROUND_NOTICE_SHOWN: Setting[bool] = Setting(
    "background_notice_shown",
    False,
    "The person was told once that closing the window keeps the app running, and how to quit",
    kind=STATE,
)

PROFILE_UUID: Setting[str] = Setting(
    "profile_uuid",
    "",
    "This profile's stable identity (a random UUID made once; it names the person in progress files and "
    "the exchange folder, never their typed name)",
    kind=STATE,
)

PROGRESS_SEQUENCE: Setting[int] = Setting(
    "progress_sequence",
    0,
    "How many progress files this profile has written (the last file's sequence number)",
    kind=STATE,
    minimum=0,
)

ALCOHOL_ANSWER: Setting[str] = Setting(
    "alcohol_answer",
    "",
    "Latest weekly check-in answer about alcohol with opioids ('' not asked yet)",
    kind=STATE,
    choices=("", "yes", "no"),
)
STRONG_CRAVINGS_ON: Setting[str] = Setting(
    "strong_cravings_on",
    "",
    "Local day strong cravings were last marked in a check-in (ISO date)",
    kind=STATE,
)
REPROCESSING_CHECK: Setting[str] = Setting(
    "reprocessing_check",
    "",
    "Answer to the check before pain reprocessing ('' not asked yet)",
    kind=STATE,
    choices=("", "clear", "not_examined", "red_flag"),
)

# --- the exchange folder (coach.services.exchange) ------------------------------------------------------
EXCHANGE_FOLDER: Setting[str] = Setting(
    "exchange_folder",
    "",
    "Exchange folder shared with your coach or patients through a sync app ('' none)",
    kind=STATE,
)
EXCHANGE_COACH_ID: Setting[str] = Setting(
    "exchange_coach_id",
    "",
    "The exchange id (profile UUID) of the coach this patient is linked to ('' not linked)",
    kind=STATE,
)
EXCHANGE_COACH_NAME: Setting[str] = Setting(
    "exchange_coach_name", "", "The name of the coach this patient is linked to", kind=STATE
)
EXCHANGE_WRITTEN_AT: Setting[str] = Setting(
    "exchange_written_at",
    "",
    "When this patient's progress file was last written to the exchange folder (ISO-8601 UTC)",
    kind=STATE,
)

_ALL: tuple[Setting[Any], ...] = (
    THEME,
    TEXT_SCALE,
    WINDOW_GEOMETRY,
    SYSTEM_DARK,
    SPEECH_ENGINE,
    SPEECH_RATE,
    AMBIENT,
    AMBIENT_VOLUME,
    AUDIO_CACHE_MB,
    REMINDER_GRACE_MINUTES,
    REMINDERS_CHECKED_UNTIL,
    REMINDER_HIGHEST_ID,
    BACKGROUND_NOTICE_SHOWN,
    PROFILE_UUID,
    QUIET_HOURS_ENABLED,
    QUIET_HOURS_START,
    QUIET_HOURS_END,
    CLOSE_TO_TRAY,
    START_AT_LOGIN,
    PRACTICE_DAYS_PER_WEEK,
    SESSION_DONE_FRACTION,
    PEG_RISE_POINTS,
    PROGRESS_SEQUENCE,
    ALCOHOL_ANSWER,
    STRONG_CRAVINGS_ON,
    REPROCESSING_CHECK,
    EXCHANGE_FOLDER,
    EXCHANGE_COACH_ID,
    EXCHANGE_COACH_NAME,
    EXCHANGE_WRITTEN_AT,
    LAST_IMPORT_FOLDER,
    PROGRESS_RANGE,
)

SETTINGS: Mapping[str, Setting[Any]] = {s.key: s for s in _ALL}
"""Every setting by its stored key."""
PREFERENCES: Mapping[str, Setting[Any]] = {s.key: s for s in _ALL if s.kind == PREFERENCE}
"""The person's choices: what the Settings and Reminders dialogs offer."""
APP_STATE: Mapping[str, Setting[Any]] = {s.key: s for s in _ALL if s.kind == STATE}
"""What the app remembers on its own between runs."""


def setting_named(key: str) -> Setting[Any]:
    """The setting stored under `key` (for the CLI and stored rows); raises SettingError if there is none."""
    try:
        return SETTINGS[key]
    except KeyError:
        raise SettingError(f"unknown setting {key!r}") from None


def default_settings() -> dict[str, Any]:
    """Every setting's default, by key."""
    return {key: s.default for key, s in SETTINGS.items()}
