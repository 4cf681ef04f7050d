"""The player's background work on the app's one runner (coach/ui/tasks.py): rendering an exercise, and
loading the voice ahead of time.

The worker only calls the Renderer (which never touches the database or a widget); what it finds reaches
the player on the GUI thread through the runner's callbacks. Cancelling the task (a new exercise, stop,
leaving the session) makes the render stop at its next step and nothing more is called back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from coach.audio.engines import get_engine
from coach.audio.render import Renderer
from coach.audio.track import RenderedTrack
from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.ui.tasks import Task, TaskHandle, run_in_background

log = logging.getLogger(__name__)

_FIRST, _LONGER = "first", "longer"


def failure_text(exc: BaseException) -> str:
    """The first line of an error, for a calm notice (the type's name when it says nothing)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def start_render(
    renderer: Renderer,
    exercise: Exercise,
    *,
    owner: QObject,
    on_first_ready: Callable[[RenderedTrack], None],
    on_partial: Callable[[RenderedTrack], None],
    on_progress: Callable[[float], None],
    on_done: Callable[[RenderedTrack], None],
    on_failed: Callable[[str], None],
) -> Task[RenderedTrack]:
    """Render `exercise` in the background. On the GUI thread: `on_first_ready(track)` once a playable
    start exists, `on_partial(track)` for each longer start, `on_progress(fraction 0..1)`, then
    `on_done(full track)` or `on_failed(one-line message)`. Cancel with the returned task's `cancel()`."""

    def work(handle: TaskHandle) -> RenderedTrack:
        return renderer.render(
            exercise,
            progress=handle.progress,
            cancelled=lambda: handle.cancelled,
            on_first_ready=lambda track: handle.partial((_FIRST, track)),
            on_partial=lambda track: handle.partial((_LONGER, track)),
        )

    def partial(item: tuple[str, RenderedTrack]) -> None:
        kind, track = item
        (on_first_ready if kind == _FIRST else on_partial)(track)

    return run_in_background(
        work,
        on_done=on_done,
        on_error=lambda exc: on_failed(failure_text(exc)),
        progress=lambda fraction, _message: on_progress(fraction),
        cancellable=True,
        on_partial=partial,
        owner=owner,
        name=f"render-{exercise.id}",
    )


def warm_up_engine(name: str) -> Task[None]:
    """Load a voice in the background (piper takes a second or two); a no-op for the others. A failure is
    left for the render to report when it runs."""

    def load(_handle: TaskHandle) -> None:
        engine = get_engine(name)
        prepare = getattr(engine, "load", None)
        if callable(prepare):
            prepare()

    def failed(exc: Exception) -> None:
        if not isinstance(exc, CoachError | OSError | RuntimeError):  # not a missing voice: a bug to see
            log.error("loading the voice failed", exc_info=exc)

    return run_in_background(load, on_done=lambda _none: None, on_error=failed, name="voice-warm-up")
