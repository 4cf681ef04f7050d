"""Getting Qt Multimedia objects made from Python ready for Qt's FFmpeg threads, so playback never freezes.

Qt's FFmpeg backend connects its worker objects (the audio renderer, the encoder) to our player, audio
output and recorder, and tears those connections down from its own threads. Each connect or disconnect
calls connectNotify/disconnectNotify on our objects; for an object made from Python, PySide first asks
Python whether that method is overridden, which needs Python's lock (the GIL), while Qt holds a lock of
its own. If the GUI thread, holding the GIL, meanwhile calls into the player (stop, or restyling a widget
from a player signal) and needs Qt's lock, both wait forever: the player froze within a few hundred quick
stop/start cycles. PySide remembers the answer after the first ask, so asking once here, on the GUI thread,
means the FFmpeg threads never need the GIL for these calls.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def _nothing(*_args: object) -> None:
    pass


def ready_for_media_threads(*objects: QObject) -> None:
    for obj in objects:
        connection = obj.objectNameChanged.connect(_nothing)  # asks once for connectNotify ...
        obj.objectNameChanged.disconnect(connection)  # ... and for disconnectNotify
