"""The Progress page as a person reads it (issue 12): each flag says how pressing it is ("High",
"Watch") with the most pressing first, and the "what helps" chart draws no likely-range line for a kind
of practice with fewer than 5 sessions, saying so in plain words."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyqtgraph as pg
from helpers.nav import RecordingNav as FakeNav

from coach.domain.clock import FixedClock
from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.ui.progress.page import ProgressPage, create_page

NY = ZoneInfo("America/New_York")  # the fixture clock's zone; "today" is 2026-11-21


def _page(qtbot: Any, ctx: AppContext) -> ProgressPage:
    page = create_page(ctx, FakeNav())
    assert isinstance(page, ProgressPage)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), NY)


def test_flags_carry_their_severity_most_pressing_first(qtbot: Any, ctx: AppContext) -> None:
    checkins = CheckinService(ctx)
    for day in (date(2026, 10, 5), date(2026, 10, 12)):
        checkins.record_peg(2, 2, 2, at=at(day))  # four weeks before: low
    for day in (date(2026, 11, 9), date(2026, 11, 16)):
        checkins.record_peg(8, 8, 8, at=at(day))  # the last four weeks: rising pain (watch)
    checkins.record_withdrawal({key: 3 for key, _ in WITHDRAWAL_ITEMS}, at=at(date(2026, 11, 18)))  # high
    page = _page(qtbot, ctx)
    lines = page.flags_label.text().split("\n")
    assert page.flags_frame.isVisible() and len(lines) == 2
    # The watch flag was raised first; the high one is still listed first.
    assert lines[0].startswith("High: Withdrawal checklist in the high range")
    assert lines[1].startswith("Watch: Pain is rising")
    assert "Urgent" in page.flags_label.toolTip() and "Watch" in page.flags_label.toolTip()


def _practise(ctx: AppContext, clock: FixedClock, exercise_id: str, pairs: list[tuple[int, int]]) -> None:
    sessions = SessionService(ctx)
    now = clock.now()
    for number, (before, after) in enumerate(pairs):
        clock.set(at(date(2026, 11, 1 + number), 18))
        session_id = sessions.start(exercise_id, before, before)
        sessions.finish(session_id, after, after, completed_fraction=1.0)
    clock.set(now)


def _error_bar_rows(page: ProgressPage) -> list[tuple[float, float]]:
    """(row position, half width) of every likely-range line drawn on the "what helps" chart."""
    card = page.cards["helps"]
    card.draw_pending()
    out: list[tuple[float, float]] = []
    for item in card.plot.getPlotItem().items:
        if isinstance(item, pg.ErrorBarItem):
            ys, halves = np.atleast_1d(item.opts["y"]), np.atleast_1d(item.opts["left"])
            out += [(float(y), float(h)) for y, h in zip(ys, halves, strict=True)]
    return out


def test_no_likely_range_is_drawn_for_fewer_than_five_sessions(
    qtbot: Any, ctx: AppContext, clock: FixedClock
) -> None:
    _practise(ctx, clock, "body-scan", [(6, 3), (7, 5), (5, 3), (6, 4), (7, 4), (6, 3)])  # n=6
    _practise(ctx, clock, "somatic-tracking-5", [(6, 4), (5, 4), (7, 4)])  # n=3: the report says too few
    page = _page(qtbot, ctx)
    page.draw_all()
    card = page.cards["helps"]
    rows = {e.category: index for index, e in enumerate(card.effects)}
    assert set(rows) == {"mindfulness", "somatic tracking"}
    drawn = _error_bar_rows(page)
    assert drawn, "the kind practised 6 times keeps its likely range"
    assert all(abs(y - rows["mindfulness"]) < 0.5 for y, _h in drawn)
    assert not any(abs(y - rows["somatic tracking"]) < 0.5 for y, _h in drawn)
    # Plain words, on hover and in the table view: how many sessions it takes, no "n<5" or "95%".
    y = float(rows["somatic tracking"])
    tip = card.tooltip(0.0, y)
    assert "3 sessions" in tip and "from 5 sessions" in tip and "n<5" not in tip
    table = card.table_for(page.board)  # type: ignore[arg-type]
    row = next(r for r in table.rows if r[0] == "somatic tracking")
    assert "n<5" not in " ".join(row) and "needs 5 sessions" in row
    assert not any("95%" in column for column in table.columns)
    assert "95%" not in card.explanation.text() and "fewer than 5" in card.explanation.text()
