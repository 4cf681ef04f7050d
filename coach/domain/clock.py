"""Time as a port: the core asks a Clock for "now" so tests can fix it and DST cases can be replayed."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in UTC."""
        ...

    def local_zone(self) -> tzinfo:
        """The user's current time zone (it may change while the app runs)."""
        ...


def system_zone() -> tzinfo:
    """The machine's zone, honouring TZ; re-read on each call so a zone change is picked up."""
    import os
    import time

    name = os.environ.get("TZ")
    if name:
        try:
            return ZoneInfo(name.lstrip(":"))
        except (KeyError, ValueError, OSError):
            pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
    except (KeyError, ValueError, OSError):
        pass
    time.tzset()
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_zone(self) -> tzinfo:
        return system_zone()


class FixedClock:
    """A clock for tests: set or advance it by hand."""

    def __init__(self, now: datetime, zone: tzinfo | str = "UTC") -> None:
        self._now = now.astimezone(UTC)
        self._zone = ZoneInfo(zone) if isinstance(zone, str) else zone

    def now(self) -> datetime:
        return self._now

    def local_zone(self) -> tzinfo:
        return self._zone

    def set(self, now: datetime) -> None:
        self._now = now.astimezone(UTC)

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self._now = self._now + timedelta(**kwargs)

    def set_zone(self, zone: tzinfo | str) -> None:
        self._zone = ZoneInfo(zone) if isinstance(zone, str) else zone
