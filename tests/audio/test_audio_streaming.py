"""The track streams to disk step by step: the result is byte-for-byte what composing it whole in memory
gave (lengths, timings, samples, with and without the background bed), and no spool or temporary file is
left behind. (The memory figure for a 90-minute exercise is a benchmark: bench/bench_render_memory.py.)"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_audio_support import SHORT, exercise

from coach.audio import compose
from coach.audio._pydub import AudioSegment
from coach.audio.cache import read_audio
from coach.audio.compose import LEAD_IN_S, RATE, TAIL_S, frames, step_audio
from coach.audio.loudness import float_to_segment
from coach.audio.render import RenderCancelled, Renderer
from coach.domain.exercise import Exercise, Step


def _pcm(samples: np.ndarray) -> bytes:
    return bytes(np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2").tobytes())


def _fade(count: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, count))).astype(np.float32)


def whole_in_memory(ex: Exercise, ambient_volume: float) -> tuple[bytes, list[tuple[float, float]]]:
    """The composition as it was before streaming: every piece joined, the bed overlaid by pydub on the
    whole track, then fades on exact frames. Returns (PCM bytes, (start, end) of each step)."""
    pieces = [_pcm(np.zeros(frames(LEAD_IN_S), dtype=np.float32))]
    position = frames(LEAD_IN_S)
    spans = []
    for step in ex.steps:
        audio = step_audio(step, None, RATE, 1.0)
        pieces.append(_pcm(audio.samples))
        spans.append((position / RATE, (position + len(audio.samples)) / RATE))
        position += len(audio.samples)
    data = b"".join(pieces) + _pcm(np.zeros(frames(TAIL_S), dtype=np.float32))
    track = AudioSegment(data=data, sample_width=2, frame_rate=RATE, channels=1)
    gain = compose._ambient_gain(ambient_volume)
    if gain > 0:
        bed = np.resize(compose._ambient_loop_cached(), len(data) // 2) * np.float32(gain)
        track = track.overlay(float_to_segment(bed.astype(np.float32), RATE))
    pcm = np.frombuffer(track.raw_data, dtype="<i2").astype(np.float32)
    pcm[: frames(LEAD_IN_S)] *= _fade(frames(LEAD_IN_S))
    pcm[len(pcm) - frames(TAIL_S) :] *= _fade(frames(TAIL_S))[::-1]
    return np.round(pcm).astype("<i2").tobytes(), spans


@pytest.mark.parametrize("ambient", ["none", "soft"])
def test_a_streamed_track_equals_the_track_composed_whole(tmp_path: Path, ambient: str) -> None:
    # Longer than one 10 s block, so steps are mixed across block and bed-loop boundaries.
    ex = exercise(*SHORT.steps, Step("pause", seconds=21.3), Step("chime"), Step("speak", "Rest now."))
    track = Renderer(tmp_path, engine="none", ambient=ambient, ambient_volume=0.5).render(ex)
    expected, spans = whole_in_memory(ex, 0.5 if ambient == "soft" else 0.0)
    written = read_audio(track.path).raw_data
    assert len(written) == len(expected)
    assert written == expected
    assert [(t.start_s, t.end_s) for t in track.steps] == spans
    assert track.duration_s == len(expected) / 2 / RATE


def test_rendering_leaves_only_the_cached_track_behind(tmp_path: Path) -> None:
    ex = exercise(Step("speak", "Settle in."), Step("pause", seconds=25), Step("speak", "Well done."))
    renderer = Renderer(tmp_path / "cache", engine="none")
    track = renderer.render(ex)
    files = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert files == sorted([track.path.name, track.path.with_suffix(".json").name])

    stop_after = iter([False, False, True])
    with pytest.raises(RenderCancelled):
        Renderer(tmp_path / "other", engine="none").render(ex, cancelled=lambda: next(stop_after, True))
    assert [p for p in (tmp_path / "other").rglob("*") if p.is_file()] == []


def test_a_script_over_90_minutes_is_not_rendered_at_all(tmp_path: Path) -> None:
    """Defence in depth for issue 14's bundle exercise (500 pauses of 600 s): even an exercise that never
    went through the loader's checks is refused before a byte is written."""
    from coach.domain.errors import CoachError

    endless = exercise(*[Step("pause", seconds=600)] * 500)
    with pytest.raises(CoachError, match="would last more than 90 minutes"):
        Renderer(tmp_path / "cache", engine="none").render(endless)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*"))
