"""Opening a profile's database: private file, WAL, foreign keys, migrations with a backup first."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from coach.domain.errors import CoachError
from coach.storage.paths import ensure_private_dir
from coach.storage.schema import MIGRATION_SET, known_migration_names, migrations


class StorageError(CoachError):
    """A database problem the user can act on; its message is one plain sentence."""


class SchemaTooNewError(StorageError):
    pass


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: Path) -> Database:
    """A connection with the pragmas every connection needs (foreign keys are off per connection)."""
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # NORMAL is durable in WAL mode for application crashes; only power loss can drop the last commit.
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable Pain Recovery Coach database ({exc})") from exc
    if mode.lower() != "wal":
        raise StorageError(f"could not switch {path} to WAL mode (got {mode})")
    return db


def applied_migrations(db: Database) -> list[str]:
    if not db["_sqlite_migrations"].exists():
        return []
    return [
        row["name"]
        for row in db.query(
            "select name from _sqlite_migrations where migration_set = ? order by rowid", [MIGRATION_SET]
        )
    ]


def schema_version_of(db: Database) -> int:
    return len(applied_migrations(db))


def check_not_too_new(db: Database, path: Path) -> None:
    unknown = [name for name in applied_migrations(db) if name not in known_migration_names()]
    if unknown:
        raise SchemaTooNewError(
            f"{path} was written by a newer version of Pain Recovery Coach "
            f"(unknown schema change {unknown[0]!r}); please update the app. Nothing was changed."
        )


def _secure_file(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o600)


@dataclass
class OpenResult:
    db: Database
    migrated_from: int
    backup: Path | None


def open_database(path: Path, backups_dir: Path | None = None) -> OpenResult:
    """Open (creating if needed) and migrate the database at `path`.

    An existing file is copied to `backups_dir` before any migration runs; a file from a newer app is
    refused before anything is written.
    """
    ensure_private_dir(path.parent)
    existed = path.exists() and path.stat().st_size > 0
    # Create the file with owner-only permissions before SQLite opens it with the process umask.
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    db = connect(path)
    _secure_file(path)
    try:
        check_not_too_new(db, path)
        before = schema_version_of(db)
        pending = migrations.pending(db)
        backup: Path | None = None
        if pending and existed and before > 0 and backups_dir is not None:
            from coach.storage.backup import backup_database

            backup = backup_database(db, backups_dir, reason=f"before-migration-v{before}")
        if pending:
            migrations.apply(db)
    except Exception:
        db.close()
        raise
    _secure_file(path)
    return OpenResult(db=db, migrated_from=before, backup=backup)
