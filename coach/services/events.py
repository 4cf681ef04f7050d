"""Change notifications: after a write, a service says *what* changed; views decide whether to refresh."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Topic(StrEnum):
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
    ALL = "all"  # restore, import, demo data: everything may have changed


Listener = Callable[[Topic], None]


class ChangeBus:
    """A synchronous observer list. The Qt layer bridges it to signals; tests use it directly."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, topic: Topic) -> None:
        for listener in list(self._listeners):
            listener(topic)
