"""Start at login on Linux desktops: an XDG autostart entry in $XDG_CONFIG_HOME/autostart (no Qt).

The entry is a small .desktop file (freedesktop "Desktop Application Autostart" spec); removing the file
turns it off. XDG_CONFIG_HOME is read on every call, so tests and portable installs can redirect it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ENTRY_NAME = "pain-recovery-coach.desktop"
GUI_SCRIPT = "pain-recovery-coach"


def config_home(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    raw = env.get("XDG_CONFIG_HOME", "").strip()
    # The spec says a relative path is invalid and must be ignored.
    if raw and os.path.isabs(raw):
        return Path(raw)
    return Path.home() / ".config"


def autostart_path(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / "autostart" / ENTRY_NAME


def default_command() -> list[str]:
    """The command the login entry runs: the installed launcher (`/usr/bin/pain-recovery-coach` from the
    .deb, or the venv's script) if there is one; else, in the packaged app, its own executable; else this
    Python running the package. Never `-m coach` for the packaged app, which has no Python to run it."""
    if getattr(sys, "frozen", False):
        installed = shutil.which(GUI_SCRIPT)
        return [installed] if installed else [sys.executable]
    script = shutil.which(GUI_SCRIPT)
    if script is None:
        beside = Path(sys.executable).with_name(GUI_SCRIPT)
        script = str(beside) if beside.exists() else None
    return [script] if script else [sys.executable, "-m", "coach"]


def launch_args(data_dir: Path) -> list[str]:
    """Arguments the login entry needs: start quietly in the tray (reminders are why it starts at login),
    and `--data-dir` only when it is not the default.

    No `--profile`: at login the app asks for the profile as usual, so a passcode is never skipped.
    """
    import platformdirs

    from coach.storage.paths import APP_NAME

    default = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    where = [] if data_dir.resolve() == default.resolve() else ["--data-dir", str(data_dir)]
    return [*where, "--in-tray"]


def _quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks (reserved characters inside double quotes)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`=")
    escaped = arg.replace("%", "%%")
    if not any(ch in reserved for ch in escaped):
        return escaped
    for ch in ("\\", '"', "`", "$"):
        escaped = escaped.replace(ch, "\\" + ch)
    return f'"{escaped}"'


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(_quote(a) for a in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Pain Recovery Coach\n"
        "Comment=Keeps your practice reminders running after you log in\n"
        f"Exec={exec_line}\n"
        "Icon=pain-recovery-coach\n"
        "Terminal=false\n"
        "Categories=Utility;\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled(env: Mapping[str, str] | None = None) -> bool:
    return autostart_path(env).is_file()


def enable(extra_args: Sequence[str] = (), command: Sequence[str] | None = None) -> Path:
    """Write the entry (replacing an older one) and return its path."""
    path = autostart_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = desktop_entry([*(command or default_command()), *extra_args])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # never leave a half-written entry for the session manager to read
    return path


def disable() -> bool:
    """Remove the entry; True if there was one."""
    path = autostart_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def set_enabled(enabled: bool, extra_args: Sequence[str] = ()) -> None:
    if enabled:
        enable(extra_args)
    else:
        disable()
