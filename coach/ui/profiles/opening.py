"""Which profile the window opens, settled before it: the chooser when there is a choice or a passcode to
type, the passcode box for `coach --profile NAME` of a protected profile, with Help now in their dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach.services.profiles.service import ProfileService


def profile_to_open(data_dir: Path, app: QApplication, profile: str, ask_profile: bool) -> str | None:
    """The profile to open: `profile` as given (`ask_profile` False: `--profile NAME`, whose passcode is
    still asked), else the only or last one, else the one the person chooses. None: the person quit."""
    if not ask_profile:
        from coach.ui.profiles.switcher import unlock_if_protected

        return profile if unlock_if_protected(data_dir, profile) else None
    chosen = ProfileService(data_dir).choose_without_asking()
    if chosen is not None:
        return chosen
    # Only when there is a choice or a passcode: the chooser, with Help now in its dialogs too.
    from coach.ui.profiles.switcher import choose_profile
    from coach.ui.widgets.help_now import DialogHelp

    before_profile = DialogHelp(None, app).install()
    try:
        return choose_profile(data_dir)
    finally:
        before_profile.remove()
