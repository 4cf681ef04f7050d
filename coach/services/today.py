"""What the Today page shows: practice done today, latest pain, the current taper step, a suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.services.context import AppContext

DEFAULT_SUGGESTION = "somatic-tracking-10"


@dataclass(frozen=True)
class PainReading:
    value: float
    when: date
    source: str  # "PEG check-in" or "before a session"


@dataclass(frozen=True)
class TaperStatus:
    current_target_mme: float
    since: date
    next_target_mme: float | None
    next_date: date | None
    paused_reason: str | None
    plan_name: str


@dataclass(frozen=True)
class TodaySummary:
    day: date
    nickname: str
    sessions_done: int
    minutes_done: float
    latest_pain: PainReading | None
    taper: TaperStatus | None
    suggested_exercise_id: str
    has_interrupted_session: bool


def today_summary(ctx: AppContext) -> TodaySummary:
    db = ctx.store.conn  # plain sqlite3: Today is on the start-up path (see Store.conn)
    zone = ctx.clock.local_zone()
    now = ctx.clock.now()
    day = local_date(now, zone)
    start, end = local_day_bounds(day, zone)
    row = db.execute(
        "select count(*), coalesce(sum((julianday(ended_at) - julianday(started_at)) * 1440), 0) "
        "from sessions where status = 'completed' and started_at >= ? and started_at < ?",
        [start, end],
    ).fetchone()
    interrupted = db.execute(
        "select count(*) from sessions where status = 'in_progress' and started_at >= ?",
        [local_day_bounds(day - timedelta(days=7), zone)[0]],
    ).fetchone()[0]
    profile = ctx.store.profile()
    return TodaySummary(
        day=day,
        nickname=profile.nickname,
        sessions_done=int(row[0]),
        minutes_done=float(row[1] or 0.0),
        latest_pain=_latest_pain(ctx),
        taper=_taper_status(ctx, day) if profile.takes_opioids else None,
        suggested_exercise_id=_suggestion(ctx, day),
        has_interrupted_session=bool(interrupted),
    )


def _latest_pain(ctx: AppContext) -> PainReading | None:
    db = ctx.store.conn
    zone = ctx.clock.local_zone()
    peg = db.execute("select at, score from checkins where kind = 'peg' order by at desc limit 1").fetchone()
    pre = db.execute(
        "select started_at, pre_pain from sessions where pre_pain is not null order by started_at desc limit 1"
    ).fetchone()
    candidates: list[tuple[str, PainReading]] = []
    if peg:
        candidates.append(
            (peg[0], PainReading(float(peg[1]), local_date(from_db(peg[0]), zone), "PEG check-in"))
        )
    if pre:
        reading = PainReading(float(pre[1]), local_date(from_db(pre[0]), zone), "before a session")
        candidates.append((pre[0], reading))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]


def _taper_status(ctx: AppContext, day: date) -> TaperStatus | None:
    db = ctx.store.conn
    plan = db.execute(
        "select id, name from taper_plans where status = 'active' order by created_at desc limit 1"
    ).fetchone()
    if plan is None:
        return None
    iso = day.isoformat()
    current = db.execute(
        "select date, target_mme from taper_steps where plan_id = ? and date <= ? order by date desc limit 1",
        [plan[0], iso],
    ).fetchone()
    upcoming = db.execute(
        "select date, target_mme from taper_steps where plan_id = ? and date > ? order by date limit 1",
        [plan[0], iso],
    ).fetchone()
    if current is None:
        return None
    pause = db.execute(
        "select reason from taper_pauses where plan_id = ? and start_date <= ? "
        "and (end_date is null or end_date >= ?) order by start_date desc limit 1",
        [plan[0], iso, iso],
    ).fetchone()
    return TaperStatus(
        current_target_mme=float(current[1]),
        since=date.fromisoformat(current[0]),
        next_target_mme=float(upcoming[1]) if upcoming else None,
        next_date=date.fromisoformat(upcoming[0]) if upcoming else None,
        paused_reason=(pause[0] or "paused") if pause else None,
        plan_name=plan[1],
    )


def _suggestion(ctx: AppContext, day: date) -> str:
    """The active program's next exercise for today when there is one, else a steady default."""
    active = ctx.store.conn.execute("select count(*) from assignments where status = 'active'").fetchone()[0]
    if not active:
        return DEFAULT_SUGGESTION  # no program: skip loading (and validating) program files at start-up
    from coach.services.programs.service import ProgramService

    try:
        plan = ProgramService(ctx).today()
    except CoachError:
        return DEFAULT_SUGGESTION  # a damaged program never blocks Today
    if plan is None:
        return DEFAULT_SUGGESTION
    return plan.next_exercise() or (plan.exercises[0] if plan.exercises else DEFAULT_SUGGESTION)
