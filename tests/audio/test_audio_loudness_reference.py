"""Our loudness measure against pyloudnorm, an ITU-R BS.1770-4 implementation (EBU R128 gating).

Ours is BS.1770's gated integrated loudness without the K-weighting filter (the filter needs an IIR
filter, i.e. scipy, ~100 MB the runtime does without). K-weighting is flat near 1 kHz and speech sits
mostly there, so the two agree where it matters: a normalised spoken track reads -23 LUFS, EBU R128's
broadcast target.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from coach.audio.loudness import TARGET_DBFS, gated_level_dbfs, normalize

pyln = pytest.importorskip("pyloudnorm")
ROOT = Path(__file__).resolve().parents[2]


def reference_lufs(samples: np.ndarray, rate: int) -> float:
    return float(pyln.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def test_gating_matches_bs1770_on_a_1khz_tone_with_pauses() -> None:
    # Loud and quiet passages with silence between: both gates (absolute -70, relative -10) take part.
    rate = 48_000
    t = np.arange(2 * rate) / rate
    loud = 0.25 * np.sin(2 * np.pi * 1000 * t)
    quiet = 0.05 * np.sin(2 * np.pi * 1000 * t)
    signal = np.concatenate([loud, np.zeros(rate), quiet, np.zeros(rate), loud]).astype(np.float32)
    assert gated_level_dbfs(signal, rate) == pytest.approx(reference_lufs(signal, rate), abs=0.1)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng for a spoken track")
def test_a_normalised_spoken_track_reads_minus_23_lufs(tmp_path: Path) -> None:
    wav = tmp_path / "speech.wav"
    text = "Notice the breath moving in and out. Let your shoulders soften. Just notice what is here."
    subprocess.run(["espeak-ng", "-w", str(wav), text], check=True, capture_output=True, timeout=60)
    samples, rate = soundfile.read(str(wav), dtype="float32")
    assert gated_level_dbfs(samples, rate) == pytest.approx(reference_lufs(samples, rate), abs=0.5)
    normalised = normalize(samples, rate)
    assert reference_lufs(normalised, rate) == pytest.approx(TARGET_DBFS, abs=0.5)


def test_the_chime_is_within_1_5_lu_of_the_voice_level() -> None:
    # The chime is brighter than speech (K-weighting lifts it ~1 dB), still within the tolerance a
    # listener does not notice between a chime and the next spoken step.
    samples, rate = soundfile.read(str(ROOT / "audio" / "chime.wav"), dtype="float32")
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    assert reference_lufs(normalize(samples, rate), rate) == pytest.approx(TARGET_DBFS, abs=1.5)
