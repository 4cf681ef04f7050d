"""Which profile the window opens, settled before it: the chooser when there is a choice or a passcode to
type, the passcode box for `coach --profile NAME` of a protected profile, with Help now in their dialogs
and in the app's theme (the colours and text size of the profile last used, as remembered for it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach.services.profiles.service import ProfileService


def profile_to_open(data_dir: Path, app: QApplication, profile: str, ask_profile: bool) -> str | None:
    """The profile to open: `profile` as given (`ask_profile` False: `--profile NAME`, whose passcode is
    still asked), else the only or last one, else the one the person chooses. None: the person quit."""
    if not ask_profile:
        from coach.ui.profiles.switcher import unlock_if_protected

        dress_chooser(app, data_dir, profile)
        return profile if unlock_if_protected(data_dir, profile) else None
    chosen = ProfileService(data_dir).choose_without_asking()
    if chosen is not None:
        return chosen
    dress_chooser(app, data_dir)
    # Only when there is a choice or a passcode: the chooser, with Help now in its dialogs too.
    from coach.ui.profiles.switcher import choose_profile
    from coach.ui.widgets.help_now import DialogHelp

    before_profile = DialogHelp(None, app).install()
    try:
        return choose_profile(data_dir)
    finally:
        before_profile.remove()


def dress_chooser(app: QApplication, data_dir: Path, only: str | None = None) -> None:
    """Give `app` the look the chooser is shown in: the theme and text size remembered for `only`, else
    for the last profile used (coach.services.profiles.greeting). The window re-themes for its profile."""
    from coach.services.profiles.greeting import chooser_look
    from coach.ui.theme import apply_theme

    look = chooser_look(data_dir, only)
    apply_theme(app, look.theme, look.text_scale)
