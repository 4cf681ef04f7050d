"""Backups with SQLite's online backup API: daily automatic copies (last 14 kept), manual backup, and a
strict restore that accepts only an intact database whose schema is exactly one this app made.

A protected profile's backups are encrypted with its passcode like the profile itself; restoring into a
protected profile needs it unlocked, and the restored data ends up encrypted whatever the backup was."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from coach.storage.cipher import (
    connect_keyed,
    copy_encrypted,
    is_encrypted,
    key_for,
    key_of_connection,
    unlocked_keys,
)
from coach.storage.database import (
    StorageError,
    check_not_too_new,
    connect,
    connect_sqlite,
    read_only_uri,
    wrap,
)
from coach.storage.outputs import guarded_file
from coach.storage.paths import ensure_private_dir
from coach.storage.schema import MIGRATION_SET, MIGRATIONS

KEEP_DAILY = 14
_DAILY_PREFIX = "daily-"
# sqlite-utils' own bookkeeping table: its CREATE text differs between sqlite-utils versions, so only its
# columns are compared.
_MIGRATIONS_TABLE = "_sqlite_migrations"


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    """Copy `source` consistently into the (new or empty) file `target`, in rollback-journal mode so the
    copy is one self-contained file. The copy of a protected profile is encrypted with the same passcode."""
    if key_of_connection(source) is not None:
        # VACUUM INTO writes the copy with the profile's own cipher key already derived (~20 ms), where a
        # new keyed connection would derive it again (~0.1-0.25 s on the GUI thread), in one read
        # transaction (consistent), in rollback-journal mode.
        source.execute("VACUUM INTO ?", [str(target)])
        return
    conn = sqlite3.connect(str(target))
    try:
        source.backup(conn)
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _copy_online(source: sqlite3.Connection, target_path: Path) -> None:
    tmp = target_path.with_name(target_path.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        _copy_into(source, tmp)
        # The rename makes a half-written backup impossible to mistake for a good one.
        os.replace(tmp, target_path)
    finally:
        if tmp.exists():
            tmp.unlink()


def backup_database(
    db: Database,
    backups_dir: Path,
    reason: str = "manual",
    out: Path | None = None,
    data_dir: Path | None = None,
) -> Path:
    """Copy the live database consistently (other writers may be active) and return the copy's path.

    Without `out` the copy goes to `backups_dir` as `<reason>-<UTC stamp>.db`. With `out` the path goes
    through the output guard (coach.storage.outputs): refused with OutputError inside `data_dir` (default:
    the profile folder above `backups_dir`), onto a device, folder or into a missing folder.
    """
    if out is None:
        ensure_private_dir(backups_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        out = backups_dir / f"{reason}-{stamp}.db"
        _copy_online(db.conn, out)
        return out
    with guarded_file(out, data_dir if data_dir is not None else backups_dir.parent) as tmp:
        _copy_into(db.conn, tmp)
    return Path(os.path.abspath(out))


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


# --- the schema check -------------------------------------------------------------------------------
SchemaObject = tuple[str, str, str, str]  # (type, name, table, normalised SQL)


def schema_objects(conn: sqlite3.Connection) -> set[SchemaObject]:
    """Every table, index, trigger and view of `conn` that a person or another program could have added;
    SQLite's own objects (sqlite_sequence, automatic indexes, statistics) are left out."""
    rows = conn.execute("select type, name, tbl_name, coalesce(sql, '') from sqlite_master").fetchall()
    objects: set[SchemaObject] = set()
    for kind, name, table, sql in rows:
        if kind in ("table", "index") and str(name).startswith("sqlite_"):
            continue
        text = " ".join(str(sql).split())
        if name == _MIGRATIONS_TABLE and kind == "table":
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{_MIGRATIONS_TABLE}")')]
            text = "columns: " + ", ".join(columns)
        objects.add((str(kind), str(name), str(table), text))
    return objects


def expected_schema(version: int) -> set[SchemaObject]:
    """The schema objects this app creates for schema `version` (its first `version` migrations), built
    in a fresh in-memory database."""
    from sqlite_utils.migrations import Migrations

    conn = sqlite3.connect(":memory:")
    try:
        migrations = Migrations(MIGRATION_SET)
        for step in MIGRATIONS[:version]:
            migrations()(step)
        migrations.apply(wrap(conn))
        return schema_objects(conn)
    finally:
        conn.close()


def _check_schema(conn: sqlite3.Connection, applied: list[str], path: Path) -> None:
    known = [step.__name__ for step in MIGRATIONS]
    if applied != known[: len(applied)]:
        raise StorageError(f"{path.name} records schema changes this app never made; it was not restored")
    found = schema_objects(conn)
    wanted = expected_schema(len(applied))
    extra = sorted(found - wanted)
    missing = sorted(wanted - found)
    if extra or missing:
        kind, name = (extra[0][0], extra[0][1]) if extra else (missing[0][0], missing[0][1])
        what = "has an unexpected" if extra else "lacks or has a changed"
        raise StorageError(
            f"{path.name} {what} {kind} {name!r}: it is not a backup this app made, so it was not restored"
        )


def _open_encrypted_backup(path: Path, keys: list[str]) -> sqlite3.Connection:
    for key in keys:
        try:
            conn: sqlite3.Connection = connect_keyed(read_only_uri(path), key, uri=True)
        except StorageError:
            continue
        return conn
    if not keys:
        raise StorageError(f"{path} is encrypted or not a SQLite database")
    raise StorageError(
        f"{path.name} is not a SQLite database this profile can read: not a backup of it, or one made "
        "with another passcode"
    )


def validate_backup_file(path: Path, key: str | None = None) -> None:
    """Refuse anything that is not an intact database of this app (or of an older version) with exactly
    the schema the app made for its version. Raises StorageError (or SchemaTooNewError) saying why.

    An encrypted file is read with `key` (the passcode of the profile it is restored into)."""
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    encrypted = is_encrypted(path)
    # Read-only: checking a file must never change it (not even its journal mode).
    if encrypted:
        conn = _open_encrypted_backup(path, [key] if key is not None else unlocked_keys())
    else:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{path} is damaged or not a database ({exc})") from exc
        if result != "ok":
            raise StorageError(f"{path} is damaged ({result})")
        if _MIGRATIONS_TABLE not in tables or "profile" not in tables:
            raise StorageError(f"{path} is not a Pain Recovery Coach database")
        applied = check_not_too_new(conn, path)
        _check_schema(conn, applied, path)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise StorageError(
                f"{path.name} has a row in {broken[0]} that points to a missing {broken[2]} row; "
                "it was not restored"
            )
    finally:
        conn.close()


def restore_database(source: Path, live_path: Path, backups_dir: Path) -> Path:
    """Replace the live database's contents with `source`; the current data is kept aside first and the
    kept copy's path returned. Raises StorageError, changing nothing, when `source` is refused.

    The copy goes through SQLite's backup API into the live file, as one write transaction: a crash leaves
    either the old or the new data, never a mix, and the file keeps its name, permissions and WAL, so no
    other connection is left writing to a replaced file. The caller holds the profile lock (no app open).
    """
    if source.exists() and live_path.exists() and os.path.samefile(source, live_path):
        raise StorageError(
            f"{source} is this profile's own database, not a backup of it; nothing was changed"
        )
    key = key_for(live_path)
    if key is None and live_path.exists() and is_encrypted(live_path):
        raise StorageError("this profile is protected by a passcode: unlock it before restoring")
    validate_backup_file(source, key)
    ensure_private_dir(backups_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = backups_dir / f"before-restore-{stamp}.db"
    live = connect(live_path, key) if live_path.exists() and live_path.stat().st_size else None
    try:
        if live is not None:
            _copy_online(live.conn, kept)
    finally:
        if live is not None:
            live.close()
    staged: Path | None = None
    if key is not None and not is_encrypted(source):
        # SQLCipher cannot copy a plain file into an encrypted one page by page: encrypt a staged copy
        # first, so the restored data ends up encrypted and no plain copy stays behind.
        staged = backups_dir / f"restoring-{stamp}.db"
        copy_encrypted(source, staged, key)
        source = staged
    src = (
        sqlite3.connect(read_only_uri(source), uri=True)
        if key is None
        else connect_keyed(read_only_uri(source), key, uri=True)
    )
    dest = connect_sqlite(live_path, key)
    try:
        src.backup(dest)
    except sqlite3.Error as exc:
        raise StorageError(f"{source.name} could not be restored, nothing was changed ({exc})") from exc
    finally:
        dest.close()
        src.close()
        if staged is not None:
            staged.unlink(missing_ok=True)
    os.chmod(live_path, 0o600)
    return kept


def describe_backup(path: Path) -> str:
    size_kb = path.stat().st_size / 1024
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return f"{path.name} ({size_kb:.0f} KB, {when})"
