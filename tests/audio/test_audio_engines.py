"""Speech engines: fallback order piper -> espeak -> none, espeak output parsing, the real voices."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from test_audio_support import SHORT

from coach.audio.engines import (
    available_engines,
    espeak_binary,
    get_engine,
    parse_streamed_wav,
    piper_installed,
    reading_seconds,
    resolve_engine,
)
from coach.audio.render import Renderer
from coach.domain.errors import CoachError

ALL = {"piper": lambda: True, "espeak": lambda: True}
NO_PIPER = {"piper": lambda: False, "espeak": lambda: True}
NOTHING = {"piper": lambda: False, "espeak": lambda: False}


def test_available_engines_are_listed_best_first_and_none_is_always_there() -> None:
    assert available_engines(ALL) == ["piper", "espeak", "none"]
    assert available_engines(NO_PIPER) == ["espeak", "none"]
    assert available_engines(NOTHING) == ["none"]


@pytest.mark.parametrize(
    ("requested", "checks", "expected"),
    [
        ("auto", ALL, "piper"),
        ("auto", NO_PIPER, "espeak"),
        ("auto", NOTHING, "none"),
        ("piper", NO_PIPER, "espeak"),
        ("piper", NOTHING, "none"),
        ("espeak", NOTHING, "none"),
        ("espeak", ALL, "espeak"),
        ("none", ALL, "none"),
    ],
)
def test_a_missing_engine_falls_back_down_the_list(requested: str, checks: dict, expected: str) -> None:
    assert resolve_engine(requested, available_engines(checks)) == expected
    assert Renderer(Path("unused"), engine=requested, available=available_engines(checks)).engine == expected


def test_unknown_engine_name_is_a_plain_error() -> None:
    with pytest.raises(CoachError, match="unknown speech engine 'festival'"):
        resolve_engine("festival", ["none"])


def test_the_fallback_engine_really_renders(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="piper", available=available_engines(NO_PIPER)).render(SHORT)
    assert track.engine == "espeak"


def test_reading_time_follows_the_words_and_the_rate() -> None:
    text = " ".join(["word"] * 140)
    assert reading_seconds(text) == pytest.approx(60.0)
    assert reading_seconds(text, rate=2.0) == pytest.approx(30.0)
    assert reading_seconds("Hi.") == 1.5  # never a flash


def test_streamed_wav_with_placeholder_sizes_is_read_to_the_end() -> None:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(np.arange(100, dtype="<i2").tobytes())
    data = bytearray(buffer.getvalue())
    data[40:44] = (0x7FFFF000).to_bytes(4, "little")  # what espeak writes to a pipe
    samples, rate = parse_streamed_wav(bytes(data))
    assert rate == 22050
    assert len(samples) == 100 and samples[99] == pytest.approx(99 / 32768)
    with pytest.raises(CoachError):
        parse_streamed_wav(b"not audio")


@pytest.mark.skipif(espeak_binary() is None, reason="espeak-ng is not installed")
def test_espeak_speaks_slower_at_a_lower_rate() -> None:
    engine = get_engine("espeak")
    assert engine is not None
    text = "Notice the places where your body is supported."
    normal = sum(len(c) for c in engine.synthesize(text, 1.0))
    slow = sum(len(c) for c in engine.synthesize(text, 0.7))
    assert slow > normal * 1.2
    assert "espeak" in engine.voice_id()


@pytest.mark.slow
@pytest.mark.skipif(not piper_installed(), reason="the piper voice is not installed")
def test_piper_voice_loads_once_and_follows_the_rate() -> None:
    engine = get_engine("piper")
    assert engine is not None and get_engine("piper") is engine
    assert engine.sample_rate == 22050
    # Piper draws each phoneme's length with some noise: a few sentences keep the ratio near 1 / 1.5 (one
    # short sentence once came out at 0.81 of the normal length).
    text = (
        "Let your breath be easy. Notice the air as it comes in, and as it goes out. "
        "There is nothing to fix right now, only this breath, and the next one."
    )
    normal = sum(len(c) for c in engine.synthesize(text, 1.0))
    fast = sum(len(c) for c in engine.synthesize(text, 1.5))
    assert normal / 22050 > 0.8
    assert fast < normal * 0.8  # length_scale = 1 / rate
    assert engine.voice_id().startswith("piper-")
