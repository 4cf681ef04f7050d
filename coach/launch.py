"""How `coach` starts: with no arguments it opens the window without loading the command line at all.

Opening the window is what most people do, many times a day; the command line (click and every feature's
commands) loads only when there is a command to run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import coach.offline  # noqa: F401  (first: dependencies' telemetry off before any of them loads)
from coach.domain.errors import CoachError
from coach.storage.paths import DEFAULT_PROFILE, resolve_data_dir, slugify


def fail(message: str) -> None:
    """The one-line error every entry point gives: `coach: message` on stderr and exit 1."""
    print(f"coach: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc...: Qt needs no display server
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def default_profile(root: Path) -> str:
    """The last profile opened, if the profile switcher recorded one, else `default`."""
    marker = root / "last-profile"
    if marker.is_file():
        try:
            return slugify(marker.read_text(encoding="utf-8"))
        except CoachError:
            pass
    return DEFAULT_PROFILE


def open_window(data_dir: Path, profile: str, explicit_profile: bool, in_tray: bool = False) -> None:
    if not has_display():
        fail("no display found: run it from a desktop session, or under `xvfb-run -a coach`")
    # Load the Qt-free core the first window reads before Qt: once PySide6 is imported it inspects the source
    # of every module imported after it (its `__feature__` import hook), a few milliseconds at start-up.
    import coach.services.profiles.service
    import coach.services.today  # noqa: F401
    from coach.ui.app import run_app  # Qt is imported only when a window is wanted

    sys.exit(run_app(data_dir, profile, ask_profile=not explicit_profile, in_tray=in_tray))


# click's completion protocol: the shell calls `coach` with no arguments and this variable set
# (`_COACH_COMPLETE=bash_source coach` prints the script; `bash_complete` etc. answer one word).
COMPLETION_VAR = "_COACH_COMPLETE"


def wants_command_line(argv: list[str], env: Mapping[str, str]) -> bool:
    """True when the command line must run rather than the window: any argument, or shell completion
    asking (which comes with no arguments and must never reach the display check)."""
    return len(argv) > 1 or bool(env.get(COMPLETION_VAR))


# Set by `coach doctor` (coach/services/data/doctor.py SELF_CHECK_VAR) when it starts this same program to
# ask Qt something: the doctor never imports Qt.
SELF_CHECK_VAR = "_COACH_SELF_CHECK"


def run_self_check(env: Mapping[str, str]) -> bool:
    """Answer a self-check the doctor asked for (prints its answer, exits); False when none was asked."""
    check = env.get(SELF_CHECK_VAR)
    if not check:
        return False
    if check == "audio-outputs":
        from coach.ui.practice.audio_outputs import print_audio_output_count

        sys.exit(print_audio_output_count())
    fail(f"unknown self-check {check!r}")
    return True


def main() -> None:
    from coach.storage.private_files import owner_only_umask

    owner_only_umask()  # everything this process creates (WAL/SHM, temporary files too) is owner-only
    if run_self_check(os.environ):
        return
    if wants_command_line(sys.argv, os.environ):
        from coach.cli import main as cli_main

        cli_main()
        return
    root = resolve_data_dir(None)
    from coach.storage.applog import setup_logging

    setup_logging(root)
    open_window(root, default_profile(root), explicit_profile=False)
