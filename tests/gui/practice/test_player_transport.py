"""The media transport under the quick stop/start a person makes when skipping around: it must never freeze.

Regression: Qt's FFmpeg audio thread, disconnecting from our Python-made audio output, waited for Python's
lock (the GIL) while holding a Qt lock the GUI thread needed: a few hundred quick cycles froze every time.
See coach/ui/media_threads.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CYCLES = 200

_STRESS = """
import sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from coach.ui.practice.player.transport import MediaTransport

app = QApplication([])
tracks = sys.argv[1:]
ended = []

def spin(ms):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()

for i in range({cycles}):
    transport = MediaTransport()
    transport.ended.connect(lambda: ended.append(1))
    transport.load(tracks[i % 2], 2.0, 0.0, True)
    spin(20 + i % 7)
    transport.seek(1.0)
    transport.stop()
    transport.load(tracks[(i + 1) % 2], 2.0, 0.5, True)
    spin(i % 5)
    transport.stop()
    transport.deleteLater()
    spin(1)

last = MediaTransport()
last.ended.connect(lambda: ended.append(1))
last.load(tracks[0], 2.0, 0.0, True)
for _ in range(100):
    if ended:
        break
    spin(50)
print("cycles done, last track ended:", bool(ended), flush=True)
"""


@pytest.mark.slow
def test_quick_stop_and_start_never_freezes_the_player(tmp_path: Path) -> None:
    sox = shutil.which("sox")
    if sox is None:
        pytest.skip("sox is needed to make the test tones")
    tracks = []
    for name, pitch in (("a.flac", 440), ("b.flac", 660)):
        path = tmp_path / name
        subprocess.run(
            [sox, "-n", "-r", "22050", "-c", "1", str(path), "synth", "2", "sine", str(pitch)], check=True
        )
        tracks.append(str(path))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="*=false")
    try:
        out = subprocess.run(
            [sys.executable, "-c", _STRESS.format(cycles=CYCLES), *tracks],
            capture_output=True,
            text=True,
            env=env,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the player froze during {CYCLES} quick stop/start cycles")
    assert out.returncode == 0, out.stderr[-2000:]
    # After all that, a track still plays through to its end.
    assert "cycles done, last track ended: True" in out.stdout
