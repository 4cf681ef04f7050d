"""The "talk with your prescriber" card in words a person can read aloud: days as day_text writes them,
pain scores to one decimal, counts in the right number."""

from __future__ import annotations

from datetime import timedelta

from coach.domain import measures
from coach.domain.clock import FixedClock
from coach.domain.wording import day_text
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext

HIGH = {key: 2 for key, _ in measures.WITHDRAWAL_ITEMS}


def test_card_dates_and_scores_are_written_for_people(ctx: AppContext, clock: FixedClock) -> None:
    service = CheckinService(ctx)
    service.record_peg(7, 6, 7)
    clock.advance(days=1)
    outcome = service.record_withdrawal(HIGH)
    assert outcome.card is not None
    text = "\n".join(outcome.card.lines)
    today = clock.now().astimezone(clock.local_zone()).date()
    # Copied notes are read on another day: whole dates, never "today".
    assert f"{day_text(today)}: 32" in text, text
    assert "6.67" not in text and "6.7 of 10" in text, text
    assert f"({day_text(today - timedelta(days=1))})" in text, text
