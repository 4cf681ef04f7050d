"""Getting Qt Multimedia objects made from Python ready for Qt's FFmpeg threads, so playback never freezes.

Qt's FFmpeg backend connects its worker objects (the audio renderer, the encoder) to our player, audio
output and recorder, and tears those connections down from its own threads. Each connect or disconnect
calls connectNotify/disconnectNotify on our objects; for an object made from Python, PySide first asks
Python whether that method is overridden, which needs Python's lock (the GIL), while Qt holds a lock of
its own. If the GUI thread, holding the GIL, meanwhile calls into the player (stop, or restyling a widget
from a player signal) and needs Qt's lock, both wait forever: the player froze within a few hundred quick
stop/start cycles. PySide remembers the answer after the first ask, so asking once here, on the GUI thread,
means the FFmpeg threads never need the GIL for these calls.

Seen on PySide6 / shiboken6 6.11.3 with the Qt 6.11.3 its wheels bring (`PySide6.__version__`,
`PySide6.QtCore.qVersion()`), Qt's FFmpeg multimedia backend, CPython 3.11, Linux. The bug is PySide's,
not ours: its generated wrappers take the GIL in connectNotify/disconnectNotify, to look for a Python
override, even when called from a thread that is not running Python. It can go when a PySide6 release
answers that without the GIL (or Qt stops connecting to our objects from its own threads): remove the
call in transport.py and recording_dialog.py and run tests/gui/practice/test_player_transport.py (200
quick stop/start cycles) on that release. Rechecked on 6.11.3 when background work moved to tasks.py:
without the call that test froze (killed after 90 s); with it, it passes in about 9 s.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def _nothing(*_args: object) -> None:
    pass


def ready_for_media_threads(*objects: QObject) -> None:
    """Answer PySide's override check for connectNotify and disconnectNotify of each of `objects` now, on
    the GUI thread (call right after making them, before they are handed to Qt Multimedia)."""
    for obj in objects:
        connection = obj.objectNameChanged.connect(_nothing)  # asks once for connectNotify ...
        obj.objectNameChanged.disconnect(connection)  # ... and for disconnectNotify
