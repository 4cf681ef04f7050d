"""The open profile: its database connection, profile row and settings. One per running app."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from coach.domain.settings import Setting, setting_named
from coach.storage.database import OpenResult, open_database, utc_now_iso, wrap
from coach.storage.paths import ProfilePaths
from coach.storage.schema import USER_TABLES
from coach.storage.settings_repo import SettingsRepo

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")


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
        self.settings = SettingsRepo(self.conn)
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

    def catch_up_after_restore(self) -> None:
        """After a restore replaced the file's contents under this open connection: bring an older
        backup's schema up to date (the restored file itself is the copy kept from before)."""
        from coach.storage.database import applied_migrations
        from coach.storage.schema import build_migrations, known_migration_names

        applied = applied_migrations(self.conn)
        if any(name not in applied for name in known_migration_names()):
            build_migrations().apply(self.db)
        self._ensure_profile_row()

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
            raise ValueError(f"unknown profile fields: {', '.join(sorted(unknown))}")
        if fields:
            values = {k: int(v) if isinstance(v, bool) else v for k, v in fields.items()}
            self.db.table("profile").update(1, values)
        return self.profile()

    # --- settings --------------------------------------------------------------------------------
    # Typed keys (`store.setting(THEME)` is a str to mypy); a stored key string still works for the CLI,
    # tools and tests, and is checked against the registry (SettingError for an unknown one).
    @overload
    def setting(self, key: Setting[T]) -> T: ...
    @overload
    def setting(self, key: str) -> Any: ...
    def setting(self, key: Setting[Any] | str) -> Any:
        """The current value of a setting (its default if unset or no longer valid)."""
        return self.settings.get(_resolve(key))

    @overload
    def set_setting(self, key: Setting[T], value: object) -> T: ...
    @overload
    def set_setting(self, key: str, value: object) -> Any: ...
    def set_setting(self, key: Setting[Any] | str, value: object) -> Any:
        """Validate and store a setting; returns the stored value. Raises SettingError (a ValueError).

        Storage only: the app changes settings through coach.services.profiles.preferences, which also
        tells the views."""
        return self.settings.set(_resolve(key), value)

    def all_settings(self) -> dict[str, Any]:
        """Every setting's current value by key."""
        return self.settings.all()

    # --- content checks ------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in USER_TABLES}

    def holds_user_data(self) -> bool:
        """True once the person has recorded anything (the profile row and settings do not count)."""
        return any(n for t, n in self.counts().items() if t not in ("profile", "settings"))


def _resolve(key: Setting[Any] | str) -> Setting[Any]:
    return setting_named(key) if isinstance(key, str) else key
