"""Today's taper line: an agreed plan shows from the day it is saved, even before its first step."""

from __future__ import annotations

from datetime import date, timedelta

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.taper.plans import TaperService
from coach.services.today import today_summary


def test_a_plan_starting_today_with_only_a_later_step_shows_its_level(
    ctx: AppContext, clock: FixedClock
) -> None:
    service = TaperService(ctx)
    start = service.today()
    plan = service.create_plan("From Dr Rivera", 45, start)
    service.add_step(plan.id, start + timedelta(days=28), target_mme=40)
    taper = today_summary(ctx).taper
    assert taper is not None, "Today said 'No taper plan recorded' for a saved plan"
    assert (taper.current_target_mme, taper.since) == (45, start)
    assert (taper.next_target_mme, taper.next_date) == (40, start + timedelta(days=28))


def test_a_plan_that_begins_later_says_when(ctx: AppContext) -> None:
    service = TaperService(ctx)
    begins = service.today() + timedelta(days=5)
    service.create_plan("From Dr Rivera", 60, begins)
    taper = today_summary(ctx).taper
    assert taper is not None
    assert taper.current_target_mme is None and taper.since == begins and taper.start_mme == 60
    assert isinstance(begins, date)
