"""Starting a practice from anywhere (Pain is spiking, a reminder, Today) lands on a fresh start of the
intended exercise: the pain-spike practice really plays, and never a previous session's result screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.sessions import SessionService
from coach.services.safety import answers as safety_answers
from coach.ui.main_window import MainWindow
from coach.ui.practice.flare import FLARE_EXERCISE, open_flare_flow
from coach.ui.practice.page import PracticePage
from tests.gui.practice.test_practice_page import TINY, TRACK_READY_MS


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ctx.store.set_setting("speech_engine", "none")
    ExerciseLibrary(ctx.store).save_custom(dict(TINY))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    w.go("today")
    yield w
    _practice(w).flow.shutdown()


def _practice(w: MainWindow) -> PracticePage:
    page = w.page("practice")
    assert isinstance(page, PracticePage)
    return page


def _row(ctx: AppContext) -> dict:  # type: ignore[type-arg]
    return dict(next(ctx.store.db.query("select * from sessions order by id desc limit 1")))


def test_start_the_3_minute_practice_really_starts_it(qtbot, window: MainWindow, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = open_flare_flow(ctx, window, window)
    qtbot.mouseClick(dialog.intensity.buttons[8], Qt.MouseButton.LeftButton)
    practice = _practice(window)
    with qtbot.waitSignal(practice.flow.player.trackReady, timeout=TRACK_READY_MS):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "practice"
    assert practice.flow.stage() == "playing", "the window behind still waits on 'Before you begin'"
    assert practice.flow.exercise() is not None and practice.flow.exercise().id == FLARE_EXERCISE  # type: ignore[union-attr]
    row = _row(ctx)
    assert (row["exercise_id"], row["status"], row["pre_pain"]) == (FLARE_EXERCISE, "in_progress", 8)
    qtbot.waitUntil(lambda: not window.findChildren(type(dialog)), timeout=2000)  # closed, out of the way


def test_a_remembered_red_flag_still_stops_the_quick_start(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    safety_answers.record_reprocessing_check(ctx, examined=True, red_flags=True)
    dialog = open_flare_flow(ctx, window, window)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    practice = _practice(window)
    assert practice.check_dialog is not None and practice.check_dialog.isVisible()
    assert practice.flow.stage() != "playing" and practice.stack.currentIndex() == 0
    practice.check_dialog.reject()
    dialog.close()


def test_a_reminder_start_never_shows_the_last_sessions_result(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    practice = _practice(window)
    window.start_exercise("tiny-test")
    flow = practice.flow
    flow.skip_before_button.click()
    flow.end_session()
    flow.skip_after_button.click()
    assert flow.stage() == "result"  # "How did that go?"
    window.go("today")
    window.go("practice")  # a reminder's "Start now" without an exercise
    assert practice.stack.currentIndex() == 0, "opened on the previous session's 'How did that go?'"
    window.go("today")
    window.start_exercise("tiny-test")  # a reminder's "Start now" for its exercise
    assert practice.stack.currentWidget() is flow and flow.stage() == "before"
    assert flow.before_pain.value() is None and flow.session_id() is None
    assert SessionService(ctx).interrupted() is None


def test_the_resume_offer_reads_in_plain_words(window: MainWindow, ctx: AppContext) -> None:
    sessions = SessionService(ctx)
    sessions.save_progress(sessions.start("tiny-test", 5, 5, []), 4.0, 0.4)
    window.go("practice")
    text = _practice(window).resume_text.text()
    assert "Tiny test practice: you stopped at 0:04 of about 1 minute, today at " in text
    assert " min," not in text and "minutes" not in text


def test_the_pain_spike_words_are_not_squeezed_and_the_dialog_fits_the_screen(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    dialog = open_flare_flow(ctx, window, window)
    qtbot.wait(10)
    paragraphs = [
        label for label in dialog.findChildren(QLabel) if label.objectName().startswith("flareReminder")
    ]
    assert paragraphs
    for label in paragraphs:  # each wrapped paragraph has the height its lines need (none drawn over another)
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry())
    dialog.close()
