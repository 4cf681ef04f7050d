"""Noticing writes made outside the running app (a `coach dose log` or check-in from a terminal or a
script) and telling the views, so what the window shows never lags behind the file."""

from __future__ import annotations

from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.database import data_version

POLL_INTERVAL_MS = 2000  # how often the app asks; the question costs microseconds


class OutsideWrites:
    """Call `check()` now and then (the app does, on a timer): when another process committed since the
    last call, it publishes `Topic.ALL` once (any table may have changed) and returns True."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._seen = data_version(ctx.store.conn)

    def check(self) -> bool:
        """Publish `Topic.ALL` if another connection wrote since the last check; True when it did."""
        now = data_version(self.ctx.store.conn)
        if now == self._seen:
            return False
        self._seen = now
        self.ctx.bus.publish(Topic.ALL, origin=self)
        return True
