"""Reminders while the app runs: QtScheduler jobs built from the rules, how a reminder is shown, the actions
(start now, snooze, skip today), and catch-up on wake.

Where a reminder shows: a desktop notification with buttons (org.freedesktop.Notifications, through a
`Notifier`) when the desktop has a notification service; else the tray balloon plus a small reminder window
that never steals focus (a balloon has no buttons); else that window alone. The window is
coach/ui/reminders/window.py, the scheduler adapter coach/ui/reminders/scheduler.py.

Threads: jobs run on APScheduler's DebugExecutor, i.e. on the GUI thread inside the scheduler's timer
slot, and all a job does is emit a signal through a bridge QObject with a queued connection; the slot
then talks to SQLite on the GUI thread, outside APScheduler's job loop (so rebuilding the jobs from
inside a fired job is safe). No thread is created here (QtScheduler waits on a QTimer and DebugExecutor
runs each job inline); work that must leave the GUI thread goes through coach/ui/tasks.py.

Sleep and clock changes: QTimer counts monotonic time, which stops while the machine sleeps. A 30-second
tick compares the wall clock with what the monotonic clock predicts; a jump of more than a minute
(sleep/wake, the clock set by hand), a new time zone, or a commit from another process (`coach
reminders add` while the app is open) triggers catch-up and a rebuild of every job.
"""

from __future__ import annotations

import logging
import sqlite3
import time as monotonic_time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from coach.domain.errors import CoachError
from coach.domain.reminder_messages import Notification
from coach.domain.reminders import ON_TIME
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.reminders.delivery import ReminderDelivery
from coach.services.reminders.notifier import (
    NOTIFICATION_SNOOZE_MINUTES,
    OPEN,
    SKIP,
    SNOOZE,
    START,
    Notifier,
    reminder_actions,
)
from coach.services.reminders.service import PlannedFire
from coach.ui.reminders.scheduler import PreciseQtScheduler
from coach.ui.reminders.window import ReminderWindow

log = logging.getLogger(__name__)

WAKE_CHECK_MS = 30_000
CLOCK_JUMP = timedelta(seconds=60)
TRAY_MESSAGE_MS = 15_000
RESCHEDULE_TOPICS = frozenset({Topic.REMINDERS, Topic.PROGRAMS, Topic.TAPER, Topic.SETTINGS, Topic.ALL})


class _Bridge(QObject):
    fire = Signal(object)


def _emit(bridge: _Bridge, fire: PlannedFire) -> None:
    """The scheduler job: only a signal, never the database (see the module docstring)."""
    bridge.fire.emit(fire)


def _zone_key(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


class ReminderController(QObject):
    """Keeps one scheduler job per next fire; the lead's app builds it with the tray and an opener."""

    notified = Signal(object)  # a Notification just shown (tray and/or window)

    def __init__(
        self,
        ctx: AppContext,
        tray: QSystemTrayIcon | None,
        open_exercise: Callable[[str | None], None],
        open_page: Callable[[str], None] | None = None,
        parent: QObject | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tray = tray
        self.notifier = notifier
        self.service = ReminderDelivery(ctx)
        self._open_exercise = open_exercise
        self._open_page = open_page
        self.scheduler: PreciseQtScheduler | None = None
        self.current: Notification | None = None
        self.planned: list[PlannedFire] = []
        self.lateness: list[float] = []  # seconds from each fire time to the notice being shown
        self.window: ReminderWindow | None = None
        self._bridge = _Bridge(self)
        self._bridge.fire.connect(self._on_fire, Qt.ConnectionType.QueuedConnection)
        self._tick = QTimer(self)
        self._tick.setInterval(WAKE_CHECK_MS)
        self._tick.timeout.connect(self.check_wake)
        self._soon = QTimer(self)  # coalesces a burst of change events into one rebuild
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.reschedule)
        self._unsubscribe: Callable[[], None] | None = None
        self._last_wall = ctx.clock.now()
        self._last_mono = monotonic_time.monotonic()
        self._zone = _zone_key(ctx.clock.local_zone())
        self._data_version = -1
        if tray is not None:
            tray.messageClicked.connect(self._on_message_clicked)

    # --- life cycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        if self.scheduler is not None:
            return
        self.scheduler = PreciseQtScheduler(
            timezone=UTC,
            executors={"default": DebugExecutor()},
            # A late job still runs (never silently dropped); `_on_fire` sends it through catch-up.
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self.scheduler.start()
        self._unsubscribe = self.ctx.bus.subscribe(self._on_change)
        self._mark_tick()
        self._tick.start()
        self.reschedule()

    def stop(self) -> None:
        self._tick.stop()
        self._soon.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self.window is not None:
            # A parentless window left for interpreter exit is destroyed after QApplication: crash.
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        self.current = None

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(RESCHEDULE_TOPICS) and self.scheduler is not None:
            self._soon.start()

    # --- planning ------------------------------------------------------------------------------------
    def reschedule(self) -> None:
        """Catch up on anything that passed unseen, then rebuild the jobs from the rules."""
        if self.scheduler is None:
            return
        self._zone = _zone_key(self.ctx.clock.local_zone())
        try:
            note = self.service.catch_up()
            plan = self.service.plan()
            self._data_version = self.service.repo.data_version()
        except (CoachError, sqlite3.Error) as exc:
            log.warning("reminders could not be planned: %s", exc)
            return
        if note is not None:
            self._show(note)
        self.scheduler.remove_all_jobs()
        # Jobs run on the real timeline; the app clock may be fixed in tests, so map by offset.
        offset = datetime.now(UTC) - self.ctx.clock.now()
        for fire in plan:
            self.scheduler.add_job(
                _emit,
                trigger=DateTrigger(run_date=fire.at + offset, timezone=UTC),
                args=(self._bridge, fire),
                id=f"{'heads-up' if fire.is_heads_up else 'fire'}-{fire.at.isoformat()}",
                replace_existing=True,
            )
        self.planned = plan

    def check_wake(self) -> str | None:
        """The 30-second tick: returns why it rebuilt the jobs ('clock', 'zone', 'data'), or None."""
        now = self.ctx.clock.now()
        mono = monotonic_time.monotonic()
        expected = self._last_wall + timedelta(seconds=mono - self._last_mono)
        reason: str | None = None
        if abs(now - expected) > CLOCK_JUMP:
            reason = "clock"
        elif _zone_key(self.ctx.clock.local_zone()) != self._zone:
            reason = "zone"
        else:
            try:
                if self.service.repo.data_version() != self._data_version:
                    reason = "data"
            except sqlite3.Error:
                reason = None
        self._mark_tick()
        if reason is not None:
            log.info("reminders: rebuilding jobs (%s)", reason)
            self.reschedule()
        return reason

    def _mark_tick(self) -> None:
        self._last_wall = self.ctx.clock.now()
        self._last_mono = monotonic_time.monotonic()

    # --- firing --------------------------------------------------------------------------------------
    def _on_fire(self, fire: PlannedFire) -> None:
        now = self.ctx.clock.now()
        if now < fire.at - timedelta(seconds=1):
            return  # ahead of the app's clock (only a fixed test clock can do this)
        late = now - fire.at
        if fire.is_heads_up:
            if late <= ON_TIME:
                note = self.service.heads_up(fire)
                if note is not None:
                    self._show(note, fire.at)
            return
        if late > ON_TIME:
            self.reschedule()  # the machine slept past it: catch-up shows it once, coalesced
            return
        try:
            note = self.service.deliver(fire.items, now)
        except (CoachError, sqlite3.Error) as exc:
            log.warning("a reminder could not be recorded: %s", exc)
            note = None
        if note is not None:
            self._show(note, fire.at)
        self.reschedule()

    def _show(self, note: Notification, due: datetime | None = None) -> None:
        self.current = note
        on_desktop = self.notifier is not None and self.notifier.notify(
            note.title, note.message, reminder_actions(note), self._on_action
        )
        if not on_desktop:
            if self.tray is not None:
                self.tray.showMessage(
                    note.title, note.message, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS
                )
            if not note.heads_up or self.tray is None:
                self._window().present(note)
        if due is not None:
            self.lateness.append((self.ctx.clock.now() - due).total_seconds())
        self.notified.emit(note)

    def _window(self) -> ReminderWindow:
        if self.window is None:
            self.window = ReminderWindow()
            self.window.startRequested.connect(self.start_now)
            self.window.snoozeRequested.connect(self.snooze)
            self.window.skipRequested.connect(self.skip_today)
            self.window.closeRequested.connect(self.dismiss)
        return self.window

    # --- what the person chose -----------------------------------------------------------------------
    def start_now(self) -> None:
        note = self._take()
        if note is not None:
            self.service.start_now(note.items)
            self._open(note)

    def snooze(self, minutes: int) -> None:
        note = self._take()
        if note is not None and not note.heads_up:
            self.service.snooze(note.items, minutes)

    def skip_today(self) -> None:
        note = self._take()
        if note is not None:
            self.service.skip_today(note.items)

    def dismiss(self) -> None:
        """The reminder window's Close: nothing to do but say so in the history."""
        note = self._take()
        if note is not None and not note.heads_up:
            self.service.dismissed(note.items)

    def _on_action(self, key: str) -> None:
        """A button of the desktop notification: the same handlers as the reminder window's buttons."""
        if key == START:
            self.start_now()
        elif key == SNOOZE:
            self.snooze(NOTIFICATION_SNOOZE_MINUTES)
        elif key == SKIP:
            self.skip_today()
        elif key == OPEN:
            self._on_message_clicked()

    def _on_message_clicked(self) -> None:
        note = self._take()
        if note is not None:
            self.service.opened(note.items)
            self._open(note)

    def _take(self) -> Notification | None:
        note, self.current = self.current, None
        if self.window is not None:
            self.window.hide()
        return note

    def _open(self, note: Notification) -> None:
        pages = {"checkin": "checkin", "taper": "taper"}
        if self._open_page is not None and note.kind in pages and note.exercise_id is None:
            self._open_page(pages[note.kind])
        else:
            self._open_exercise(note.exercise_id)

    def debug_state(self) -> dict[str, Any]:
        """What is planned, for a status line or a bug report."""
        return {
            "jobs": [(f.at.isoformat(), f.is_heads_up, [o.rule_id for o in f.items]) for f in self.planned],
            "lateness_s": list(self.lateness),
        }
