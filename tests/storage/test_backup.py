"""Backups: consistent online copies, daily rotation of 14, restore that validates and keeps the old file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coach.storage.backup import KEEP_DAILY, backup_database, daily_backup, list_backups, restore_database
from coach.storage.database import StorageError
from coach.storage.store import Store


def _journal_texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("select text from journal order by id")]
    finally:
        conn.close()


def _note(store: Store, text: str) -> None:
    store.db.execute("insert into journal (at, text) values ('2026-01-01T00:00:00+00:00', ?)", [text])


def test_backup_copies_committed_rows_while_open(store: Store, tmp_path: Path) -> None:
    _note(store, "before")
    out = backup_database(store.db, store.paths.backups_dir, out=tmp_path / "copy.db")
    _note(store, "after")
    assert _journal_texts(out) == ["before"]
    assert sqlite3.connect(out).execute("pragma integrity_check").fetchone()[0] == "ok"


def test_daily_backup_once_a_day_and_keeps_the_last_14(store: Store) -> None:
    for day in range(1, 21):
        daily_backup(store.db, store.paths.backups_dir, today=f"2026-10-{day:02d}")
    assert daily_backup(store.db, store.paths.backups_dir, today="2026-10-20") is None
    kept = sorted(p.name for p in list_backups(store.paths.backups_dir))
    assert len(kept) == KEEP_DAILY
    assert kept[0] == "daily-2026-10-07.db" and kept[-1] == "daily-2026-10-20.db"


def test_restore_replaces_data_and_keeps_the_current_file_aside(store: Store, tmp_path: Path) -> None:
    _note(store, "old")
    saved = backup_database(store.db, store.paths.backups_dir, out=tmp_path / "saved.db")
    _note(store, "new")
    live = store.paths.database
    store.close()
    kept = restore_database(saved, live, store.paths.backups_dir)
    assert _journal_texts(live) == ["old"]
    assert _journal_texts(kept) == ["old", "new"]
    reopened = Store.open(store.paths)
    assert reopened.db.execute("select count(*) from journal").fetchone()[0] == 1
    reopened.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"hello", "not a SQLite database"), (b"SQLite format 3\x00" + b"\x00" * 200, "damaged")],
)
def test_restore_refuses_bad_files_and_loses_nothing(
    store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    _note(store, "precious")
    store.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(StorageError, match=message):
        restore_database(bad, store.paths.database, store.paths.backups_dir)
    assert _journal_texts(store.paths.database) == ["precious"]


def test_restore_refuses_a_database_of_another_app(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table foo (x)")
    conn.commit()
    conn.close()
    store.close()
    with pytest.raises(StorageError, match="not a Pain Recovery Coach database"):
        restore_database(other, store.paths.database, store.paths.backups_dir)


def _tampered_copy(store: Store, tmp_path: Path, statement: str) -> Path:
    copy = backup_database(store.db, store.paths.backups_dir, out=tmp_path / "tampered.db")
    conn = sqlite3.connect(copy)
    conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        # The case: restored, the next write emptied sessions, check-ins and doses.
        (
            "create trigger wipe after insert on journal begin delete from sessions; delete from checkins;"
            " delete from dose_events; end",
            "unexpected trigger 'wipe'",
        ),
        ("create view everything as select * from journal", "unexpected view 'everything'"),
        ("create index journal_text on journal(text)", "unexpected index 'journal_text'"),
        ("create table extra (x)", "unexpected table 'extra'"),
        ("drop table patient_records", "'patient_records'"),
        ("alter table journal add column spy text", "'journal'"),
    ],
)
def test_restore_refuses_a_schema_the_app_did_not_make(
    store: Store, tmp_path: Path, statement: str, words: str
) -> None:
    store.db.execute("insert into sessions (exercise_id, started_at, updated_at) values ('x', 'a', 'a')")
    _note(store, "mine")
    tampered = _tampered_copy(store, tmp_path, statement)
    live = store.paths.database
    store.close()
    before = live.read_bytes()
    with pytest.raises(StorageError, match=words):
        restore_database(tampered, live, store.paths.backups_dir)
    assert live.read_bytes() == before
    with Store.open(store.paths) as reopened:
        _note(reopened, "a later write")
        assert reopened.db.execute("select count(*) from sessions").fetchone()[0] == 1
    assert not list(store.paths.backups_dir.glob("before-restore-*"))


def test_restore_refuses_rows_pointing_nowhere(store: Store, tmp_path: Path) -> None:
    copy = backup_database(store.db, store.paths.backups_dir, out=tmp_path / "orphans.db")
    conn = sqlite3.connect(copy)  # foreign keys are off on a plain connection: the row goes in
    conn.execute(
        "insert into dose_events (medication_id, taken_at, amount) values (999, '2026-01-01T08:00:00+00:00', 5)"
    )
    conn.commit()
    conn.close()
    store.close()
    with pytest.raises(StorageError, match="points to a missing medications row"):
        restore_database(copy, store.paths.database, store.paths.backups_dir)


def test_an_untouched_backup_matches_the_schema_the_app_makes(store: Store, tmp_path: Path) -> None:
    from coach.storage.backup import expected_schema, schema_objects
    from coach.storage.schema import schema_version

    copy = backup_database(store.db, store.paths.backups_dir, out=tmp_path / "fine.db")
    conn = sqlite3.connect(copy)
    try:
        assert schema_objects(conn) == expected_schema(schema_version())
    finally:
        conn.close()


def test_file_names_with_uri_characters_work(store: Store, tmp_path: Path) -> None:
    _note(store, "kept")
    for name in ("my#backup.db", "what?.db", "100%.db"):
        copy = backup_database(store.db, store.paths.backups_dir, out=tmp_path / name)
        restore_database(copy, store.paths.database, store.paths.backups_dir)
    assert _journal_texts(store.paths.database) == ["kept"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "100%.db",
        "my#backup.db",
        "what?.db",
    ]


def test_restoring_the_live_file_onto_itself_is_refused(store: Store) -> None:
    _note(store, "mine")
    store.close()
    with pytest.raises(StorageError, match="own database"):
        restore_database(store.paths.database, store.paths.database, store.paths.backups_dir)
    assert _journal_texts(store.paths.database) == ["mine"]
