"""Today names the program the person follows and what today holds in it (a coach's trial: after accepting
a coach's program the patient's Today changed only its suggestion, with no program name, no day, and not
the day's exercises and check-in)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from coach.services.context import AppContext
from coach.services.programs.service import ProgramService
from coach.ui.main_window import MainWindow
from coach.ui.today.page import TodayPage


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ctx.store.set_setting("speech_engine", "none")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    w.go("today")
    yield w


def _today(w: MainWindow) -> TodayPage:
    page = w.page("today")
    assert isinstance(page, TodayPage)
    return page


def test_today_names_the_program_its_day_and_what_the_day_holds(window: MainWindow, ctx: AppContext) -> None:
    page = _today(window)
    assert not page.program_text.isVisible()  # no program: no line
    ProgramService(ctx).assign("mindfulness-8-weeks")  # publishes: Today follows at once
    text = page.program_text.text()
    assert page.program_text.isVisible()
    assert text == (
        "Your program \u201c8-week mindfulness for pain\u201d, day 1 of week 1: "
        "Breath awareness and the weekly pain check. Done 0 of 1."
    )
    assert "breath-awareness" not in text and "PEG" not in text


def test_a_program_that_starts_later_says_so(window: MainWindow, ctx: AppContext) -> None:
    service = ProgramService(ctx)
    service.assign("mindfulness-8-weeks", service.today_local() + timedelta(days=3))
    assert _today(window).program_text.text().endswith("has not started yet.")


def test_a_saved_taper_draft_is_not_called_no_plan(window: MainWindow, ctx: AppContext) -> None:
    """A patient's trial: after saving a draft, Today still said "No taper plan recorded"."""
    from coach.services.taper.plans import TaperService

    ctx.store.update_profile(takes_opioids=True)
    taper = TaperService(ctx)
    taper.save_draft(90, "cdc-monthly", taper.today() + timedelta(days=7))
    page = _today(window)
    page.refresh()
    text = page.taper_text.text()
    assert "No taper plan recorded" not in text
    assert "draft" in text and "prescriber" in text


def test_a_pain_spike_rating_is_today_s_latest_pain(window: MainWindow, ctx: AppContext) -> None:
    """A patient's trial: "Pain is spiking", rated 8, "Save note and close"; Today still said 5."""
    from coach.services.checkins.service import CheckinService

    CheckinService(ctx).log_flare(8, "carrying shopping")  # publishes: Today follows at once
    text = _today(window).pain_text.text()
    assert text.startswith("Latest: 8 out of 10 (during a pain spike")
