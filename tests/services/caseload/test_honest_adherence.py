"""Honest adherence (issue 16): a 10-minute session stopped after 44 s (8.7% played) is not counted as
done anywhere: not on the patient's Today or Progress, not in program adherence, not in the progress file
the coach receives, not in the caseload. It is shown as partial, with the time really played."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.domain.clock import FixedClock
from coach.domain.session_done import counts_as_done, is_partial
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.services.caseload.importing import import_file
from coach.services.caseload.progress_files import export_progress, read_progress_file
from coach.services.caseload.queue import caseload
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.services.progress.dashboard import ProgressService
from coach.services.today import today_summary
from tests.helpers.progress_files import coach_context


def _practise(ctx: AppContext, clock: FixedClock, played_s: float, fraction: float) -> None:
    service = SessionService(ctx)
    sid = service.start("body-scan", 6, 5)
    clock.advance(seconds=played_s)
    service.save_progress(sid, played_s, fraction)
    service.finish(sid, 6, 5)
    clock.advance(minutes=5)


def test_a_session_stopped_at_44_seconds_is_partial_everywhere(
    ctx: AppContext, clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    clock.set(clock.now() - timedelta(hours=2))
    _practise(ctx, clock, 44, 0.087)

    today = today_summary(ctx)
    assert (today.sessions_done, today.sessions_partial) == (0, 1)
    progress = ProgressService(ctx)
    assert progress.practice(progress.period_days(7)).sessions == 0

    shared = read_progress_file(export_progress(ctx, tmp_path / "me.coachprogress").path)
    (row,) = shared.data["sessions"]
    assert (row["status"], row["fraction"], row["played_seconds"]) == ("completed", 0.087, 44.0)

    coach = coach_context(data_dir, clock)
    try:
        import_file(coach, tmp_path / "me.coachprogress")
        (patient,) = caseload(coach).queue
        assert (patient.overview.sessions_completed, patient.overview.sessions_partial) == (0, 1)
        assert patient.overview.last_practice is None
        assert patient.overview.minutes_practised == round(44 / 60, 1)
    finally:
        coach.store.close()


def test_a_session_played_to_80_percent_counts_and_the_share_is_a_setting(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(clock.now() - timedelta(hours=2))
    _practise(ctx, clock, 480, 0.8)
    assert today_summary(ctx).sessions_done == 1
    ctx.store.set_setting(SESSION_DONE_FRACTION, 0.9)
    assert (today_summary(ctx).sessions_done, today_summary(ctx).sessions_partial) == (0, 1)


def test_the_rule_in_one_place() -> None:
    assert not counts_as_done("completed", 0.087) and is_partial("completed", 0.087)
    assert counts_as_done("completed", 0.8) and not is_partial("completed", 0.8)
    assert counts_as_done("completed", None)  # files from before the rule carry no fraction
    assert not counts_as_done("abandoned", 1.0) and not is_partial("abandoned", 0.3)


def test_the_coachs_own_done_share_applies_to_records_already_stored(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    from tests.helpers.progress_files import new_id, write_progress

    session = {"date": "2026-11-20", "exercise_id": "body-scan", "status": "completed", "fraction": 0.6}
    coach = coach_context(data_dir, clock)
    try:
        import_file(
            coach,
            write_progress(
                tmp_path / "a.coachprogress", patient_id=new_id("a"), data={"sessions": [session]}
            ),
        )
        assert caseload(coach).queue[0].overview.sessions_partial == 1
        coach.store.set_setting(SESSION_DONE_FRACTION, 0.5)  # 60% played is now enough
        (patient,) = caseload(coach).queue
        assert (patient.overview.sessions_completed, patient.overview.sessions_partial) == (1, 0)
    finally:
        coach.store.close()
