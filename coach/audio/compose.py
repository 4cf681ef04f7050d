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
The track streams to disk step by step in 10 s blocks (TrackBuilder), so memory does not grow with its
length; a prefix (`write_wav(final=False)`) is byte-for-byte the start of the final track, so a player
can swap files.
"""

from __future__ import annotations

import functools
import os
import tempfile
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.audio._pydub import AudioSegment
from coach.audio.engines import FloatArray, reading_seconds
from coach.audio.loudness import TARGET_DBFS, gated_level_dbfs, normalize
from coach.audio.sounds import SAMPLE_RATE, ambient_loop, breath_cue, chime, resample
from coach.audio.track import Phase, StepTiming
from coach.domain.exercise import Step
from coach.storage.private_files import private_dir, private_file

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


# Steps are mixed and written in blocks of this many frames (10 s, under 1 MB of samples), so memory stays
# flat however long the track is: a 90-minute track is ~240 MB of PCM, which is never held at once.
CHUNK_FRAMES = 10 * RATE


class TrackBuilder:
    """Collects step audio in order and streams the mixed track (ambient bed and fade-in applied) to an
    anonymous spool file on disk; `write_wav` turns what is there so far into a playable file.

    Memory stays at one step's samples plus a 10 s block whatever the track's length. The spool lives in
    `spool_dir` (default: the system temp folder) and disappears when the builder is closed or collected.
    Mixing is sample-for-sample what mixing the whole track at once gives (saturating 16-bit addition of
    the bed, fades on exact frames), so a prefix is byte-for-byte the start of the final track.
    """

    def __init__(self, ambient_volume: float = 0.0, spool_dir: Path | None = None) -> None:
        self._ambient_gain = _ambient_gain(ambient_volume)
        if spool_dir is not None:
            private_dir(spool_dir)
        self._spool = tempfile.TemporaryFile(dir=spool_dir, prefix=".track-")  # noqa: SIM115 (closed in close())
        self._frames = 0
        self._timings: list[StepTiming] = []
        self._spool.write(self._mixed(_silence(LEAD_IN_S), fade=_fade_curve(frames(LEAD_IN_S))))

    @property
    def timings(self) -> list[StepTiming]:
        return list(self._timings)

    @property
    def duration_s(self) -> float:
        return self._frames / RATE

    def add(self, index: int, step: Step, audio: StepAudio) -> StepTiming:
        """Append one step's audio (mixed with the bed, block by block) and return where it sits."""
        start = self._frames
        samples = audio.samples
        for offset in range(0, len(samples), CHUNK_FRAMES):
            self._spool.write(self._mixed(samples[offset : offset + CHUNK_FRAMES]))
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

    def _mixed(self, samples: FloatArray, fade: FloatArray | None = None) -> bytes:
        """16-bit PCM of `samples` placed at the current end, with the bed under it; advances the end."""
        pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
        if self._ambient_gain > 0:
            bed = self._ambient_block(self._frames, len(pcm))
            pcm = np.clip(pcm.astype(np.int32) + bed, -32768, 32767).astype("<i2")
        if fade is not None:
            pcm = np.round(pcm.astype(np.float32) * fade).astype("<i2")
        self._frames += len(pcm)
        return bytes(pcm.tobytes())

    def _ambient_block(self, start: int, count: int) -> npt.NDArray[np.int32]:
        """The bed's 16-bit samples for frames start..start+count: the loop repeats from frame 0."""
        loop = _ambient_loop_cached()
        positions = np.arange(start, start + count) % len(loop)
        bed = loop[positions] * np.float32(self._ambient_gain)
        return np.clip(np.round(bed * 32767.0), -32768, 32767).astype(np.int32)

    def _tail(self) -> bytes:
        """The closing silence with the bed fading out, computed without moving the end."""
        end = self._frames
        try:
            return self._mixed(_silence(TAIL_S), fade=_fade_curve(frames(TAIL_S))[::-1])
        finally:
            self._frames = end

    def _spooled(self) -> Iterator[bytes]:
        self._spool.flush()
        self._spool.seek(0)
        try:
            while block := self._spool.read(CHUNK_FRAMES * 2):
                yield block
        finally:
            self._spool.seek(0, os.SEEK_END)

    def write_wav(self, path: Path, final: bool) -> float:
        """Write the track so far to `path` as a 16-bit mono WAV, atomically; returns its seconds.
        `final` adds the tail and fades out; a prefix stops where the steps stop."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with wave.open(str(tmp), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                for block in self._spooled():
                    out.writeframesraw(block)
                if final:
                    out.writeframesraw(self._tail())
            os.replace(private_file(tmp), path)
        finally:
            tmp.unlink(missing_ok=True)
        return (self._frames + (frames(TAIL_S) if final else 0)) / RATE

    def mix(self, final: bool) -> AudioSegment:
        """The track so far in memory (for short tracks and tests; renders use `write_wav`)."""
        data = b"".join(self._spooled()) + (self._tail() if final else b"")
        return AudioSegment(data=data, sample_width=2, frame_rate=RATE, channels=1)

    def close(self) -> None:
        """Drop the spool file (the WAVs written from it stay)."""
        self._spool.close()

    def __enter__(self) -> TrackBuilder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@functools.cache
def _ambient_loop_cached() -> FloatArray:
    return ambient_loop(rate=RATE)


def _fade_curve(count: int) -> FloatArray:
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, count))).astype(np.float32)
