"""Memory (RSS) of the app's player playing a piper-voiced exercise: the figure issue 18 asks for (<= 250 MB).

Runs offscreen with a fresh profile: the real PlayerWidget renders `breathing-space-3` with the piper voice
(voice loaded, FLAC cache written) and plays it through QMediaPlayer for PLAY_S seconds (silently when the
machine has no sound card; the position still advances). Prints the app's RSS when the track is ready and
its highest sample while playing (the figure the goal is judged on), VmHWM (the process's peak, render
included), and the piper speech helper's RSS while it renders (it ends with the render).
Run: python bench/bench_player_memory.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

EXERCISE = "breathing-space-3"
PLAY_S = 15.0


def _status_mb(field: str, pid: str = "self") -> float:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # the process ended
        return 0.0
    for line in lines:
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _helpers_mb() -> float:
    """RSS of this process's children (piper's speech helper while it renders)."""
    pids = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            pids.update((task / "children").read_text().split())
        except OSError:
            continue
    return sum(_status_mb("VmRSS", pid) for pid in pids)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from coach.services.context import AppContext
    from coach.services.practice.library import ExerciseLibrary
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store
    from coach.ui.practice.player.widget import PlayerWidget

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(ProfilePaths(Path(tmp)))
        ctx = AppContext(store=store)
        player = PlayerWidget(ctx)
        player.resize(900, 700)
        player.show()
        ready: list[float] = []
        player.trackReady.connect(lambda *_: ready.append(time.perf_counter()))
        started = time.perf_counter()
        player.load(ExerciseLibrary(store).get(EXERCISE), autoplay=True)
        helper_peak = together_peak = 0.0
        while not ready and time.perf_counter() - started < 120:
            app.processEvents()
            time.sleep(0.01)
            helpers = _helpers_mb()
            helper_peak = max(helper_peak, helpers)
            together_peak = max(together_peak, helpers + _status_mb("VmRSS"))
        rss_ready = _status_mb("VmRSS")
        play_start = time.perf_counter()
        samples = []
        while time.perf_counter() - play_start < PLAY_S:
            app.processEvents()
            time.sleep(0.05)
            samples.append(_status_mb("VmRSS"))
        position = player.position_s()
        print(
            f"engine: {player.engine()}; ready after {ready[0] - started:.1f} s" if ready else "never ready"
        )
        print(f"RSS when ready: {rss_ready:.0f} MB; while playing: max {max(samples):.0f} MB")
        print(f"peak RSS of the process (VmHWM, render included): {_status_mb('VmHWM'):.0f} MB")
        print(
            f"speech helper during the render: peak {helper_peak:.0f} MB; app + helper peak "
            f"{together_peak:.0f} MB; helper still running while playing: {_helpers_mb() > 0}"
        )
        print(f"played to {position:.1f} s of {player.duration_s():.1f} s; playing={player.is_playing()}")
        player.shutdown()
        store.close()


if __name__ == "__main__":
    main()
