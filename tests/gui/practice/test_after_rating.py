"""The after-session rating screen says what the person rated before the session, in plain words, so they
can compare ("You rated your pain 6 before the session. How is it now?") - for a session started with
ratings, with the pain-spike's quick start, without ratings, and for a resumed session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.sessions import SessionService
from coach.ui.main_window import MainWindow
from coach.ui.practice.page import PracticePage
from coach.ui.practice.session_flow import SessionFlow
from tests.gui.practice.test_practice_page import TINY, TRACK_READY_MS, _open_window, _practice


@pytest.fixture
def window(qtbot: Any, ctx: AppContext) -> Iterator[MainWindow]:
    ctx.store.set_setting("speech_engine", "none")  # captions only: the real player, an instant render
    ExerciseLibrary(ctx.store).save_custom(dict(TINY))
    w = _open_window(qtbot, ctx)
    yield w
    _practice(w).flow.shutdown()


def _begin(qtbot: Any, page: PracticePage) -> SessionFlow:
    qtbot.keyClicks(page.search, "tiny")
    qtbot.mouseClick(page.begin_button, Qt.MouseButton.LeftButton)
    return page.flow


def _end(qtbot: Any, flow: SessionFlow) -> str:
    assert flow.stage() == "playing"
    qtbot.mouseClick(flow.end_button, Qt.MouseButton.LeftButton)
    assert flow.stage() == "after"
    line = flow.before_ratings_line
    assert line.isVisible()
    return line.text()


def test_the_after_screen_shows_both_ratings_from_before(qtbot: Any, window: MainWindow) -> None:
    flow = _begin(qtbot, _practice(window))
    qtbot.mouseClick(flow.before_pain.buttons[6], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.before_distress.buttons[4], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.player.trackReady, timeout=TRACK_READY_MS):
        qtbot.mouseClick(flow.start_button, Qt.MouseButton.LeftButton)
    assert _end(qtbot, flow) == (
        "Before the session you rated your pain 6 and how upset, worried or tense you felt 4, out of 10. "
        "How are they now?"
    )
    assert flow.after_pain.value() is None  # a reminder, never a pre-filled answer


def test_the_pain_spike_start_shows_the_pain_it_was_given(qtbot: Any, window: MainWindow) -> None:
    flow = _begin(qtbot, _practice(window))
    with qtbot.waitSignal(flow.player.trackReady, timeout=TRACK_READY_MS):
        flow.start_now(6)  # what "Pain is spiking" does after asking how strong it is
    assert _end(qtbot, flow) == "You rated your pain 6 before the session. How is it now?"
    # Only pain was asked before, so only pain is asked now, and rating it is enough to save (a patient's
    # trial: Save stayed grey until a distress rating nobody had asked for).
    assert not flow.after_distress.isVisible()
    assert not flow.save_button.isEnabled()
    qtbot.mouseClick(flow.after_pain.buttons[4], Qt.MouseButton.LeftButton)
    assert flow.save_button.isEnabled()
    qtbot.mouseClick(flow.save_button, Qt.MouseButton.LeftButton)
    assert flow.stage() == "result"


def test_without_ratings_before_it_just_asks(qtbot: Any, window: MainWindow) -> None:
    flow = _begin(qtbot, _practice(window))
    with qtbot.waitSignal(flow.player.trackReady, timeout=TRACK_READY_MS):
        qtbot.mouseClick(flow.skip_before_button, Qt.MouseButton.LeftButton)
    assert _end(qtbot, flow) == "Rate again, just as you are now."


def test_a_resumed_session_shows_the_ratings_from_when_it_started(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    sessions = SessionService(ctx)
    sessions.save_progress(sessions.start("tiny-test", 7, None, []), 1.0, 0.2)
    page = _practice(window)
    page.show_browse()
    assert page.resume_card.isVisible()
    with qtbot.waitSignal(page.flow.player.trackReady, timeout=TRACK_READY_MS):
        qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert _end(qtbot, page.flow) == "You rated your pain 7 before the session. How is it now?"


def test_the_after_screen_opens_at_its_top_on_a_small_window(qtbot: Any, window: MainWindow) -> None:
    """A patient's trial at 1024x600 and 150% text: the after screen opened scrolled down (where it was
    left last time), its heading and the ratings from before hidden above the fold."""
    from PySide6.QtWidgets import QApplication

    from coach.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light", 150)  # the app-wide look is put back after the test (tests/helpers/fixtures)
    window.resize(1000, 540)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)  # focus scrolls only in the active window
    flow = _begin(qtbot, _practice(window))
    with qtbot.waitSignal(flow.player.trackReady, timeout=TRACK_READY_MS):
        flow.start_now(6)
    _end(qtbot, flow)
    qtbot.wait(20)
    bar = flow._after.verticalScrollBar()
    bar.setValue(bar.maximum())  # scrolled down to the note, as a person leaves it ...
    qtbot.mouseClick(flow.keep_listening_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.end_button, Qt.MouseButton.LeftButton)  # ... and it comes back
    qtbot.wait(20)
    assert bar.maximum() > 0  # the screen is taller than the window here
    assert bar.value() == 0
