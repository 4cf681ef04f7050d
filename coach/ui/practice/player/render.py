"""Runs a Renderer on a worker thread for the player and brings its news back to the GUI thread.

The worker never touches Qt widgets or the database: it only emits `RenderBridge` signals (queued to the
GUI thread because the bridge lives there). Each signal carries the load generation, so news from a
render that was replaced or cancelled is ignored by the player.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from coach.audio.engines import get_engine
from coach.audio.render import RenderCancelled, Renderer
from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise


class RenderBridge(QObject):
    firstReady = Signal(int, object)  # (generation, RenderedTrack)
    partial = Signal(int, object)
    done = Signal(int, object)
    progress = Signal(int, float)
    failed = Signal(int, str)


@dataclass
class RenderJob:
    generation: int
    cancel: threading.Event
    thread: threading.Thread


class JobSlot:
    """The running render, held apart from the widget so a destroyed-slot can cancel it."""

    job: RenderJob | None = None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()


def start_render(renderer: Renderer, exercise: Exercise, bridge: RenderBridge, generation: int) -> RenderJob:
    cancel = threading.Event()

    def work() -> None:
        try:
            track = renderer.render(
                exercise,
                progress=lambda fraction: bridge.progress.emit(generation, fraction),
                cancelled=cancel.is_set,
                on_first_ready=lambda first: bridge.firstReady.emit(generation, first),
                on_partial=lambda more: bridge.partial.emit(generation, more),
            )
        except RenderCancelled:
            return
        except Exception as exc:  # the thread's edge: a failure must reach the person, not vanish
            bridge.failed.emit(
                generation, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            return
        bridge.done.emit(generation, track)

    thread = threading.Thread(target=work, name=f"render-{exercise.id}", daemon=True)
    thread.start()
    return RenderJob(generation, cancel, thread)


def warm_up_engine(name: str) -> None:
    """Load a voice in the background (piper takes a second or two); a no-op for the others."""

    def load() -> None:
        try:
            engine = get_engine(name)
            prepare = getattr(engine, "load", None)
            if callable(prepare):
                prepare()
        except (CoachError, OSError, RuntimeError):
            pass  # the render reports any real problem when it runs

    threading.Thread(target=load, name="voice-warm-up", daemon=True).start()
