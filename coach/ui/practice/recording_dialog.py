"""Record your own voice for an exercise with the default microphone (shown only when one exists)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QAudioInput, QMediaCaptureSession, QMediaFormat, QMediaRecorder
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from coach.ui.media_threads import ready_for_media_threads
from coach.ui.practice.player.view import clock_text
from coach.ui.widgets.common import button, plain_label, text_label


class RecordingDialog(QDialog):
    """Start/stop a WAV recording into a temporary file; the page imports it (normalising the volume)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record your voice")
        self.setObjectName("recordingDialog")
        self.recorded_file: Path | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="coach-recording-")
        self._target = Path(self._folder.name) / "recording.wav"
        self.session = QMediaCaptureSession(self)
        self.audio_input = QAudioInput(self)
        self.session.setAudioInput(self.audio_input)
        self.recorder = QMediaRecorder(self)
        self.session.setRecorder(self.recorder)
        media_format = QMediaFormat(QMediaFormat.FileFormat.Wave)
        media_format.setAudioCodec(QMediaFormat.AudioCodec.Wave)
        self.recorder.setMediaFormat(media_format)
        self.recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(self._target)))
        ready_for_media_threads(self.session, self.audio_input, self.recorder)

        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label("Read the exercise in your own words, slowly, leaving quiet where it helps. "
                       "You can record again until you are happy with it.")
        )  # fmt: skip
        self.elapsed = plain_label("0:00")
        self.elapsed.setObjectName("recordingElapsed")
        self.elapsed.setAccessibleName("Recording length")
        layout.addWidget(self.elapsed)
        self.status = text_label("", role="muted", object_name="recordingStatus")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.record_button = button("Start recording", "recordStart", role="primary")
        self.record_button.clicked.connect(self._toggle)
        self.use_button = button("Use this recording", "recordUse")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self._use)
        cancel = button("Cancel", "recordCancel")
        cancel.clicked.connect(self.reject)
        row.addWidget(self.record_button)
        row.addWidget(self.use_button)
        row.addStretch(1)
        row.addWidget(cancel)
        layout.addLayout(row)
        self.recorder.durationChanged.connect(lambda ms: self.elapsed.setText(clock_text(ms / 1000)))
        self.recorder.recorderStateChanged.connect(self._state_changed)
        self.recorder.errorOccurred.connect(lambda _e, text: self.status.setText(f"Recording failed: {text}"))

    def _toggle(self) -> None:
        if self.recorder.recorderState() == QMediaRecorder.RecorderState.RecordingState:
            self.recorder.stop()
        else:
            self._target.unlink(missing_ok=True)
            self.use_button.setEnabled(False)
            self.recorder.record()

    def _state_changed(self, state: QMediaRecorder.RecorderState) -> None:
        recording = state == QMediaRecorder.RecorderState.RecordingState
        self.record_button.setText(
            "Stop" if recording else "Record again" if self._has_file() else "Start recording"
        )
        self.status.setText("Recording…" if recording else "")
        self.use_button.setEnabled(not recording and self._has_file())

    def _has_file(self) -> bool:
        located = self.recorder.actualLocation().toLocalFile()
        return bool(located) and Path(located).is_file() and Path(located).stat().st_size > 44

    def _use(self) -> None:
        self.recorded_file = Path(self.recorder.actualLocation().toLocalFile())
        self.accept()

    def done(self, result: int) -> None:
        if self.recorder.recorderState() != QMediaRecorder.RecorderState.StoppedState:
            self.recorder.stop()
        super().done(result)
