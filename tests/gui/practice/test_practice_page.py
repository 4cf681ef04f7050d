"""The Practice page as a person uses it: find an exercise, rate, listen, rate again, and pick up later."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.ui.main_window import MainWindow
from coach.ui.practice.page import PracticePage
from coach.ui.practice.session_flow import AUTOSAVE_MS, RESUME_BACKUP_S, SessionFlow

TINY = {
    "id": "tiny-test",
    "title": "Tiny test practice",
    "category": "mindfulness",
    "minutes": 1,
    "purpose": "A very short practice the tests can play to the end.",
    "when_to_use": "Whenever a test needs one.",
    "source": "Test fixture written for this suite",
    "tags": ["testing"],
    "steps": [
        {"kind": "speak", "text": "Notice your breath."},
        {"kind": "pause", "seconds": 2},
        {"kind": "speak", "text": "Well done."},
    ],
}
TRACK_READY_MS = 20_000


@pytest.fixture(autouse=True)
def _no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning dialog would block the test forever: fail with its text instead."""

    def fail(_parent: object, _title: str, text: str, *args: object) -> None:
        raise AssertionError(f"unexpected dialog: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)


@pytest.fixture
def quiet_ctx(ctx: AppContext) -> AppContext:
    # Captions-only speech keeps the track tiny and the render instant; the player is the real one.
    ctx.store.set_setting("speech_engine", "none")
    ExerciseLibrary(ctx.store).save_custom(dict(TINY))
    return ctx


@pytest.fixture
def window(qtbot, quiet_ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = _open_window(qtbot, quiet_ctx)
    yield w
    _practice(w).flow.shutdown()


def _open_window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    w.go("practice")
    return w


def _practice(w: MainWindow) -> PracticePage:
    page = w.page("practice")
    assert isinstance(page, PracticePage)
    return page


def _row(ctx: AppContext) -> dict:  # type: ignore[type-arg]
    return dict(next(ctx.store.db.query("select * from sessions order by id desc limit 1")))


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose_tiny_and_start(qtbot, page: PracticePage, pain: int, distress: int) -> SessionFlow:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(page.search, "tiny")
    assert page.visible_ids() == ["tiny-test"]
    assert page.detail_title.text() == "Tiny test practice"
    assert "play to the end" in page.detail_purpose.text()
    _click(qtbot, page.begin_button)
    flow = page.flow
    assert page.stack.currentWidget() is flow and flow.stage() == "before"
    assert not flow.start_button.isEnabled()  # both questions first (or "Start without rating")
    _click(qtbot, flow.before_pain.buttons[pain])
    flow.before_distress.setFocus()
    qtbot.keyClick(flow.before_distress, getattr(Qt.Key, f"Key_{distress}"))
    _click(qtbot, flow.body_areas.chips["lower back"])
    assert flow.start_button.isEnabled()
    with qtbot.waitSignal(flow.player.trackReady, timeout=TRACK_READY_MS):
        _click(qtbot, flow.start_button)
    assert flow.stage() == "playing"
    return flow


def test_listening_to_the_end_is_all_the_way_through(
    qtbot, window: MainWindow, quiet_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    flow = _choose_tiny_and_start(qtbot, _practice(window), 5, 5)
    player = flow.player
    with qtbot.waitSignal(player.finished, timeout=30_000):
        pass
    assert player.completed_fraction() > 0.95
    _click(qtbot, flow.after_pain.buttons[4])
    _click(qtbot, flow.after_distress.buttons[3])
    _click(qtbot, flow.save_button)
    assert "You listened all the way through." in flow.saved_label.text()
    assert _row(quiet_ctx)["completed_fraction"] > 0.95


def test_a_whole_session_from_choosing_to_done(qtbot, window: MainWindow, quiet_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = _practice(window)
    flow = _choose_tiny_and_start(qtbot, page, 7, 6)
    row = _row(quiet_ctx)
    assert (row["exercise_id"], row["status"], row["pre_pain"], row["pre_distress"]) == (
        "tiny-test",
        "in_progress",
        7,
        6,
    )
    assert json.loads(row["body_areas"]) == ["lower back"]
    player = flow.player
    assert player.duration_s() > 5
    qtbot.waitUntil(lambda: player.position_s() > 0.3, timeout=10_000)  # it really plays
    # Skip most of the quiet to keep the test short, then let it play out to the very end.
    player.seek(player.duration_s() - 1.0)
    with qtbot.waitSignal(player.finished, timeout=15_000):
        pass
    assert flow.stage() == "after"
    assert not flow.keep_listening_button.isVisible()
    _click(qtbot, flow.after_pain.buttons[4])
    _click(qtbot, flow.after_distress.buttons[3])
    qtbot.keyClicks(flow.note, "Shoulders let go a bit")
    _click(qtbot, flow.save_button)
    assert flow.stage() == "result"
    assert flow.change_label.text() == "Pain 7 → 4: down 3 points\nDistress 6 → 3: down 3 points"
    # Skipping is not listening: most of it was skipped, so the words and the record say partial.
    saved = flow.saved_label.text()
    assert "all the way through" not in saved
    assert "of it - every bit counts." in saved
    _click(qtbot, flow.done_button)
    assert page.stack.currentIndex() == 0
    row = _row(quiet_ctx)
    assert row["status"] == "completed"
    assert row["completed_fraction"] < 0.8
    assert (row["pre_pain"], row["pre_distress"], row["post_pain"], row["post_distress"]) == (7, 6, 4, 3)
    assert row["note"] == "Shoulders let go a bit"
    assert not page.resume_card.isVisible()  # nothing left to pick up


def test_seek_and_pause_and_autosave(qtbot, window: MainWindow, quiet_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    flow = _choose_tiny_and_start(qtbot, _practice(window), 5, 5)
    player = flow.player
    player.pause()
    qtbot.wait(50)
    assert not player.is_playing()
    player.seek(4.0)
    held = player.position_s()
    assert held == pytest.approx(4.0, abs=0.15)
    qtbot.wait(400)
    assert player.position_s() == pytest.approx(held, abs=0.05)  # paused stays put
    assert player.current_step_index() == 1  # the pause step (3.4-5.4 s) is highlighted
    player.play()
    qtbot.waitUntil(lambda: player.position_s() > held + 0.3, timeout=5_000)
    # The 15-second autosave writes where the person is and how far they have listened.
    assert flow.autosave_timer.isActive() and flow.autosave_timer.interval() == AUTOSAVE_MS
    player.pause()
    flow.autosave_timer.timeout.emit()
    row = _row(quiet_ctx)
    assert row["position_s"] == pytest.approx(player.position_s(), abs=0.05)
    assert row["completed_fraction"] == pytest.approx(player.completed_fraction(), abs=0.01)
    # Only what was heard counts: the 4 s jumped over are not played time (about half a second was).
    assert 0.0 < row["completed_fraction"] < 0.2
    assert row["completed_fraction"] < held / player.duration_s()
    player.play()
    # Ending early still asks how it went, and keeps the partial listen.
    _click(qtbot, flow.end_button)
    assert flow.stage() == "after" and flow.keep_listening_button.isVisible()
    _click(qtbot, flow.skip_after_button)
    row = _row(quiet_ctx)
    assert row["status"] == "completed" and row["post_pain"] is None
    assert 0.0 < row["completed_fraction"] < 0.2  # what was heard, kept; the skipped part is not in it


def test_an_interrupted_session_is_offered_and_resumes_near_its_place(qtbot, quiet_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    first = _open_window(qtbot, quiet_ctx)
    flow = _choose_tiny_and_start(qtbot, _practice(first), 6, 4)
    flow.player.seek(6.0)
    qtbot.waitUntil(lambda: flow.player.position_s() >= 6.0, timeout=5_000)
    first.close()  # the app closes mid-session: the place is saved on the way out
    row = _row(quiet_ctx)
    flow.shutdown()
    assert row["status"] == "in_progress"
    saved = row["position_s"]
    assert 6.0 <= saved < 8.0

    second = _open_window(qtbot, quiet_ctx)  # next time the app opens
    page = _practice(second)
    try:
        assert page.resume_card.isVisible()
        assert "Tiny test practice: you stopped at 0:0" in page.resume_text.text()
        with qtbot.waitSignal(page.flow.player.trackReady, timeout=TRACK_READY_MS):
            _click(qtbot, page.resume_button)
        assert page.flow.stage() == "playing"
        assert page.flow.session_id() == row["id"]
        position = page.flow.player.position_s()
        assert saved - RESUME_BACKUP_S - 0.3 <= position <= saved + 1.0
        assert not page.resume_card.isVisible()
    finally:
        page.flow.shutdown()


def test_start_fresh_sets_the_interrupted_session_aside(qtbot, quiet_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from coach.services.practice.sessions import SessionService

    sid = SessionService(quiet_ctx).start("body-scan", 5, 5)
    SessionService(quiet_ctx).save_progress(sid, 120.0, 0.2)
    w = _open_window(qtbot, quiet_ctx)
    page = _practice(w)
    assert page.resume_card.isVisible() and "Body scan" in page.resume_text.text()
    _click(qtbot, page.fresh_button)
    assert not page.resume_card.isVisible()
    assert _row(quiet_ctx)["status"] == "abandoned"
    assert page.selected_id() == "body-scan"  # Begin now starts it from the top


def test_search_and_filters_narrow_the_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _practice(window)
    everything = page.visible_ids()
    assert len(everything) >= 17 and "tiny-test" in everything
    qtbot.keyClicks(page.search, "sleep")
    assert "sleep-wind-down" in page.visible_ids() and len(page.visible_ids()) < len(everything)
    page.search.clear()
    page.category.setCurrentIndex(page.category.findData("movement"))
    assert page.visible_ids() == ["graded-movement"]
    page.category.setCurrentIndex(0)
    page.length.setCurrentIndex(page.length.findText("Up to 5 min"))
    short = page.visible_ids()
    assert "flare-tracking-3" in short and "somatic-tracking-5" in short and "body-scan" not in short
    page.length.setCurrentIndex(page.length.findText("15 min or more"))
    assert page.visible_ids() == ["somatic-tracking-15"]
    page.length.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "zebra crossing")
    assert page.visible_ids() == [] and page.no_matches.isVisible()
    assert not page.begin_button.isEnabled()


def test_start_exercise_from_another_page_opens_its_before_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.go("today")
    window.start_exercise("flare-tracking-3")
    page = _practice(window)
    assert window.current_key() == "practice"
    assert page.flow.stage() == "before"
    assert "Flare-time tracking" in page.flow.before_title.text()
    # The rating scale is one keyboard stop: arrows and digits choose.
    scale = page.flow.before_pain
    window.activateWindow()
    scale.setFocus()
    qtbot.waitUntil(scale.hasFocus, timeout=2_000)
    assert scale.buttons[0].property("scaleFocused")  # the focus ring shows on the scale
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 2  # counted from the ring on 0
    qtbot.keyClick(scale, Qt.Key.Key_End)
    assert scale.value() == 10 and scale.buttons[10].isChecked()
    _click(qtbot, page.flow.back_button)
    assert page.stack.currentIndex() == 0


def test_leaving_the_page_pauses_and_saves(qtbot, window: MainWindow, quiet_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    flow = _choose_tiny_and_start(qtbot, _practice(window), 3, 3)
    flow.player.seek(5.0)
    window.go("today")
    assert not flow.player.is_playing()
    assert _row(quiet_ctx)["position_s"] == pytest.approx(5.0, abs=0.3)
    window.go("practice")
    assert flow.stage() == "playing"  # still there to carry on


def _voice_wav(path: Path, seconds: float = 1.0) -> Path:
    import math
    import struct
    import wave

    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        frames = int(16_000 * seconds)
        wav.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(n / 8))) for n in range(frames)))
    return path


def test_adding_a_recording_shows_on_the_exercise(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = _voice_wav(tmp_path / "my-voice.wav")
    page = _practice(window)
    page.select("body-scan")
    assert page.add_recording("body-scan", source)
    assert "my-voice.wav" in page.detail_recordings.text()
    assert page.record_button.isHidden()  # no microphone on this machine
    page.select("breath-awareness")
    page.select("body-scan")
    assert "Your recording: my-voice.wav (0:01)" in page.detail_recordings.text()


def test_a_session_can_use_your_own_recording(
    qtbot, window: MainWindow, quiet_ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _practice(window)
    assert page.add_recording("tiny-test", _voice_wav(tmp_path / "coach-voice.wav", seconds=2.0))
    page.select("tiny-test")
    _click(qtbot, page.begin_button)
    flow = page.flow
    assert flow.voice_box.isVisible() and flow.use_guidance.isChecked()
    assert "coach-voice.wav (0:02)" in flow.use_recording.text()
    flow.use_recording.setChecked(True)
    _click(qtbot, flow.skip_before_button)
    assert flow.players.currentWidget() is flow.recording_player
    with qtbot.waitSignal(flow.recording_player.finished, timeout=10_000):
        pass
    assert flow.stage() == "after"
    _click(qtbot, flow.skip_after_button)
    row = _row(quiet_ctx)
    assert (row["status"], row["completed_fraction"], row["pre_pain"]) == ("completed", 1.0, None)


@pytest.mark.slow
def test_the_voice_loads_while_the_person_rates_how_they_feel(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from coach.audio import engines

    if not engines.piper_installed():
        pytest.skip("the neural voice is not installed")
    monkeypatch.setattr(engines, "_INSTANCES", {})  # a fresh process: nothing loaded yet
    ctx.store.set_setting("speech_engine", "piper")
    flow = SessionFlow(ctx)
    qtbot.addWidget(flow)
    flow.begin(ExerciseLibrary(ctx.store).get("flare-tracking-3"))
    assert flow.stage() == "before"
    piper = engines.get_engine("piper")
    assert piper is not None
    qtbot.waitUntil(lambda: piper.loaded, timeout=30_000)  # before any rating or Begin click
    flow.shutdown()


def test_the_result_words_follow_what_was_played() -> None:
    from coach.ui.practice.session_parts import saved_note

    assert saved_note(False, 132) == (
        "Saved. You did about 2 minutes of it - every bit counts. Your sessions add up on the Progress page."
    )
    assert "all the way through" in saved_note(True, 600)
