"""Python's garbage collector runs on the GUI thread only, on a timer, instead of in whatever thread
happens to allocate.

Why: the app runs Python in worker threads (speech rendering, the PDF report, all started by
coach/ui/tasks.py). A collection that starts in a worker can free Qt objects made on the GUI thread;
freeing one takes a Qt lock and then needs Python's lock (the GIL), while the GUI thread, holding the GIL,
deletes widgets and waits for that same Qt lock: the app froze. This is the same approach pyqtgraph takes
for the same reason.

The rule holds by construction: the background runner turns this collector on before it starts a worker,
and the collector's timer keeps running while workers run, since it only needs the GUI thread's event
loop (which `tasks.wait_idle` keeps turning). At quit, `tasks.shutdown` runs first and only then is
collection handed back to Python.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Turns off automatic collection and collects on the GUI thread, as often as Python's own thresholds
    would have. `stop()` hands collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


_active: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """The one collector of this process (made on first call, with `app` as its parent)."""
    global _active
    if _active is None or not _active.running:
        _active = GuiThreadCollector(app)
    return _active
