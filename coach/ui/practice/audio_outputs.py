"""The audio-output count `coach doctor` asks for: Qt's view of the sound devices, printed in a child process.

The doctor's core never imports Qt, so it starts the app's own program again with
`_COACH_SELF_CHECK=audio-outputs` (coach/launch.py routes that here). The same program works from source
and in the packaged app, where `python -c ...` does not exist.
"""

from __future__ import annotations


def print_audio_output_count() -> int:
    """Print the number of audio output devices Qt sees (one line, an integer); returns exit status 0."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtMultimedia import QMediaDevices

    app = QCoreApplication.instance() or QCoreApplication([])
    print(len(QMediaDevices.audioOutputs()), flush=True)
    del app
    return 0
