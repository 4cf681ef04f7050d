"""Migration 6: every reminder keeps what happened to it, in order (shown, snoozed, shown again, started).

Before it a reminder's one delivery row held only its latest state, so "Started" overwrote "Snoozed 5
minutes" for the same firing (issue 13). `events` is that row's log: a JSON list of [time (UTC, ISO-8601),
status, action or null], appended by every change of the row and never rewritten. Older rows keep '[]' and
are read from their columns as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m006_reminder_history(db: Database) -> None:
    """Add reminder_deliveries.events: the row's log, a JSON list (see the module docstring)."""
    db.execute("ALTER TABLE reminder_deliveries ADD COLUMN events TEXT NOT NULL DEFAULT '[]'")
