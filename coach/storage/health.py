"""Reading a profile database's health without changing it: the schema changes applied and SQLite's
quick integrity check (and its settings, for a diagnostics report), for `coach doctor`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.storage.database import read_only_uri
from coach.storage.schema import MIGRATION_SET
from coach.storage.settings_repo import SettingsRepo


@dataclass(frozen=True)
class DatabaseHealth:
    migrations: tuple[str, ...]  # names of the applied schema changes, as `_sqlite_migrations` lists them
    quick_check: str  # 'ok', or SQLite's first complaint


def read_health(path: Path) -> DatabaseHealth:
    """Open `path` read-only (never creating or migrating it) and report its schema changes and integrity.

    Raises sqlite3.DatabaseError when the file cannot be read as a database of this app: not SQLite,
    damaged past reading, or without a `_sqlite_migrations` table. A protected profile's file is read
    with the passcode it was unlocked with in this run.
    """
    from coach.storage.cipher import connect_keyed, key_for

    key = key_for(path)
    conn = (
        sqlite3.connect(read_only_uri(path), uri=True)
        if key is None
        else connect_keyed(read_only_uri(path), key, uri=True)
    )
    try:
        names = tuple(
            str(r[0])
            for r in conn.execute(
                "select name from _sqlite_migrations where migration_set = ?", [MIGRATION_SET]
            )
        )
        integrity = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        conn.close()
    return DatabaseHealth(names, integrity)


def read_settings(path: Path) -> dict[str, Any]:
    """Every declared setting of the profile database at `path`, read-only (defaults where unset).

    Returns {} when there is no database yet; raises sqlite3.DatabaseError when it cannot be read.
    """
    if not path.is_file():
        return {}
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return SettingsRepo(conn).all()
    finally:
        conn.close()
