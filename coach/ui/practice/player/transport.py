"""Moves the play position for the player: QMediaPlayer normally, a QTimer clock when media cannot play.

Both transports expose the same small surface (load/play/pause/seek/position + signals), so the player
widget never cares which one runs. The clock keeps captions and the session's progress moving when Qt's
multimedia backend reports an error (no codec, no backend): the person can still follow the words.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

from coach.ui.media_threads import ready_for_media_threads

_LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)


class Transport(QObject):
    positionChanged = Signal(float)  # seconds
    ended = Signal()
    failed = Signal(str)

    def load(self, path: str, duration_s: float, start_s: float, play: bool) -> None:
        raise NotImplementedError

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def seek(self, seconds: float) -> None:
        raise NotImplementedError

    def position_s(self) -> float:
        raise NotImplementedError

    def is_playing(self) -> bool:
        raise NotImplementedError

    def set_volume(self, volume: float) -> None:
        """0..1; the clock has nothing to make louder."""


class MediaTransport(Transport):
    """QMediaPlayer + QAudioOutput. Without an output device Qt still plays (silently) to the end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self._pending_start: float | None = None
        self._replacing = False
        self._ended = False
        self._devices = QMediaDevices(self)
        ready_for_media_threads(self.player, self.output, self._devices)
        self._devices.audioOutputsChanged.connect(self._follow_default_output)
        self.player.positionChanged.connect(self._on_position)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)

    def _follow_default_output(self) -> None:
        # A headset plugged in mid-session: move to the new default instead of staying silent.
        self.output.setDevice(QMediaDevices.defaultAudioOutput())

    def load(self, path: str, duration_s: float, start_s: float, play: bool) -> None:
        self._ended = False
        # setSource first stops the old media, which reports position 0 and LoadedMedia synchronously; the
        # start position must only be applied once the *new* media has loaded (a seek before is ignored).
        self._pending_start = start_s
        self._replacing = True  # old media's stop events (position 0, LoadedMedia) are not news
        try:
            self.player.setSource(QUrl.fromLocalFile(path))
        finally:
            self._replacing = False
        if self.player.mediaStatus() in _LOADED:
            self._apply_pending_start()
        if play:
            self.player.play()

    def _apply_pending_start(self) -> None:
        start, self._pending_start = self._pending_start, None
        if start:
            self.player.setPosition(round(start * 1000))

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._replacing:
            return
        if status in _LOADED:
            if self._pending_start is not None:
                self._apply_pending_start()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._ended = True
            self.ended.emit()

    def _on_position(self, ms: int) -> None:
        if self._pending_start is None:
            self.positionChanged.emit(ms / 1000.0)

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.failed.emit(message or "the audio could not be played")

    def play(self) -> None:
        if self._ended:
            self._ended = False
            self.player.setPosition(0)
        self.player.play()

    def pause(self) -> None:
        self.player.pause()

    def stop(self) -> None:
        self._pending_start = None
        self.player.stop()

    def seek(self, seconds: float) -> None:
        self._ended = False
        if self._pending_start is not None:
            self._pending_start = seconds  # not loaded yet: start there once it is
            return
        self.player.setPosition(round(seconds * 1000))
        self.positionChanged.emit(seconds)

    def position_s(self) -> float:
        if self._pending_start is not None:
            return self._pending_start
        return self.player.position() / 1000.0

    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def set_volume(self, volume: float) -> None:
        self.output.setVolume(volume)


class ClockTransport(Transport):
    """A silent clock over the track's length, ticking 10 times a second against the monotonic clock."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self._duration = 0.0
        self._base = 0.0  # position when the clock last started
        self._started_at: float | None = None

    def load(self, path: str, duration_s: float, start_s: float, play: bool) -> None:
        self._duration = duration_s
        self._base = min(start_s, duration_s)
        self._started_at = None
        if play:
            self.play()

    def _now(self) -> float:
        if self._started_at is None:
            return self._base
        return min(self._duration, self._base + time.monotonic() - self._started_at)

    def _tick(self) -> None:
        position = self._now()
        self.positionChanged.emit(position)
        if position >= self._duration:
            self.pause()
            self.ended.emit()

    def play(self) -> None:
        if self._started_at is not None:
            return
        if self._base >= self._duration:
            self._base = 0.0
        self._started_at = time.monotonic()
        self._timer.start()

    def pause(self) -> None:
        self._base = self._now()
        self._started_at = None
        self._timer.stop()

    def stop(self) -> None:
        self.pause()

    def seek(self, seconds: float) -> None:
        self._base = max(0.0, min(seconds, self._duration))
        if self._started_at is not None:
            self._started_at = time.monotonic()
        self.positionChanged.emit(self._base)

    def position_s(self) -> float:
        return self._now()

    def is_playing(self) -> bool:
        return self._started_at is not None
