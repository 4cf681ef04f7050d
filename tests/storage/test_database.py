"""The profile database: private files, WAL, foreign keys, migrations, refusing a newer schema."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

import coach.storage.database as database
import coach.storage.schema as schema
from coach.storage.database import SchemaTooNewError, open_database
from coach.storage.paths import ProfilePaths
from coach.storage.schema import USER_TABLES, known_migration_names
from coach.storage.store import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_profile_is_private_wal_and_has_every_table(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    store = Store.open(paths)
    try:
        assert stat.S_IMODE(paths.profile_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = set(store.db.table_names())
        assert set(USER_TABLES) <= tables
        assert database.applied_migrations(store.conn) == known_migration_names()
    finally:
        store.close()


def test_foreign_keys_are_enforced_on_every_connection(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "insert into dose_events (medication_id, taken_at, amount) values (42, '2026-01-01', 5)"
        )
    # A second connection to the same file gets the pragma too.
    other = database.connect(store.paths.database)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            other.execute("insert into taper_steps (plan_id, date, target_mme) values (9, '2026-01-01', 10)")
    finally:
        other.close()


def test_check_constraints_reject_out_of_range_pain(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "insert into sessions (exercise_id, started_at, updated_at, pre_pain) values ('x', 'a', 'a', 11)"
        )


def test_database_from_a_newer_app_is_refused_and_left_untouched(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    Store.open(paths).close()
    conn = sqlite3.connect(paths.database)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values ('coach', 'm999_future', 'x')"
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _sha(paths.database)
    with pytest.raises(SchemaTooNewError, match="newer version"):
        Store.open(paths)
    assert _sha(paths.database) == before


def test_migration_backs_up_the_file_first_then_applies(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = ProfilePaths(data_dir)
    store = Store.open(paths)
    store.db.execute("insert into journal (at, text) values ('2026-01-01T00:00:00+00:00', 'kept')")
    store.close()

    def m900_add_mood(db: object) -> None:
        db.execute("alter table journal add column mood integer")  # type: ignore[attr-defined]

    shipped = schema.MIGRATIONS
    monkeypatch.setattr(schema, "MIGRATIONS", (*shipped, m900_add_mood))
    result = open_database(paths.database, paths.backups_dir)
    try:
        assert result.migrated_from == len(shipped)
        assert result.backup is not None and result.backup.exists()
        assert result.db is not None and "mood" in result.db["journal"].columns_dict
        old = sqlite3.connect(result.backup)
        assert old.execute("select text from journal").fetchall() == [("kept",)]
        assert "mood" not in [r[1] for r in old.execute("pragma table_info(journal)")]
        old.close()
    finally:
        result.conn.close()


def test_garbage_file_gives_a_clear_error(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    paths.profile_dir.mkdir(parents=True)
    paths.database.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(database.StorageError, match="not a readable"):
        Store.open(paths)


def test_settings_round_trip_and_validation(store: Store) -> None:
    assert store.setting("theme") == "system"
    store.set_setting("theme", "dark")
    store.set_setting("text_scale", "150")
    assert store.setting("theme") == "dark"
    assert store.setting("text_scale") == 150
    with pytest.raises(ValueError, match="must be one of"):
        store.set_setting("theme", "purple")
    with pytest.raises(ValueError, match="at most"):
        store.set_setting("text_scale", 900)
    assert store.setting("theme") == "dark"


def test_profile_answers_persist(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    with Store.open(paths) as store:
        assert not store.holds_user_data()
        store.update_profile(nickname="Robin", country="GB", takes_opioids=False, onboarded=True)
    with Store.open(paths) as store:
        p = store.profile()
        assert (p.nickname, p.country, p.takes_opioids, p.onboarded) == ("Robin", "GB", False, True)
        assert not store.holds_user_data()
