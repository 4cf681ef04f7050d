"""Lays out a track: speech, silences, chime and breathing cues step by step, then mixes it with pydub.

Layout (all engines): 1 s lead-in, the steps back to back, 3 s tail. The ambient bed (if any) runs under
everything, fading in over the lead-in and out over the tail.
- speak: the sentences with 0.5 s between them, normalised together to the loudness target, then 0.9 s
  of quiet after the step. Without a voice the step is silence for its calm reading time (captions carry
  the words).
- pause: silence of `seconds`. chime: the bowl tone (4 s), 5 dB under speech.
- breath: the spoken lead-in (if any) as above, then per cycle a very soft tone gliding up for the whole
  in-breath, silence for the hold, and a tone gliding down for the out-breath, 14 dB under speech. The
  tone is the pacing cue: nothing is spoken during the cycles, so the listener is not talked over.

Every piece is placed on whole sample frames, so StepTiming start/end are exact positions in the file.
A prefix mix (`mix(final=False)`) is byte-for-byte the start of the final mix, so a player can swap files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from coach.audio._pydub import AudioSegment
from coach.audio.engines import FloatArray, reading_seconds
from coach.audio.loudness import TARGET_DBFS, float_to_segment, gated_level_dbfs, normalize
from coach.audio.sounds import SAMPLE_RATE, ambient_loop, breath_cue, chime, resample
from coach.audio.track import Phase, StepTiming
from coach.domain.exercise import Step

RATE = SAMPLE_RATE
LEAD_IN_S = 1.0
TAIL_S = 3.0
SENTENCE_GAP_S = 0.5
STEP_GAP_S = 0.9
CHIME_DBFS = TARGET_DBFS - 5.0
BREATH_CUE_DBFS = TARGET_DBFS - 14.0
AMBIENT_FULL_DBFS = TARGET_DBFS - 9.0  # at ambient_volume 1.0; the default 0.15 sits ~25 dB under speech


def needs_speech(step: Step) -> bool:
    return step.kind in ("speak", "breath") and bool(step.text.strip())


def frames(seconds: float) -> int:
    return max(0, round(seconds * RATE))


def _silence(seconds: float) -> FloatArray:
    return np.zeros(frames(seconds), dtype=np.float32)


@dataclass
class StepAudio:
    samples: FloatArray
    phases: list[tuple[str, int, int]] = field(default_factory=list)  # (name, start frame, end frame) in step


def speech_samples(clips: list[FloatArray], clip_rate: int) -> FloatArray:
    """The sentences of one step with calm gaps between them and after the last, normalised together
    to the loudness target (so every step of every track sits at the same level)."""
    parts: list[FloatArray] = []
    for clip in clips:
        trimmed = trim_silence(clip)
        if not len(trimmed):
            continue
        if parts:
            parts.append(_silence(SENTENCE_GAP_S))
        parts.append(resample(trimmed, clip_rate, RATE))
    speech = normalize(np.concatenate(parts), RATE) if parts else _silence(0)
    return np.concatenate([speech, _silence(STEP_GAP_S)])


def trim_silence(clip: FloatArray, threshold: float = 10 ** (-60 / 20)) -> FloatArray:
    """Drop near-silent samples at both ends so the gaps we add are the gaps heard."""
    loud = np.flatnonzero(np.abs(clip) > threshold)
    if not len(loud):
        return clip[:0]
    trimmed = clip[max(0, loud[0] - 64) : loud[-1] + 64].copy()
    # 8 ms ramps: a voice that starts mid-waveform would otherwise click.
    ramp = min(len(trimmed) // 2, int(0.008 * RATE))
    if ramp:
        curve = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, ramp))).astype(np.float32)
        trimmed[:ramp] *= curve
        trimmed[-ramp:] *= curve[::-1]
    return trimmed


def spoken_or_read(
    text: str, clips: list[FloatArray] | None, clip_rate: int, speech_rate: float
) -> FloatArray:
    if clips is None:
        return _silence(reading_seconds(text, speech_rate) + STEP_GAP_S)
    return speech_samples(clips, clip_rate)


@functools.cache
def _level_gain(source: str) -> float:
    if source == "chime":
        return float(10 ** ((CHIME_DBFS - gated_level_dbfs(chime(RATE), RATE)) / 20))
    reference = breath_cue(4.0, rising=True)
    return float(10 ** ((BREATH_CUE_DBFS - gated_level_dbfs(reference, RATE)) / 20))


def chime_samples() -> FloatArray:
    return (chime(RATE) * _level_gain("chime")).astype(np.float32)


def breath_samples(step: Step, lead_in: FloatArray) -> StepAudio:
    gain = _level_gain("cue")
    parts: list[FloatArray] = [lead_in]
    phases: list[tuple[str, int, int]] = []
    pos = len(lead_in)
    for _ in range(step.cycles):
        for name, seconds in (("in", step.inhale), ("hold", step.hold), ("out", step.exhale)):
            if seconds <= 0:
                continue
            if name == "hold":
                piece = _silence(seconds)
            else:
                piece = (breath_cue(frames(seconds) / RATE, rising=name == "in") * gain).astype(np.float32)
                piece = np.pad(piece, (0, frames(seconds) - len(piece)))
            phases.append((name, pos, pos + len(piece)))
            parts.append(piece)
            pos += len(piece)
    return StepAudio(np.concatenate(parts) if parts else _silence(0), phases)


def step_audio(step: Step, clips: list[FloatArray] | None, clip_rate: int, speech_rate: float) -> StepAudio:
    """The audio of one step. `clips` is the synthesised speech of its text, or None without a voice."""
    if step.kind == "speak":
        return StepAudio(spoken_or_read(step.text, clips, clip_rate, speech_rate))
    if step.kind == "pause":
        return StepAudio(_silence(step.seconds))
    if step.kind == "chime":
        return StepAudio(chime_samples())
    if step.kind == "breath":
        lead_in = (
            spoken_or_read(step.text, clips, clip_rate, speech_rate) if step.text.strip() else _silence(0)
        )
        return breath_samples(step, lead_in)
    raise ValueError(f"unknown step kind {step.kind!r}")


def _ambient_gain(volume: float) -> float:
    """Gain for the ambient loop so that its level is AMBIENT_FULL_DBFS at volume 1.0."""
    if volume <= 0:
        return 0.0
    level = gated_level_dbfs(_ambient_loop_cached(), RATE)
    return float(10 ** ((AMBIENT_FULL_DBFS - level) / 20) * volume)


class TrackBuilder:
    """Collects step audio in order and mixes a playable track (or its prefix) on demand."""

    def __init__(self, ambient_volume: float = 0.0) -> None:
        self._ambient_gain = _ambient_gain(ambient_volume)
        self._pieces: list[bytes] = [_pcm(_silence(LEAD_IN_S))]
        self._frames = frames(LEAD_IN_S)
        self._timings: list[StepTiming] = []

    @property
    def timings(self) -> list[StepTiming]:
        return list(self._timings)

    @property
    def duration_s(self) -> float:
        return self._frames / RATE

    def add(self, index: int, step: Step, audio: StepAudio) -> StepTiming:
        start = self._frames
        self._pieces.append(_pcm(audio.samples))
        self._frames += len(audio.samples)
        timing = StepTiming(
            index=index,
            kind=step.kind,
            start_s=start / RATE,
            end_s=self._frames / RATE,
            text=step.text,
            phases=tuple(Phase(name, (start + a) / RATE, (start + b) / RATE) for name, a, b in audio.phases),
        )
        self._timings.append(timing)
        return timing

    def mix(self, final: bool) -> AudioSegment:
        """The track so far. `final` adds the tail and fades out; a prefix stops where the steps stop."""
        data = b"".join(self._pieces)
        if final:
            data += _pcm(_silence(TAIL_S))
        track = AudioSegment(data=data, sample_width=2, frame_rate=RATE, channels=1)
        if self._ambient_gain > 0:
            track = track.overlay(self._ambient_bed(len(data) // 2))
        # Fades on exact frames (pydub's own fades cut on whole milliseconds and can drop a few frames).
        pcm = np.frombuffer(track.raw_data, dtype="<i2").astype(np.float32)
        fade_in = min(len(pcm), frames(LEAD_IN_S))
        pcm[:fade_in] *= _fade_curve(fade_in)
        if final:
            fade_out = min(len(pcm), frames(TAIL_S))
            pcm[len(pcm) - fade_out :] *= _fade_curve(fade_out)[::-1]
        return track._spawn(np.round(pcm).astype("<i2").tobytes())

    def _ambient_bed(self, count: int) -> AudioSegment:
        bed = np.resize(_ambient_loop_cached(), count) * np.float32(self._ambient_gain)
        return float_to_segment(bed.astype(np.float32), RATE)


@functools.cache
def _ambient_loop_cached() -> FloatArray:
    return ambient_loop(rate=RATE)


def _fade_curve(count: int) -> FloatArray:
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, count))).astype(np.float32)


def _pcm(samples: FloatArray) -> bytes:
    return bytes(np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2").tobytes())
