"""The APScheduler adapter the reminder controller runs its jobs on: QtScheduler with one precise timer.

No thread is created here: QtScheduler waits on a QTimer of the GUI thread (see controller.py).
"""

from __future__ import annotations

import math

from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import Qt, QTimer


class PreciseQtScheduler(QtScheduler):  # type: ignore[misc]
    """QtScheduler with one reusable precise timer.

    The stock adapter arms `QTimer.singleShot` every time; in PySide6 that returns None, so an earlier
    timer is never cancelled, and for waits of 2 s or more Qt picks a coarse timer that may fire up to
    5% of the wait late (minutes, for a reminder hours away).
    """

    _precise: QTimer | None = None

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._stop_timer()
        if wait_seconds is None:
            return
        if self._precise is None:
            self._precise = QTimer()
            self._precise.setSingleShot(True)
            self._precise.setTimerType(Qt.TimerType.PreciseTimer)
            self._precise.timeout.connect(self._process_jobs)
        # Round up: waking a millisecond early only re-arms the timer for the rest.
        self._precise.start(min(math.ceil(max(wait_seconds, 0) * 1000), 2_147_483_647))

    def _stop_timer(self) -> None:
        if self._precise is not None:
            self._precise.stop()

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)
        self._precise = None  # Python owns the parentless timer: dropping it deletes it now
