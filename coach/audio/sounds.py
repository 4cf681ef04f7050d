"""Non-speech sounds: the bowl chime (synthesised once into audio/), breathing cues and the ambient bed."""

from __future__ import annotations

import functools
import hashlib
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.resources import audio_assets_dir

SAMPLE_RATE = 22_050
CHIME_FILE = "chime.wav"
FloatArray = npt.NDArray[np.float32]

# A struck bowl: a low fundamental and inharmonic partials (ratios of a free circular plate) that fade at
# different speeds. Each partial is a close pair of frequencies so it beats slowly, the "shimmer" of a bowl.
_BOWL_FUNDAMENTAL_HZ = 196.0
_BOWL_PARTIALS = (  # (ratio, amplitude, decay time constant in s, beat in Hz)
    (1.0, 1.0, 2.2, 0.7),
    (2.71, 0.45, 1.4, 1.1),
    (5.18, 0.16, 0.8, 1.6),
    (8.4, 0.05, 0.45, 2.3),
)


def bowl_chime(seconds: float = 4.0, rate: int = SAMPLE_RATE) -> FloatArray:
    """A soft bowl-like tone with a gentle attack, peaking at -3 dBFS and ending in true silence."""
    t = np.arange(int(seconds * rate)) / rate
    tone = np.zeros_like(t)
    for ratio, amplitude, decay, beat in _BOWL_PARTIALS:
        freq = _BOWL_FUNDAMENTAL_HZ * ratio
        pair = np.sin(2 * np.pi * freq * t) + 0.6 * np.sin(2 * np.pi * (freq + beat) * t + 0.5)
        tone += amplitude * pair * np.exp(-t / decay)
    attack = np.minimum(1.0, t / 0.025)  # 25 ms: a mallet wrapped in felt, no click
    release = np.clip((seconds - t) / 0.4, 0.0, 1.0)  # the last 0.4 s slides to zero
    tone *= (0.5 - 0.5 * np.cos(np.pi * attack)) * release
    tone *= 10 ** (-3 / 20) / np.max(np.abs(tone))
    return tone.astype(np.float32)


def write_wav(path: Path, samples: FloatArray, rate: int = SAMPLE_RATE) -> None:
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def read_wav(path: Path) -> tuple[FloatArray, int]:
    """Mono float samples of a 16-bit PCM WAV file, and its sample rate."""
    with wave.open(str(path), "rb") as src:
        rate, channels, width = src.getframerate(), src.getnchannels(), src.getsampwidth()
        frames = src.readframes(src.getnframes())
    if width != 2:
        raise ValueError(f"{path.name}: expected 16-bit samples")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).astype(np.float32)
    return data, rate


def resample(samples: FloatArray, rate: int, target_rate: int) -> FloatArray:
    """Linear resampling: only used when a voice or sound file is not at the track's rate."""
    if rate == target_rate or not len(samples):
        return samples
    count = round(len(samples) * target_rate / rate)
    positions = np.arange(count) * (rate / target_rate)
    resampled: FloatArray = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return resampled


@functools.cache
def chime(rate: int = SAMPLE_RATE) -> FloatArray:
    """The shipped chime (audio/chime.wav), or the same tone synthesised if the file is missing."""
    path = audio_assets_dir() / CHIME_FILE
    if path.is_file():
        samples, file_rate = read_wav(path)
        return resample(samples, file_rate, rate)
    return bowl_chime(rate=rate)


@functools.cache
def chime_fingerprint() -> str:
    """Changes when audio/chime.wav changes, so cached tracks with the old chime are not reused."""
    path = audio_assets_dir() / CHIME_FILE
    if not path.is_file():
        return "synth"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@functools.lru_cache(maxsize=32)
def breath_cue(seconds: float, rising: bool, rate: int = SAMPLE_RATE) -> FloatArray:
    """A very soft tone that glides up for an in-breath (down for an out-breath) and swells gently.

    It lasts the whole phase, so the listener can simply follow it; level is set by the composer.
    """
    count = int(seconds * rate)
    if count <= 0:
        return np.zeros(0, dtype=np.float32)
    low, high = 174.6, 233.1  # F3 -> A#3: a fourth, small enough to stay soothing
    start, end = (low, high) if rising else (high, low)
    progress = np.linspace(0.0, 1.0, count, endpoint=False)
    freq = start * (end / start) ** progress  # exponential glide sounds even to the ear
    phase = 2 * np.pi * np.cumsum(freq) / rate
    tone = np.sin(phase) + 0.25 * np.sin(2 * phase) + 0.08 * np.sin(3 * phase)
    envelope = np.sin(np.pi * progress) ** 1.5  # silent at both ends: no clicks, breath-like swell
    cue = (tone * envelope).astype(np.float32)
    cue.flags.writeable = False  # cached and shared: every cycle of every breath step reuses it
    return cue


def ambient_loop(seconds: float = 16.0, seed: int = 7, rate: int = SAMPLE_RATE) -> FloatArray:
    """A soft, low, ocean-like noise bed that loops without a seam, peak-normalised to 0.5.

    Shaped in the frequency domain: an inverse FFT of random phases is periodic over its own length,
    so tiling it has no join. Energy falls off like brown noise and is cut above ~700 Hz.
    """
    count = int(seconds * rate)
    rng = np.random.default_rng(seed)
    freqs = np.fft.rfftfreq(count, 1 / rate)
    magnitude = np.zeros_like(freqs)
    band = (freqs >= 30) & (freqs <= 2000)
    magnitude[band] = 1.0 / freqs[band] / (1 + (freqs[band] / 700) ** 4)
    spectrum = magnitude * np.exp(1j * rng.uniform(0, 2 * np.pi, len(freqs)))
    noise = np.fft.irfft(spectrum, n=count)
    t = np.arange(count) / rate
    swell = 0.75 + 0.25 * np.sin(2 * np.pi * 2 * t / seconds)  # two slow swells per loop, like waves
    bed = noise * swell
    scaled: FloatArray = (bed * 0.5 / np.max(np.abs(bed))).astype(np.float32)
    return scaled
