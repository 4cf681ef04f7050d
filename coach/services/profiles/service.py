"""Several profiles on one machine: list, create, choose, and passcodes with a slow-down that survives
restarts (the wait is written to the registry before the answer is given)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from coach.domain.clock import Clock, SystemClock
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, to_db
from coach.storage.paths import DEFAULT_PROFILE, ProfilePaths
from coach.storage.profiles import (
    KINDS,
    ProfileEntry,
    clean_display_name,
    discover_profiles,
    folder_name_for,
    hash_passcode,
    kind_in_database,
    load_registry,
    passcode_matches,
    read_last_profile,
    registry_lock,
    same_name,
    save_registry,
    write_last_profile,
)
from coach.storage.store import Store

FREE_ATTEMPTS = 3  # typos happen: the first wrong tries cost nothing
BASE_DELAY_S = 5
MAX_DELAY_S = 15 * 60
MIN_PASSCODE = 4


class PasscodeError(CoachError):
    """The passcode was wrong (or missing)."""


class LockedError(CoachError):
    """Too many wrong passcodes: the profile waits before it checks another."""

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(message)
        self.seconds = seconds


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passcodes in a row: 0, 0, 5, 10, 20, 40 ... up to 15 min."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(BASE_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S))


@dataclass(frozen=True)
class ProfileSummary:
    slug: str
    name: str
    kind: str
    has_passcode: bool
    wait_seconds: int
    is_last: bool


class ProfileService:
    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.clock = clock or SystemClock()

    # --- reading ---------------------------------------------------------------------------------
    def _entries(self) -> dict[str, ProfileEntry]:
        entries = load_registry(self.data_dir)
        for slug in discover_profiles(self.data_dir):
            if slug not in entries:
                entries[slug] = ProfileEntry(slug, slug, kind_in_database(self.data_dir, slug))
        return entries

    def _wait(self, entry: ProfileEntry) -> int:
        if not entry.locked_until:
            return 0
        try:
            remaining = (from_db(entry.locked_until) - self.clock.now()).total_seconds()
        except ValueError:
            return 0
        return max(0, int(remaining + 0.999))

    def list(self) -> list[ProfileSummary]:
        last = read_last_profile(self.data_dir)
        return [
            ProfileSummary(e.slug, e.name, e.kind, e.passcode is not None, self._wait(e), e.slug == last)
            for e in sorted(self._entries().values(), key=lambda e: e.name.casefold())
        ]

    def choose_without_asking(self) -> str | None:
        """The profile to open when there is nothing to ask (none yet, or one without a passcode), else None."""
        profiles = self.list()
        if not profiles:
            return read_last_profile(self.data_dir) or DEFAULT_PROFILE
        if len(profiles) == 1 and not profiles[0].has_passcode:
            write_last_profile(self.data_dir, profiles[0].slug)
            return profiles[0].slug
        return None

    def get(self, name: str) -> ProfileSummary:
        """The profile whose folder name or display name (any case) is `name`; CoachError if none."""
        summaries = self.list()
        for summary in summaries:
            if summary.slug == name:
                return summary
        for summary in summaries:
            if same_name(summary.name, name.strip()):
                return summary
        raise CoachError(f"no profile called {name!r}")

    def slug_of(self, name: str) -> str:
        """The folder name of the profile called `name` (by folder or display name); CoachError if none."""
        return self.get(name).slug

    # --- writing ---------------------------------------------------------------------------------
    def create(self, name: str, kind: str = "patient", passcode: str | None = None) -> ProfileSummary:
        if kind not in KINDS:
            raise CoachError(f"a profile is a {' or a '.join(KINDS)}, not {kind!r}")
        display = clean_display_name(name)
        if passcode is not None:
            _check_new_passcode(passcode)
        with registry_lock(self.data_dir):
            entries = self._entries()
            for entry in entries.values():
                if same_name(entry.name, display) or entry.slug == display:
                    raise CoachError(f"a profile called {entry.name!r} already exists")
            folders = self.data_dir / "profiles"
            taken = set(entries) | ({c.name for c in folders.iterdir()} if folders.is_dir() else set())
            slug = folder_name_for(display, taken)
            store = Store.open(ProfilePaths(self.data_dir, slug))
            try:
                store.update_profile(kind=kind, nickname=display)
            finally:
                store.close()
            entries[slug] = ProfileEntry(
                slug=slug,
                name=display,
                kind=kind,
                created_at=to_db(self.clock.now()),
                passcode=hash_passcode(passcode) if passcode else None,
            )
            save_registry(self.data_dir, entries)
        return self.get(slug)

    def set_passcode(self, name: str, new: str | None, current: str | None = None) -> None:
        """Set, change (`current` must be right) or remove (`new` None) a profile's passcode."""
        slug = self.slug_of(name)
        if new is not None:
            _check_new_passcode(new)
        if self.get(slug).has_passcode:
            self.check_passcode(slug, current or "")
        with registry_lock(self.data_dir):
            entries = self._entries()
            entries[slug].passcode = hash_passcode(new) if new else None
            save_registry(self.data_dir, entries)

    def check_passcode(self, name: str, passcode: str) -> None:
        """Return if `passcode` opens the profile (or it has none); else raise PasscodeError/LockedError."""
        slug = self.slug_of(name)
        with registry_lock(self.data_dir):
            entries = self._entries()
            entry = entries.get(slug)
            if entry is None:
                raise CoachError(f"no profile called {name!r}")
            if entry.passcode is None:
                return
            wait = self._wait(entry)
            if wait > 0:
                raise LockedError(_wait_message(wait), wait)
            if passcode_matches(passcode, entry.passcode):
                if entry.failed_attempts or entry.locked_until:
                    entry.failed_attempts, entry.locked_until = 0, None
                    save_registry(self.data_dir, entries)
                return
            entry.failed_attempts += 1
            delay = delay_after(entry.failed_attempts)
            now: datetime = self.clock.now()
            entry.locked_until = to_db(now + timedelta(seconds=delay)) if delay else None
            # Saved before answering, so quitting and restarting cannot skip the wait.
            save_registry(self.data_dir, entries)
        if delay:
            raise LockedError(f"that passcode is not right. {_wait_message(delay)}", delay)
        raise PasscodeError("that passcode is not right; please try again")

    def choose(self, name: str, passcode: str | None = None) -> str:
        """Open `name` for use: check its passcode, then remember it as the profile to start with."""
        summary = self.get(name)
        if summary.has_passcode:
            self.check_passcode(summary.slug, passcode or "")
        write_last_profile(self.data_dir, summary.slug)
        return summary.slug


def _check_new_passcode(passcode: str) -> None:
    if len(passcode) < MIN_PASSCODE:
        raise CoachError(f"a passcode needs at least {MIN_PASSCODE} characters")
    if len(passcode) > 200:
        raise CoachError("a passcode can be at most 200 characters")


def _wait_message(seconds: int) -> str:
    if seconds >= 120:
        return f"Too many wrong tries: please wait {round(seconds / 60)} minutes before trying again."
    return f"Too many wrong tries: please wait {seconds} seconds before trying again."
