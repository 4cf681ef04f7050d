"""Reminder rules and deliveries in SQLite (reminder_rules, reminder_deliveries), plus the read-only
queries reminders derive from: taper steps, the active program, practice and check-ins done.

reminder_deliveries has UNIQUE(rule_id, due_at): one row per reminder identity, whatever restarts or
catch-ups happen. `record` writes through that constraint and reports whether it won, so a caller can
show a reminder only when its row was just claimed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from coach.storage.sessions_repo import done_clause

# A delivery in one of these states will not fire again on its own ('snoozed' fires from its snooze).
HANDLED_STATUSES: tuple[str, ...] = ("shown", "acted", "snoozed", "skipped", "missed")
RULE_FIELDS: tuple[str, ...] = (
    "kind",
    "label",
    "at_time",
    "weekdays",
    "paused",
    "skip_if_done",
    "heads_up_minutes",
    "exercise_id",
    "payload",
    "through_quiet",
)


@dataclass(frozen=True)
class RuleRecord:
    id: int
    kind: str
    label: str
    at_time: str
    weekdays: str
    paused: bool
    skip_if_done: bool
    heads_up_minutes: int
    exercise_id: str | None
    payload: dict[str, Any]
    created_at: str
    through_quiet: bool = False  # fires at its time even inside quiet hours

    @property
    def source(self) -> str:
        """The derived rule's origin ('peg', 'withdrawal', 'taper_step', 'program'); '' for own rules."""
        return str(self.payload.get("source", ""))


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    rule_id: int
    due_at: str
    status: str
    shown_at: str | None
    acted_at: str | None
    action: str | None
    # What happened to it, oldest first: (time UTC text, status, action or None); () for rows from before
    # the log was kept (migration 6).
    events: tuple[tuple[str, str, str | None], ...] = ()


def _rule(row: dict[str, Any]) -> RuleRecord:
    try:
        payload = json.loads(row["payload"] or "{}")
    except ValueError:
        payload = {}
    return RuleRecord(
        id=int(row["id"]),
        kind=str(row["kind"]),
        label=str(row["label"]),
        at_time=str(row["at_time"]),
        weekdays=str(row["weekdays"]),
        paused=bool(row["paused"]),
        skip_if_done=bool(row["skip_if_done"]),
        heads_up_minutes=int(row["heads_up_minutes"]),
        exercise_id=row["exercise_id"],
        payload=payload if isinstance(payload, dict) else {},
        created_at=str(row["created_at"]),
        through_quiet=bool(row.get("through_quiet", 0)),
    )


def _delivery(row: dict[str, Any]) -> DeliveryRecord:
    return DeliveryRecord(
        id=int(row["id"]),
        rule_id=int(row["rule_id"]),
        due_at=str(row["due_at"]),
        status=str(row["status"]),
        shown_at=row["shown_at"],
        acted_at=row["acted_at"],
        action=row["action"],
        events=_events(row.get("events")),
    )


def _events(text: object) -> tuple[tuple[str, str, str | None], ...]:
    """The `events` log as tuples; entries that cannot be read (edited by hand) are left out."""
    try:
        raw = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return ()
    out = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, list) and len(entry) == 3 and all(isinstance(v, str) for v in entry[:2]):
            action = entry[2] if isinstance(entry[2], str) else None
            out.append((entry[0], entry[1], action))
    return tuple(out)


# Appends the event parameter to a row's log: at most MAX_EVENTS entries (one a person's click or a firing),
# and a log edited into something else than a JSON list starts again rather than failing the delivery.
MAX_EVENTS = 100
_APPEND = (
    "CASE WHEN json_valid(reminder_deliveries.events) AND json_type(reminder_deliveries.events) = 'array' "
    f"THEN CASE WHEN json_array_length(reminder_deliveries.events) < {MAX_EVENTS} "
    "THEN json_insert(reminder_deliveries.events, '$[#]', json(?)) ELSE reminder_deliveries.events END "
    "ELSE json_array(json(?)) END"
)


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class RemindersRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- rules -------------------------------------------------------------------------------------
    def rules(self) -> list[RuleRecord]:
        return [_rule(r) for r in self.db.query("select * from reminder_rules order by at_time, id")]

    def rule(self, rule_id: int) -> RuleRecord | None:
        rows = list(self.db.query("select * from reminder_rules where id = ?", [rule_id]))
        return _rule(rows[0]) if rows else None

    def add_rule(
        self,
        *,
        at_time: str,
        weekdays: str,
        created_at: str,
        kind: str = "practice",
        label: str = "",
        paused: bool = False,
        skip_if_done: bool = False,
        heads_up_minutes: int = 0,
        exercise_id: str | None = None,
        payload: dict[str, Any] | None = None,
        through_quiet: bool = False,
        above: int = 0,
    ) -> int:
        """Insert a rule and return its id: one more than both the highest id in the table and `above`
        (the highest id ever removed), so a removed reminder's number is never given again."""
        row = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM reminder_rules").fetchone()
        new_id = max(int(row[0]), int(above)) + 1
        cursor = self.db.execute(
            "INSERT INTO reminder_rules (id, kind, label, at_time, weekdays, paused, skip_if_done, "
            "heads_up_minutes, exercise_id, payload, created_at, through_quiet) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new_id,
                kind,
                label,
                at_time,
                weekdays,
                int(paused),
                int(skip_if_done),
                heads_up_minutes,
                exercise_id,
                json.dumps(payload or {}, sort_keys=True),
                created_at,
                int(through_quiet),
            ],
        )
        rowid = cursor.lastrowid
        assert rowid is not None
        return int(rowid)

    def update_rule(self, rule_id: int, **fields: Any) -> None:
        unknown = set(fields) - set(RULE_FIELDS)
        if unknown:
            raise ValueError(f"unknown reminder fields: {', '.join(sorted(unknown))}")
        if not fields:
            return
        values: list[Any] = []
        for key, value in fields.items():
            if key == "payload":
                value = json.dumps(value, sort_keys=True)
            elif isinstance(value, bool):
                value = int(value)
            values.append(value)
        # Column names come from RULE_FIELDS (checked above), never from the caller's text.
        assignments = ", ".join(f"{key} = ?" for key in fields)
        self.db.execute(f"UPDATE reminder_rules SET {assignments} WHERE id = ?", [*values, rule_id])

    def remove_rule(self, rule_id: int) -> bool:
        cursor = self.db.execute("DELETE FROM reminder_rules WHERE id = ?", [rule_id])
        return cursor.rowcount > 0

    # --- deliveries --------------------------------------------------------------------------------
    def deliveries(self, rule_id: int | None = None) -> list[DeliveryRecord]:
        if rule_id is None:
            rows = self.db.query("select * from reminder_deliveries order by due_at, rule_id")
        else:
            rows = self.db.query(
                "select * from reminder_deliveries where rule_id = ? order by due_at", [rule_id]
            )
        return [_delivery(r) for r in rows]

    def recent_deliveries(self, limit: int = 50) -> list[DeliveryRecord]:
        """The newest `limit` deliveries (any status), newest due time first: the reminder history."""
        rows = self.db.query(
            "select * from reminder_deliveries order by due_at desc, rule_id limit ?", [limit]
        )
        return [_delivery(r) for r in rows]

    def delivery(self, rule_id: int, due_at: str) -> DeliveryRecord | None:
        rows = list(
            self.db.query(
                "select * from reminder_deliveries where rule_id = ? and due_at = ?", [rule_id, due_at]
            )
        )
        return _delivery(rows[0]) if rows else None

    def handled_keys(self, since: str) -> set[tuple[int, str]]:
        """(rule_id, due_at) of every delivery due at or after `since` that will not fire again."""
        rows = self.db.execute(
            "select rule_id, due_at from reminder_deliveries "
            f"where due_at >= ? and status in ({_placeholders(HANDLED_STATUSES)})",
            [since, *HANDLED_STATUSES],
        ).fetchall()
        return {(int(r[0]), str(r[1])) for r in rows}

    def snoozed(self) -> list[DeliveryRecord]:
        return [
            _delivery(r) for r in self.db.query("select * from reminder_deliveries where status = 'snoozed'")
        ]

    def record(
        self,
        rule_id: int,
        due_at: str,
        status: str,
        *,
        shown_at: str | None = None,
        acted_at: str | None = None,
        action: str | None = None,
        replaces: Sequence[str] = ("due",),
    ) -> bool:
        """Insert the delivery, or move an existing row whose status is in `replaces`; either way append
        [time, status, action] to the row's `events` log (time: `acted_at`, else `shown_at`, else `due_at`,
        UTC text), so a later action never hides an earlier one.

        Returns False when a row exists in any other state: someone already handled this reminder.
        """
        event = json.dumps([acted_at or shown_at or due_at, status, action])
        cursor = self.db.execute(
            "INSERT INTO reminder_deliveries (rule_id, due_at, status, shown_at, acted_at, action, events) "
            "VALUES (?, ?, ?, ?, ?, ?, json_array(json(?))) ON CONFLICT (rule_id, due_at) DO UPDATE SET "
            "status = excluded.status, "
            "shown_at = coalesce(excluded.shown_at, reminder_deliveries.shown_at), "
            "acted_at = coalesce(excluded.acted_at, reminder_deliveries.acted_at), "
            "action = coalesce(excluded.action, reminder_deliveries.action), "
            f"events = {_APPEND} "
            f"WHERE reminder_deliveries.status IN ({_placeholders(replaces) or 'NULL'})",
            [rule_id, due_at, status, shown_at, acted_at, action, event, event, event, *replaces],
        )
        return cursor.rowcount > 0

    def add_event(self, rule_id: int, due_at: str, at: str, status: str, action: str) -> bool:
        """Append [at, status, action] to the log of a delivery whose status is `status` (e.g. a shown
        reminder closed without an answer), without changing its state; False when there is no such row."""
        event = json.dumps([at, status, action])
        cursor = self.db.execute(
            f"UPDATE reminder_deliveries SET events = {_APPEND} "
            "WHERE rule_id = ? AND due_at = ? AND status = ?",
            [event, event, rule_id, due_at, status],
        )
        return cursor.rowcount > 0

    # --- sources reminders are derived from (read-only) ------------------------------------------
    def active_taper_steps(self) -> list[str]:
        """Dates of the steps of every active taper plan (drafted steps too: they are what to discuss)."""
        rows = self.db.execute(
            "select s.date from taper_steps s join taper_plans p on p.id = s.plan_id "
            "where p.status = 'active' order by s.date"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def active_taper_pauses(self) -> list[tuple[str, str | None]]:
        rows = self.db.execute(
            "select t.start_date, t.end_date from taper_pauses t join taper_plans p on p.id = t.plan_id "
            "where p.status = 'active'"
        ).fetchall()
        return [(str(r[0]), r[1]) for r in rows]

    def active_assignment(self) -> tuple[str, str, str] | None:
        """(program id, started_on, definition JSON) of the active assignment, newest first."""
        row = self.db.execute(
            "select a.program_id, a.started_on, p.definition from assignments a "
            "join programs p on p.id = a.program_id where a.status = 'active' "
            "order by a.started_on desc, a.id desc limit 1"
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def completed_session_starts(self, since: str) -> list[str]:
        rows = self.db.execute(
            f"select started_at from sessions where {done_clause()} and started_at >= ?", [since]
        ).fetchall()
        return [str(r[0]) for r in rows]

    def checkin_times(self, kind: str, since: str) -> list[str]:
        if kind == "withdrawal":
            rows = self.db.execute("select at from withdrawal_checkins where at >= ?", [since]).fetchall()
        else:
            rows = self.db.execute(
                "select at from checkins where kind = ? and at >= ?", [kind, since]
            ).fetchall()
        return [str(r[0]) for r in rows]

    def data_version(self) -> int:
        """Changes when another connection (the command line, another window) commits to the file."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
