"""`coach doctor`'s look at a database: it reads the applied schema changes and SQLite's integrity
verdict without creating, changing or migrating anything, and a file that is not ours cannot be read."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from coach.storage.health import DatabaseHealth, read_health
from coach.storage.schema import known_migration_names
from coach.storage.store import Store


def test_a_healthy_profile_reports_every_schema_change_and_ok(store: Store) -> None:
    path = store.paths.database
    store.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert read_health(path) == DatabaseHealth(tuple(known_migration_names()), "ok")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_profile_database_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(sqlite3.DatabaseError):
        read_health(missing)
    assert not missing.exists()  # read-only: nothing was created

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (text)")
    conn.commit()
    conn.close()
    with pytest.raises(sqlite3.DatabaseError, match="_sqlite_migrations"):
        read_health(other)

    text = tmp_path / "text.db"
    text.write_text("not a database at all" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        read_health(text)
