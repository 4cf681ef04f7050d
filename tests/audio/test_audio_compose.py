"""Composition: step times add up and match the audio, one loudness level, chime and breathing cues."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_audio_support import SHORT, samples, span

from coach.audio.compose import (
    BREATH_CUE_DBFS,
    CHIME_DBFS,
    LEAD_IN_S,
    RATE,
    SENTENCE_GAP_S,
    STEP_GAP_S,
    TAIL_S,
    TrackBuilder,
    step_audio,
)
from coach.audio.engines import piper_installed, reading_seconds
from coach.audio.loudness import TARGET_DBFS, TOLERANCE_DB, gated_level_dbfs, normalize
from coach.audio.render import Renderer
from coach.audio.sounds import bowl_chime, chime
from coach.domain.exercise import Step
from coach.services.practice.library import ExerciseLibrary


def test_without_a_voice_every_step_lasts_exactly_its_planned_time(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="none").render(SHORT)
    chime_s = len(chime()) / RATE
    read_first = reading_seconds(SHORT.steps[1].text) + STEP_GAP_S
    lead_in = reading_seconds(SHORT.steps[3].text) + STEP_GAP_S
    expected = [
        chime_s,
        read_first,
        2.5,
        lead_in + 2 * (3 + 1 + 4),
        reading_seconds("Well done.") + STEP_GAP_S,
    ]
    durations = [t.end_s - t.start_s for t in track.steps]
    assert durations == pytest.approx(expected, abs=1.5 / RATE)
    assert track.duration_s == pytest.approx(LEAD_IN_S + sum(expected) + TAIL_S, abs=len(expected) / RATE)
    assert len(samples(track)) / RATE == pytest.approx(track.duration_s, abs=1 / RATE)


def test_step_times_are_contiguous_and_cover_the_audio(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="espeak").render(SHORT)
    starts = [t.start_s for t in track.steps]
    assert starts[0] == pytest.approx(LEAD_IN_S)
    assert starts == sorted(starts)
    for before, after in zip(track.steps, track.steps[1:], strict=False):
        assert before.end_s == pytest.approx(after.start_s)
        assert before.end_s > before.start_s
    assert track.steps[-1].end_s + TAIL_S == pytest.approx(track.duration_s, abs=1 / RATE)
    audio = samples(track)
    assert len(audio) / RATE == pytest.approx(track.duration_s, abs=1 / RATE)
    # Speech sits inside its own step: the quiet gap closing each speak step is really quiet.
    for timing in track.steps:
        if timing.kind == "speak":
            voiced = span(audio, timing.start_s, timing.end_s - STEP_GAP_S)
            tail = span(audio, timing.end_s - STEP_GAP_S + 0.05, timing.end_s)
            assert gated_level_dbfs(voiced, RATE) > -30
            assert np.abs(tail).max() < 10 ** (-40 / 20)


def test_sentences_get_a_calm_gap_between_them() -> None:
    sentence = np.sin(np.linspace(0, 400 * np.pi, RATE)).astype(np.float32) * 0.3
    audio = step_audio(Step("speak", "One. Two."), [sentence, sentence], RATE, 1.0).samples
    assert len(audio) == pytest.approx(2 * RATE + (SENTENCE_GAP_S + STEP_GAP_S) * RATE, abs=200)


SPOKEN_EXERCISES = ["flare-tracking-3", "breathing-space-3", "pain-false-alarm", "self-compassion-pain"]


@pytest.mark.parametrize("exercise_id", SPOKEN_EXERCISES)
def test_speech_of_every_exercise_sits_at_the_loudness_target(tmp_path: Path, exercise_id: str) -> None:
    built_in = ExerciseLibrary().get(exercise_id)
    track = Renderer(tmp_path, engine="espeak", ambient="soft").render(built_in)
    audio = samples(track)
    speech = np.concatenate([span(audio, t.start_s, t.end_s) for t in track.steps if t.kind == "speak"])
    assert gated_level_dbfs(speech, RATE) == pytest.approx(TARGET_DBFS, abs=TOLERANCE_DB)
    assert np.abs(audio).max() <= 10 ** (-1 / 20) + 1e-3  # the limiter's ceiling: no clipping


def test_chime_is_present_at_its_level_and_pitch(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="none").render(SHORT)
    timing = track.steps[0]
    assert timing.kind == "chime"
    ring = span(samples(track), timing.start_s, timing.end_s)
    assert gated_level_dbfs(ring, RATE) == pytest.approx(CHIME_DBFS, abs=TOLERANCE_DB)
    spectrum = np.abs(np.fft.rfft(ring))
    peak_hz = np.fft.rfftfreq(len(ring), 1 / RATE)[int(np.argmax(spectrum))]
    assert 190 < peak_hz < 200  # the bowl's fundamental (196 Hz)


def test_shipped_chime_is_the_synthesised_bowl() -> None:
    shipped = chime()
    assert len(shipped) == 4 * RATE
    assert np.corrcoef(shipped, bowl_chime())[0, 1] > 0.999
    attack = np.abs(shipped[: int(0.02 * RATE)]).max()
    assert attack < np.abs(shipped).max() * 0.9  # a soft attack, not a click
    assert np.abs(shipped[-50:]).max() < 1e-3  # it rings out to silence


def test_breathing_cycles_rise_hold_and_fall(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="none").render(SHORT)
    breath = track.steps[3]
    names = [p.name for p in breath.phases]
    assert names == ["in", "hold", "out", "in", "hold", "out"]
    assert breath.phases[-1].end_s == pytest.approx(breath.end_s)
    audio = samples(track)

    def pitch(start: float, end: float) -> float:
        piece = span(audio, start, end)
        spectrum = np.abs(np.fft.rfft(piece * np.hanning(len(piece))))
        return float(np.fft.rfftfreq(len(piece), 1 / RATE)[int(np.argmax(spectrum))])

    inhale, hold, exhale = breath.phases[:3]
    assert pitch(inhale.start_s, inhale.start_s + 1) < pitch(inhale.end_s - 1, inhale.end_s)
    assert pitch(exhale.start_s, exhale.start_s + 1) > pitch(exhale.end_s - 1, exhale.end_s)
    assert np.abs(span(audio, hold.start_s, hold.end_s)).max() < 1e-3
    cue = span(audio, inhale.start_s, inhale.end_s)
    assert gated_level_dbfs(cue, RATE) == pytest.approx(BREATH_CUE_DBFS, abs=2.0)


def test_ambient_bed_stays_quiet_under_the_voice(tmp_path: Path) -> None:
    quiet = samples(Renderer(tmp_path / "a", engine="none", ambient="none").render(SHORT))
    bed = samples(Renderer(tmp_path / "b", engine="none", ambient="soft", ambient_volume=0.15).render(SHORT))
    pause = SHORT.steps[2]
    assert pause.kind == "pause"
    timing = Renderer(tmp_path / "a", engine="none").render(SHORT).steps[2]
    assert np.abs(span(quiet, timing.start_s, timing.end_s)).max() == 0
    level = gated_level_dbfs(span(bed, timing.start_s, timing.end_s), RATE)
    assert TARGET_DBFS - 35 < level < TARGET_DBFS - 18
    # Faded in and out: the very first and last samples are silent.
    assert np.abs(bed[:50]).max() < 1e-3 and np.abs(bed[-50:]).max() < 1e-3


def test_a_prefix_is_exactly_the_start_of_the_final_track() -> None:
    builder = TrackBuilder(ambient_volume=0.5)
    builder.add(0, Step("chime"), step_audio(Step("chime"), None, RATE, 1.0))
    builder.add(1, Step("pause", seconds=1), step_audio(Step("pause", seconds=1), None, RATE, 1.0))
    prefix = builder.mix(final=False).raw_data
    builder.add(2, Step("speak", "More."), step_audio(Step("speak", "More."), None, RATE, 1.0))
    final = builder.mix(final=True).raw_data
    assert len(final) > len(prefix)
    assert final[: len(prefix)] == prefix


def test_normalize_reaches_the_target_and_leaves_silence_alone() -> None:
    rng = np.random.default_rng(1)
    noise = (rng.standard_normal(RATE * 2) * 0.01).astype(np.float32)
    assert gated_level_dbfs(normalize(noise, RATE), RATE) == pytest.approx(TARGET_DBFS, abs=0.1)
    silent = np.zeros(RATE, dtype=np.float32)
    assert np.array_equal(normalize(silent, RATE), silent)


def test_unknown_step_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown step kind"):
        step_audio(Step("sing", "la"), None, RATE, 1.0)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.skipif(not piper_installed(), reason="the piper voice is not installed")
def test_the_neural_voice_sits_at_the_same_loudness(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="piper").render(SHORT)
    assert track.engine == "piper"
    audio = samples(track)
    speech = np.concatenate([span(audio, t.start_s, t.end_s) for t in track.steps if t.kind == "speak"])
    assert gated_level_dbfs(speech, RATE) == pytest.approx(TARGET_DBFS, abs=TOLERANCE_DB)
