"""The exercise player offscreen: real render, real QMediaPlayer (silent here), captions and controls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QLabel, QListWidget, QProgressBar, QPushButton, QSlider, QWidget
from pytestqt.qtbot import QtBot

from coach.audio.render import Renderer
from coach.audio.track import RenderedTrack, StepTiming
from coach.domain.exercise import Exercise, Step
from coach.services.context import AppContext
from coach.ui.practice.player.playback import Playback
from coach.ui.practice.player.transport import ClockTransport
from coach.ui.practice.player.view import NO_DEVICE_NOTICE, NO_VOICE_NOTICE
from coach.ui.practice.player.widget import PlayerWidget

READY_MS = 20_000


def make_exercise(*steps: Step) -> Exercise:
    return Exercise(
        id="player-test",
        title="Player test",
        category="mindfulness",
        minutes=1,
        purpose="Testing the player",
        when_to_use="In tests",
        source="test",
        steps=tuple(steps),
    )


# Three short steps: about 8 s with espeak (1 s lead-in and 3 s fade-out tail included).
TINY = make_exercise(
    Step("speak", "Notice your breath."), Step("pause", seconds=1), Step("speak", "Well done.")
)
# Long enough to skip around in; without a voice it renders instantly.
LONG = make_exercise(
    Step("speak", "Settle in and let your shoulders drop."),
    Step("pause", seconds=20),
    Step("chime"),
    Step("speak", "Notice whatever you feel, with curiosity."),
    Step("pause", seconds=20),
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


@pytest.fixture
def firsts(monkeypatch: pytest.MonkeyPatch) -> list[RenderedTrack]:
    """Every first-ready track the player receives (to see whether playback began on a prefix)."""
    seen: list[RenderedTrack] = []
    original = Playback._on_first_ready

    def spy(self: Playback, generation: int, track: RenderedTrack) -> None:
        seen.append(track)
        original(self, generation, track)

    monkeypatch.setattr(Playback, "_on_first_ready", spy)
    return seen


def load_and_wait(qtbot: QtBot, player: PlayerWidget, exercise: Exercise, **kwargs: object) -> None:
    with qtbot.waitSignal(player.trackReady, timeout=READY_MS):
        player.load(exercise, **kwargs)  # type: ignore[arg-type]


def test_every_control_has_a_name_for_tests_and_screen_readers(player: PlayerWidget) -> None:
    controls = (
        player.findChildren(QPushButton) + player.findChildren(QSlider) + player.findChildren(QListWidget)
    )
    controls += [*player.findChildren(QProgressBar), player.caption, player.notice]
    assert len(controls) >= 8
    for widget in controls:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()
    interactive: list[QWidget] = [
        player.play_button,
        player.back_button,
        player.forward_button,
        player.volume,
    ]
    assert all(w.focusPolicy() != Qt.FocusPolicy.NoFocus for w in interactive)


@pytest.mark.slow
def test_plays_a_short_exercise_to_the_end_with_captions(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget
) -> None:
    ctx.store.set_setting("speech_engine", "espeak")
    captions: list[str] = []
    player.positionChanged.connect(lambda _s: captions.append(player.caption.text()))
    load_and_wait(qtbot, player, TINY)
    assert player.engine() == "espeak"
    assert player.transcript.count() == 3
    with qtbot.waitSignal(player.finished, timeout=20_000):
        pass
    seen = [c for i, c in enumerate(captions) if i == 0 or c != captions[i - 1]]
    assert seen.index("Notice your breath.") < seen.index("…") < seen.index("Well done.")
    assert player.completed_fraction() == pytest.approx(1.0, abs=0.02)  # heard from start to end
    assert player.position_s() == pytest.approx(player.duration_s(), abs=0.3)
    assert player.play_button.text() == "Play"


def test_seek_and_pause_behave(qtbot: QtBot, ctx: AppContext, player: PlayerWidget) -> None:
    ctx.store.set_setting("speech_engine", "none")
    load_and_wait(qtbot, player, LONG)
    qtbot.waitUntil(lambda: player.position_s() > 0.2, timeout=5_000)
    assert player.is_playing()
    player.pause()
    assert not player.is_playing() and player.play_button.text() == "Play"
    target = player.playback.steps[3].start_s + 0.5
    player.seek(target)
    assert player.position_s() == pytest.approx(target, abs=0.05)
    qtbot.wait(400)
    assert player.position_s() == pytest.approx(target, abs=0.05)  # paused stays put
    assert player.current_step_index() == 3
    assert player.caption.text() == LONG.steps[3].text
    assert player.elapsed.text() == f"0:{round(target):02d}"
    player.play()
    qtbot.waitUntil(lambda: player.position_s() > target + 0.3, timeout=5_000)
    player.seek(player.duration_s() - 0.5)
    with qtbot.waitSignal(player.finished, timeout=5_000):
        pass
    # Reaching the end by seeking is not listening to it: only the stretches heard count as played.
    assert 0.0 < player.completed_fraction() < 0.2


def test_keyboard_shortcuts(qtbot: QtBot, ctx: AppContext, player: PlayerWidget) -> None:
    ctx.store.set_setting("speech_engine", "none")
    load_and_wait(qtbot, player, LONG, autoplay=False)
    player.transcript.setFocus()
    assert not player.is_playing()
    qtbot.keyClick(player.transcript, Qt.Key.Key_Space)
    qtbot.waitUntil(player.is_playing, timeout=3_000)
    qtbot.keyClick(player.transcript, Qt.Key.Key_Space)
    assert not player.is_playing()
    start = player.position_s()
    qtbot.keyClick(player.transcript, Qt.Key.Key_Right)
    assert player.position_s() == pytest.approx(start + 15, abs=0.1)
    qtbot.keyClick(player.transcript, Qt.Key.Key_Left)
    assert player.position_s() == pytest.approx(start, abs=0.1)
    player.volume.setValue(50)
    qtbot.keyClick(player.transcript, Qt.Key.Key_Up)
    assert player.volume.value() == 60
    qtbot.keyClick(player.transcript, Qt.Key.Key_Down)
    qtbot.keyClick(player.transcript, Qt.Key.Key_Down)
    assert player.volume.value() == 40


def test_buttons_skip_fifteen_seconds_and_clicking_a_line_jumps_there(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget
) -> None:
    ctx.store.set_setting("speech_engine", "none")
    load_and_wait(qtbot, player, LONG, autoplay=False)
    qtbot.mouseClick(player.forward_button, Qt.MouseButton.LeftButton)
    assert player.position_s() == pytest.approx(15.0, abs=0.1)
    qtbot.mouseClick(player.back_button, Qt.MouseButton.LeftButton)
    assert player.position_s() == pytest.approx(0.0, abs=0.1)
    item = player.transcript.item(4)
    rect = player.transcript.visualItemRect(item)
    qtbot.mouseClick(player.transcript.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert player.position_s() == pytest.approx(player.playback.steps[4].start_s, abs=0.05)
    assert player.current_step_index() == 4
    assert player.transcript.currentRow() == 4
    assert player.remaining.text() == "-" + _clock(player.duration_s() - player.position_s())


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def test_resume_starts_where_the_person_left_off(qtbot: QtBot, ctx: AppContext, player: PlayerWidget) -> None:
    ctx.store.set_setting("speech_engine", "none")
    load_and_wait(qtbot, player, LONG, start_at_s=30.0)
    qtbot.waitUntil(lambda: player.position_s() > 30.1, timeout=5_000)
    assert player.position_s() < 33
    assert player.completed_fraction() == pytest.approx(player.position_s() / player.duration_s(), abs=0.02)


def test_captions_only_notice(qtbot: QtBot, ctx: AppContext, player: PlayerWidget) -> None:
    ctx.store.set_setting("speech_engine", "none")
    load_and_wait(qtbot, player, TINY)
    assert player.is_captions_only()
    assert player.notice.isVisible() and player.notice.text() == NO_VOICE_NOTICE
    if not QMediaDevices.audioOutputs():
        ctx.store.set_setting("speech_engine", "espeak")
        load_and_wait(qtbot, player, TINY)
        assert player.is_captions_only()
        assert player.notice.text() == NO_DEVICE_NOTICE
        qtbot.waitUntil(lambda: player.position_s() > 0.3, timeout=5_000)  # the position still moves


def test_starts_on_the_first_part_and_swaps_to_the_full_track_in_place(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget, firsts: list[RenderedTrack]
) -> None:
    ctx.store.set_setting("speech_engine", "espeak")
    exercise = make_exercise(
        Step("speak", "A first line to start on."),
        Step("pause", seconds=12),
        Step("speak", "A second line that is rendered later."),
        Step("pause", seconds=2),
    )
    load_and_wait(qtbot, player, exercise)
    assert firsts and firsts[0].is_prefix
    assert player.playback.current is not None and not player.playback.current.is_prefix
    assert len(player.playback.steps) == 4
    before = player.position_s()
    qtbot.waitUntil(lambda: player.position_s() > before + 0.2, timeout=5_000)  # still playing on


def test_a_file_qt_cannot_play_falls_back_to_a_caption_clock(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF....WAVEnot really audio at all" * 10)
    steps = [
        StepTiming(0, "speak", 1.0, 3.0, "First words."),
        StepTiming(1, "speak", 3.0, 6.0, "Second words."),
    ]
    track = RenderedTrack(broken, steps, 9.0, "espeak", cache_hit=True)

    def fake_render(self: object, exercise: Exercise, **callbacks: object) -> RenderedTrack:
        first = callbacks.get("on_first_ready")
        if callable(first):
            first(track)
        return track

    monkeypatch.setattr("coach.ui.practice.player.playback.Renderer.render", fake_render)
    ctx.store.set_setting("speech_engine", "espeak")
    load_and_wait(qtbot, player, make_exercise(Step("speak", "First words."), Step("speak", "Second words.")))
    qtbot.waitUntil(lambda: isinstance(player.playback.transport, ClockTransport), timeout=5_000)
    assert player.notice.isVisible()
    qtbot.waitUntil(lambda: player.caption.text() == "First words.", timeout=3_000)
    player.seek(3.5)
    assert player.caption.text() == "Second words."
    player.seek(8.5)
    with qtbot.waitSignal(player.finished, timeout=3_000):
        pass


def test_render_progress_is_shown_then_hidden(qtbot: QtBot, ctx: AppContext, player: PlayerWidget) -> None:
    ctx.store.set_setting("speech_engine", "espeak")
    progress: list[float] = []
    player.renderProgress.connect(progress.append)
    player.load(LONG, autoplay=False)
    assert player.render_bar.isVisible()
    qtbot.waitSignal(player.trackReady, timeout=READY_MS).wait()
    assert progress and progress[-1] == 1.0
    assert not player.render_bar.isVisible()
    labels = [w.text() for w in player.findChildren(QLabel)]
    assert "Volume" in labels


def test_prefix_files_are_cleaned_up_once_the_full_track_plays(
    qtbot: QtBot,
    ctx: AppContext,
    player: PlayerWidget,
    firsts: list[RenderedTrack],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("coach.ui.practice.player.playback.RETIRE_AFTER_MS", 50)
    ctx.store.set_setting("speech_engine", "espeak")
    exercise = make_exercise(
        Step("speak", "Something to start on."),
        Step("pause", seconds=13),
        Step("speak", "Something for later, to be cleaned up after."),
    )
    load_and_wait(qtbot, player, exercise)
    assert firsts and firsts[0].is_prefix
    assert player.playback.current is not None and not player.playback.current.is_prefix
    qtbot.waitUntil(lambda: not firsts[0].path.exists(), timeout=3_000)
    assert player.playback.current.path.exists()


def _silent_track(path: Path, seconds: float, is_prefix: bool) -> RenderedTrack:
    from coach.audio.cache import export_wav
    from coach.audio.compose import TrackBuilder, step_audio

    builder = TrackBuilder()
    pause = Step("pause", seconds=seconds)
    timing = builder.add(0, pause, step_audio(pause, None, 22050, 1.0))
    export_wav(builder.mix(final=not is_prefix), path)
    return RenderedTrack(
        path, [timing], builder.duration_s if is_prefix else timing.end_s + 3, "espeak", False, is_prefix
    )


def test_a_prefix_running_out_moves_on_to_a_longer_one_then_the_full_track(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import threading

    short = _silent_track(tmp_path / "short.wav", 1.0, is_prefix=True)  # 2 s with the lead-in
    longer = _silent_track(tmp_path / "longer.wav", 5.0, is_prefix=True)
    full = _silent_track(tmp_path / "full.wav", 8.0, is_prefix=False)
    release = threading.Event()

    def fake_render(self: object, exercise: Exercise, **callbacks: object) -> RenderedTrack:
        callbacks["on_first_ready"](short)  # type: ignore[operator]
        callbacks["on_partial"](longer)  # type: ignore[operator]
        release.wait(10)
        return full

    monkeypatch.setattr("coach.ui.practice.player.playback.Renderer.render", fake_render)
    ctx.store.set_setting("speech_engine", "espeak")
    player.load(make_exercise(Step("pause", seconds=8)))
    qtbot.waitUntil(lambda: player.position_s() > 2.5, timeout=6_000)  # past the end of the first part
    assert player.playback.current is longer and player.is_playing()
    with qtbot.waitSignal(player.trackReady, timeout=5_000):
        release.set()
    assert player.playback.current is full and player.position_s() > 2.5


def test_a_render_failure_is_shown_calmly_and_the_steps_stay_readable(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.domain.errors import CoachError

    def failing_render(self: object, exercise: Exercise, **callbacks: object) -> RenderedTrack:
        raise CoachError("espeak-ng could not speak the text")

    monkeypatch.setattr("coach.ui.practice.player.playback.Renderer.render", failing_render)
    with qtbot.waitSignal(player.renderFailed, timeout=5_000) as blocker:
        player.load(TINY)
    assert blocker.args == ["espeak-ng could not speak the text"]
    assert "could not be prepared" in player.notice.text() and player.notice.isVisible()
    assert not player.render_bar.isVisible()
    assert player.transcript.count() == 3


def test_stopping_while_the_audio_is_prepared_cancels_the_render(
    qtbot: QtBot, ctx: AppContext, player: PlayerWidget
) -> None:
    ctx.store.set_setting("speech_engine", "espeak")
    exercise = make_exercise(*(Step("speak", f"Line {i} of a long exercise left early.") for i in range(80)))
    fractions: list[float] = []
    ready: list[bool] = []
    player.renderProgress.connect(fractions.append)
    player.trackReady.connect(lambda: ready.append(True))
    player.load(exercise, autoplay=False)
    task = player.playback.task
    assert task is not None
    qtbot.waitUntil(lambda: bool(fractions) and fractions[-1] > 0.05, timeout=READY_MS)
    assert player.render_bar.isVisible()
    player.stop()  # what leaving the session does
    assert not player.render_bar.isVisible()
    assert task.wait(5), "the render kept going after the stop"
    qtbot.waitUntil(lambda: task.finished, timeout=5_000)
    assert task.outcome == "cancelled"
    assert ready == [] and fractions[-1] < 1.0
    assert Renderer.from_settings(ctx.store).cached(exercise) is None  # the whole track was never made
