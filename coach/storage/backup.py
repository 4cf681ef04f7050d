"""Backups with SQLite's online backup API: daily automatic copies (last 14 kept), manual backup, restore."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from coach.storage.database import StorageError, check_not_too_new, connect
from coach.storage.paths import ensure_private_dir

KEEP_DAILY = 14
_DAILY_PREFIX = "daily-"


def _copy_online(source: sqlite3.Connection, target_path: Path) -> None:
    tmp = target_path.with_name(target_path.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    # The rename makes a half-written backup impossible to mistake for a good one.
    os.replace(tmp, target_path)


def backup_database(db: Database, backups_dir: Path, reason: str = "manual", out: Path | None = None) -> Path:
    """Copy the live database consistently (other writers may be active) and return the copy's path."""
    if out is None:
        ensure_private_dir(backups_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        out = backups_dir / f"{reason}-{stamp}.db"
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
    _copy_online(db.conn, out)
    return out


def list_backups(backups_dir: Path) -> list[Path]:
    if not backups_dir.is_dir():
        return []
    return sorted(backups_dir.glob("*.db"), key=lambda p: p.stat().st_mtime)


def daily_backup(db: Database, backups_dir: Path, today: str | None = None) -> Path | None:
    """Make today's automatic backup unless it exists; keep the newest `KEEP_DAILY` daily copies."""
    day = today or datetime.now(UTC).strftime("%Y-%m-%d")
    ensure_private_dir(backups_dir)
    target = backups_dir / f"{_DAILY_PREFIX}{day}.db"
    made: Path | None = None
    if not target.exists():
        _copy_online(db.conn, target)
        made = target
    dailies = sorted(backups_dir.glob(f"{_DAILY_PREFIX}*.db"))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink()
    return made


def validate_backup_file(path: Path) -> None:
    """Refuse anything that is not an intact database of this app (or of an older version)."""
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StorageError(f"{path} is not a SQLite database")
    # Read-only: checking a file must never change it (not even its journal mode).
    db = Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True), execute_plugins=False)
    try:
        try:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{path} is damaged or not a database ({exc})") from exc
        if result != "ok":
            raise StorageError(f"{path} is damaged ({result})")
        if not db["_sqlite_migrations"].exists() or not db["profile"].exists():
            raise StorageError(f"{path} is not a Pain Recovery Coach database")
        check_not_too_new(db.conn, path)
    finally:
        db.close()


def restore_database(source: Path, live_path: Path, backups_dir: Path) -> Path:
    """Replace the live database with `source`; the current file is kept aside and its path returned.

    The caller must have closed every connection to `live_path`.
    """
    validate_backup_file(source)
    ensure_private_dir(backups_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = backups_dir / f"before-restore-{stamp}.db"
    if live_path.exists():
        live = connect(live_path)
        try:
            _copy_online(live.conn, kept)
        finally:
            live.close()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _copy_online(src, live_path.with_name(live_path.name + ".restoring"))
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):
        side = live_path.with_name(live_path.name + suffix)
        if side.exists():
            side.unlink()
    os.replace(live_path.with_name(live_path.name + ".restoring"), live_path)
    os.chmod(live_path, 0o600)
    return kept


def describe_backup(path: Path) -> str:
    size_kb = path.stat().st_size / 1024
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return f"{path.name} ({size_kb:.0f} KB, {when})"
