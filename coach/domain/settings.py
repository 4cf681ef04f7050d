"""Every user setting, declared once with its default and allowed values (Picard's options.py style)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""

    def validate(self, value: Any) -> Any:
        """Return `value` coerced to the default's type, or raise ValueError with a plain message."""
        kind = type(self.default)
        try:
            if kind is bool:
                if isinstance(value, str):
                    lowered = value.strip().lower()
                    if lowered not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                        raise ValueError
                    value = lowered in ("true", "1", "yes", "on")
                value = bool(value)
            elif kind in (int, float):
                value = kind(value)
            elif kind is str:
                value = str(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.key} must be a {kind.__name__}, got {value!r}") from None
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise ValueError(f"{self.key} must be one of {allowed}, got {value!r}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{self.key} must be at least {self.minimum}, got {value!r}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{self.key} must be at most {self.maximum}, got {value!r}")
        return value


_ALL = (
    Setting("theme", "system", choices=("system", "light", "dark"), doc="Colour scheme"),
    Setting("text_scale", 100, minimum=80, maximum=200, doc="Text size in percent"),
    Setting("window_geometry", "", doc="Saved window size and position (base64)"),
    Setting("system_dark", False, doc="Kept by the app: the desktop was in dark mode when last checked"),
    Setting("speech_engine", "auto", choices=("auto", "piper", "espeak", "none"), doc="Voice for guidance"),
    Setting("speech_rate", 1.0, minimum=0.5, maximum=2.0, doc="Speaking speed (1.0 is normal)"),
    Setting("ambient", "none", choices=("none", "soft"), doc="Quiet background sound under guidance"),
    Setting("ambient_volume", 0.15, minimum=0.0, maximum=1.0, doc="Background sound volume"),
    Setting("audio_cache_mb", 500, minimum=50, maximum=10000, doc="Disk space for rendered audio"),
    Setting("reminder_grace_minutes", 120, minimum=0, maximum=1440, doc="Show missed reminders this recent"),
    Setting("reminders_checked_until", "", doc="Kept by the app: reminders were handled up to this moment"),
    Setting("quiet_hours_enabled", True, doc="Hold reminders during quiet hours"),
    Setting("quiet_hours_start", "22:00", doc="Quiet hours start (HH:MM)"),
    Setting("quiet_hours_end", "07:00", doc="Quiet hours end (HH:MM)"),
    Setting("close_to_tray", True, doc="Closing the window keeps reminders running in the tray"),
    Setting("start_at_login", False, doc="Start the app when you log in"),
    Setting("practice_days_per_week", 5, minimum=1, maximum=7, doc="Practice goal in days a week"),
)

SETTINGS: dict[str, Setting] = {s.key: s for s in _ALL}


def default_settings() -> dict[str, Any]:
    return {key: s.default for key, s in SETTINGS.items()}
