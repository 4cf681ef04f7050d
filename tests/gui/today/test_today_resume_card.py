"""Today with a session left part-way (the newcomer trial's case): a resume card names the session, where it
stopped and when, and its text and buttons wrap, so Today never scrolls sideways at any screen and text
size of the layout audit; Start fresh sets the session aside and begins the exercise again."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.ui.app import CoachApp
from coach.ui.practice.page import PracticePage
from coach.ui.today.page import TodayPage
from tests.gui.layout.audit import Config, geometry_findings, settle
from tests.gui.layout.test_layout_audit import PAGE_CONFIGS, _app
from tests.gui.layout.test_layout_audit import look as look  # the audit's fixture: the theme put back

pytestmark = pytest.mark.usefixtures("look")

STOPPED = "Body scan: you stopped at 4:05 of about 12 minutes, today at"


def _today(qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config) -> tuple[CoachApp, TodayPage]:
    coach_app = _app(qtbot, ctx, qapp, config)  # the audit's demo app, with a session left at 4:05
    coach_app.window.go("today")
    page = coach_app.window.page("today")
    assert isinstance(page, TodayPage)
    # The card names the session once the first window is up (the session list loads after it).
    qtbot.waitUntil(lambda: page.resume_text.text().startswith(STOPPED), timeout=3_000)
    settle()
    return coach_app, page


@pytest.mark.parametrize("config", PAGE_CONFIGS, ids=str)
def test_the_resume_card_wraps_and_today_never_scrolls_sideways(
    qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config
) -> None:
    coach_app, page = _today(qtbot, ctx, qapp, config)
    assert page.resume_card.isVisible() and page.resume_button.isVisible() and page.fresh_button.isVisible()
    assert page.horizontalScrollBar().maximum() == 0
    card = page.resume_card
    right = card.mapTo(page.viewport(), card.rect().topRight()).x()
    assert right <= page.viewport().width()
    for button in (page.resume_button, page.fresh_button):
        edge = button.mapTo(card, button.rect().topRight()).x()
        assert edge <= card.width(), f"{button.text()} runs past the card"
    assert geometry_findings(coach_app.window, config.available.size()) == []


def test_resume_on_today_carries_on_where_it_stopped(qtbot: Any, ctx: AppContext, qapp: QApplication) -> None:
    coach_app, page = _today(qtbot, ctx, qapp, Config(1366, 768, "light", 100))
    window = coach_app.window
    practice = window.page("practice")
    assert isinstance(practice, PracticePage)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "practice" and practice.flow.stage() == "playing"
    assert practice.flow.exercise() is not None and practice.flow.exercise().title == "Body scan"  # type: ignore[union-attr]
    practice.flow.shutdown()


def test_start_fresh_on_today_sets_the_session_aside_and_begins_again(
    qtbot: Any, ctx: AppContext, qapp: QApplication
) -> None:
    coach_app, page = _today(qtbot, ctx, qapp, Config(1366, 768, "light", 100))
    window = coach_app.window
    qtbot.mouseClick(page.fresh_button, Qt.MouseButton.LeftButton)
    practice = window.page("practice")
    assert isinstance(practice, PracticePage)
    assert window.current_key() == "practice" and practice.flow.stage() == "before"
    assert practice.flow.before_title.text() == "Before you begin: Body scan"
    assert SessionService(ctx).interrupted() is None
    window.go("today")
    settle()
    assert not page.resume_card.isVisible()
    practice.flow.shutdown()
