"""The profile lock: which process has a profile open in the app, so that only one app runs per profile
and whole-profile replacements (restore, import, demo data) wait until it is closed.

An advisory `flock` on `<profile folder>/app.lock`: the operating system drops it when the process ends,
crash or SIGKILL included, so a stale lock never keeps anyone out. Commands that only add a record (a
dose, a check-in) do not take it; SQLite's own locking keeps those safe beside a running app.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType

from coach.storage.database import StorageError
from coach.storage.paths import ProfilePaths, ensure_private_dir

LOCK_NAME = "app.lock"
CLOSE_THE_APP = "this profile is open in Pain Recovery Coach; close the app first, then try again"


class ProfileBusyError(StorageError):
    """Another process holds the profile lock (the app is open on it, or a restore is running)."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class ProfileLock:
    """Exclusive hold on one profile. `acquire()` raises ProfileBusyError at once when another process
    holds it (never waits); `release()` (or leaving the `with` block) lets it go. Re-entrant within one
    object: a second acquire on a held lock is a no-op."""

    def __init__(self, paths: ProfilePaths, busy_message: str = CLOSE_THE_APP) -> None:
        self.path = paths.profile_dir / LOCK_NAME
        self.busy_message = busy_message
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> ProfileLock:
        if self._fd is not None:
            return self
        ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise ProfileBusyError(self.busy_message)
        # The holder's process id, for a person looking at the folder; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> ProfileLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def is_open_elsewhere(paths: ProfilePaths) -> bool:
    """True while another process holds the profile lock."""
    lock = ProfileLock(paths)
    try:
        lock.acquire()
    except ProfileBusyError:
        return True
    lock.release()
    return False
