"""Several profiles on one machine: list, create, choose, and passcodes that encrypt the profile.

A profile with a passcode is a SQLCipher database opened with that passcode (coach.storage.cipher): the
file itself says it is protected, so nothing in profiles.json can remove the protection. Unlocking checks
the passcode against the database and keeps it in memory for this process. Wrong tries slow down (0, 0, 5,
10, 20 ... seconds, at most 15 minutes); the wait is written to the profile's folder before the answer is
given and measured on the boot-time clock (coach.storage.passcode_wait), so neither a restart nor a
changed wall clock skips or stretches it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.domain.clock import Clock, SystemClock
from coach.domain.errors import CoachError
from coach.domain.timefmt import to_db
from coach.domain.wording import count
from coach.storage.cipher import (
    WrongKeyError,
    connect_keyed,
    convert_file,
    forget_key,
    is_encrypted,
    remember_key,
)
from coach.storage.lock import ProfileLock
from coach.storage.passcode_wait import (
    BootClock,
    SystemBootClock,
    WaitRecord,
    read_wait,
    remaining_s,
    restart_after_reboot,
    write_wait,
)
from coach.storage.paths import DEFAULT_PROFILE, ProfilePaths
from coach.storage.profiles import (
    KINDS,
    PERSON_KEY,
    ProfileEntry,
    clean_display_name,
    discover_profiles,
    folder_name_for,
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
    """The profiles under `data_dir`. `clock` dates new profiles; `boot_clock` measures passcode waits."""

    def __init__(
        self, data_dir: Path, clock: Clock | None = None, boot_clock: BootClock | None = None
    ) -> None:
        self.data_dir = data_dir
        self.clock = clock or SystemClock()
        self.boot_clock: BootClock = boot_clock or SystemBootClock()

    def paths(self, slug: str) -> ProfilePaths:
        return ProfilePaths(self.data_dir, slug)

    def _protected(self, entry: ProfileEntry) -> bool:
        return entry.passcode is not None or is_encrypted(self.paths(entry.slug).database)

    def is_protected(self, name: str) -> bool:
        """True when the profile `name` needs a passcode (its database is encrypted, or an older version
        set a passcode that is converted to encryption at the next unlock)."""
        return self.get(name).has_passcode

    # --- reading ---------------------------------------------------------------------------------
    def _entries(self) -> dict[str, ProfileEntry]:
        entries = load_registry(self.data_dir)
        for slug in discover_profiles(self.data_dir):
            if slug not in entries:
                entries[slug] = ProfileEntry(slug, slug, kind_in_database(self.data_dir, slug))
        return entries

    def _wait(self, entry: ProfileEntry) -> int:
        return math.ceil(remaining_s(read_wait(self.paths(entry.slug).profile_dir), self.boot_clock))

    def list(self) -> list[ProfileSummary]:
        last = read_last_profile(self.data_dir)
        return [
            ProfileSummary(e.slug, e.name, e.kind, self._protected(e), self._wait(e), e.slug == last)
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
            if passcode:
                remember_key(self.paths(slug).database, passcode)  # the new file is encrypted from the start
            store = Store.open(ProfilePaths(self.data_dir, slug))
            try:
                store.update_profile(kind=kind, nickname=display)
            finally:
                store.close()
                forget_key(self.paths(slug).database)  # made, not opened: opening it asks for the passcode
            entries[slug] = ProfileEntry(
                slug=slug,
                name=display,
                kind=kind,
                created_at=to_db(self.clock.now()),
            )
            save_registry(self.data_dir, entries)
        return self.get(slug)

    def set_passcode(self, name: str, new: str | None, current: str | None = None) -> None:
        """Set, change (`current` must be right) or remove (`new` None) a profile's passcode.

        Setting one encrypts the database and every backup in place (no plain copy is left: the old file,
        its WAL and SHM are removed); changing re-keys them; removing decrypts them. Raises PasscodeError or
        LockedError for a wrong `current`, CoachError for a too-short `new`, ProfileBusyError while the
        app has the profile open."""
        slug = self.slug_of(name)
        if new is not None:
            _check_new_passcode(new)
        if self.get(slug).has_passcode:
            self.check_passcode(slug, current or "")
        paths = self.paths(slug)
        with ProfileLock(paths).acquire():
            old = current if is_encrypted(paths.database) else None
            self._convert(paths, old, new)
        with registry_lock(self.data_dir):
            entries = self._entries()
            entries[slug].passcode = None  # the database itself is the check now; no hash to guess against
            if new is not None:
                entries[slug].extra.pop(PERSON_KEY, None)  # the readable list no longer names whose it is
            save_registry(self.data_dir, entries)

    def _convert(self, paths: ProfilePaths, old: str | None, new: str | None) -> None:
        from coach.storage.backup import list_backups  # loads sqlite-utils: not on the start-up path

        forget_key(paths.database)  # closes a connection kept from checking the passcode
        if paths.database.exists() and paths.database.stat().st_size:
            convert_file(paths.database, old, new)
        for backup in list_backups(paths.backups_dir):
            if is_encrypted(backup) and old:
                try:
                    convert_file(backup, old, new)
                except WrongKeyError:
                    continue  # made under an earlier passcode: it stays encrypted with that one
            elif new:
                convert_file(backup, None, new)
        # Changing a passcode does not unlock the profile for this run: opening it asks as always.
        forget_key(paths.database)

    def check_passcode(self, name: str, passcode: str) -> None:
        """Return if `passcode` opens the profile (or it has none) and keep it for this process; else raise
        PasscodeError or LockedError (with the seconds to wait)."""
        slug = self.slug_of(name)
        with registry_lock(self.data_dir):
            entries = self._entries()
            entry = entries.get(slug)
            if entry is None:
                raise CoachError(f"no profile called {name!r}")
            if not self._protected(entry):
                return
            folder = self.paths(slug).profile_dir
            record = restart_after_reboot(read_wait(folder), self.boot_clock)
            wait = math.ceil(remaining_s(record, self.boot_clock))
            if wait > 0:
                write_wait(folder, record)
                raise LockedError(_wait_message(wait), wait)
            checked = self._opens(entry, passcode)
            if checked:
                write_wait(folder, WaitRecord())
                legacy = not is_encrypted(self.paths(slug).database)
                if not legacy:
                    conn = checked if checked is not True else None
                    remember_key(self.paths(slug).database, passcode, conn)
            else:
                failures = record.failures + 1
                delay = delay_after(failures)
                now, boot = self.boot_clock.seconds(), self.boot_clock.boot_id()
                # Saved before answering, so quitting and restarting cannot skip the wait.
                write_wait(folder, WaitRecord(failures, float(delay), now, boot))
                if delay:
                    raise LockedError(f"that passcode is not right. {_wait_message(delay)}", delay)
                raise PasscodeError("that passcode is not right; please try again")
        if legacy:
            self._encrypt_legacy(slug, passcode)

    def _opens(self, entry: ProfileEntry, passcode: str) -> Any:
        """False when `passcode` is wrong; else the connection that proved it (an encrypted profile)
        or True (a passcode an older version set, checked against its hash)."""
        database = self.paths(entry.slug).database
        if is_encrypted(database):
            try:
                return connect_keyed(database, passcode)
            except WrongKeyError:
                return False
        return entry.passcode is not None and passcode_matches(passcode, entry.passcode)

    def _encrypt_legacy(self, slug: str, passcode: str) -> None:
        """A passcode set by an older version only guarded the screens: encrypt the data now (unless the
        app has the profile open; then at the next unlock)."""
        paths = self.paths(slug)
        try:
            with ProfileLock(paths).acquire():
                self._convert(paths, None, passcode)
        except CoachError:
            return
        remember_key(paths.database, passcode)
        with registry_lock(self.data_dir):
            entries = self._entries()
            entries[slug].passcode = None
            save_registry(self.data_dir, entries)

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
        return (
            f"Too many wrong tries: please wait {count(round(seconds / 60), 'minute')} before trying again."
        )
    return f"Too many wrong tries: please wait {seconds} seconds before trying again."
