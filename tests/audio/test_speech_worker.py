"""Piper's helper process: the app renders with the neural voice without onnxruntime ever loading in its own
process, the helper ends after each render, and a helper that fails gives a one-line CoachError."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import coach
from coach.audio.engines import HELPER_ARGUMENT, PiperEngine, helper_command, piper_installed
from coach.domain.errors import CoachError

SOURCE = Path(coach.__file__).resolve().parent.parent
needs_piper = pytest.mark.skipif(not piper_installed(), reason="the piper voice is not installed")

# A fresh interpreter, so nothing another test imported counts: render a short exercise with piper, then
# report what this process has loaded and whether the helper is still running.
_RENDER_AND_LOOK = """
import sys
sys.path.insert(0, sys.argv[2])  # this source tree, as `python -m coach` run from it would have
from pathlib import Path
from coach.audio.engines import get_engine
from coach.audio.render import Renderer
from coach.domain.exercise import Exercise, Step

exercise = Exercise(
    id="t", title="T", category="mindfulness", minutes=1, purpose="", when_to_use="", source="test",
    steps=(
        Step("speak", "Let your shoulders soften."),
        Step("pause", seconds=1.0),
        Step("speak", "Notice the breath, just as it is."),
    ),
)
track = Renderer(Path(sys.argv[1]), engine="piper").render(exercise)
print("engine", track.engine)
print("seconds", track.duration_s)
print("file", track.path)
print("onnxruntime-here", "onnxruntime" in sys.modules)
print("piper-here", "piper" in sys.modules)
print("helper-running", get_engine("piper").loaded)
get_engine("piper").load()  # the player starts the voice ahead of time; then the track is in the cache
print("hit", Renderer(Path(sys.argv[1]), engine="piper").render(exercise).cache_hit)
print("helper-after-hit", get_engine("piper").loaded)
"""


def _fake_helper(tmp_path: Path, body: str) -> list[str]:
    script = tmp_path / "helper.py"
    script.write_text(
        "import struct, sys\nout = sys.stdout.buffer\n" + textwrap.dedent(body), encoding="utf-8"
    )
    return [sys.executable, str(script)]


@pytest.mark.slow
@needs_piper
def test_a_piper_render_never_loads_onnxruntime_in_the_app(tmp_path: Path) -> None:
    # Started from another directory with no PYTHONPATH: the helper must still find this copy of the app.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_AND_LOOK, str(tmp_path / "cache"), str(SOURCE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    seen = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert seen["engine"] == "piper"
    assert float(seen["seconds"]) > 3.0  # it really spoke both sentences, plus the pause
    cached = Path(seen["file"])
    assert cached.is_file() and cached.parent == tmp_path / "cache" and cached.stat().st_size > 10_000
    assert seen["onnxruntime-here"] == "False"
    assert seen["piper-here"] == "False"
    assert seen["helper-running"] == "False"  # ended with the render: its memory is given back
    assert seen["hit"] == "True"
    assert seen["helper-after-hit"] == "False"  # a voice started for nothing is ended too


# Long enough that the voice's random variation in timing averages out.
TEXT = "Let your breath be easy. Notice your shoulders soften, and let your jaw rest."


@pytest.mark.slow
@needs_piper
def test_the_helper_speaks_at_the_rate_asked_and_can_be_released_and_restarted() -> None:
    engine = PiperEngine()
    try:
        engine.load()
        assert engine.loaded and engine.sample_rate == 22050
        normal = sum(len(c) for c in engine.synthesize(TEXT, 1.0))
        engine.release()
        assert not engine.loaded
        fast = sum(len(c) for c in engine.synthesize(TEXT, 1.5))  # starts again
        assert engine.loaded
        assert normal / 22050 > 2.0, normal
        assert fast < normal * 0.8, (fast, normal)  # length_scale = 1 / rate
    finally:
        engine.release()


def test_a_helper_that_cannot_start_is_a_one_line_error(tmp_path: Path) -> None:
    engine = PiperEngine(_fake_helper(tmp_path, "sys.exit(3)\n"))
    with pytest.raises(CoachError, match="could not start"):
        engine.load()
    assert not engine.loaded


def test_a_helper_program_that_is_missing_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="could not start"):
        PiperEngine([str(tmp_path / "no-such-program")]).load()


def test_a_voice_that_cannot_load_says_why(tmp_path: Path) -> None:
    helper = _fake_helper(
        tmp_path,
        """
        message = b"model file missing"
        out.write(struct.pack("<i", -1) + struct.pack("<I", len(message)) + message)
        out.flush()
        """,
    )
    with pytest.raises(CoachError, match="could not load: model file missing"):
        PiperEngine(helper).load()


def test_a_helper_that_dies_mid_render_is_an_error_and_the_next_call_starts_a_new_one(
    tmp_path: Path,
) -> None:
    # Says it is ready, then dies on the first request.
    helper = _fake_helper(tmp_path, 'out.write(struct.pack("<i", 22050)); out.flush(); sys.stdin.read(4)\n')
    engine = PiperEngine(helper)
    assert engine.sample_rate == 22050
    with pytest.raises(CoachError, match="stopped unexpectedly"):
        engine.synthesize("Hello.", 1.0)
    assert not engine.loaded
    assert engine.sample_rate == 22050  # a new helper
    engine.release()


def test_a_frozen_build_starts_itself_as_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    assert helper_command() == [sys.executable, "-m", "coach.audio.speech_worker"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert helper_command() == [sys.executable, HELPER_ARGUMENT]


@pytest.mark.slow
@needs_piper
def test_the_packaged_entry_point_runs_the_helper_when_asked() -> None:
    # What the frozen program runs: packaging/entry.py with the helper argument.
    engine = PiperEngine([sys.executable, str(SOURCE / "packaging" / "entry.py"), HELPER_ARGUMENT])
    try:
        assert engine.sample_rate == 22050
        assert sum(len(c) for c in engine.synthesize("Rest here.", 1.0)) > 22050 * 0.4
    finally:
        engine.release()
