"""Imported recordings are read by one library (libsndfile): every format people bring, real files
written by libsndfile itself, and plain refusals for the rest; no ffmpeg or sox anywhere in the app."""

from __future__ import annotations

import re
import tomllib
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile

from coach.audio.decode import decode, supported_suffixes
from coach.domain.errors import CoachError

ROOT = Path(__file__).resolve().parents[2]
RATE = 44_100


def tone(seconds: float = 1.5, channels: int = 1, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    mono = 0.3 * np.sin(2 * np.pi * 440 * t)
    return np.repeat(mono[:, None], channels, axis=1)


@pytest.mark.parametrize(
    ("name", "fmt", "subtype"),
    [
        ("pcm16.wav", "WAV", "PCM_16"),
        ("pcm24.wav", "WAV", "PCM_24"),
        ("float.wav", "WAV", "FLOAT"),
        ("unsigned8.wav", "WAV", "PCM_U8"),
        ("voice.flac", "FLAC", "PCM_16"),
        ("voice.ogg", "OGG", "VORBIS"),
        ("voice.opus", "OGG", "OPUS"),
        ("voice.mp3", "MP3", "MPEG_LAYER_III"),
    ],
)
def test_every_importable_format_decodes_to_the_same_sound(
    tmp_path: Path, name: str, fmt: str, subtype: str
) -> None:
    rate = 48_000 if subtype == "OPUS" else RATE  # Opus runs at 48 kHz
    path = tmp_path / name
    soundfile.write(str(path), tone(channels=2, rate=rate), rate, format=fmt, subtype=subtype)
    segment = decode(path)
    assert segment.frame_rate == rate
    assert segment.channels == 2
    assert segment.sample_width == 2
    assert len(segment) / 1000 == pytest.approx(1.5, abs=0.1)  # MP3/Opus pad a few ms
    pcm = np.frombuffer(segment.raw_data, dtype="<i2").astype(np.float64) / 32768
    rms = float(np.sqrt(np.mean(np.square(pcm))))
    assert rms == pytest.approx(0.3 / np.sqrt(2), rel=0.1)  # the tone, not noise or silence
    assert path.suffix in supported_suffixes()


def test_a_wav_the_standard_library_wrote_decodes(tmp_path: Path) -> None:
    path = tmp_path / "phone.wave"
    pcm = (tone() * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    segment = decode(path)
    assert segment.raw_data == pcm.tobytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("talk.m4a", b"\x00\x00\x00\x18ftypM4A ", "save the recording as MP3, FLAC or WAV"),
        ("talk.mp3", b"ID3fake", "could not be read as audio"),
        ("broken.flac", b"fLaC\x00\x00", "could not be read as audio"),
        ("notes.txt", b"hello", "not a file type that can be imported"),
    ],
)
def test_what_cannot_be_read_gets_one_plain_reason(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CoachError, match=re.escape(message)) as caught:
        decode(path)
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match=r"gone\.wav cannot be found"):
        decode(tmp_path / "gone.wav")


def test_one_audio_stack_no_second_ffmpeg_and_no_sox() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!;\[ ]", d, maxsplit=1)[0].lower() for d in deps}
    assert "imageio-ffmpeg" not in names
    assert "soundfile" in names
    for source in (ROOT / "coach").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "imageio_ffmpeg" not in text, source
        assert not re.search(r"\[\s*[\"']sox[\"']", text), f"{source} runs sox"
        assert not re.search(r"\[\s*[\"']ffmpeg[\"']", text), f"{source} runs ffmpeg"
