"""Garbage is collected on the GUI thread only, so a worker thread never frees Qt objects (that froze the app)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication

from coach.ui.gui_gc import collect_on_gui_thread


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector can free it


def test_garbage_made_in_a_worker_waits_for_the_gui_thread(qapp: QApplication) -> None:
    collector = collect_on_gui_thread(qapp)
    assert collector.running and not gc.isenabled()
    refs: list[weakref.ref[_Node]] = []
    collected_in: list[str] = []

    def work() -> None:
        for _ in range(5000):  # far past Python's threshold for a collection
            refs.append(weakref.ref(_Node(), lambda _r: collected_in.append(threading.current_thread().name)))

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()
    assert all(r() is not None for r in refs), "the worker thread collected garbage"

    collector.collect_due()
    assert all(r() is None for r in refs)
    assert set(collected_in) == {threading.main_thread().name}
