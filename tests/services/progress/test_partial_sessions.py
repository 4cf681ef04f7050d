"""A session ended early is partial practice, shown as such everywhere: on Progress (minutes, practised
days) and in the clinician PDF (its before/after ratings too), next to the pain-spike log. The tester's
case: a 10-minute session ended at 2:12 with pain 7 -> 5, and a pain spike of 8 logged with a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report import write_report
from tests.services.progress.test_report import pdf_text


@pytest.fixture
def tester(ctx: AppContext, clock: FixedClock) -> AppContext:
    sessions = SessionService(ctx)
    session_id = sessions.start("somatic-tracking-10", 7, None)
    clock.advance(seconds=132)  # ended at 2:12 of 10:00
    sessions.finish(session_id, 5, None, "", completed_fraction=132 / 600)
    CheckinService(ctx).log_flare(8, "long drive", "heat pack", "Back seized up after the drive.")
    return ctx


def test_a_partial_session_is_a_practice_day_with_its_minutes(tester: AppContext) -> None:
    service = ProgressService(tester)
    practice = service.practice(service.period("4w"))
    assert practice.sessions == 0  # done keeps the 80% rule
    assert practice.partial_sessions == 1
    assert practice.days_practised == 1
    assert practice.minutes == pytest.approx(2.2)
    assert not practice.empty
    assert practice.days_text == "practised on 1 of 28 days, including partial sessions"
    assert practice.sessions_text == "0 sessions done, 1 partial, 2 minutes"


def test_the_partial_sessions_ratings_are_part_of_what_helps(tester: AppContext) -> None:
    service = ProgressService(tester)
    helps = service.what_helps(service.period("4w"))
    assert helps.overall_pain.n == 1 and helps.overall_pain.mean == pytest.approx(-2)


def test_the_report_gives_partial_practice_its_ratings_and_the_pain_spike(
    tester: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    write_report(tester, out, days=28)
    text = " ".join(pdf_text(out).split())  # lines wrap anywhere in a table cell
    assert "0 sessions done, 1 partial, 2 minutes" in text
    assert "including partial sessions" in text
    assert "No sessions with before and after ratings" not in text
    assert "n=1" in text
    assert "Pain spikes logged (1 entry)" in text
    assert "Back seized up after the drive." in text and "heat pack" in text


def test_a_profile_without_practice_still_says_none(ctx: AppContext) -> None:
    service = ProgressService(ctx)
    practice = service.practice(service.period("4w"))
    assert practice.empty
    assert practice.days_text == "practised on 0 of 28 days"
