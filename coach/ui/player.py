"""The exercise player: renders in the background, plays with captions and a transcript, keyboard first.

Playback starts on the renderer's short prefix and swaps to the full track at the same position when it
is ready. The renderer runs on a worker thread; it only ever talks back through `_RenderBridge` signals,
and it never touches the database (its settings are read here, on the GUI thread, before it starts).
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from coach.audio.engines import get_engine
from coach.audio.render import RenderCancelled, Renderer
from coach.audio.track import RenderedTrack, StepTiming
from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise, Step, estimate_seconds
from coach.services.context import AppContext
from coach.ui.player_transport import ClockTransport, MediaTransport, Transport

SKIP_S = 15.0
VOLUME_STEP = 10
NO_DEVICE_NOTICE = (
    "No speaker or headphones were found, so the guidance is shown as captions below. "
    "It moves along at the same pace, and everything is saved as usual."
)
NO_VOICE_NOTICE = "The voice is switched off in Settings, so follow the captions at your own pace."


class _RenderBridge(QObject):
    """Carries results from the render thread to the GUI thread (queued signals). Each carries the load
    generation, so news from a render that was replaced is ignored."""

    firstReady = Signal(int, object)
    partial = Signal(int, object)
    done = Signal(int, object)
    progress = Signal(int, float)
    failed = Signal(int, str)


@dataclass
class _Job:
    generation: int
    cancel: threading.Event
    thread: threading.Thread


class _JobSlot:
    """The running render, held apart from the widget so a destroyed-slot can cancel it."""

    job: _Job | None = None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()


def clock_text(seconds: float) -> str:
    minutes, secs = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def step_label(step: Step) -> str:
    """How a step reads in the transcript."""
    if step.kind == "speak":
        return step.text
    if step.kind == "pause":
        return f"Quiet for {step.seconds:g} second{'' if step.seconds == 1 else 's'}"
    if step.kind == "chime":
        return step.text or "A soft chime"
    counts = (
        f"in {step.inhale:g}, hold {step.hold:g}, out {step.exhale:g}"
        if step.hold
        else (f"in {step.inhale:g}, out {step.exhale:g}")
    )
    breaths = f"Breathe with the tone: {counts}, {step.cycles} times"
    return f"{step.text}\n{breaths}" if step.text else breaths


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
        self._bridge = _RenderBridge()  # no parent: the worker thread holds it while it runs
        self._bridge.firstReady.connect(self._on_first_ready)
        self._bridge.partial.connect(self._on_partial)
        self._bridge.done.connect(self._on_done)
        self._bridge.progress.connect(self._on_progress)
        self._bridge.failed.connect(self._on_failed)
        self._generation = 0
        self._jobs = _JobSlot()
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
        root = QVBoxLayout(self)
        root.setSpacing(12)
        self.notice = QLabel("")
        self.notice.setObjectName("playerNotice")
        self.notice.setAccessibleName("Player notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "muted")
        self.notice.hide()
        root.addWidget(self.notice)

        self.caption = QLabel("")
        self.caption.setObjectName("playerCaption")
        self.caption.setAccessibleName("Current words")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setMinimumHeight(120)
        size = QApplication.font().pointSizeF() * 1.6
        self.caption.setStyleSheet(f"font-size: {size:.1f}pt; line-height: 140%; padding: 12px;")
        root.addWidget(self.caption, 2)

        self.render_bar = QProgressBar()
        self.render_bar.setObjectName("playerRenderProgress")
        self.render_bar.setAccessibleName("Preparing the audio")
        self.render_bar.setRange(0, 100)
        self.render_bar.setFormat("Preparing the audio… %p%")
        self.render_bar.hide()
        root.addWidget(self.render_bar)

        times = QHBoxLayout()
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("playerElapsed")
        self.elapsed.setAccessibleName("Time played")
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setObjectName("playerSeek")
        self.seek_slider.setAccessibleName("Position in the exercise")
        self.seek_slider.setRange(0, 0)
        self.seek_slider.setPageStep(15_000)
        self.seek_slider.sliderPressed.connect(self._slider_pressed)
        self.seek_slider.sliderReleased.connect(self._slider_released)
        self.seek_slider.actionTriggered.connect(self._slider_action)
        self.remaining = QLabel("-0:00")
        self.remaining.setObjectName("playerRemaining")
        self.remaining.setAccessibleName("Time left")
        times.addWidget(self.elapsed)
        times.addWidget(self.seek_slider, 1)
        times.addWidget(self.remaining)
        root.addLayout(times)

        controls = QHBoxLayout()
        self.back_button = self._button("← 15 s", "playerBack", "Back 15 seconds", lambda: self.skip(-SKIP_S))
        self.play_button = self._button("Play", "playerPlayPause", "Play", self.toggle)
        self.play_button.setProperty("role", "primary")
        self.play_button.setDefault(True)
        self.forward_button = self._button(
            "15 s →", "playerForward", "Forward 15 seconds", lambda: self.skip(SKIP_S)
        )
        volume_label = QLabel("Volume")
        volume_label.setObjectName("playerVolumeLabel")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("playerVolume")
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setMaximumWidth(160)
        self.volume.valueChanged.connect(lambda v: self._transport.set_volume(v / 100))
        volume_label.setBuddy(self.volume)
        controls.addStretch(1)
        for widget in (self.back_button, self.play_button, self.forward_button):
            controls.addWidget(widget)
        controls.addSpacing(24)
        controls.addWidget(volume_label)
        controls.addWidget(self.volume)
        controls.addStretch(1)
        root.addLayout(controls)

        self.transcript = QListWidget()
        self.transcript.setObjectName("playerTranscript")
        self.transcript.setAccessibleName("Transcript: choose a line to jump to it")
        self.transcript.setWordWrap(True)
        self.transcript.setAlternatingRowColors(False)
        self.transcript.setSpacing(4)
        self.transcript.itemClicked.connect(self._jump_to_item)
        self.transcript.itemActivated.connect(self._jump_to_item)
        root.addWidget(self.transcript, 3)

    def _button(self, text: str, name: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.clicked.connect(slot)
        return button

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
        self._exercise = exercise
        self._steps, self._starts = [], []
        self._current = self._longest = self._full = None
        self._want_play = autoplay
        self._waiting_for_rest = False
        self._position = self._furthest = max(0.0, start_at_s)
        self._finished = False
        self._current_row = -1
        self.transcript.clear()
        for step in exercise.steps:
            item = QListWidgetItem(step_label(step))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.transcript.addItem(item)
        renderer = Renderer.from_settings(self.ctx.store)  # GUI thread: the store stays here
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
        engine_name = Renderer.from_settings(self.ctx.store).engine
        threading.Thread(target=_load_engine, args=(engine_name,), name="voice-warm-up", daemon=True).start()

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop and wait for the render thread (tests, app exit)."""
        job = self._jobs.job
        self.stop()
        if job is not None:
            job.thread.join(timeout_s)

    # --- rendering in the background -------------------------------------------------------------
    def _start_job(self, renderer: Renderer, exercise: Exercise) -> None:
        self._generation += 1
        generation, bridge, cancel = self._generation, self._bridge, threading.Event()

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
            except (CoachError, OSError, ValueError) as exc:
                bridge.failed.emit(generation, str(exc) or type(exc).__name__)
                return
            bridge.done.emit(generation, track)

        thread = threading.Thread(target=work, name=f"render-{exercise.id}", daemon=True)
        self._jobs.job = _Job(generation, cancel, thread)
        thread.start()

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
        self._current = track
        self._transport.load(str(track.path), track.duration_s, start_s, self._want_play)
        self._show_position(start_s)
        self._update_play_button()

    def _use_timings(self, track: RenderedTrack) -> None:
        self._steps = list(track.steps)
        self._starts = [s.start_s for s in self._steps]

    def _show_waiting(self) -> None:
        self._set_notice("Preparing the rest of the exercise… it will carry on by itself in a moment.")

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
        self.caption.setText(self._caption_for(timing, seconds))

    def _caption_for(self, timing: StepTiming, seconds: float) -> str:
        if timing.kind == "breath":
            names = {"in": "Breathe in…", "hold": "Hold…", "out": "Breathe out…"}
            for phase in timing.phases:
                if phase.start_s <= seconds < phase.end_s:
                    return names.get(phase.name, "")
            return timing.text
        if timing.kind in ("pause", "chime") and not timing.text:
            return "…"
        return timing.text

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


def _load_engine(name: str) -> None:
    try:
        engine = get_engine(name)
        load = getattr(engine, "load", None)
        if callable(load):
            load()
    except (CoachError, OSError, RuntimeError):
        pass  # the render reports any real problem when it runs
