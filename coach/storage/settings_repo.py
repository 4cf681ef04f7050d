"""Settings rows: the `settings` table (key -> JSON text) read and written over plain sqlite3.

Plain sqlite3, not sqlite-utils, because the theme and text size are read before the first window and
sqlite-utils (with numpy behind it) is loaded only after it is up (tests/gui/test_startup.py).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, TypeVar

from coach.domain.settings import SETTINGS, Setting

T = TypeVar("T")


class SettingsRepo:
    """Typed access to the settings rows of one open profile (`Store.settings`).

    It takes the connection rather than the `Store` because the store builds it while opening. A stored
    value that no longer validates (written by an older version, or by hand) reads as the default, so a
    bad row can never keep the app from starting.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self, setting: Setting[T]) -> T:
        """The stored value of `setting`, or its default when there is no row or the row is not valid."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", [setting.key]).fetchone()
        return _decode(setting, None if row is None else str(row[0]))

    def all(self) -> dict[str, Any]:
        """Every declared setting's current value by key, in one query (rows for unknown keys are skipped)."""
        stored = {
            str(key): str(value) for key, value in self._conn.execute("SELECT key, value FROM settings")
        }
        return {key: _decode(setting, stored.get(key)) for key, setting in SETTINGS.items()}

    def set(self, setting: Setting[T], value: object) -> T:
        """Validate `value` (raises SettingError, writing nothing), store it and return the stored value.

        Inside the caller's transaction (`store.transaction()`) the write becomes part of it; otherwise it
        is committed at once, as sqlite-utils' `execute` does.
        """
        valid = setting.validate(value)
        params = [setting.key, json.dumps(valid)]
        sql = "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        if self._conn.in_transaction:
            self._conn.execute(sql, params)
        else:
            with self._conn:  # commits, or rolls back if the statement fails
                self._conn.execute(sql, params)
        return valid


def _decode(setting: Setting[T], text: str | None) -> T:
    if text is None:
        return setting.default
    try:
        return setting.validate(json.loads(text))
    except ValueError:  # also json.JSONDecodeError and SettingError
        return setting.default
