"""Encryption at rest for protected profiles: SQLCipher connections, the keys of unlocked profiles, and
converting a database file between plain and encrypted (or to a new passcode) without leaving a plain copy.

The passcode itself is the SQLCipher passphrase: SQLCipher stores the salt in the file's first 16 bytes and
derives the key with PBKDF2-HMAC-SHA512 (256,000 rounds, about 0.1 s), so nothing outside the database is
needed to open it - moving profiles.json aside cannot remove the protection.

Plain profiles keep using the standard library's `sqlite3` (the first window never loads SQLCipher). So that
one `except sqlite3.OperationalError` (ours, and the one inside sqlite-utils) catches errors from both
drivers, SQLCipher's error classes are made subclasses of the standard ones when it is first loaded; this
replaces aliasing `pysqlite3`, which would make sqlite-utils miss the standard driver's errors instead.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from coach.storage.database import StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
# Said wherever a protected profile writes a file that is not encrypted (exports, reports, progress files).
NOT_ENCRYPTED = (
    "Note: this profile is encrypted, but the file written is not: keep it somewhere private or delete "
    "it when done."
)
_ERRORS = (
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
)
_driver: ModuleType | None = None
_keys: dict[str, str] = {}
# The connection that checked a passcode, kept for the profile's first open: deriving the key is the slow
# part (~0.1-0.25 s), so start-up pays it once rather than twice.
_checked: dict[str, tuple[str, Any]] = {}


class ProtectedProfileError(StorageError):
    """The database is encrypted and no passcode was given for it."""


class WrongKeyError(StorageError):
    """The passcode given does not open the encrypted database."""


def driver() -> ModuleType:
    """SQLCipher's DB-API module (`sqlcipher3.dbapi2`), loaded on first use, its errors made standard."""
    global _driver
    if _driver is None:
        from sqlcipher3 import dbapi2

        for name in _ERRORS:
            cls, std = getattr(dbapi2, name), getattr(sqlite3, name)
            if std not in cls.__mro__:
                # Error and Warning themselves cannot be re-based (their C layout differs); every class
                # the driver actually raises derives from these and can.
                cls.__bases__ = (*cls.__bases__, std)
        _driver = dbapi2
    return _driver


def is_encrypted(path: Path) -> bool:
    """True when `path` is a non-empty file that is not a plain SQLite database (an encrypted one starts
    with its random salt instead of SQLite's header)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) > 0 and head != SQLITE_HEADER


def quote(text: str) -> str:
    """`text` as an SQL string literal (`PRAGMA key` takes no `?` parameter)."""
    return "'" + text.replace("'", "''") + "'"


def is_cipher_connection(conn: Any) -> bool:
    return not isinstance(conn, sqlite3.Connection)


def connect_keyed(path: Path | str, key: str, *, uri: bool = False, timeout: float = 10) -> Any:
    """A SQLCipher connection to `path` opened with passphrase `key` (a new file is created encrypted).

    The key is checked at once (SQLCipher only notices a wrong one at the first read): WrongKeyError when
    the file exists but `key` does not open it.
    """
    conn = driver().connect(str(path), uri=uri, timeout=timeout)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a stderr line
        conn.execute(f"PRAGMA key = {quote(key)}")
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise WrongKeyError("that passcode does not open this profile's data") from exc
    return conn


# --- keys of profiles unlocked in this process -------------------------------------------------------
def _id(path: Path) -> str:
    return os.path.realpath(path)


def remember_key(database: Path, key: str, checked: Any = None) -> None:
    """Keep the passcode of an unlocked profile for this process only (never written anywhere), and the
    connection `checked` that proved it, for `take_checked` to hand to the profile's first open."""
    _keys[_id(database)] = key
    if checked is not None:
        _drop_checked(database)
        _checked[_id(database)] = (key, checked)


def take_checked(database: Path, key: str) -> Any:
    """The connection that checked `key` on `database` (once), or None."""
    held = _checked.pop(_id(database), None)
    if held is None:
        return None
    if held[0] != key:
        held[1].close()
        return None
    return held[1]


def _drop_checked(database: Path) -> None:
    held = _checked.pop(_id(database), None)
    if held is not None:
        held[1].close()


def key_for(database: Path) -> str | None:
    return _keys.get(_id(database))


def unlocked_keys() -> list[str]:
    """The passcodes of the profiles unlocked in this run (in the app: the one open profile)."""
    return list(dict.fromkeys(_keys.values()))


def forget_all() -> None:
    """Lock every profile unlocked in this run again."""
    for held in _checked.values():
        held[1].close()
    _checked.clear()
    _keys.clear()


def forget_key(database: Path) -> None:
    """Lock the profile again in this process (its key and any kept connection are dropped)."""
    _keys.pop(_id(database), None)
    _drop_checked(database)


def key_of_connection(conn: Any) -> str | None:
    """The key an open connection was unlocked with (None for a plain one)."""
    if not is_cipher_connection(conn):
        return None
    row = conn.execute("select file from pragma_database_list where name = 'main'").fetchone()
    return key_for(Path(row[0])) if row and row[0] else None


# --- converting files --------------------------------------------------------------------------------
def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _private_empty(path: Path) -> None:
    for old in (path, *_sidecars(path)):
        old.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _checkpoint_and_close(conn: Any) -> None:
    # Everything in the WAL goes into the file and the WAL is emptied, so deleting it loses nothing and
    # no stale WAL can ever be replayed onto the converted file.
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _swap_in(new: Path, path: Path) -> None:
    with open(new, "rb") as fh:
        os.fsync(fh.fileno())
    for side in _sidecars(path):
        side.unlink(missing_ok=True)
    os.replace(new, path)  # the old file's name now points at the converted one; its data is unlinked
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _export(source: Any, target: Path, target_key: str) -> None:
    """Copy every table, index, trigger and user_version of `source` into `target` with `sqlcipher_export`
    (`target_key` '' writes a plain file)."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    source.execute(f"ATTACH DATABASE {quote(str(target))} AS converted KEY {quote(target_key)}")
    try:
        source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {version}")
        source.commit()
    finally:
        source.execute("DETACH DATABASE converted")


def convert_file(path: Path, old_key: str | None, new_key: str | None) -> None:
    """Rewrite the database at `path` from `old_key` to `new_key` (None: plain) in place, atomically.

    Plain -> encrypted and encrypted -> plain go through a new file that replaces the old one (the old
    file, its WAL and SHM are gone afterwards); encrypted -> encrypted is SQLCipher's `PRAGMA rekey`.
    Raises WrongKeyError when `old_key` does not open the file. The caller holds the profile lock.
    """
    if old_key and new_key:
        conn = connect_keyed(path, old_key)
        try:
            conn.execute(f"PRAGMA rekey = {quote(new_key)}")
        finally:
            _checkpoint_and_close(conn)
        return
    if old_key is None and new_key is None:
        return
    source = connect_keyed(path, old_key) if old_key else driver().connect(str(path), timeout=10)
    work = path.with_name(path.name + ".converting")
    _private_empty(work)
    try:
        try:
            _export(source, work, new_key or "")
        finally:
            _checkpoint_and_close(source)
        _swap_in(work, path)
    finally:
        for leftover in (work, *_sidecars(work)):
            leftover.unlink(missing_ok=True)


def copy_encrypted(source: Path, target: Path, key: str, source_key: str | None = None) -> None:
    """Write an encrypted copy of the database file `source` (plain, or opened with `source_key`) to
    `target` (created 0600), with passphrase `key`."""
    conn = connect_keyed(source, source_key) if source_key else driver().connect(str(source), timeout=10)
    _private_empty(target)
    try:
        _export(conn, target, key)
    finally:
        conn.close()
