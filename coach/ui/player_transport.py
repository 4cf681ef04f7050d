"""Moves the play position for the player: QMediaPlayer normally, a QTimer clock when media cannot play.

Both transports expose the same small surface (load/play/pause/seek/position + signals), so the player
widget never cares which one runs. The clock keeps captions and the session's progress moving when Qt's
multimedia backend reports an error (no codec, no backend): the person can still follow the words.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Q_ARG, QGenericArgumentHolder, QMetaObject, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

_LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
SEEK_SETTLED_S = 0.75  # a reported position this close to the asked-for one means the seek has happened


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
    """QMediaPlayer + QAudioOutput. Without an output device Qt still plays (silently) to the end.

    Every command reaches QMediaPlayer as a queued call that Qt's event loop makes, never as a direct call
    from Python. A direct call holds Python's lock (the GIL) while Qt's FFmpeg backend may wait on a lock of
    its own, and the backend's audio thread, tearing down after a stop, can hold that lock while it waits
    for the GIL (to ask our Python-made QAudioOutput about its disconnectNotify): a deadlock that froze the
    player about once in a few dozen stops. The event loop runs without the GIL, so a queued call never
    holds both. Commands keep their order; the intended state is kept here so callers see it at once.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self._source = QUrl()
        self._pending_start: float | None = None
        self._new_media_loading = False
        self._seek_target: float | None = None
        self._playing = False
        self._ended = False
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._follow_default_output)
        self.player.positionChanged.connect(self._on_position)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)

    def _invoke(self, slot: str, *args: QGenericArgumentHolder) -> None:
        QMetaObject.invokeMethod(self.player, slot, Qt.ConnectionType.QueuedConnection, *args)

    def _set_position(self, seconds: float) -> None:
        self._seek_target = seconds
        self._invoke("setPosition", Q_ARG("qint64", round(seconds * 1000)))

    def _follow_default_output(self) -> None:
        # A headset plugged in mid-session: move to the new default instead of staying silent.
        self.output.setDevice(QMediaDevices.defaultAudioOutput())

    def load(self, path: str, duration_s: float, start_s: float, play: bool) -> None:
        self._ended = False
        self._source = QUrl.fromLocalFile(path)
        # A seek before the new media has loaded is ignored by Qt: the start is applied once it has.
        self._pending_start = start_s
        self._new_media_loading = False
        self._seek_target = None
        self._invoke("setSource", Q_ARG(QUrl, self._source))
        self._playing = play
        if play:
            self._invoke("play")

    def _apply_pending_start(self) -> None:
        start, self._pending_start = self._pending_start, None
        if start:
            self._set_position(start)

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self.player.source() != self._source:
            return  # the old media's last words while the new one replaces it
        if status == QMediaPlayer.MediaStatus.LoadingMedia:
            self._new_media_loading = True
        elif status in _LOADED:
            # Only the new media's own "loaded", not the old one's "stopped, still loaded" on the way out.
            if self._pending_start is not None and self._new_media_loading:
                self._apply_pending_start()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._ended = True
            self._playing = False
            self.ended.emit()

    def _on_position(self, ms: int) -> None:
        if self._pending_start is not None:
            return
        seconds = ms / 1000.0
        if self._seek_target is not None:
            if abs(seconds - self._seek_target) > SEEK_SETTLED_S:
                return  # a position from before the seek was carried out
            self._seek_target = None
        self.positionChanged.emit(seconds)

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._playing = False
            self.failed.emit(message or "the audio could not be played")

    def play(self) -> None:
        if self._ended:
            self._ended = False
            self._set_position(0.0)
        self._playing = True
        self._invoke("play")

    def pause(self) -> None:
        self._playing = False
        self._invoke("pause")

    def stop(self) -> None:
        self._pending_start = None
        self._seek_target = None
        self._playing = False
        self._invoke("stop")

    def seek(self, seconds: float) -> None:
        self._ended = False
        if self._pending_start is not None:
            self._pending_start = seconds  # not loaded yet: start there once it is
            return
        self._set_position(seconds)
        self.positionChanged.emit(seconds)

    def position_s(self) -> float:
        if self._pending_start is not None:
            return self._pending_start
        if self._seek_target is not None:
            return self._seek_target
        return self.player.position() / 1000.0

    def is_playing(self) -> bool:
        return self._playing

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
