"""The exercise player: renders in the background, plays with captions and a transcript, keyboard first.

Playback starts on the renderer's short prefix and moves to longer prefixes, then to the full track, at
the same position (each prefix is the exact start of the track, so the swaps are seamless). Rendering
runs on a worker thread (player_render), the widgets live in player_view, and the play position comes
from a Transport (player_transport): QMediaPlayer, or a silent clock when Qt cannot play the file.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSlider, QWidget

from coach.audio.render import Renderer
from coach.audio.track import RenderedTrack, StepTiming
from coach.domain.exercise import Exercise, estimate_seconds
from coach.services.context import AppContext
from coach.ui.player_render import JobSlot, RenderBridge, start_render, warm_up_engine
from coach.ui.player_transport import ClockTransport, MediaTransport, Transport
from coach.ui.player_view import (
    NO_DEVICE_NOTICE,
    NO_VOICE_NOTICE,
    WAITING_NOTICE,
    build_view,
    caption_for,
    clock_text,
    step_label,
)

__all__ = ["NO_DEVICE_NOTICE", "NO_VOICE_NOTICE", "PlayerWidget", "clock_text"]

SKIP_S = 15.0
VOLUME_STEP = 10
RETIRE_AFTER_MS = 3000


class PlayerWidget(QWidget):
    positionChanged = Signal(float)
    finished = Signal()
    renderProgress = Signal(float)
    trackReady = Signal()  # the whole exercise is rendered and playing from the full track
    renderFailed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAccessibleName("Exercise player")
        self.ctx = ctx
        self._bridge = RenderBridge()  # no parent: the worker thread holds it while it runs
        self._bridge.firstReady.connect(self._on_first_ready)
        self._bridge.partial.connect(self._on_partial)
        self._bridge.done.connect(self._on_done)
        self._bridge.progress.connect(self._on_progress)
        self._bridge.failed.connect(self._on_failed)
        self._generation = 0
        self._jobs = JobSlot()
        self._renderer: Renderer | None = None
        self._exercise: Exercise | None = None
        self._engine = "none"
        self._steps: list[StepTiming] = []
        self._starts: list[float] = []
        self._current: RenderedTrack | None = None
        self._longest: RenderedTrack | None = None  # the longest prefix rendered so far
        self._full: RenderedTrack | None = None
        self._want_play = False  # what the person asked for; survives the swap and waiting
        self._waiting_for_rest = False  # the wanted position is not rendered yet
        self._position = 0.0  # shown position; the start point while no audio is loaded or while waiting
        self._furthest = 0.0
        self._finished = False
        self._slider_held = False
        self._current_row = -1
        self._build()
        self._transport: Transport = self._make_media_transport()
        self._transport.set_volume(self.volume.value() / 100)
        self._shortcuts()
        self.destroyed.connect(self._jobs.cancel)

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        view = build_view(self)
        self.notice, self.caption, self.render_bar = view.notice, view.caption, view.render_bar
        self.elapsed, self.seek_slider, self.remaining = view.elapsed, view.seek_slider, view.remaining
        self.back_button, self.play_button = view.back_button, view.play_button
        self.forward_button, self.volume, self.transcript = view.forward_button, view.volume, view.transcript
        self.seek_slider.sliderPressed.connect(self._slider_pressed)
        self.seek_slider.sliderReleased.connect(self._slider_released)
        self.seek_slider.actionTriggered.connect(self._slider_action)
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_S))
        self.play_button.clicked.connect(self.toggle)
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_S))
        self.volume.valueChanged.connect(lambda v: self._transport.set_volume(v / 100))
        self.transcript.itemClicked.connect(self._jump_to_item)
        self.transcript.itemActivated.connect(self._jump_to_item)

    def _shortcuts(self) -> None:
        keys = (
            (Qt.Key.Key_Space, self.toggle),
            (Qt.Key.Key_Left, lambda: self.skip(-SKIP_S)),
            (Qt.Key.Key_Right, lambda: self.skip(SKIP_S)),
            (Qt.Key.Key_Up, lambda: self.volume.setValue(self.volume.value() + VOLUME_STEP)),
            (Qt.Key.Key_Down, lambda: self.volume.setValue(self.volume.value() - VOLUME_STEP)),
        )
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _make_media_transport(self) -> Transport:
        transport = MediaTransport(self)
        self._connect_transport(transport)
        return transport

    def _connect_transport(self, transport: Transport) -> None:
        transport.positionChanged.connect(self._on_position)
        transport.ended.connect(self._on_ended)
        transport.failed.connect(self._on_media_failed)

    # --- public API ------------------------------------------------------------------------------
    def load(self, exercise: Exercise, start_at_s: float = 0.0, autoplay: bool = True) -> None:
        """Show `exercise` and start preparing its audio; plays from `start_at_s` as soon as it can."""
        self._cancel_job()
        self._transport.stop()
        old_tracks = (self._current, self._longest)
        self._current = self._longest = self._full = None
        self._retire(*old_tracks)
        self._exercise = exercise
        self._steps, self._starts = [], []
        self._want_play = autoplay
        self._waiting_for_rest = False
        self._position = self._furthest = max(0.0, start_at_s)
        self._finished = False
        self._current_row = -1
        self.transcript.clear()
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for step in exercise.steps:
            item = QListWidgetItem(step_label(step))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if step.kind in ("pause", "chime"):
                item.setForeground(quiet)  # the words stand out; the silences stay in the background
            self.transcript.addItem(item)
        renderer = Renderer.from_settings(self.ctx.store)  # GUI thread: the store stays here
        self._renderer = renderer
        self._engine = renderer.engine
        self.caption.setText(exercise.title)
        self._update_notice()
        self._set_range(max(estimate_seconds(exercise), 1.0))
        self._update_times()
        self._update_play_button()
        self.render_bar.setValue(0)
        self.render_bar.show()
        self._start_job(renderer, exercise)

    def play(self) -> None:
        self._want_play = True
        if self._current is not None and not self._waiting_for_rest:
            self._transport.play()
        self._update_play_button()

    def pause(self) -> None:
        self._want_play = False
        self._transport.pause()
        self._update_play_button()

    def toggle(self) -> None:
        if self._want_play:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop playback and any rendering (the session is over or the page is left)."""
        self._cancel_job()
        self._want_play = False
        self._transport.stop()
        self.render_bar.hide()
        self._update_play_button()
        if self._full is not None:  # the prefixes are done with; without a full track a resume needs them
            self._retire(self._current, self._longest)

    def seek(self, seconds: float) -> None:
        target = max(0.0, min(seconds, self.duration_s()))
        available = self._current.duration_s if self._current is not None else 0.0
        if self._current is None:
            pass  # still rendering the first part: it will start here
        elif self._full is None and target >= available - 0.05:
            # Not rendered yet: hold, and carry on from there when the full track arrives.
            self._transport.pause()
            self._waiting_for_rest = True
            self._show_waiting()
        else:
            if self._waiting_for_rest:
                self._waiting_for_rest = False
                self._update_notice()
            self._transport.seek(target)
            if self._want_play and not self._transport.is_playing():
                self._transport.play()
        self._show_position(target)

    def skip(self, delta_s: float) -> None:
        self.seek(self.position_s() + delta_s)

    def position_s(self) -> float:
        if self._current is None or self._waiting_for_rest:
            return self._position
        return self._transport.position_s()

    def duration_s(self) -> float:
        if self._full is not None:
            return self._full.duration_s
        estimate = estimate_seconds(self._exercise) if self._exercise is not None else 0.0
        prefix = self._current.duration_s if self._current is not None else 0.0
        return max(estimate, prefix)

    def completed_fraction(self) -> float:
        """How far the person has got (the furthest point reached, so going back does not lose it)."""
        if self._finished:
            return 1.0
        duration = self.duration_s()
        return min(1.0, self._furthest / duration) if duration > 0 else 0.0

    def is_captions_only(self) -> bool:
        return self._engine == "none" or not QMediaDevices.audioOutputs()

    def is_playing(self) -> bool:
        return self._current is not None and not self._waiting_for_rest and self._transport.is_playing()

    def is_ready(self) -> bool:
        """The whole exercise is rendered."""
        return self._full is not None

    def engine(self) -> str:
        return self._engine

    def current_step_index(self) -> int:
        return self._current_row

    def warm_up(self) -> None:
        """Start loading the voice in the background (e.g. while the person rates how they feel), so the
        first words come sooner. Safe to call more than once."""
        warm_up_engine(Renderer.from_settings(self.ctx.store).engine)

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop and wait for the render thread (tests, app exit)."""
        job = self._jobs.job
        self.stop()
        if job is not None:
            job.thread.join(timeout_s)

    # --- rendering in the background -------------------------------------------------------------
    def _start_job(self, renderer: Renderer, exercise: Exercise) -> None:
        self._generation += 1
        self._jobs.job = start_render(renderer, exercise, self._bridge, self._generation)

    def _cancel_job(self) -> None:
        self._jobs.cancel()
        self._jobs.job = None
        self._generation += 1

    def _on_progress(self, generation: int, fraction: float) -> None:
        if generation != self._generation:
            return
        self.render_bar.setValue(round(fraction * 100))
        self.renderProgress.emit(fraction)

    def _on_first_ready(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation or self._current is not None:
            return
        self._longest = track
        self._use_timings(track)
        if track.is_prefix and self._position >= track.duration_s - 0.05:
            self._current = track  # a resume point past the prefix: wait for the rest
            self._waiting_for_rest = True
            self._show_waiting()
            return
        self._switch_to(track, self._position)

    def _on_partial(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation or self._full is not None:
            return
        self._retire(self._longest)
        self._longest = track
        self._use_timings(track)
        if self._waiting_for_rest and self._position < track.duration_s - 0.05:
            self._waiting_for_rest = False
            self._update_notice()
            self._switch_to(track, self._position)

    def _move_to_longer_prefix(self, position: float) -> bool:
        """Near the end of the current prefix: continue on a longer one if it exists."""
        longer = self._longest
        if self._current is None or longer is None or longer.duration_s <= self._current.duration_s:
            return False
        self._switch_to(longer, position)
        return True

    def _on_done(self, generation: int, track: RenderedTrack) -> None:
        if generation != self._generation:
            return
        self._jobs.job = None
        self._full = track
        self._retire(self._longest)
        self.render_bar.hide()
        self._set_range(track.duration_s)
        self._use_timings(track)
        if self._current is None or self._current.path != track.path:
            # Same place in the full track: the prefix is its exact beginning, so the swap is seamless.
            waiting = self._current is None or self._waiting_for_rest
            start = self._position if waiting else self._transport.position_s()
            self._waiting_for_rest = False
            self._switch_to(track, start)
        self._update_notice()
        self._update_times()
        self.trackReady.emit()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._jobs.job = None
        self.render_bar.hide()
        self._set_notice(f"The audio could not be prepared: {message}. You can still read the steps below.")
        self.renderFailed.emit(message)

    def _switch_to(self, track: RenderedTrack, start_s: float) -> None:
        previous, self._current = self._current, track
        self._transport.load(str(track.path), track.duration_s, start_s, self._want_play)
        self._retire(previous)
        self._show_position(start_s)
        self._update_play_button()

    def _retire(self, *tracks: RenderedTrack | None) -> None:
        """Prefix files no longer playing are deleted a little later (the media backend lets go first)."""
        renderer = self._renderer
        for track in tracks:
            if renderer is None or track is None or not track.is_prefix or track is self._current:
                continue
            QTimer.singleShot(RETIRE_AFTER_MS, lambda t=track: renderer.discard(t))

    def _use_timings(self, track: RenderedTrack) -> None:
        self._steps = list(track.steps)
        self._starts = [s.start_s for s in self._steps]

    def _show_waiting(self) -> None:
        self._set_notice(WAITING_NOTICE)

    # --- transport events ------------------------------------------------------------------------
    def _on_position(self, seconds: float) -> None:
        """Position reported by the transport while audio plays (or after it moved)."""
        if self._current is None or self._waiting_for_rest:
            return
        if self._transport.is_playing():
            self._furthest = max(self._furthest, seconds)
        if self._current.is_prefix and self._current.duration_s - seconds < 2.0:
            self._move_to_longer_prefix(seconds)
        self._show_position(seconds)

    def _show_position(self, seconds: float) -> None:
        self._position = seconds
        if not self._slider_held:
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(round(seconds * 1000))
            self.seek_slider.blockSignals(False)
        self._update_times()
        self._update_caption(seconds)
        self.positionChanged.emit(seconds)

    def _on_ended(self) -> None:
        if self._current is not None and self._current.is_prefix and self._full is None:
            if self._move_to_longer_prefix(self._current.duration_s):
                return
            # The prefix ran out before the rest was ready: hold here and carry on when it arrives.
            self._position = self._current.duration_s
            self._waiting_for_rest = True
            self._show_waiting()
            return
        self._finished = True
        self._want_play = False
        self._furthest = self.duration_s()
        self._update_play_button()
        self.finished.emit()

    def _on_media_failed(self, message: str) -> None:
        """Qt cannot play the file here: keep going on a silent clock so captions still move."""
        if isinstance(self._transport, ClockTransport):
            return
        position = self.position_s()
        old = self._transport
        old.stop()
        self._transport = ClockTransport(self)
        self._connect_transport(self._transport)
        old.deleteLater()
        self._set_notice(f"{NO_DEVICE_NOTICE} ({message})")
        if self._current is not None and not self._waiting_for_rest:
            self._transport.load(str(self._current.path), self._current.duration_s, position, self._want_play)

    # --- view updates ----------------------------------------------------------------------------
    def _set_range(self, seconds: float) -> None:
        self.seek_slider.setRange(0, round(seconds * 1000))

    def _update_times(self) -> None:
        self.elapsed.setText(clock_text(self._position))
        self.remaining.setText("-" + clock_text(max(0.0, self.duration_s() - self._position)))

    def _update_play_button(self) -> None:
        text = "Pause" if self._want_play else "Play"
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)

    def _update_notice(self) -> None:
        if self._engine == "none":
            self._set_notice(NO_VOICE_NOTICE)
        elif not QMediaDevices.audioOutputs():
            self._set_notice(NO_DEVICE_NOTICE)
        else:
            self._set_notice("")

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _update_caption(self, seconds: float) -> None:
        if not self._steps or self._exercise is None:
            return
        row = max(0, bisect.bisect_right(self._starts, seconds) - 1)
        timing = self._steps[row]
        if row != self._current_row:
            self._current_row = row
            self.transcript.setCurrentRow(row)
            item = self.transcript.item(row)
            if item is not None:
                self.transcript.scrollToItem(item, QListWidget.ScrollHint.PositionAtCenter)
        self.caption.setText(caption_for(timing, seconds))

    # --- seek slider and transcript --------------------------------------------------------------
    def _slider_pressed(self) -> None:
        self._slider_held = True

    def _slider_released(self) -> None:
        self._slider_held = False
        self.seek(self.seek_slider.value() / 1000)

    def _slider_action(self, action: int) -> None:
        # Keyboard and page clicks on the slider (not drags): seek once the slider has moved.
        if not self._slider_held and action != QSlider.SliderAction.SliderMove.value:
            self.seek(self.seek_slider.sliderPosition() / 1000)

    def _jump_to_item(self, item: QListWidgetItem) -> None:
        row = self.transcript.row(item)
        if 0 <= row < len(self._steps):
            self.seek(self._steps[row].start_s)
