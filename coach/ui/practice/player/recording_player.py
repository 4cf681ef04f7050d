"""Plays a person's own recording of an exercise, with the written steps alongside for reference.

The guided PlayerWidget renders an exercise's script; a recording is a finished file with no step
timings, so this smaller player reuses the same transports (QMediaPlayer, or a silent clock when Qt
cannot play) and offers the same calls the session flow uses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QSlider, QVBoxLayout, QWidget

from coach.domain.exercise import Exercise
from coach.domain.played_time import PlayedTime
from coach.services.practice.recordings import Recording
from coach.ui.practice.player.transport import ClockTransport, MediaTransport, Transport
from coach.ui.practice.player.view import clock_text, step_label
from coach.ui.practice.player.widget import SKIP_S, window_keys
from coach.ui.widgets.common import button, plain_label, text_label


class RecordingPlayer(QWidget):
    positionChanged = Signal(float)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayer")
        self.setAccessibleName("Your recording")
        self._duration = 0.0
        self._position = 0.0
        self._played = PlayedTime()  # what was really heard: skipped time is not played
        self._finished = False
        self._want_play = False
        self._path = ""
        root = QVBoxLayout(self)
        root.setSpacing(12)
        self.notice = text_label("", role="muted", object_name="recordingNotice")
        self.notice.hide()
        root.addWidget(self.notice)
        self.caption = text_label("", role="subtitle", object_name="recordingCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.caption)
        times = QHBoxLayout()
        self.elapsed = plain_label("0:00")
        self.elapsed.setObjectName("recordingElapsed")
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setObjectName("recordingSeek")
        self.seek_slider.setAccessibleName("Position in your recording")
        self.seek_slider.setPageStep(15_000)
        self.seek_slider.sliderReleased.connect(lambda: self.seek(self.seek_slider.value() / 1000))
        self.remaining = plain_label("-0:00")
        self.remaining.setObjectName("recordingRemaining")
        times.addWidget(self.elapsed)
        times.addWidget(self.seek_slider, 1)
        times.addWidget(self.remaining)
        root.addLayout(times)
        controls = QHBoxLayout()
        self.back_button = button("← 15 s", "recordingBack", "Back 15 seconds")
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_S))
        self.play_button = button("Play", "recordingPlayPause", "Play", role="primary")
        self.play_button.clicked.connect(self.toggle)
        self.forward_button = button("15 s →", "recordingForward", "Forward 15 seconds")
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_S))
        controls.addStretch(1)
        for widget in (self.back_button, self.play_button, self.forward_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        root.addLayout(controls)
        root.addWidget(text_label("The written steps, for reference:", role="muted"))
        self.steps = QListWidget()
        self.steps.setObjectName("recordingSteps")
        self.steps.setAccessibleName("The exercise's written steps")
        self.steps.setWordWrap(True)
        root.addWidget(self.steps, 1)
        window_keys(self, ((Qt.Key.Key_Space, self.toggle), (Qt.Key.Key_Left, lambda: self.skip(-SKIP_S)),
                           (Qt.Key.Key_Right, lambda: self.skip(SKIP_S))))  # fmt: skip
        self._transport: Transport = self._connect(MediaTransport(self))

    def _connect(self, transport: Transport) -> Transport:
        transport.positionChanged.connect(self._on_position)
        transport.ended.connect(self._on_ended)
        transport.failed.connect(self._on_failed)
        return transport

    # --- the calls the session flow uses ---------------------------------------------------------
    def load(
        self, recording: Recording, exercise: Exercise, start_at_s: float = 0.0, autoplay: bool = True
    ) -> None:
        self._duration = recording.duration_s
        self._path = str(recording.path)
        self._position = min(max(0.0, start_at_s), self._duration)
        self._played = PlayedTime(self._position)
        self._finished = False
        self._want_play = autoplay
        self.caption.setText(f"Your recording of “{exercise.title}”")
        self.steps.clear()
        for step in exercise.steps:
            self.steps.addItem(step_label(step))
        self.seek_slider.setRange(0, round(self._duration * 1000))
        if not QMediaDevices.audioOutputs():
            self._set_notice("No speaker or headphones were found: your recording plays silently here.")
        else:
            self._set_notice("")
        self._transport.load(self._path, self._duration, self._position, autoplay)
        self._show(self._position)
        self._update_button()

    def play(self) -> None:
        self._want_play = True
        self._finished = False
        self._transport.play()
        self._update_button()

    def pause(self) -> None:
        self._want_play = False
        self._transport.pause()
        self._update_button()

    def toggle(self) -> None:
        self.pause() if self._want_play else self.play()

    def stop(self) -> None:
        self._want_play = False
        self._transport.stop()
        self._update_button()

    def shutdown(self, timeout_s: float = 0.0) -> None:
        self.stop()

    def seek(self, seconds: float) -> None:
        target = max(0.0, min(seconds, self._duration))
        self._finished = False
        self._played.jumped()
        self._transport.seek(target)
        self._show(target)

    def skip(self, delta_s: float) -> None:
        self.seek(self.position_s() + delta_s)

    def position_s(self) -> float:
        return self._position

    def duration_s(self) -> float:
        return self._duration

    def completed_fraction(self) -> float:
        """Share (0-1) of the recording really played: skipped stretches are not played."""
        return self._played.fraction(self._duration)

    def played_s(self) -> float:
        """Seconds of the recording really played."""
        return self._played.played_s

    def is_playing(self) -> bool:
        return self._want_play and self._transport.is_playing()

    # --- internals -------------------------------------------------------------------------------
    def _on_position(self, seconds: float) -> None:
        if self._transport.is_playing():
            self._played.heard(seconds)
        else:
            self._played.paused()
        self._show(seconds)

    def _show(self, seconds: float) -> None:
        self._position = seconds
        if not self.seek_slider.isSliderDown():
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(round(seconds * 1000))
            self.seek_slider.blockSignals(False)
        self.elapsed.setText(clock_text(seconds))
        self.remaining.setText("-" + clock_text(max(0.0, self._duration - seconds)))
        self.positionChanged.emit(seconds)

    def _on_ended(self) -> None:
        self._finished = True
        self._want_play = False
        self._played.heard(self._duration)  # the last moments up to the end, if they were heard
        self._update_button()
        self.finished.emit()

    def _on_failed(self, message: str) -> None:
        if isinstance(self._transport, ClockTransport):
            return
        old, position = self._transport, self._position
        old.stop()
        self._transport = self._connect(ClockTransport(self))
        old.deleteLater()
        self._set_notice(f"Your recording cannot be played here ({message}); the time still moves along.")
        self._transport.load(self._path, self._duration, position, self._want_play)

    def _update_button(self) -> None:
        text = "Pause" if self._want_play else "Play"
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
