"""One loudness level for every track: measure (gated RMS) and normalise speech, chimes and recordings.

The target is -23 dBFS gated RMS: the level of 400 ms blocks (100 ms hop) averaged as power, after dropping
blocks below -70 dBFS and then blocks more than 10 dB under that average. This is the EBU R128 integrated
loudness method without its K-weighting filter, so pauses and breaths between phrases do not pull the
figure down. -23 leaves ~20 dB of headroom for the peaks of speech; a soft limiter guards the last dB.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.audio._pydub import AudioSegment

TARGET_DBFS = -23.0
TOLERANCE_DB = 1.0
CEILING_DBFS = -1.0
_BLOCK_S = 0.4
_HOP_S = 0.1
_ABSOLUTE_GATE_DBFS = -70.0
_RELATIVE_GATE_DB = -10.0

FloatArray = npt.NDArray[np.float32]


def _block_powers(samples: FloatArray, rate: int) -> npt.NDArray[np.float64]:
    block = max(1, int(_BLOCK_S * rate))
    hop = max(1, int(_HOP_S * rate))
    squared = np.square(samples.astype(np.float64))
    if len(squared) <= block:
        return np.array([squared.mean()]) if len(squared) else np.zeros(0)
    # Cumulative sums make every block mean O(1): a 10-minute track is measured in milliseconds.
    csum = np.concatenate(([0.0], np.cumsum(squared)))
    starts = np.arange(0, len(squared) - block + 1, hop)
    result: npt.NDArray[np.float64] = (csum[starts + block] - csum[starts]) / block
    return result


def gated_level_dbfs(samples: FloatArray, rate: int) -> float:
    """Gated RMS level in dBFS (full-scale square wave = 0). Silence gives -inf."""
    powers = _block_powers(samples, rate)
    powers = powers[powers > 10 ** (_ABSOLUTE_GATE_DBFS / 10)]
    if not len(powers):
        return float("-inf")
    relative_gate = powers.mean() * 10 ** (_RELATIVE_GATE_DB / 10)
    powers = powers[powers > relative_gate]
    return float(10 * np.log10(powers.mean()))


def soft_limit(samples: FloatArray, ceiling_dbfs: float = CEILING_DBFS) -> FloatArray:
    """Bend the rare peaks above the ceiling smoothly instead of clipping them."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    knee = ceiling * 0.9
    magnitude = np.abs(samples)
    over = magnitude > knee
    if not over.any():
        return samples
    out = samples.copy()
    room = ceiling - knee
    out[over] = np.sign(samples[over]) * (knee + room * np.tanh((magnitude[over] - knee) / room))
    return out


def normalize(samples: FloatArray, rate: int, target_dbfs: float = TARGET_DBFS) -> FloatArray:
    """Scale to the target gated level; silent input is returned unchanged."""
    level = gated_level_dbfs(samples, rate)
    if not np.isfinite(level):
        return samples
    gain = np.float32(10 ** ((target_dbfs - level) / 20))
    return soft_limit((samples * gain).astype(np.float32))


def segment_to_float(segment: AudioSegment) -> FloatArray:
    """Mono float samples in [-1, 1] of a pydub segment (channels are averaged)."""
    seg = segment.set_sample_width(2)
    data = np.frombuffer(seg.raw_data, dtype="<i2").astype(np.float32) / 32768.0
    if seg.channels > 1:
        data = data.reshape(-1, seg.channels).mean(axis=1)
    return data


def float_to_segment(samples: FloatArray, rate: int) -> AudioSegment:
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    return AudioSegment(data=pcm.tobytes(), sample_width=2, frame_rate=rate, channels=1)


def segment_level_dbfs(segment: AudioSegment) -> float:
    return gated_level_dbfs(segment_to_float(segment), segment.frame_rate)


def normalize_segment(segment: AudioSegment, target_dbfs: float = TARGET_DBFS) -> AudioSegment:
    """A recording brought to the app's loudness (mono, same rate), e.g. a coach's own voice."""
    return float_to_segment(
        normalize(segment_to_float(segment), segment.frame_rate, target_dbfs), segment.frame_rate
    )
