"""Shared fixtures of the practice tests: the real espeak voice made slow, to see the player while it
prepares the audio."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from coach.audio.engines import EspeakEngine
from coach.services.context import AppContext


@pytest.fixture
def slow_voice(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Speech by espeak, the real engine, made slow: each call to it waits until the returned gate is set
    (at most 20 s), so the player stays "Preparing the audio" as long as a test needs."""
    gate = threading.Event()
    real = EspeakEngine.synthesize

    def slow(self: EspeakEngine, text: str, rate: float) -> list:  # type: ignore[type-arg]
        gate.wait(20)
        return real(self, text, rate)

    monkeypatch.setattr(EspeakEngine, "synthesize", slow)
    ctx.store.set_setting("speech_engine", "espeak")
    yield gate
    gate.set()
