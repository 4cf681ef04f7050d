"""What the exercise player plays and from where (no widgets): the background render, the moves from the
first part of the track to longer parts and then the full track at the same position, waiting when the
wanted point is not rendered yet, and the silent clock when Qt cannot play the file.

Each prefix is the exact start of the track, so the swaps are seamless. Rendering runs on the app's
background runner (player/render.py, coach/ui/tasks.py) and is cancelled by stop() and by loading another
exercise; the play position comes from a Transport (player/transport.py). The player widget listens to the
signals below and only draws.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtMultimedia import QMediaDevices

from coach.audio.render import Renderer
from coach.audio.track import RenderedTrack, StepTiming
from coach.domain.exercise import Exercise, estimate_seconds
from coach.domain.played_time import PlayedTime
from coach.services.context import AppContext
from coach.ui.practice.player.render import start_render, warm_up_engine
from coach.ui.practice.player.transport import ClockTransport, MediaTransport, Transport
from coach.ui.practice.player.view import NO_DEVICE_NOTICE, NO_VOICE_NOTICE, WAITING_NOTICE
from coach.ui.tasks import Task

RETIRE_AFTER_MS = 3000


class Playback(QObject):
    moved = Signal(float)  # the shown position, in seconds
    lengthChanged = Signal(float)  # the known length of the exercise, in seconds
    wishChanged = Signal()  # play or pause was asked for (see want_play)
    noticeChanged = Signal(str)  # "" when there is nothing to say
    renderProgress = Signal(float)
    renderEnded = Signal()  # rendering finished, failed or was stopped
    trackReady = Signal()  # the whole exercise is rendered and playing from the full track
    renderFailed = Signal(str)
    finished = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Each render gets a new generation; news carrying an older one is from a replaced render whose
        # result was already on its way when it was cancelled.
        self._generation = 0
        self.task: Task[RenderedTrack] | None = None  # the running render
        self._warm_up: Task[None] | None = None
        self._renderer: Renderer | None = None
        self.exercise: Exercise | None = None
        self.engine = "none"
        self.steps: list[StepTiming] = []
        self._starts: list[float] = []
        self.current: RenderedTrack | None = None
        self._longest: RenderedTrack | None = None  # the longest prefix rendered so far
        self.full: RenderedTrack | None = None
        self.want_play = False  # what the person asked for; survives the swap and waiting
        self._waiting_for_rest = False  # the wanted position is not rendered yet
        self.shown_s = 0.0  # shown position; the start point while no audio is loaded or while waiting
        self._played = PlayedTime()  # what was really heard: skipped time is not played
        self._finished = False
        self.transport: Transport = MediaTransport(self)
        self._connect_transport(self.transport)

    def _connect_transport(self, transport: Transport) -> None:
        transport.positionChanged.connect(self._on_position)
        transport.ended.connect(self._on_ended)
        transport.failed.connect(self._on_media_failed)

    # --- what the player asks ----------------------------------------------------------------------
    def load(self, exercise: Exercise, start_at_s: float, autoplay: bool) -> None:
        self._cancel_job()
        self.transport.stop()
        old_tracks = (self.current, self._longest)
        self.current = self._longest = self.full = None
        self._retire(*old_tracks)
        self.exercise = exercise
        self.steps, self._starts = [], []
        self.want_play = autoplay
        self._waiting_for_rest = False
        self.shown_s = max(0.0, start_at_s)
        self._played = PlayedTime(self.shown_s)
        self._finished = False
        renderer = Renderer.from_settings(self.ctx.store)  # GUI thread: the store stays here
        self._renderer = renderer
        self.engine = renderer.engine
        self._update_notice()
        self.lengthChanged.emit(max(estimate_seconds(exercise), 1.0))
        self.wishChanged.emit()
        self._start_job(renderer, exercise)

    def play(self) -> None:
        self.want_play = True
        if self.current is not None and not self._waiting_for_rest:
            self.transport.play()
        self.wishChanged.emit()

    def pause(self) -> None:
        self.want_play = False
        self.transport.pause()
        self.wishChanged.emit()

    def stop(self) -> None:
        self._cancel_job()
        self.want_play = False
        self.transport.stop()
        self.renderEnded.emit()
        self.wishChanged.emit()
        if self.full is not None:  # the prefixes are done with; without a full track a resume needs them
            self._retire(self.current, self._longest)

    def seek(self, seconds: float) -> None:
        target = max(0.0, min(seconds, self.duration_s()))
        self._played.jumped()
        available = self.current.duration_s if self.current is not None else 0.0
        if self.current is None:
            pass  # still rendering the first part: it will start here
        elif self.full is None and target >= available - 0.05:
            # Not rendered yet: hold, and carry on from there when the full track arrives.
            self.transport.pause()
            self._waiting_for_rest = True
            self.noticeChanged.emit(WAITING_NOTICE)
        else:
            if self._waiting_for_rest:
                self._waiting_for_rest = False
                self._update_notice()
            self.transport.seek(target)
            if self.want_play and not self.transport.is_playing():
                self.transport.play()
        self._show(target)

    def position_s(self) -> float:
        if self.current is None or self._waiting_for_rest:
            return self.shown_s
        return self.transport.position_s()

    def duration_s(self) -> float:
        if self.full is not None:
            return self.full.duration_s
        estimate = estimate_seconds(self.exercise) if self.exercise is not None else 0.0
        prefix = self.current.duration_s if self.current is not None else 0.0
        return max(estimate, prefix)

    def completed_fraction(self) -> float:
        """Share (0-1) of the track really played: skipped stretches are not played."""
        return self._played.fraction(self.duration_s())

    def played_s(self) -> float:
        """Seconds of the track really played."""
        return self._played.played_s

    def is_captions_only(self) -> bool:
        return self.engine == "none" or not QMediaDevices.audioOutputs()

    def is_playing(self) -> bool:
        return self.current is not None and not self._waiting_for_rest and self.transport.is_playing()

    def step_at(self, seconds: float) -> int:
        """The row of the step playing at `seconds`, or -1 while the timings are not known yet."""
        if not self.steps or self.exercise is None:
            return -1
        return max(0, bisect.bisect_right(self._starts, seconds) - 1)

    def warm_up(self) -> None:
        if self._warm_up is None or self._warm_up.finished:
            self._warm_up = warm_up_engine(Renderer.from_settings(self.ctx.store).engine)

    # --- rendering in the background ---------------------------------------------------------------
    def _start_job(self, renderer: Renderer, exercise: Exercise) -> None:
        self._generation += 1
        generation = self._generation
        self.task = start_render(
            renderer,
            exercise,
            owner=self,  # destroyed with the player: the render stops and reports nothing more
            on_first_ready=lambda track: self._on_first_ready(generation, track),
            on_partial=lambda track: self._on_partial(generation, track),
            on_progress=lambda fraction: self._on_progress(generation, fraction),
            on_done=lambda track: self._on_done(generation, track),
            on_failed=lambda message: self._on_failed(generation, message),
        )

    def _cancel_job(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.task = None
        self._generation += 1

    def _on_progress(self, generation: int, fraction: float) -> None:
        if generation == self._generation:
            self.renderProgress.emit(fraction)

    def _on_first_ready(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation or self.current is not None:
            return
        self._longest = track
        self._use_timings(track)
        if track.is_prefix and self.shown_s >= track.duration_s - 0.05:
            self.current = track  # a resume point past the prefix: wait for the rest
            self._waiting_for_rest = True
            self.noticeChanged.emit(WAITING_NOTICE)
            return
        self._switch_to(track, self.shown_s)

    def _on_partial(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation or self.full is not None:
            return
        self._retire(self._longest)
        self._longest = track
        self._use_timings(track)
        if self._waiting_for_rest and self.shown_s < track.duration_s - 0.05:
            self._waiting_for_rest = False
            self._update_notice()
            self._switch_to(track, self.shown_s)

    def _move_to_longer_prefix(self, position: float) -> bool:
        """Near the end of the current prefix: continue on a longer one if it exists."""
        longer = self._longest
        if self.current is None or longer is None or longer.duration_s <= self.current.duration_s:
            return False
        self._switch_to(longer, position)
        return True

    def _on_done(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation:
            return
        self.task = None
        self.full = track
        self._retire(self._longest)
        self.renderEnded.emit()
        self.lengthChanged.emit(track.duration_s)
        self._use_timings(track)
        if self.current is None or self.current.path != track.path:
            # Same place in the full track: the prefix is its exact beginning, so the swap is seamless.
            waiting = self.current is None or self._waiting_for_rest
            start = self.shown_s if waiting else self.transport.position_s()
            self._waiting_for_rest = False
            self._switch_to(track, start)
        self._update_notice()
        self.trackReady.emit()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.task = None
        self.renderEnded.emit()
        self.noticeChanged.emit(
            f"The audio could not be prepared: {message}. You can still read the steps below."
        )
        self.renderFailed.emit(message)

    def _switch_to(self, track: RenderedTrack, start_s: float) -> None:
        previous, self.current = self.current, track
        self.transport.load(str(track.path), track.duration_s, start_s, self.want_play)
        self._retire(previous)
        self._show(start_s)
        self.wishChanged.emit()

    def _retire(self, *tracks: RenderedTrack | None) -> None:
        """Prefix files no longer playing are deleted a little later (the media backend lets go first)."""
        renderer = self._renderer
        for track in tracks:
            if renderer is None or track is None or not track.is_prefix or track is self.current:
                continue
            QTimer.singleShot(RETIRE_AFTER_MS, lambda t=track: renderer.discard(t))

    def _use_timings(self, track: RenderedTrack) -> None:
        self.steps = list(track.steps)
        self._starts = [s.start_s for s in self.steps]

    # --- transport events --------------------------------------------------------------------------
    def _on_position(self, seconds: float) -> None:
        """Position reported by the transport while audio plays (or after it moved)."""
        if self.current is None or self._waiting_for_rest:
            return
        if self.transport.is_playing():
            self._played.heard(seconds)
        else:
            self._played.paused()
        if self.current.is_prefix and self.current.duration_s - seconds < 2.0:
            self._move_to_longer_prefix(seconds)
        self._show(seconds)

    def _show(self, seconds: float) -> None:
        self.shown_s = seconds
        self.moved.emit(seconds)

    def _on_ended(self) -> None:
        if self.current is not None and self.current.is_prefix and self.full is None:
            if self._move_to_longer_prefix(self.current.duration_s):
                return
            # The prefix ran out before the rest was ready: hold here and carry on when it arrives.
            self.shown_s = self.current.duration_s
            self._waiting_for_rest = True
            self.noticeChanged.emit(WAITING_NOTICE)
            return
        self._finished = True
        self.want_play = False
        self._played.heard(self.duration_s())  # the last moments up to the end, if they were heard
        self.wishChanged.emit()
        self.finished.emit()

    def _on_media_failed(self, message: str) -> None:
        """Qt cannot play the file here: keep going on a silent clock so captions still move."""
        if isinstance(self.transport, ClockTransport):
            return
        position = self.position_s()
        old = self.transport
        old.stop()
        self.transport = ClockTransport(self)
        self._connect_transport(self.transport)
        old.deleteLater()
        self.noticeChanged.emit(f"{NO_DEVICE_NOTICE} ({message})")
        if self.current is not None and not self._waiting_for_rest:
            self.transport.load(str(self.current.path), self.current.duration_s, position, self.want_play)

    def _update_notice(self) -> None:
        if self.engine == "none":
            self.noticeChanged.emit(NO_VOICE_NOTICE)
        elif not QMediaDevices.audioOutputs():
            self.noticeChanged.emit(NO_DEVICE_NOTICE)
        else:
            self.noticeChanged.emit("")
