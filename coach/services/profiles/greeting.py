"""What the profile chooser may know before a profile is open: the name the person gave (their nickname
from the first run or Settings) and the look they chose (colours, text size), kept beside the profile's
entry in the profile list, since an encrypted profile's own database cannot be read before its passcode.

Nothing about health is kept there: the name, and two appearance settings. A profile with a passcode keeps
no name there (the storage layer drops it): its chooser says "Welcome back" without one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.domain.errors import CoachError
from coach.domain.settings import TEXT_SCALE, THEME
from coach.services.context import AppContext
from coach.storage.cipher import is_encrypted
from coach.storage.profiles import (
    PERSON_KEY,
    ProfileEntry,
    kind_in_database,
    load_registry,
    read_last_profile,
    registry_lock,
    save_registry,
)

THEME_KEY = "theme"
TEXT_SCALE_KEY = "text_scale"


@dataclass(frozen=True)
class Greeting:
    """For the chooser: `person` the name to greet ("" when none was given), `theme` ("system", "light"
    or "dark") and `text_scale` (percent) to show it in."""

    person: str = ""
    theme: str = str(THEME.default)
    text_scale: int = int(TEXT_SCALE.default)


def remember_greeting(ctx: AppContext) -> bool:
    """Keep the open profile's nickname (not for a profile with a passcode), theme and text size in its
    profile-list entry for the chooser. Writes only when something changed; True when it wrote. A damaged or busy list is left alone (the
    chooser then shows the profile's own name, as before): the app must not fail over a greeting."""
    paths = ctx.paths
    wanted = {
        PERSON_KEY: ctx.store.profile().nickname.strip(),
        THEME_KEY: str(ctx.store.setting(THEME)),
        TEXT_SCALE_KEY: int(ctx.store.setting(TEXT_SCALE)),
    }
    try:
        with registry_lock(paths.data_dir):
            entries = load_registry(paths.data_dir)
            entry = entries.get(paths.profile)
            if entry is None:
                kind = kind_in_database(paths.data_dir, paths.profile)
                entry = entries[paths.profile] = ProfileEntry(paths.profile, paths.profile, kind)
            stale = False
            if entry.passcode is not None or is_encrypted(paths.database):
                wanted.pop(PERSON_KEY)  # a protected profile's name stays in its encrypted database
                stale = entry.extra.pop(PERSON_KEY, None) is not None
            if not stale and all(entry.extra.get(key) == value for key, value in wanted.items()):
                return False
            entry.extra.update(wanted)
            save_registry(paths.data_dir, entries)
    except (CoachError, OSError):
        return False
    return True


def greetings(data_dir: Path) -> dict[str, Greeting]:
    """What each profile (by folder name) remembered for the chooser; profiles never opened since this
    was kept are missing. Never raises: an unreadable list gives {}."""
    try:
        entries = load_registry(data_dir)
    except (CoachError, OSError):
        return {}
    out = {}
    for slug, entry in entries.items():
        if PERSON_KEY not in entry.extra and THEME_KEY not in entry.extra:
            continue
        theme = entry.extra.get(THEME_KEY)
        scale = entry.extra.get(TEXT_SCALE_KEY)
        out[slug] = Greeting(
            person=str(entry.extra.get(PERSON_KEY) or "").strip(),
            theme=theme if theme in (THEME.choices or ()) else str(THEME.default),
            text_scale=_scale(scale),
        )
    return out


def chooser_look(data_dir: Path, only: str | None = None) -> Greeting:
    """The look to show the chooser in: that of `only`, else the last profile used, else the only one,
    else the defaults."""
    known = greetings(data_dir)
    for slug in (only, read_last_profile(data_dir)):
        if slug and slug in known:
            return known[slug]
    if len(known) == 1:
        return next(iter(known.values()))
    return Greeting()


def _scale(value: object) -> int:
    try:
        return int(TEXT_SCALE.validate(value))
    except (CoachError, TypeError, ValueError):
        return int(TEXT_SCALE.default)
