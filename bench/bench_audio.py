"""Audio: time to first audio (uncached, cached) and a full render against raw synthesis of the same text.

Exercise: somatic-tracking-10. Goals: first audio <= 3 s uncached including the voice load, <= 0.3 s
cached; full render (synthesis + composition + FLAC cache write) <= 1.1x raw synthesis of the exercise's
text, same run. Raw synthesis is the same step texts the render speaks, with nothing else (piper is
slower on the text as one long call, so that figure is only shown in the note). First-audio figures run in
a fresh process each time, so the voice really loads; render and raw synthesis alternate in one process
(voice already loaded) and the best of each is kept, which evens out noise from other work on the
machine. "composition + cache" is the render's time outside the speech engine. Piper speaks from a helper
process that ends with each render, so the voice is started again (untimed) before each raw-synthesis
round and each render, as the app does while the before-ratings are shown.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXERCISE = "somatic-tracking-10"
FIRST_RUNS = 3
RENDER_ROUNDS = 3

# Child process: time from "about to render" (modules imported, voice not loaded) to the first playable
# audio; it then cancels the rest, which is not what is being measured.
_FIRST_AUDIO = """
import sys, time
from pathlib import Path
from coach.audio.render import RenderCancelled, Renderer
from coach.services.practice.library import ExerciseLibrary
exercise = ExerciseLibrary().get({exercise!r})
if {preload!r}:  # the app loads the voice while the person rates how they feel, before Begin
    from coach.audio.engines import get_engine
    getattr(get_engine({engine!r}), "load", lambda: None)()
started = time.perf_counter()
first = []
renderer = Renderer(Path({cache!r}), engine={engine!r})
try:
    renderer.render(exercise, cancelled=lambda: bool(first),
                    on_first_ready=lambda t: first.append((time.perf_counter() - started, t.duration_s)))
except RenderCancelled:
    pass
print("first-audio", first[0][0], first[0][1], renderer.engine)
"""


def _first_audio(cache: Path, engine: str, preload: bool = False) -> tuple[float, float, str]:
    code = _FIRST_AUDIO.format(exercise=EXERCISE, cache=str(cache), engine=engine, preload=preload)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("first-audio"))
    _, seconds, prefix_s, used = line.split()
    return float(seconds), float(prefix_s), used


def _bench_engine(engine_name: str, root: Path) -> list[tuple[str, str, str]]:
    from coach.audio.engines import get_engine
    from coach.audio.render import Renderer
    from coach.services.practice.library import ExerciseLibrary

    exercise = ExerciseLibrary().get(EXERCISE)
    uncached = [_first_audio(root / f"cold-{i}", engine_name) for i in range(FIRST_RUNS)]
    cold = statistics.median(s for s, _, _ in uncached)
    prefix_s = uncached[0][1]
    after_ratings = [
        _first_audio(root / f"rated-{i}", engine_name, preload=True)[0] for i in range(FIRST_RUNS)
    ]

    engine = get_engine(engine_name)
    assert engine is not None
    prepare = getattr(engine, "load", None)
    if callable(prepare):
        prepare()
    spoken = [s.text for s in exercise.steps if s.kind in ("speak", "breath") and s.text.strip()]
    synthesize = engine.synthesize
    in_render = [0.0]

    def timed(text: str, rate: float) -> list[Any]:
        started = time.perf_counter()
        try:
            return synthesize(text, rate)
        finally:
            in_render[0] += time.perf_counter() - started

    one_call, per_step, render_times, overheads = [], [], [], []
    track = None
    for round_ in range(RENDER_ROUNDS):
        if callable(prepare):
            prepare()  # the render ends piper's helper process: start it again outside the timing
        started = time.perf_counter()
        for text in spoken:
            synthesize(text, 1.0)
        per_step.append(time.perf_counter() - started)
        if round_ == 0:
            started = time.perf_counter()
            synthesize(exercise.spoken_text, 1.0)
            one_call.append(time.perf_counter() - started)
        renderer = Renderer(root / f"full-{round_}", engine=engine_name)
        in_render[0] = 0.0
        engine.synthesize = timed  # type: ignore[method-assign]
        if callable(prepare):
            prepare()  # as in the app, which loads the voice while the before-ratings are shown
        try:
            started = time.perf_counter()
            track = renderer.render(exercise)
            render_times.append(time.perf_counter() - started)
        finally:
            del engine.synthesize  # back to the class's method
        overheads.append(render_times[-1] - in_render[0])
    assert track is not None
    raw, full = min(per_step), min(render_times)
    # Synthesis time swings a lot when other work shares the CPU; the render's time over its own
    # synthesis time (same calls, same moment) shows the cost of composing and caching without that noise.
    intrinsic = min(t / (t - o) for t, o in zip(render_times, overheads, strict=True))

    warm = [_first_audio(root / "full-0", engine_name)[0] for _ in range(FIRST_RUNS)]
    cached = statistics.median(warm)
    name = f"audio ({engine_name})"
    return [
        (
            f"{name}: first audio, uncached",
            f"{cold:.2f} s",
            f"incl. voice load; prefix {prefix_s:.0f} s (goal <= 3 s)",
        ),
        (
            f"{name}: first audio after Begin, uncached",
            f"{statistics.median(after_ratings):.2f} s",
            "voice loaded while the before-ratings were shown, as the app does",
        ),
        (f"{name}: first audio, cached", f"{cached * 1000:.0f} ms", "goal <= 300 ms"),
        (
            f"{name}: raw synthesis of the text",
            f"{raw:.2f} s",
            f"{len(spoken)} step texts, best of {RENDER_ROUNDS}; as one call: {one_call[0]:.2f} s",
        ),
        (
            f"{name}: full render",
            f"{full:.2f} s",
            f"{full / raw:.2f}x raw (goal <= 1.1x); composition + cache {min(overheads):.2f} s = "
            f"{intrinsic:.2f}x its own synthesis; {track.duration_s / 60:.1f} min track",
        ),
    ]


def main() -> list[tuple[str, str, str]]:
    from coach.audio.engines import available_engines

    rows: list[tuple[str, str, str]] = []
    for engine_name in [e for e in available_engines() if e != "none"]:
        print(f"  audio: {engine_name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="coach-bench-audio-") as root:
            rows += _bench_engine(engine_name, Path(root))
    if not rows:
        rows.append(("audio", "skipped", "no speech engine installed"))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    table = main()
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
