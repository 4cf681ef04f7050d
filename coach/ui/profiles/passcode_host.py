"""Changing the open profile's passcode from the running app: which app (coach.ui.app.CoachApp) owns a
profile, converting it while it is closed, what to tell the person, and the command that restarts the app
on it. Imported before the first window: SQLCipher and the Qt namespace load only when a change is made."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from coach.domain.errors import CoachError
from coach.services.profiles.service import ProfileService
from coach.storage.lock import ProfileBusyError, ProfileLock
from coach.storage.paths import ProfilePaths

if TYPE_CHECKING:
    from coach.services.context import AppContext
    from coach.ui.app import CoachApp

_hosts: weakref.WeakValueDictionary[int, CoachApp] = weakref.WeakValueDictionary()


def register_host(ctx: AppContext, host: CoachApp) -> None:
    """`host` runs the profile of `ctx` (one per context; a later one replaces an earlier one)."""
    _hosts[id(ctx)] = host


def host_for(ctx: AppContext) -> CoachApp | None:
    """The running app of `ctx`, or None (a dialog built without the app, as in some tests)."""
    host = _hosts.get(id(ctx))
    return host if host is not None and host.ctx is ctx else None


@dataclass(frozen=True)
class PasscodeOutcome:
    """What a passcode change from the window did: `ok`, and one sentence to show the person."""

    ok: bool
    message: str


def _done_text(new: str | None, current: str | None) -> str:
    if new is None:
        return "The passcode was removed: this profile's data and backups are no longer encrypted."
    if current is None:
        return "The passcode is set: this profile's data and backups are now encrypted."
    return "The passcode was changed."


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].rstrip(".") if text else type(exc).__name__  # the caller adds the stop


def restart_command(data_dir: Path, profile: str) -> tuple[str, list[str]]:
    """The program and arguments that open the app on `profile` again: the app itself when frozen
    (PyInstaller: sys.executable is the app), else this Python running `-m coach`."""
    args = ["--data-dir", str(data_dir), "--profile", profile]
    if getattr(sys, "frozen", False):
        return sys.executable, args
    return sys.executable, ["-m", "coach", *args]


def start_detached(program: str, args: list[str]) -> object:
    return QProcess.startDetached(program, args)


def convert_closed_profile(
    paths: ProfilePaths, new: str | None, current: str | None, opened_with: str | None, busy_text: str
) -> PasscodeOutcome:
    """Set, change or remove the passcode of the closed profile at `paths` (ProfileService.set_passcode,
    under a wait cursor: about a second for a year of data), then remember the key that opens it now (the
    new passcode; after a failure half-way the old or the new one) so it can be opened again. Never
    raises for a failed conversion: the outcome says what happened."""
    from PySide6.QtCore import Qt  # not at import: the Qt namespace takes ~20 ms to build

    from coach.storage.cipher import WrongKeyError, connect_keyed, forget_key, is_encrypted, remember_key

    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    failure: BaseException | None = None
    try:
        ProfileService(paths.data_dir).set_passcode(paths.profile, new, current)
    except ProfileBusyError:
        failure = CoachError(busy_text)
    except (CoachError, sqlite3.Error, OSError) as exc:
        failure = exc
    finally:
        QApplication.restoreOverrideCursor()
    forget_key(paths.database)
    now_key: str | None = None
    if is_encrypted(paths.database):
        for key in (new, current, opened_with):
            if not key:
                continue
            try:
                connect_keyed(paths.database, key).close()
            except WrongKeyError:
                continue
            remember_key(paths.database, key)
            now_key = key
            break
    if failure is None:
        return PasscodeOutcome(True, _done_text(new, current))
    if now_key == new and now_key != opened_with:
        # The database itself was converted; a backup was not (it keeps its old form).
        return PasscodeOutcome(
            False, f"{_done_text(new, current)} But a backup could not be converted: {_one_line(failure)}."
        )
    return PasscodeOutcome(False, f"Nothing was changed: {_one_line(failure)}. Your data opens as before.")


def reopen_converted(
    ctx: AppContext, lock: ProfileLock | None, new: str | None, current: str | None, busy_text: str
) -> PasscodeOutcome:
    """Close `ctx`'s profile (the store, then `lock`), set, change or remove its passcode
    (`convert_closed_profile`), take the lock again and open the profile again in `ctx.store` with the key
    that opens it now. The caller has stopped every use of the store first; nothing is lost either way."""
    from coach.storage.cipher import key_for
    from coach.storage.store import Store

    paths = ctx.paths
    opened_with = key_for(paths.database)
    ctx.store.close()
    if lock is not None:
        lock.release()
    outcome = convert_closed_profile(paths, new, current, opened_with, busy_text)
    if lock is not None:
        with contextlib.suppress(ProfileBusyError):  # the restart that follows says so, if still busy
            lock.acquire()
    ctx.store = Store.open(paths)
    return outcome
