"""Today as a patient reads it: the upcoming agreed taper step, the newest pain rating (after a session
too), counts in plain words, and Resume for an interrupted session right there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from coach.domain.clock import FixedClock
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.sessions import SessionService
from coach.services.taper.plans import TaperService
from coach.ui.main_window import MainWindow
from coach.ui.practice.page import PracticePage
from coach.ui.today.page import TodayPage
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
    page = w._pages.get("practice")
    if isinstance(page, PracticePage):
        page.flow.shutdown()


def _today(w: MainWindow) -> TodayPage:
    page = w.page("today")
    assert isinstance(page, TodayPage)
    return page


def test_an_agreed_plan_starting_later_shows_its_first_step(window: MainWindow, ctx: AppContext) -> None:
    taper = TaperService(ctx)
    first = taper.today() + timedelta(days=7)
    draft = taper.save_draft(90, "cdc-monthly", first)
    taper.adopt_draft(draft.id)  # "My prescriber agreed"
    text = _today(window).taper_text.text()
    assert "No taper plan" not in text
    assert text.startswith("Your first agreed step: ")
    assert first.isoformat() not in text and f"{first.day} {first:%b %Y}" in text  # a date in words
    assert "agreed with your prescriber" in text


def test_latest_pain_is_the_after_session_rating_when_that_is_newest(
    window: MainWindow, ctx: AppContext, clock: FixedClock
) -> None:
    sessions = SessionService(ctx)
    session_id = sessions.start("tiny-test", 7, 5, [])
    clock.advance(minutes=5)
    sessions.finish(session_id, 3, 2, "", completed_fraction=1.0)
    text = _today(window).pain_text.text()
    assert text == "Latest: 3 out of 10 (after a session, today)."


def test_a_weekly_pain_check_reads_in_plain_words_rounded(window: MainWindow, ctx: AppContext) -> None:
    CheckinService(ctx).record_peg(7, 6, 7)  # mean 6.666...
    text = _today(window).pain_text.text()
    assert "6.7 out of 10 (weekly pain check, today)" in text
    assert "PEG" not in text and "6.67" not in text


def test_one_session_reads_as_one_session_about_one_minute(
    window: MainWindow, ctx: AppContext, clock: FixedClock
) -> None:
    sessions = SessionService(ctx)
    session_id = sessions.start("tiny-test", None, None, [])
    clock.advance(seconds=70)
    sessions.finish(session_id, None, None, "", completed_fraction=1.0)
    text = _today(window).practice_text.text()
    assert "Done today: 1 session, about 1 minute." in text
    assert "1 sessions" not in text and "1 minutes" not in text


def test_resume_is_offered_on_today_and_carries_on_the_session(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    session_id = SessionService(ctx).start("tiny-test", 6, 4, [])
    SessionService(ctx).save_progress(session_id, 4.0, 0.4)
    today = _today(window)
    today.refresh()
    assert today.resume_button.isVisible()
    practice = window.page("practice")
    assert isinstance(practice, PracticePage)
    with qtbot.waitSignal(practice.flow.player.trackReady, timeout=TRACK_READY_MS):
        qtbot.mouseClick(today.resume_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "practice"
    assert practice.flow.stage() == "playing" and practice.flow.session_id() == session_id


def test_a_session_ended_early_reads_as_partial_not_as_nothing(
    window: MainWindow, ctx: AppContext, clock: FixedClock
) -> None:
    # The tester's case: a 10-minute session ended at 2:12 (22% played), pain 7 -> 5.
    sessions = SessionService(ctx)
    session_id = sessions.start("tiny-test", 7, None, [])
    clock.advance(seconds=132)
    sessions.finish(session_id, 5, None, "", completed_fraction=132 / 600)
    text = _today(window).practice_text.text()
    assert "Not yet today" not in text
    assert text.startswith("1 partial session today (about 2 minutes).")
    assert "Done today" not in text  # the done count keeps the 80% rule
