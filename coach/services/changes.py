"""Change broadcast: after a write commits, its use case publishes one `Changes` saying *what* changed and
where from; views decide whether to refresh (Anki's `OpChanges` idea, without a global).

A listener that raises is logged and skipped: a failing view never fails the write that already committed,
nor stops the listeners after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)


class Topic(StrEnum):
    """What a write touched. `ALL` (restore, import, demo data) means anything may have changed."""

    PROFILE = "profile"
    SETTINGS = "settings"
    EXERCISES = "exercises"
    SESSIONS = "sessions"
    CHECKINS = "checkins"
    MEDICATIONS = "medications"
    TAPER = "taper"
    WITHDRAWAL = "withdrawal"
    REMINDERS = "reminders"
    PROGRAMS = "programs"
    JOURNAL = "journal"
    LESSONS = "lessons"
    CASELOAD = "caseload"  # a coach's imported patients, reviews and names
    ALL = "all"


@dataclass(frozen=True)
class Changes:
    """One committed write: the topics it touched and, optionally, what made it (a view may skip its own
    echo). `touches(...)` is true for any of the given topics, and always for `Topic.ALL`."""

    topics: frozenset[Topic]
    origin: object | None = None

    def touches(self, *topics: Topic | Iterable[Topic]) -> bool:
        wanted: set[Topic] = set()
        for item in topics:
            if isinstance(item, Topic):
                wanted.add(item)
            else:
                wanted.update(item)
        return Topic.ALL in self.topics or bool(self.topics & wanted)


Listener = Callable[[Changes], None]


class ChangeBus:
    """A synchronous observer list, one per open profile (held by `AppContext`). The Qt layer follows it
    with `coach.ui.changes.follow_changes`; tests use it directly."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changes)` after every publish; returns the function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, *topics: Topic, origin: object | None = None) -> Changes:
        """Announce one committed write touching `topics`. Every listener runs, in subscription order; one
        that raises is logged with the change and never reaches the caller. Returns the `Changes` sent."""
        if not topics:
            raise ValueError("publish needs at least one topic")
        changes = Changes(frozenset(topics), origin)
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:
                log.exception(
                    "a view failed to follow %s; the change itself is saved", sorted(changes.topics)
                )
        return changes
