"""Audio: peak memory of rendering a 90-minute exercise (the longest an exercise may be).

A fresh process imports the renderer, notes its resident memory, renders a synthetic 90-minute script
(speech, pauses, breathing cycles and chimes, with the soft background bed so every mixing path runs) and
reports its peak resident set size (ru_maxrss). Goal: under 300 MB, because the track streams to disk in
chunks instead of being held whole in memory. The voice is "none" by default (captions only: the same
composition, and no synthesis noise in the figure); `BENCH_RENDER_ENGINE=espeak` uses the espeak voice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

GOAL_MB = 300.0
TARGET_MINUTES = 90.0

# Child process: only the render is measured; ru_maxrss is the peak of the whole process, so the figure
# includes Python, numpy and the app's modules (the "after imports" figure shows how much that is).
_CHILD = """
import resource, sys, time
from pathlib import Path
from coach.audio.render import Renderer
from coach.domain.exercise import Exercise, Step, estimate_seconds

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

block = (
    Step("speak", "Let your attention rest on the breath, noticing how it moves in and out " * 3),
    Step("pause", seconds=45.0),
    Step("breath", "Breathe with the tone.", inhale=4.0, hold=2.0, exhale=6.0, cycles=3),
    Step("chime"),
)
steps = []
while True:
    candidate = Exercise("long-rest", "Long rest", "mindfulness", 60, "", "", "bench", tuple(steps + list(block)))
    if estimate_seconds(candidate) > {target_s!r}:
        break
    steps += list(block)
exercise = Exercise("long-rest", "Long rest", "mindfulness", 60, "", "", "bench", tuple(steps))
renderer = Renderer(Path({cache!r}), engine={engine!r}, ambient="soft", ambient_volume=0.15)
before = peak_mb()
started = time.perf_counter()
track = renderer.render(exercise)
seconds = time.perf_counter() - started
print("render-memory", before, peak_mb(), track.duration_s, seconds, renderer.engine)
"""


def measure(engine: str = "none", minutes: float = TARGET_MINUTES) -> tuple[float, float, float, float, str]:
    """(MB after imports, peak MB, track seconds, render seconds, engine used) from a fresh process."""
    with tempfile.TemporaryDirectory(prefix="coach-bench-render-memory-") as root:
        code = _CHILD.format(target_s=minutes * 60, cache=str(Path(root) / "cache"), engine=engine)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")])
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("render-memory"))
    _, before, peak, duration, seconds, used = line.split()
    return float(before), float(peak), float(duration), float(seconds), used


def main() -> list[tuple[str, str, str]]:
    engine = os.environ.get("BENCH_RENDER_ENGINE", "none")
    before, peak, duration, seconds, used = measure(engine)
    verdict = "ok" if peak < GOAL_MB else "OVER"
    return [
        (
            f"render memory ({used}): 90-minute exercise",
            f"{peak:.0f} MB peak",
            f"{verdict}: goal < {GOAL_MB:.0f} MB; {before:.0f} MB after imports; "
            f"{duration / 60:.1f} min track rendered in {seconds:.1f} s",
        )
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for row in main():
        print(" | ".join(row))
