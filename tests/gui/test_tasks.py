"""The one background runner (coach/ui/tasks.py) with real threads and a real event loop: results, errors
and progress come back on the GUI thread in order, cancel stops the work, a destroyed owner hears nothing,
garbage is still collected on the GUI thread while workers run, the step queue yields between steps, and
quitting the app with work running does not hang."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coach.domain.clock import SystemClock
from coach.services.context import AppContext
from coach.services.reminders.service import ReminderService
from coach.storage.store import Store
from coach.ui import tasks
from coach.ui.gui_gc import collect_on_gui_thread
from coach.ui.tasks import TaskHandle, run_in_background, run_steps

LONG_S = 10.0  # a "long" task gives up after this, so a broken cancel fails the test instead of hanging it


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def _until_cancelled(handle: TaskHandle) -> int:
    """Works in small pieces until cancelled; returns how many pieces (only if never cancelled)."""
    pieces = 0
    started = time.monotonic()
    while time.monotonic() - started < LONG_S:
        handle.raise_if_cancelled()
        pieces += 1
        time.sleep(0.005)
    return pieces


@pytest.fixture(autouse=True)
def _no_leftover_tasks() -> Iterator[None]:
    yield
    assert tasks.wait_idle(LONG_S), "a background task was still running after the test"


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    worker_threads: list[bool] = []
    results: list[tuple[int, bool]] = []

    def work(_handle: TaskHandle) -> int:
        worker_threads.append(_on_gui_thread())
        return 6 * 7

    task = run_in_background(work, on_done=lambda r: results.append((r, _on_gui_thread())), on_error=print)
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert worker_threads == [False], "the work ran on the GUI thread"
    assert results == [(42, True)]
    assert task.outcome == "done"


def test_an_error_arrives_on_the_gui_thread_and_on_done_is_not_called(qtbot: QtBot) -> None:
    errors: list[tuple[str, bool]] = []
    done: list[object] = []

    def work(_handle: TaskHandle) -> None:
        raise OSError("the disk is full")

    task = run_in_background(
        work, on_done=done.append, on_error=lambda e: errors.append((str(e), _on_gui_thread()))
    )
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert errors == [("the disk is full", True)]
    assert done == [] and task.outcome == "error"


def test_progress_arrives_in_order_on_the_gui_thread(qtbot: QtBot) -> None:
    sent = [(i / 50, f"piece {i}") for i in range(51)]
    seen: list[tuple[float, str]] = []
    threads: set[bool] = set()

    def work(handle: TaskHandle) -> str:
        for fraction, message in sent:
            handle.progress(fraction, message)
        return "finished"

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        threads.add(_on_gui_thread())

    done: list[str] = []
    task = run_in_background(work, on_done=done.append, on_error=print, progress=progress)
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert seen == sent
    assert threads == {True}
    assert done == ["finished"]  # after the last progress


def test_partial_results_arrive_before_the_final_one(qtbot: QtBot) -> None:
    order: list[str] = []

    def work(handle: TaskHandle) -> str:
        handle.partial("first part")
        handle.partial("more")
        return "all"

    task = run_in_background(work, on_done=order.append, on_error=print, on_partial=order.append)
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert order == ["first part", "more", "all"]


def test_cancel_stops_a_long_task_and_only_the_cancelled_callback_runs(qtbot: QtBot) -> None:
    calls: list[str] = []
    started = threading.Event()

    def work(handle: TaskHandle) -> int:
        started.set()
        handle.progress(0.1)
        return _until_cancelled(handle)

    task = run_in_background(
        work,
        on_done=lambda _r: calls.append("done"),
        on_error=lambda _e: calls.append("error"),
        progress=lambda _f, _m: None,
        cancellable=True,
        on_cancelled=lambda: calls.append(f"cancelled on GUI thread: {_on_gui_thread()}"),
    )
    assert started.wait(5)
    began = time.monotonic()
    assert task.cancel() is True
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert time.monotonic() - began < LONG_S / 2, "the worker did not stop when cancelled"
    assert calls == ["cancelled on GUI thread: True"]
    assert task.outcome == "cancelled"
    assert task.cancel() is False  # nothing left to cancel


def test_a_task_that_is_not_cancellable_runs_to_the_end(qtbot: QtBot) -> None:
    release = threading.Event()
    done: list[str] = []
    task = run_in_background(lambda _h: release.wait(5) and "kept", on_done=done.append, on_error=print)
    assert task.cancel() is False
    release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert done == ["kept"]


def test_a_cancel_after_the_work_returned_keeps_its_result(qtbot: QtBot) -> None:
    done: list[str] = []
    task = run_in_background(lambda _h: "written", on_done=done.append, on_error=print, cancellable=True)
    assert task.wait(5)  # returned on the worker; the result is still on its way to the GUI thread
    assert task.cancel() is False
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert done == ["written"]


def test_when_the_owner_is_destroyed_the_task_stops_and_calls_nothing_back(qtbot: QtBot) -> None:
    owner = QObject()
    calls: list[str] = []
    started = threading.Event()

    def work(handle: TaskHandle) -> int:
        started.set()
        return _until_cancelled(handle)

    task = run_in_background(
        work,
        on_done=lambda _r: calls.append("done"),
        on_error=lambda _e: calls.append("error"),
        cancellable=True,
        on_cancelled=lambda: calls.append("cancelled"),
        owner=owner,
    )
    assert started.wait(5)
    shiboken6.delete(owner)
    assert task.wait(5), "the worker kept running after its owner was destroyed"
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert calls == []


def test_garbage_is_collected_on_the_gui_thread_while_a_worker_runs(qtbot: QtBot) -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    collect_on_gui_thread(QApplication.instance()).stop()  # as after a quit: Python collects anywhere
    assert gc.isenabled()
    release = threading.Event()
    task = run_in_background(lambda _h: release.wait(LONG_S), on_done=lambda _r: None, on_error=print)
    assert not gc.isenabled(), "the runner started a worker with Python's own collection on"
    collected_in: list[str] = []
    refs = [
        weakref.ref(Node(), lambda _r: collected_in.append(threading.current_thread().name))
        for _ in range(3000)
    ]
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5_000)  # the collector's timer ran
    assert not task.finished
    release.set()
    assert set(collected_in) == {threading.main_thread().name}


def test_the_runner_refuses_calls_from_a_worker_thread(qtbot: QtBot) -> None:
    errors: list[str] = []

    def work(_handle: TaskHandle) -> None:
        run_in_background(lambda _h: None, on_done=print, on_error=print)

    task = run_in_background(work, on_done=lambda _r: None, on_error=lambda e: errors.append(str(e)))
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert errors == ["run_in_background and run_steps are for the GUI thread"]


def test_shutdown_cancels_running_work_and_waits_for_it() -> None:
    calls: list[str] = []
    started = threading.Event()

    def work(handle: TaskHandle) -> int:
        started.set()
        return _until_cancelled(handle)

    task = run_in_background(
        work, on_done=lambda _r: calls.append("done"), on_error=print, cancellable=True,
        on_cancelled=lambda: calls.append("cancelled"),
    )  # fmt: skip
    assert started.wait(5)
    began = time.monotonic()
    assert tasks.shutdown(timeout_s=LONG_S)
    assert time.monotonic() - began < LONG_S / 2
    assert task.wait(0)
    assert tasks.wait_idle(5)
    assert calls == []  # the app is going away: nothing is called back


# --- steps on the GUI thread ---------------------------------------------------------------------------
def test_steps_run_in_order_one_per_turn_of_the_event_loop(qtbot: QtBot) -> None:
    order: list[str] = []

    def first() -> None:
        order.append("first")
        QTimer.singleShot(0, lambda: order.append("other events"))

    run = run_steps([first, lambda: order.append("second"), lambda: order.append("third")])
    assert order == []  # nothing runs inside the call
    qtbot.waitUntil(lambda: run.done, timeout=5_000)
    assert order == ["first", "other events", "second", "third"]


def test_ignored_failures_skip_one_step_and_others_stop_the_rest(qtbot: QtBot) -> None:
    order: list[str] = []

    def broken() -> None:
        raise OSError("no such file")

    tolerant = run_steps([broken, lambda: order.append("after")], ignore_failures=True)
    qtbot.waitUntil(lambda: tolerant.done, timeout=5_000)
    assert order == ["after"]

    with qtbot.captureExceptions() as raised:
        strict = run_steps([broken, lambda: order.append("never")])
        qtbot.waitUntil(lambda: strict.done, timeout=5_000)
        qtbot.wait(20)
    assert [str(e[1]) for e in raised] == ["no such file"]
    assert order == ["after"]


def test_shutdown_drops_steps_not_run_yet(qtbot: QtBot) -> None:
    order: list[str] = []
    run = run_steps([lambda: order.append("late")], delay_ms=50)
    tasks.shutdown(timeout_s=1)
    qtbot.wait(150)
    assert order == [] and run.cancelled


# --- quitting -------------------------------------------------------------------------------------------
_QUIT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from coach.services.context import AppContext
    from coach.ui.app import CoachApp, ensure_qapplication
    from coach.ui.tasks import run_in_background

    app = ensure_qapplication()
    ctx = AppContext.open(Path(sys.argv[1]), "default")
    coach_app = CoachApp(ctx, app, with_tray=False)

    def endless(handle):
        while not handle.cancelled:
            time.sleep(0.01)
        print("worker saw the cancel", flush=True)

    run_in_background(endless, on_done=print, on_error=print, cancellable=True)
    QTimer.singleShot(300, coach_app.quit)
    app.exec()
    ctx.close()
    print("quit", flush=True)
    """
)


def test_quitting_with_a_running_task_does_not_hang(data_dir: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    began = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", _QUIT, str(data_dir)], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["worker saw the cancel", "quit"]
    assert time.monotonic() - began < 30


# --- the reminder scheduler -----------------------------------------------------------------------------
def test_reminder_jobs_run_on_the_gui_thread_and_start_no_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.ui.reminders import controller as reminders

    monkeypatch.setenv("TZ", "UTC")
    ctx = AppContext(store=store, clock=SystemClock())
    store.set_setting("quiet_hours_enabled", False)
    due = (datetime.now(UTC) + timedelta(seconds=1.5)).replace(microsecond=0)
    ReminderService(ctx).add(due.strftime("%H:%M:%S"), label="Breathe", allow_seconds=True)
    fired_on_gui_thread: list[bool] = []
    real_emit = reminders._emit

    def spy_emit(*args: object) -> None:
        fired_on_gui_thread.append(_on_gui_thread())
        real_emit(*args)

    monkeypatch.setattr(reminders, "_emit", spy_emit)
    threads_before = {t.ident for t in threading.enumerate()}
    controller = reminders.ReminderController(ctx, None, lambda _id: None)
    controller.start()
    try:
        with qtbot.waitSignal(controller.notified, timeout=6_000):
            pass
        assert fired_on_gui_thread == [True]
        assert {t.ident for t in threading.enumerate()} <= threads_before
    finally:
        controller.stop()
