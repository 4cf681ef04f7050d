"""The reminder history in plain words: every firing of a reminder and each step of it (shown, snoozed,
shown again, started, closed, skipped, missed) in the person's local time, for the Reminders page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from coach.domain.reminder_planning import snooze_minutes
from coach.domain.reminders import SNOOZE_MINUTES
from coach.domain.timefmt import from_db
from coach.domain.wording import clock_text, count, day_text
from coach.storage.reminders_repo import DeliveryRecord

# The action logged when a person closes a shown reminder without starting, snoozing or skipping it.
CLOSED = "closed"


@dataclass(frozen=True)
class HistoryEntry:
    """One firing of a reminder in the history, in plain words: when it was due (local, "Mon 23 Nov 2026
    21:00" in the system's format, or "today 21:00"), which reminder, what became of it in the end, and
    every step on the way, oldest first, each as (local time, words): [(21:00, "Shown"), (21:00, "Snoozed 5
    minutes"), (21:05, "Shown again"), (21:06, "Started")]."""

    due: datetime
    when: str
    what: str
    outcome: str
    steps: tuple[tuple[datetime, str], ...] = ()

    def step_lines(self) -> list[str]:
        """The steps as lines for a person: "21:05 Shown again"; a step on another day than the reminder
        was due also names that day."""
        due_day = self.due.date()
        lines = []
        for moment, words in self.steps:
            day = "" if moment.date() == due_day else f"{day_text(moment.date())} "
            lines.append(f"{day}{clock_text(moment)} {words}")
        return lines


def _outcome(status: str, action: str | None) -> str:
    minutes = snooze_minutes(action)
    if status == "acted":
        return "Started" if action == "start" else "Opened"
    if status == "snoozed":
        if minutes in SNOOZE_MINUTES:
            return f"Snoozed {count(minutes, 'minute')}"
        return "Held until quiet hours ended"
    if status == "skipped":
        return "Not needed: already done that day" if action == "already done" else "Skipped for today"
    if status == "missed":
        return "Missed (the app was closed or the computer was asleep)"
    if status == "shown":
        return "Closed without starting" if action == CLOSED else "Shown"
    return "Waiting"


def _steps(delivery: DeliveryRecord, zone: tzinfo) -> tuple[tuple[datetime, str], ...]:
    """What happened to one delivery, oldest first, in words (rows from before the log: their last state)."""
    events = delivery.events or (
        (delivery.acted_at or delivery.shown_at or delivery.due_at, delivery.status, delivery.action),
    )
    steps: list[tuple[datetime, str]] = []
    shown_before = False
    for at, status, action in events:
        words = _outcome(status, action)
        if status == "shown" and action != CLOSED:
            words = "Shown again" if shown_before else "Shown"
            shown_before = True
        try:
            moment = from_db(at).astimezone(zone)
        except ValueError:
            continue  # a hand-edited time: the other steps still tell the story
        steps.append((moment, words))
    return tuple(steps)


def history_entries(
    deliveries: Iterable[DeliveryRecord], labels: dict[int, str], zone: tzinfo, today: date
) -> list[HistoryEntry]:
    """One HistoryEntry per delivery (in the order given), named from `labels` (rule id -> label; a rule
    no longer there is "A removed reminder"), in the time zone `zone`, days said relative to `today`."""
    out = []
    for d in deliveries:
        local = from_db(d.due_at).astimezone(zone)
        out.append(
            HistoryEntry(
                due=local,
                when=f"{day_text(local.date(), today)} {clock_text(local)}",
                what=labels.get(d.rule_id, "A removed reminder"),
                outcome=_outcome(d.status, d.action),
                steps=_steps(d, zone),
            )
        )
    return out
