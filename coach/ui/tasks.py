"""The app's one background runner: `run_in_background` is the only way work leaves the GUI thread, and
`run_steps` spreads short GUI-thread work over turns of the event loop.

Worker code (the function handed to `run_in_background`) runs on this module's own QThreadPool, never Qt's
global one, so `wait_idle` and `shutdown` wait for our work only. It touches no widget and no GUI-thread
database connection: gather what it needs on the GUI thread, pass plain values in, and return a result.
It talks back only through its `TaskHandle`: `progress(fraction, message)`, `partial(value)` for
intermediate results, and `cancelled` / `raise_if_cancelled()` between pieces of work.

Everything the caller gets back (progress, on_partial, on_done, on_error, on_cancelled) runs on the GUI
thread, in the order the worker sent it, through queued signals on one bridge QObject made on that
thread. After `Task.cancel()` returns True nothing but `on_cancelled` arrives, and it arrives only once
the worker has stopped, so a caller may rely on any clean-up the worker does on its way out. When an
`owner` QObject is given and destroyed, the task is cancelled and none of its callbacks run.

Python's garbage collector stays on the GUI thread while workers run (see gui_gc.py): the runner turns
that collector on before it starts the first worker.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QThreadPool, QTimer, Signal

from coach.domain.errors import CoachError
from coach.ui.gui_gc import collect_on_gui_thread

log = logging.getLogger(__name__)

T = TypeVar("T")
# CPU work (speech, the PDF) on a small machine: a couple of lanes, plus room for a cancelled render that
# is still winding down while its replacement starts.
MAX_WORKERS = 4
# Failures a step run with ignore_failures=True shrugs off: a missing optional library or file, or a
# problem the page that needs the step reports properly when it is opened.
IGNORED_STEP_FAILURES: tuple[type[Exception], ...] = (ImportError, CoachError, OSError)

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised by worker code (`TaskHandle.raise_if_cancelled`) to stop early once it was asked to."""


# Task states. Only the owning Task's lock changes them; see Task.cancel and _Runnable.run.
_RUNNING, _CANCELLING, _RETURNED = "running", "cancelling", "returned"


class TaskHandle:
    """What worker code gets: report progress and intermediate results, and see whether to stop.

    Safe to call from the worker thread only; everything it sends reaches the GUI thread queued, in order.
    """

    def __init__(self, task: Task[Any], bridge: _Bridge) -> None:
        self._task = task
        self._bridge = bridge

    @property
    def cancelled(self) -> bool:
        """True once the task was cancelled: stop soon, by raising (Cancelled or any exception, e.g. the
        audio renderer's RenderCancelled) or returning; either way only on_cancelled is called."""
        return self._task._state == _CANCELLING

    def raise_if_cancelled(self) -> None:
        """Raises Cancelled if the task was cancelled."""
        if self.cancelled:
            raise Cancelled

    def progress(self, fraction: float, message: str = "") -> None:
        """How far the work is: `fraction` in 0..1 (clamped), `message` a short line for people or ""."""
        self._bridge.send((self._task, "progress", (min(1.0, max(0.0, fraction)), message)))

    def partial(self, value: object) -> None:
        """An intermediate result for `on_partial` (e.g. the first playable part of a track)."""
        self._bridge.send((self._task, "partial", (value,)))


@dataclass(eq=False)
class Task(Generic[T]):
    """One piece of background work, seen from the GUI thread. Made by `run_in_background`."""

    name: str
    cancellable: bool
    on_done: Callable[[T], None]
    on_error: Callable[[Exception], None]
    progress: Progress | None = None
    on_partial: Callable[[Any], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    owner: QObject | None = None
    outcome: str = ""  # "" while running, then "done", "error" or "cancelled" (set on the GUI thread)
    _state: str = _RUNNING
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _returned: threading.Event = field(default_factory=threading.Event)
    _dropped: bool = False  # the owner is gone or the app is quitting: no callback runs any more
    _owner_link: Any = None

    def cancel(self) -> bool:
        """Ask the worker to stop. True: it was still running, so on_done, on_error, progress and
        on_partial will not be called any more, and on_cancelled will be once the worker has stopped.
        False: the task is not cancellable or its function had already returned; its outcome stands."""
        with self._lock:
            if not self.cancellable or self._state != _RUNNING:
                return False
            self._state = _CANCELLING
            return True

    @property
    def finished(self) -> bool:
        """The final callback has been delivered (or dropped) on the GUI thread."""
        return bool(self.outcome)

    def wait(self, timeout_s: float) -> bool:
        """Block until the worker function has returned (its callbacks may still be queued). True if it
        did within `timeout_s` seconds. Runs no events: for shutdown paths, not for the live GUI."""
        return self._returned.wait(timeout_s)

    # --- GUI thread ---------------------------------------------------------------------------------
    def _receive(self, kind: str, args: tuple[Any, ...]) -> None:
        final = kind in ("done", "error", "cancelled")
        if final:
            self.outcome = kind
            _live.discard(self)
            self._unlink_owner()
        if self._dropped or (self.owner is not None and not shiboken6.isValid(self.owner)):
            return
        if kind == "cancelled":
            if self.on_cancelled is not None:
                self.on_cancelled()
        elif self._state == _CANCELLING:
            return  # sent before the cancel arrived; the caller has moved on
        elif kind == "progress":
            if self.progress is not None:
                self.progress(*args)
        elif kind == "partial":
            if self.on_partial is not None:
                self.on_partial(*args)
        elif kind == "done":
            self.on_done(args[0])
        elif kind == "error":
            self.on_error(args[0])

    def _drop(self) -> None:
        """The owner was destroyed or the app quits: stop if possible, and call nothing back."""
        self._dropped = True
        self.cancel()
        self._unlink_owner()

    def _unlink_owner(self) -> None:
        owner, link, self._owner_link = self.owner, self._owner_link, None
        if link is not None and owner is not None and shiboken6.isValid(owner):
            with contextlib.suppress(RuntimeError, TypeError):
                owner.destroyed.disconnect(link)


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit on it and Qt queues the delivery to that thread."""

    news = Signal(object)  # (task, kind, args)

    def __init__(self) -> None:
        super().__init__()
        self.news.connect(self._deliver)

    def send(self, item: tuple[Task[Any], str, tuple[Any, ...]]) -> None:
        """From a worker thread. A worker still running at interpreter exit may outlive the bridge: then
        there is nobody left to tell."""
        with contextlib.suppress(RuntimeError):
            self.news.emit(item)

    def _deliver(self, item: tuple[Task[Any], str, tuple[Any, ...]]) -> None:
        task, kind, args = item
        task._receive(kind, args)


class _Runnable:
    """The worker side of one task: runs the function and sends its one final outcome."""

    def __init__(self, task: Task[T], fn: Callable[[TaskHandle], T], bridge: _Bridge) -> None:
        self.task, self.fn, self.bridge = task, fn, bridge

    def run(self) -> None:
        task = self.task
        kind = "error"
        payload: Any = RuntimeError(f"background task {task.name!r} stopped unexpectedly")
        try:
            try:
                result = self.fn(TaskHandle(task, self.bridge))
            except Exception as exc:  # the thread's edge: a failure must reach the caller, not vanish
                kind, payload = "error", exc
            else:
                kind, payload = "done", result
            with task._lock:
                if task._state == _CANCELLING:
                    kind, payload = "cancelled", None  # whatever the worker did on its way out
                else:
                    task._state = _RETURNED
        finally:
            task._returned.set()
            self.bridge.send((task, kind, (payload,)))


_pool: QThreadPool | None = None
_bridge: _Bridge | None = None
_live: set[Task[Any]] = set()  # started and not yet finished; touched on the GUI thread only
_step_runs: set[StepRun] = set()


def _gui_thread_check() -> QCoreApplication:
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("run_in_background and run_steps are for the GUI thread")
    return app


def _start_runner() -> tuple[QThreadPool, _Bridge]:
    global _pool, _bridge
    app = _gui_thread_check()
    collect_on_gui_thread(app)  # before any worker runs Python; a no-op when it already runs
    if _bridge is None:
        _bridge = _Bridge()  # made here, so it lives on the GUI thread
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(MAX_WORKERS)
        _pool.setObjectName("coach-tasks")
    return _pool, _bridge


def run_in_background(
    fn: Callable[[TaskHandle], T],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None],
    progress: Progress | None = None,
    cancellable: bool = False,
    *,
    on_partial: Callable[[Any], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    owner: QObject | None = None,
    name: str = "",
) -> Task[T]:
    """Run `fn(handle)` on a worker thread; its result goes to `on_done(result)`, an exception it raises to
    `on_error(exc)`, `handle.progress(fraction, message)` to `progress`, `handle.partial(value)` to
    `on_partial`, all on the GUI thread. A `cancellable` task stops when `Task.cancel()` is called and the
    worker notices (`handle.cancelled`); then only `on_cancelled()` runs. If `owner` is destroyed first, the
    task is cancelled and nothing is called back. Call on the GUI thread (raises RuntimeError otherwise)."""
    pool, bridge = _start_runner()
    task: Task[T] = Task(
        name=name or getattr(fn, "__name__", "task"),
        cancellable=cancellable,
        on_done=on_done,
        on_error=on_error,
        progress=progress,
        on_partial=on_partial,
        on_cancelled=on_cancelled,
        owner=owner,
    )
    if owner is not None:
        task._owner_link = owner.destroyed.connect(lambda *_: task._drop())
    _live.add(task)
    pool.start(_Runnable(task, fn, bridge).run)
    return task


def wait_idle(timeout_s: float = 10.0) -> bool:
    """Run the event loop until every task has finished and its callbacks have run (tests, benchmarks).
    True if that happened within `timeout_s` seconds."""
    deadline = time.monotonic() + timeout_s
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if not _live:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)  # lets the workers have the GIL


def shutdown(timeout_s: float = 5.0) -> bool:
    """The app is quitting: drop pending steps, cancel every cancellable task, call nothing back any more,
    and wait up to `timeout_s` seconds for the workers to return. True if they all did. Runs no events,
    so nothing else happens meanwhile; the runner stays usable afterwards."""
    for run in list(_step_runs):
        run.cancel()
    tasks = list(_live)
    for task in tasks:
        task._drop()
    deadline = time.monotonic() + timeout_s
    for task in tasks:
        if not task.wait(max(0.0, deadline - time.monotonic())):
            log.warning("background task %r still running at quit", task.name)
            return False
    return True


# --- GUI-thread steps ----------------------------------------------------------------------------------
class StepRun:
    """Steps still to run on the GUI thread, one per turn of the event loop. Made by `run_steps`."""

    def __init__(self, steps: Sequence[Callable[[], object]], ignore_failures: bool) -> None:
        self.pending = list(steps)
        self.ignore_failures = ignore_failures
        self.cancelled = False

    @property
    def done(self) -> bool:
        """No step is left to run (all ran, or the run was cancelled or stopped by a failure)."""
        return not self.pending

    def cancel(self) -> None:
        """Skip the steps not run yet."""
        self.cancelled = True
        self.pending.clear()
        _step_runs.discard(self)

    def _next(self) -> None:
        if self.cancelled or not self.pending:
            _step_runs.discard(self)
            return
        step = self.pending.pop(0)
        try:
            if self.ignore_failures:
                try:
                    step()
                except IGNORED_STEP_FAILURES as exc:
                    log.info("step %r skipped: %s", step, exc)
            else:
                step()
        except BaseException:
            self.cancel()  # a step that fails stops the ones after it, which may depend on it
            raise
        if self.pending:
            QTimer.singleShot(0, self._next)
        else:
            _step_runs.discard(self)


def run_steps(
    steps: Sequence[Callable[[], object]], ignore_failures: bool = False, delay_ms: int = 0
) -> StepRun:
    """Run `steps` on the GUI thread in order, one per turn of the event loop (starting after `delay_ms`),
    so the window keeps answering in between. With `ignore_failures`, a step raising ImportError,
    CoachError or OSError is logged and the next one runs; otherwise the exception propagates and the rest
    are skipped. Each call is its own run; `shutdown()` cancels those still pending."""
    _gui_thread_check()
    run = StepRun(steps, ignore_failures)
    _step_runs.add(run)
    QTimer.singleShot(max(0, delay_ms), run._next)
    return run
