"""`coach doctor --report FILE`: a diagnostics file a person can attach to a bug report without worry.

It holds what helps find a fault and nothing about the person: the app, Python, Qt/PySide and platform
versions, the doctor's checks, the settings that are preferences about the app itself (theme, voice,
text size; never reminders' times, answers or anything the person entered), the speech engines found and
the last 200 lines of the log (which never carries health data: see coach/storage/applog.py).
"""

from __future__ import annotations

import importlib.metadata
import platform
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach import __version__
from coach.domain.settings import (
    AMBIENT,
    AMBIENT_VOLUME,
    AUDIO_CACHE_MB,
    CLOSE_TO_TRAY,
    QUIET_HOURS_ENABLED,
    SPEECH_ENGINE,
    SPEECH_RATE,
    START_AT_LOGIN,
    TEXT_SCALE,
    THEME,
    Setting,
)
from coach.services.data.doctor import run_checks
from coach.storage.applog import last_lines, log_path
from coach.storage.health import read_settings
from coach.storage.paths import ProfilePaths

# Preferences about the app, not the person: safe to show a stranger. Anything else stays out.
SHAREABLE_SETTINGS: tuple[Setting[Any], ...] = (
    THEME,
    TEXT_SCALE,
    CLOSE_TO_TRAY,
    START_AT_LOGIN,
    SPEECH_ENGINE,
    SPEECH_RATE,
    AMBIENT,
    AMBIENT_VOLUME,
    AUDIO_CACHE_MB,
    QUIET_HOURS_ENABLED,
)
LOG_LINES = 200
_PACKAGES = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "PySide6",
    "APScheduler",
    "sqlite-utils",
    "pydub",
    "piper-tts",
    "onnxruntime",
    "numpy",
    "pyqtgraph",
    "soundfile",
)


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def build_report(data_dir: Path, profile: str, with_audio: bool = True) -> str:
    """The diagnostics text (UTF-8, one `key: value` per line in sections); never raises for a missing or
    unreadable profile: that is reported in the text."""
    paths = ProfilePaths(data_dir, profile)
    out = [
        "Pain Recovery Coach diagnostics",
        f"written: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "This file holds no health data, names or notes: it is safe to attach to a bug report.",
        "",
        "[versions]",
        f"coach: {__version__}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"sqlite: {sqlite3.sqlite_version}",
    ]
    for name in _PACKAGES:
        version = _version(name)
        if version is not None:
            out.append(f"{name}: {version}")
    out += [
        f"platform: {platform.platform()}",
        f"machine: {platform.machine()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        "",
        "[checks]",
    ]
    for check in run_checks(data_dir, profile, with_audio=with_audio):
        line = f"{'ok' if check.ok else 'PROBLEM'}: {check.name}: {check.detail}"
        out.append(line.replace(str(Path.home()), "~"))
    out += ["", "[settings]"]
    try:
        stored = read_settings(paths.database)
    except sqlite3.DatabaseError as exc:
        out.append(f"(cannot read the settings: {type(exc).__name__})")
        stored = {}
    for setting in SHAREABLE_SETTINGS:
        out.append(f"{setting.key}: {stored.get(setting.key, setting.default)}")
    lines = last_lines(data_dir, LOG_LINES)
    out += ["", f"[log: last {len(lines)} lines of {str(log_path(data_dir)).replace(str(Path.home()), '~')}]"]
    out += lines
    return "\n".join(out) + "\n"
