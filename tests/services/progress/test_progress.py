"""The progress service on hand-made records: ranges, local days, practice, what helps, the taper line,
withdrawal peaks and the flags, each against figures worked out by hand."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest

from coach.domain.clock import FixedClock
from coach.domain.measures import WITHDRAWAL_HIGH_TOTAL
from coach.domain.timefmt import to_db
from coach.services.context import AppContext
from coach.services.progress.charts import fmt, fmt_interval, fmt_signed
from coach.services.progress.dashboard import ProgressService

TODAY = date(2026, 11, 21)  # conftest's clock: 15:00 UTC, 10:00 in New York


def at(day: date, hour: float = 12.0) -> str:
    """A UTC database time for `hour` o'clock UTC on `day`."""
    return to_db(datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour))


def add_session(
    ctx: AppContext,
    day: date,
    minutes: float = 10,
    exercise: str = "somatic-tracking-10",
    status: str = "completed",
    pain: tuple[int, int] | None = None,
    distress: tuple[int, int] | None = None,
    hour: float = 14.0,
) -> None:
    start = datetime.fromisoformat(at(day, hour))
    ctx.store.db.execute(
        "insert into sessions (exercise_id, started_at, ended_at, updated_at, status, completed_fraction, "
        "pre_pain, post_pain, pre_distress, post_distress) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            exercise,
            to_db(start),
            to_db(start + timedelta(minutes=minutes)),
            to_db(start + timedelta(minutes=minutes)),
            status,
            1.0 if status == "completed" else 0.4,
            *(pain or (None, None)),
            *(distress or (None, None)),
        ],
    )


def add_peg(ctx: AppContext, day: date, score: float, hour: float = 18.0) -> None:
    answers = json.dumps({"pain": round(score), "enjoyment": round(score), "activity": round(score)})
    ctx.store.db.execute(
        "insert into checkins (at, kind, answers, score) values (?, 'peg', ?, ?)",
        [at(day, hour), answers, score],
    )


def add_plan(ctx: AppContext, start: date, start_mme: float, steps: list[tuple[date, float]]) -> None:
    db = ctx.store.db
    db.execute(
        "insert into taper_plans (id, name, status, start_mme, start_date, created_at) "
        "values (1, 'Agreed plan', 'active', ?, ?, ?)",
        [start_mme, start.isoformat(), at(start)],
    )
    for day, mme in steps:
        db.execute(
            "insert into taper_steps (plan_id, date, target_mme) values (1, ?, ?)", [day.isoformat(), mme]
        )


def add_withdrawal(ctx: AppContext, day: date, total: int) -> None:
    ctx.store.db.execute(
        "insert into withdrawal_checkins (at, answers, total) values (?, '{}', ?)", [at(day, 23), total]
    )


@pytest.fixture
def service(ctx: AppContext) -> ProgressService:
    return ProgressService(ctx)


# --- ranges ---------------------------------------------------------------------------------------


def test_ranges_end_today_in_the_local_zone(service: ProgressService) -> None:
    four = service.period("4w")
    assert (four.start, four.end, four.days) == (date(2026, 10, 25), TODAY, 28)
    assert service.period("3m").days == 91
    assert service.period("1y").start == date(2025, 11, 22)
    assert service.period_days(90).start == TODAY - timedelta(days=89)
    with pytest.raises(ValueError):
        service.period("5y")


def test_all_starts_at_the_first_record(ctx: AppContext, service: ProgressService) -> None:
    assert service.period("all").days == 28  # nothing recorded yet: a calm four-week frame
    add_peg(ctx, date(2024, 3, 2), 5.0)
    add_session(ctx, date(2025, 1, 1))
    assert service.period("all").start == date(2024, 3, 2)


# --- pain -----------------------------------------------------------------------------------------


def test_pain_uses_local_days_and_a_seven_day_rolling_mean(ctx: AppContext, service: ProgressService) -> None:
    # 03:00 UTC on the 20th is 22:00 on the 19th in New York.
    add_peg(ctx, date(2026, 11, 20), 6.0, hour=3)
    add_peg(ctx, date(2026, 11, 10), 4.0)
    add_peg(ctx, date(2026, 11, 14), 5.0)
    add_peg(ctx, date(2026, 9, 1), 9.0)  # outside four weeks
    pain = service.pain(service.period("4w"))
    assert [d for d, _ in pain.points] == [date(2026, 11, 10), date(2026, 11, 14), date(2026, 11, 19)]
    # 19th: window (12th, 19th] holds 5 and 6.
    assert [v for _, v in pain.rolling] == [4.0, 4.5, 5.5]
    assert (pain.first, pain.latest, pain.latest_on) == (4.0, 6.0, date(2026, 11, 19))
    assert pain.table().rows[-1] == ("2026-11-19", "6.0", "5.5")


# --- practice -------------------------------------------------------------------------------------


def test_practice_counts_finished_sessions_by_local_day(ctx: AppContext, service: ProgressService) -> None:
    add_session(ctx, date(2026, 11, 16), minutes=10)  # Monday
    add_session(ctx, date(2026, 11, 16), minutes=15, hour=20)
    add_session(ctx, date(2026, 11, 18), minutes=5)
    add_session(ctx, date(2026, 11, 19), minutes=30, status="abandoned")  # not counted
    add_session(ctx, date(2026, 11, 21), minutes=12, hour=2)  # 21:00 on the 20th in New York
    add_session(ctx, date(2026, 9, 1), minutes=10)  # before the period
    practice = service.practice(service.period("4w"))
    assert practice.sessions == 4
    assert practice.minutes == pytest.approx(42)
    assert practice.days_practised == 3
    assert practice.daily_minutes == {
        date(2026, 11, 16): pytest.approx(25),
        date(2026, 11, 18): pytest.approx(5),
        date(2026, 11, 20): pytest.approx(12),
    }
    weeks = dict(practice.weekly_minutes)
    assert len(weeks) == 5  # 25 Oct (a Sunday) touches the week of Monday 19 Oct
    assert weeks[date(2026, 11, 16)] == pytest.approx(42)
    assert weeks[date(2026, 11, 9)] == 0
    assert practice.goal_days_per_week == 5
    assert practice.adherence == pytest.approx(3 / 20)


def test_consistency_carries_history_from_before_the_period(
    ctx: AppContext, service: ProgressService
) -> None:
    for i in range(60):
        add_session(ctx, TODAY - timedelta(days=100 - i))  # practised daily, two to three months ago
    four = service.practice(service.period("4w"))
    assert four.sessions == 0
    assert four.strength[0][1] > 0.1  # the score fades slowly: the earlier month still shows
    assert four.strength[-1][1] < four.strength[0][1]
    assert four.strength_table().rows[0][1] == f"{round(four.strength[0][1] * 100)}%"


def test_a_new_session_updates_the_figures(ctx: AppContext, service: ProgressService) -> None:
    period = service.period("4w")
    assert service.practice(period).sessions == 0
    add_session(ctx, TODAY - timedelta(days=2))
    assert service.practice(period).sessions == 1
    ctx.store.db.execute("update sessions set ended_at = ?, updated_at = ?", [at(TODAY, 16), at(TODAY, 16)])
    assert service.practice(period).minutes > 60 * 24  # an edited session is re-read, not served stale


# --- what helps -----------------------------------------------------------------------------------


def test_what_helps_by_category_with_t_intervals(ctx: AppContext, service: ProgressService) -> None:
    day = TODAY - timedelta(days=3)
    for pre, post in ((6, 4), (5, 4), (7, 4)):  # pain changes -2, -1, -3
        add_session(ctx, day, exercise="somatic-tracking-10", pain=(pre, post), distress=(5, 5))
    add_session(ctx, day, exercise="body-scan", pain=(5, 3))
    add_session(ctx, day, exercise="no-such-exercise", pain=(4, 4))
    add_session(ctx, day, exercise="body-scan", pain=(8, 1), status="abandoned")  # not counted
    add_session(ctx, day, exercise="breath-awareness")  # no ratings
    ctx.store.db.execute(
        "insert into exercises (id, title, category, minutes, definition, created_at, updated_at) "
        "values ('my-walk', 'My walk', 'movement', 10, '{}', ?, ?)",
        [at(day), at(day)],
    )
    add_session(ctx, day, exercise="my-walk", pain=(6, 5))
    helps = service.what_helps(service.period("4w"))
    by_name = {e.category: e for e in helps.categories}
    assert helps.categories[0].category == "somatic tracking"  # most used first
    somatic = by_name["somatic tracking"]
    half = 4.302653 / math.sqrt(3)
    assert (somatic.pain.n, somatic.pain.mean) == (3, pytest.approx(-2.0))
    assert (somatic.pain.low, somatic.pain.high) == pytest.approx((-2 - half, -2 + half), abs=1e-5)
    assert (somatic.distress.n, somatic.distress.mean, somatic.distress.low) == (3, 0.0, 0.0)
    assert by_name["mindfulness"].pain.n == 1 and by_name["mindfulness"].pain.low is None
    assert by_name["movement"].pain.mean == -1.0
    assert by_name["other"].pain.mean == 0.0
    assert helps.overall_pain.n == 6
    assert helps.overall_pain.mean == pytest.approx((-2 - 1 - 3 - 2 + 0 - 1) / 6)
    row = next(r for r in helps.table().rows if r[0] == "somatic tracking")
    assert row[:4] == ("somatic tracking", "3", "-2.0", fmt_interval(somatic.pain))


# --- taper ----------------------------------------------------------------------------------------


def test_taper_line_follows_the_agreed_steps(ctx: AppContext, service: ProgressService) -> None:
    add_plan(
        ctx,
        date(2026, 9, 1),
        90,
        [(date(2026, 9, 1), 90), (date(2026, 10, 1), 81), (date(2026, 11, 1), 72), (date(2026, 12, 1), 63)],
    )
    db = ctx.store.db
    db.execute(
        "insert into taper_pauses (plan_id, start_date, end_date, reason) values (1, '2026-10-15', '2026-10-28', 'a hard month')"
    )
    db.execute(
        "insert into milestones (plan_id, kind, reached_on, label) values (1, 'reduction-25', '2026-11-01', '20% less')"
    )
    taper = service.taper(service.period("3m"))
    series = dict(taper.daily_mme)
    assert min(series) == date(2026, 9, 1)  # nothing before the plan
    assert series[date(2026, 9, 30)] == 90 and series[date(2026, 10, 1)] == 81 and series[TODAY] == 72
    assert (taper.start_mme, taper.current_mme) == (90, 72)
    # The plan's first row restates the start, and December is still ahead: two steps down shown.
    assert [(s.day, s.target_mme, s.reduction) for s in taper.steps] == [
        (date(2026, 10, 1), 81, True),
        (date(2026, 11, 1), 72, True),
    ]
    assert [(p.start, p.end, p.reason) for p in taper.pauses] == [
        (date(2026, 10, 15), date(2026, 10, 28), "a hard month")
    ]
    assert taper.milestones == [(date(2026, 11, 1), "20% less")]
    notes = {r[0]: r[3] for r in taper.table().rows}
    assert notes["2026-11-01"] == "taper step; 20% less" and notes["2026-10-20"] == "paused"


def test_logged_doses_give_mme_per_local_day(ctx: AppContext, service: ProgressService) -> None:
    db = ctx.store.db
    db.execute(
        "insert into medications (id, name, drug, is_opioid, unit, created_at) values "
        "(1, 'Oxycodone', 'oxycodone', 1, 'mg', ?), (2, 'Patch', 'fentanyl', 1, 'mcg/h', ?), "
        "(3, 'Ibuprofen', null, 0, 'mg', ?)",
        [at(TODAY)] * 3,
    )
    day = date(2026, 11, 18)
    for med, amount, hour in ((1, 15, 13), (1, 15, 23), (1, 10, 3.5), (2, 25, 13), (3, 400, 13)):
        db.execute(
            "insert into dose_events (medication_id, taken_at, amount, unit) values (?, ?, ?, ?)",
            [med, at(day, hour), amount, "mcg/h" if med == 2 else "mg"],
        )
    taper = service.taper(service.period("4w"))
    # 15 + 15 mg oxycodone x 1.5 on the 18th; 03:30 UTC is still the 17th in New York. The patch is a
    # rate, not a dose, and ibuprofen is no opioid: neither counts.
    assert taper.logged_mme == [(date(2026, 11, 17), 15.0), (day, 45.0)]
    assert (taper.start_mme, taper.current_mme, taper.has_plan) == (15.0, 45.0, False)
    db.execute("update dose_events set amount = 20 where amount = 10")
    assert service.taper(service.period("4w")).logged_mme[0] == (date(2026, 11, 17), 30.0)


# --- withdrawal and flags -------------------------------------------------------------------------


def test_withdrawal_peaks_after_each_step_and_the_severe_flag(
    ctx: AppContext, service: ProgressService
) -> None:
    add_plan(ctx, date(2026, 9, 1), 90, [(date(2026, 10, 1), 81), (date(2026, 11, 1), 72)])
    for day, total in ((date(2026, 10, 1), 8), (date(2026, 10, 2), 14), (date(2026, 10, 4), 6)):
        add_withdrawal(ctx, day, total)
    for day, total in ((date(2026, 11, 1), 12), (date(2026, 11, 2), 25), (date(2026, 11, 3), 22)):
        add_withdrawal(ctx, day, total)
    board = service.dashboard("3m")
    w = board.withdrawal
    assert [(p.step_day, p.step_mme, p.peak_total, p.peak_on) for p in w.peaks] == [
        (date(2026, 10, 1), 81, 14, date(2026, 10, 2)),
        (date(2026, 11, 1), 72, 25, date(2026, 11, 2)),
    ]
    assert w.severe_at == WITHDRAWAL_HIGH_TOTAL
    flag = next(f for f in board.flags if f.kind == "severe_withdrawal")
    assert "twice;" in flag.text and "25 on 2026-11-02" in flag.text
    assert not any(f.kind == "missed_checkins" for f in board.flags)


def test_rising_pain_and_missed_checkins_are_flagged(ctx: AppContext, service: ProgressService) -> None:
    for days_ago, score in ((50, 4.0), (43, 4.5), (36, 4.0), (20, 6.0), (17, 6.5)):
        add_peg(ctx, TODAY - timedelta(days=days_ago), score)
    add_plan(ctx, date(2026, 9, 1), 90, [(date(2026, 10, 1), 81)])  # no withdrawal check-in after it
    flags = {f.kind: f.text for f in service.dashboard("3m").flags}
    before, after = (4.0 + 4.5 + 4.0) / 3, 6.25
    assert flags["rising_pain"] == (
        f"Pain is rising: the weekly pain check (PEG) average went from {fmt(before)} to {fmt(after)} over the last four weeks."
    )
    assert "no weekly pain check (PEG) for 17 days" in flags["missed_checkins"]
    assert "after 1 taper step (first on Thu 1 Oct 2026)" in flags["missed_checkins"]


def test_no_flags_for_steady_pain_and_regular_checkins(ctx: AppContext, service: ProgressService) -> None:
    for days_ago in range(0, 60, 7):
        add_peg(ctx, TODAY - timedelta(days=days_ago), 5.0)
    assert service.dashboard("3m").flags == []


def test_an_empty_profile_gives_empty_charts(service: ProgressService) -> None:
    board = service.dashboard("all")
    assert board.empty
    assert board.practice.strength_now == 0.0
    assert board.taper.start_mme is None and board.flags == []


def test_the_zone_decides_the_day(ctx: AppContext, clock: FixedClock) -> None:
    add_peg(ctx, date(2026, 11, 20), 6.0, hour=3)
    clock.set_zone("Europe/Berlin")
    assert ProgressService(ctx).pain(ProgressService(ctx).period("4w")).latest_on == date(2026, 11, 20)


def test_number_formats_are_shared() -> None:
    assert (fmt(-0.04), fmt(2.25), fmt(None), fmt(41.6, 0)) == ("0.0", "2.2", "-", "42")
    assert (fmt_signed(1.26), fmt_signed(-1.0), fmt_signed(0.0)) == ("+1.3", "-1.0", "0.0")
