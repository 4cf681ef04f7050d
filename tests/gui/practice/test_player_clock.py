"""The session clock counts only what is played (the newcomer trial saw it jump while the audio was being
prepared): with the real espeak voice made slow, the clock and the position slider read the start point
and no time counts as played until playback starts; a pause asked for while preparing keeps it there;
once playing, the time counted never runs ahead of the time that passed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coach.domain.exercise import Exercise, Step
from coach.services.context import AppContext
from coach.ui.practice.player.widget import PlayerWidget
from tests.gui.practice.test_player import make_exercise

READY_MS = 20_000


def _spoken(words: str) -> Exercise:
    """A spoken exercise of about a minute; `words` make its audio new (rendered audio is cached by text,
    and a cached track would play without preparing)."""
    return make_exercise(
        Step("speak", f"Settle in and let your shoulders drop. {words}"),
        Step("pause", seconds=30),
        Step("speak", "Notice whatever you feel, with curiosity."),
        Step("pause", seconds=15),
        Step("speak", "Well done."),
    )


@pytest.fixture
def player(qtbot: QtBot, ctx: AppContext) -> Iterator[PlayerWidget]:
    widget = PlayerWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    yield widget
    widget.shutdown()


def _hold_still_while_preparing(qtbot: QtBot, player: PlayerWidget, clock: str, at_s: float) -> None:
    """For 1.5 s of a render that cannot finish, the clock, slider and played time stay put."""
    for _ in range(15):
        qtbot.wait(100)
        assert player.render_bar.isVisible() and not player.is_playing()
        assert player.elapsed.text() == clock
        assert player.seek_slider.value() == round(at_s * 1000)
        assert player.position_s() == pytest.approx(at_s)


def test_the_clock_reads_zero_until_playback_starts(
    qtbot: QtBot, player: PlayerWidget, slow_voice: threading.Event
) -> None:
    player.load(_spoken("Clock test."))
    _hold_still_while_preparing(qtbot, player, "0:00", 0.0)
    assert player.played_s() == 0.0
    slow_voice.set()
    qtbot.waitUntil(player.is_playing, timeout=READY_MS)
    started = time.monotonic()
    assert player.elapsed.text() == "0:00"
    for _ in range(10):
        qtbot.wait(200)
        # Never more counted than has passed since playback began (a little slack for the report rate).
        assert player.played_s() <= time.monotonic() - started + 0.3
        assert player.position_s() <= time.monotonic() - started + 0.3
    assert player.played_s() > 0.5  # and it does count while playing


def test_a_pause_while_preparing_never_counts(
    qtbot: QtBot, player: PlayerWidget, slow_voice: threading.Event
) -> None:
    player.load(_spoken("Pause test."))
    qtbot.wait(300)
    qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
    assert player.play_button.text() == "Play"  # paused before a sound was made
    with qtbot.waitSignal(player.trackReady, timeout=READY_MS):
        slow_voice.set()
    qtbot.wait(1_000)
    assert not player.is_playing()
    assert player.elapsed.text() == "0:00" and player.played_s() == 0.0


def test_a_resumed_session_reads_its_saved_place_while_preparing(
    qtbot: QtBot, player: PlayerWidget, slow_voice: threading.Event
) -> None:
    player.load(_spoken("Resume test."), start_at_s=40.0)
    _hold_still_while_preparing(qtbot, player, "0:40", 40.0)
    assert player.played_s() == pytest.approx(40.0)  # the saved part, nothing more while preparing
    slow_voice.set()
    qtbot.waitUntil(player.is_playing, timeout=READY_MS)
    started = time.monotonic()
    qtbot.wait(600)
    assert 40.0 <= player.position_s() <= 40.0 + time.monotonic() - started + 0.3
