"""The open profile: its database connection, profile row and settings. One per running app."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.domain.settings import SETTINGS
from coach.storage.database import OpenResult, open_database, utc_now_iso, wrap
from coach.storage.paths import ProfilePaths
from coach.storage.schema import USER_TABLES

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Profile:
    nickname: str
    kind: str
    country: str
    takes_opioids: bool
    onboarded: bool
    is_demo: bool
    created_at: str


class Store:
    """A profile's database plus typed access to the profile row and settings.

    Feature repositories (sessions, taper, reminders...) take `store.db`; all writes happen on the thread
    that opened the store (the GUI thread in the app), which is why jobs only emit signals.

    `store.conn` is the same connection without sqlite-utils: what the first window reads (profile,
    settings, Today) goes through it, so sqlite-utils is imported only when a page first needs `store.db`.
    """

    def __init__(self, paths: ProfilePaths, opened: OpenResult) -> None:
        self.paths = paths
        self.conn: sqlite3.Connection = opened.conn
        self._db: Database | None = opened.db
        self.migrated_from = opened.migrated_from
        self.migration_backup = opened.backup
        self._ensure_profile_row()

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    @classmethod
    def open(cls, paths: ProfilePaths) -> Store:
        return cls(paths, open_database(paths.database, paths.backups_dir))

    @classmethod
    def open_path(cls, database: Path) -> Store:
        """Open a database file directly (tests, tools); backups go beside it."""
        paths = ProfilePaths(database.parent.parent.parent, database.parent.name)
        return cls(paths, open_database(database, database.parent / "backups"))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        with self.db.atomic() as db:
            yield db

    # --- profile ---------------------------------------------------------------------------------
    def _ensure_profile_row(self) -> None:
        with self.conn:  # commits
            self.conn.execute("INSERT OR IGNORE INTO profile (id, created_at) VALUES (1, ?)", [utc_now_iso()])

    def profile(self) -> Profile:
        cursor = self.conn.execute("select * from profile where id = 1")
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
        return Profile(
            nickname=row["nickname"],
            kind=row["kind"],
            country=row["country"],
            takes_opioids=bool(row["takes_opioids"]),
            onboarded=bool(row["onboarded"]),
            is_demo=bool(row["is_demo"]),
            created_at=row["created_at"],
        )

    def update_profile(self, **fields: Any) -> Profile:
        allowed = {"nickname", "kind", "country", "takes_opioids", "onboarded", "is_demo"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown profile field(s): {', '.join(sorted(unknown))}")
        if fields:
            values = {k: int(v) if isinstance(v, bool) else v for k, v in fields.items()}
            self.db.table("profile").update(1, values)
        return self.profile()

    # --- settings --------------------------------------------------------------------------------
    def setting(self, key: str) -> Any:
        spec = SETTINGS[key]
        row = self.conn.execute("select value from settings where key = ?", [key]).fetchone()
        if row is None:
            return spec.default
        try:
            return spec.validate(json.loads(row[0]))
        except ValueError:
            # A value from an older version that no longer validates falls back to the default.
            return spec.default

    def set_setting(self, key: str, value: Any) -> Any:
        if key not in SETTINGS:
            raise ValueError(f"unknown setting {key!r}")
        value = SETTINGS[key].validate(value)
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
        return value

    def all_settings(self) -> dict[str, Any]:
        return {key: self.setting(key) for key in SETTINGS}

    # --- content checks ------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in USER_TABLES}

    def holds_user_data(self) -> bool:
        """True once the person has recorded anything (the profile row and settings do not count)."""
        return any(n for t, n in self.counts().items() if t not in ("profile", "settings"))
