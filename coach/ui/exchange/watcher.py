"""Watches the exchange folder while the app runs: imports what arrives (coach), writes the patient's
progress file after a session or check-in and notices programs sent to them (patient).

A QFileSystemWatcher reacts within seconds of a file arriving (debounced: a sync app writes a temporary
file, renames it, touches the folder); a periodic scan catches what a watcher misses (network folders,
a folder created after start, a file that was still growing). The scanning itself is
coach.services.exchange.sync. Scans run on the GUI thread: they read a few small files and write the
profile's database, whose connection belongs to this thread.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from coach.domain.errors import CoachError
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import TO_COACH, TO_PATIENT, exchange_folder
from coach.services.exchange.outgoing import AutoWriter
from coach.services.exchange.sync import SyncReport, scan_incoming
from coach.services.profiles.identity import profile_uuid

SCAN_EVERY_MS = 60_000
SETTLE_MS = 2_500  # after the watcher fires, wait for a sync app to finish renaming and for mtimes to settle
_log = logging.getLogger(__name__)


def _is_dir(path: str) -> bool:
    """A watcher can follow only a folder that exists (it warns on one that does not exist yet)."""
    return Path(path).is_dir()


class ExchangeWatcher(QObject):
    """Owns the watcher, the periodic scan and (for a patient) the progress writer. `scanned` carries each
    scan's SyncReport; `problem` the last failure in one sentence ('' when all is well)."""

    scanned = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.problem = ""
        self.last_checked: datetime | None = None
        self.writer = AutoWriter(ctx)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SETTLE_MS)
        self.soon.timeout.connect(self.scan)
        self.fs = QFileSystemWatcher(self)
        self.fs.directoryChanged.connect(lambda _path: self.soon.start())
        self.every = QTimer(self)
        self.every.setInterval(SCAN_EVERY_MS)
        self.every.timeout.connect(self._tick)
        self.every.start()
        self._unsubscribe = ctx.bus.subscribe(self._on_change)
        self.destroyed.connect(lambda *_: self.close())
        self.rewatch()

    def close(self) -> None:
        self._unsubscribe()
        self.writer.close()

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(Topic.SETTINGS, Topic.PROFILE):
            self.rewatch()

    def watched_folder(self) -> str:
        """The inbox this profile reads: `to-coach` for a coach, `to-patient/<own id>` for a patient."""
        folder = exchange_folder(self.ctx)
        if folder is None:
            return ""
        if self.ctx.store.profile().kind == "coach":
            return str(folder / TO_COACH)
        return str(folder / TO_PATIENT / profile_uuid(self.ctx))

    def rewatch(self) -> None:
        """Follow the folder chosen now (the setting may have changed) and scan it once."""
        if self.fs.directories():
            self.fs.removePaths(self.fs.directories())
        inbox = self.watched_folder()
        if inbox:
            root = str(exchange_folder(self.ctx))
            self.fs.addPaths([p for p in (root, inbox) if _is_dir(p)])
            self.soon.start()

    def _tick(self) -> None:
        self.writer.tick()
        self.scan()

    def scan(self) -> SyncReport | None:
        """Scan the inbox now; returns the report (None without a folder or when it is unreachable)."""
        if exchange_folder(self.ctx) is None:
            return None
        try:
            report = scan_incoming(self.ctx)
        except CoachError as exc:
            self.problem = str(exc)
            self.scanned.emit(None)
            return None
        self.problem = self.writer.problem
        self.last_checked = self.ctx.clock.now()
        if self.watched_folder() not in self.fs.directories():
            self.rewatch_paths_only()
        self.scanned.emit(report)
        return report

    def rewatch_paths_only(self) -> None:
        inbox = self.watched_folder()
        if inbox and _is_dir(inbox):
            self.fs.addPath(inbox)
