"""Opening a profile's database: private file, WAL, foreign keys, migrations with a backup first."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.domain.errors import CoachError
from coach.storage.paths import ensure_private_dir
from coach.storage.schema import MIGRATION_SET, build_migrations, known_migration_names

if TYPE_CHECKING:
    from sqlite_utils import Database


class StorageError(CoachError):
    """A database problem the user can act on; its message is one plain sentence."""


class SchemaTooNewError(StorageError):
    pass


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect_sqlite(path: Path, key: str | None = None) -> sqlite3.Connection:
    """A connection with the pragmas every connection needs (foreign keys are off per connection).

    Without `key` it is the standard library's plain connection; with one, a SQLCipher connection opened
    with that passphrase (coach.storage.cipher; WrongKeyError when it does not open the file). Both raise
    the standard `sqlite3` errors."""
    try:
        if key is None:
            conn = sqlite3.connect(str(path), timeout=10)
        else:
            from coach.storage.cipher import connect_keyed, take_checked

            conn = take_checked(path, key) or connect_keyed(path, key)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # NORMAL is durable in WAL mode for application crashes; only power loss can drop the last commit.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable Pain Recovery Coach database ({exc})") from exc
    if mode.lower() != "wal":
        conn.close()
        raise StorageError(f"could not switch {path} to WAL mode (got {mode})")
    return conn


def read_only_uri(path: Path) -> str:
    """A `file:` URI that opens `path` read-only (use with `uri=True`). `#`, `?` and `%` in the name are
    percent-escaped, so `my#backup.db` is that file and not a file `my` with a fragment."""
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


def wrap(conn: sqlite3.Connection) -> Database:
    """The sqlite-utils view of a connection; imported here, on first need, not at start-up."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def connect(path: Path, key: str | None = None) -> Database:
    return wrap(connect_sqlite(path, key))


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "select name from _sqlite_migrations where migration_set = ? order by rowid", [MIGRATION_SET]
    )
    return [str(row[0]) for row in rows]


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's counter that changes when another connection (another process) commits to the file;
    this connection's own commits leave it alone. Cheap: no table is read."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def schema_version_of(conn: sqlite3.Connection) -> int:
    return len(applied_migrations(conn))


def check_not_too_new(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The migrations already applied, once it is sure none of them is from a newer app."""
    applied = applied_migrations(conn)
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise SchemaTooNewError(
            f"{path} was written by a newer version of Pain Recovery Coach "
            f"(unknown schema change {unknown[0]!r}); please update the app. Nothing was changed."
        )
    return applied


def _secure_file(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o600)


@dataclass
class OpenResult:
    conn: sqlite3.Connection
    db: Database | None  # set when migrating needed sqlite-utils anyway
    migrated_from: int
    backup: Path | None


def open_database(path: Path, backups_dir: Path | None = None, key: str | None = None) -> OpenResult:
    """Open (creating if needed) and migrate the database at `path`.

    An existing file is copied to `backups_dir` before any migration runs; a file from a newer app is
    refused before anything is written. `key` is the passcode of a protected profile: an encrypted file
    opens only with it (ProtectedProfileError without one, WrongKeyError with a wrong one) and is never
    mistaken for a new profile; a new file made with a key is encrypted from its first byte.
    """
    from coach.storage.cipher import ProtectedProfileError, is_encrypted

    ensure_private_dir(path.parent)
    existed = path.exists() and path.stat().st_size > 0
    if existed and is_encrypted(path):
        if key is None:
            raise ProtectedProfileError(
                f"the profile in {path.parent} is protected by a passcode (its database is not a readable "
                "plain file): open it with its passcode, or restore a backup if it is damaged"
            )
    elif existed:
        key = None  # a plain file (a passcode set by an older version) opens plain until converted
    # Create the file with owner-only permissions before SQLite opens it with the process umask.
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    conn = connect_sqlite(path, key)
    _secure_file(path)
    db: Database | None = None
    backup: Path | None = None
    try:
        applied = check_not_too_new(conn, path)
        before = len(applied)
        if any(name not in applied for name in known_migration_names()):
            db = wrap(conn)
            if existed and before > 0 and backups_dir is not None:
                from coach.storage.backup import backup_database

                backup = backup_database(db, backups_dir, reason=f"before-migration-v{before}")
            build_migrations().apply(db)
    except Exception:
        conn.close()
        raise
    _secure_file(path)
    return OpenResult(conn=conn, db=db, migrated_from=before, backup=backup)
