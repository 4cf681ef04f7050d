"""Encrypted profiles at rest: a protected profile, its WAL and its backups can't be read without the
passcode, setting/changing/removing it keeps every row and leaves no plain copy, and a locked profile is
never mistaken for a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coach.services.data.demo import fill_demo
from coach.services.profiles.service import PasscodeError, ProfileService
from coach.storage.backup import backup_database, daily_backup, list_backups, restore_database
from coach.storage.cipher import ProtectedProfileError, forget_all, forget_key, is_encrypted
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

KNOWN = "Rivera"  # the prescriber's name in the demo taper plan: a text a person would recognise


def _profile_with_data(data_dir: Path) -> tuple[ProfileService, ProfilePaths, dict[str, int]]:
    service = ProfileService(data_dir)
    service.create("Secret", "patient")
    paths = ProfilePaths(data_dir, "secret")
    with Store.open(paths) as store:
        fill_demo(store, days=30, seed=5)
        counts = store.counts()
        backup_database(store.db, paths.backups_dir)  # a plain backup made before the passcode
        daily_backup(store.db, paths.backups_dir, today="2026-11-29")
    return service, paths, counts


def _folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _plain_read(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    finally:
        conn.close()


def test_setting_a_passcode_leaves_no_plain_copy_of_the_data(data_dir: Path) -> None:
    service, paths, counts = _profile_with_data(data_dir)
    assert KNOWN.encode() in _folder_bytes(paths.profile_dir)  # the fixture really holds the text

    service.set_passcode("secret", "blue heron 7")

    assert KNOWN.encode() not in _folder_bytes(paths.profile_dir)
    leftovers = sorted(p.name for p in paths.profile_dir.iterdir() if p.name.startswith("coach.db"))
    assert leftovers == ["coach.db"]  # no old file, WAL, SHM or half-converted copy
    for path in [paths.database, *list_backups(paths.backups_dir)]:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            _plain_read(path)
    service.check_passcode("secret", "blue heron 7")
    with Store.open(paths) as store:
        assert store.counts() == counts


def test_a_protected_profiles_wal_and_new_backups_are_encrypted_too(data_dir: Path) -> None:
    service, paths, _ = _profile_with_data(data_dir)
    service.set_passcode("secret", "blue heron 7")
    service.check_passcode("secret", "blue heron 7")
    with Store.open(paths) as store:
        store.conn.execute("update profile set nickname = 'Zebulon-Quartz' where id = 1")
        store.conn.commit()
        wal = paths.database.with_name("coach.db-wal")
        assert wal.exists() and wal.stat().st_size > 0
        assert b"Zebulon-Quartz" not in wal.read_bytes()
        daily = daily_backup(store.db, paths.backups_dir, today="2026-11-30")
        manual = backup_database(store.db, paths.backups_dir)
    assert daily is not None
    for copy in (daily, manual):
        assert is_encrypted(copy)
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            _plain_read(copy)
    assert b"Zebulon-Quartz" not in _folder_bytes(paths.profile_dir)


def test_set_change_remove_round_trip_keeps_every_row(data_dir: Path) -> None:
    service, paths, counts = _profile_with_data(data_dir)
    service.set_passcode("secret", "first-code")
    service.set_passcode("secret", "it's 'quoted'", current="first-code")
    with pytest.raises(PasscodeError):
        service.check_passcode("secret", "first-code")
    service.check_passcode("secret", "it's 'quoted'")
    with Store.open(paths) as store:
        assert store.counts() == counts
    for backup in list_backups(paths.backups_dir):  # the backups follow the new passcode
        assert is_encrypted(backup)
    service.set_passcode("secret", None, current="it's 'quoted'")
    assert not is_encrypted(paths.database)
    assert not service.get("secret").has_passcode
    _plain_read(paths.database)
    for backup in list_backups(paths.backups_dir):
        _plain_read(backup)
    with Store.open(paths) as store:
        assert store.counts() == counts


def test_moving_the_profile_list_aside_does_not_remove_the_protection(data_dir: Path) -> None:
    service, paths, _ = _profile_with_data(data_dir)
    service.set_passcode("secret", "blue heron 7")
    before = paths.database.read_bytes()
    (data_dir / "profiles.json").rename(data_dir / "profiles.json.aside")
    forget_key(paths.database)
    assert ProfileService(data_dir).get("secret").has_passcode
    with pytest.raises(ProtectedProfileError, match="protected by a passcode"):
        Store.open(paths)
    assert paths.database.read_bytes() == before  # never treated as a fresh profile, never overwritten
    ProfileService(data_dir).check_passcode("secret", "blue heron 7")
    with Store.open(paths) as store:
        assert store.profile().nickname == "Secret"


def test_restore_into_a_protected_profile_needs_it_unlocked_and_ends_encrypted(
    data_dir: Path, tmp_path: Path
) -> None:
    service, paths, counts = _profile_with_data(data_dir)
    plain_copy = tmp_path / "plain-backup.db"
    with Store.open(paths) as store:
        backup_database(store.db, paths.backups_dir, out=plain_copy, data_dir=data_dir)
    service.set_passcode("secret", "blue heron 7")
    forget_key(paths.database)
    with pytest.raises(Exception, match="protected by a passcode"):
        restore_database(plain_copy, paths.database, paths.backups_dir)
    service.check_passcode("secret", "blue heron 7")
    restore_database(plain_copy, paths.database, paths.backups_dir)
    assert is_encrypted(paths.database)
    assert KNOWN.encode() not in _folder_bytes(paths.profile_dir)
    with Store.open(paths) as store:
        assert store.counts() == counts


def test_the_apps_backup_check_reads_encrypted_backups_of_the_unlocked_profile(data_dir: Path) -> None:
    from coach.services.data.restore import check_backup

    forget_all()  # only this test's profile is unlocked, as in the app
    service, paths, _ = _profile_with_data(data_dir)
    service.set_passcode("secret", "blue heron 7")
    backup = list_backups(paths.backups_dir)[0]
    with pytest.raises(Exception, match="encrypted"):
        check_backup(backup)  # locked: nothing can read it
    service.check_passcode("secret", "blue heron 7")
    check_backup(backup)  # the Settings dialog's check before a restore
