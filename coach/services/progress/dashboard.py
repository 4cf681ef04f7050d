"""What the Progress page and the clinician report show: for a date range, one query per chart turned
into the dataclasses of progress_charts, and the flags worth raising with a prescriber."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from coach.domain import stats
from coach.domain.measures import WITHDRAWAL_HIGH_TOTAL, WITHDRAWAL_MAX
from coach.domain.settings import PRACTICE_DAYS_PER_WEEK
from coach.domain.timefmt import from_db
from coach.domain.wording import count
from coach.services.context import AppContext
from coach.services.progress.charts import (
    PEG_ROLLING_DAYS,
    CategoryEffect,
    Dashboard,
    HelpsChart,
    PainChart,
    PauseSpan,
    Period,
    PracticeChart,
    TaperChart,
    TaperStepMark,
    WithdrawalChart,
    WithdrawalPeak,
)
from coach.services.progress.flags import flags
from coach.services.progress.sources import category_map
from coach.services.taper.medicines import MedicationService
from coach.storage.progress_repo import ProgressRepo

RANGE_OPTIONS: tuple[tuple[str, str, int | None], ...] = (
    ("4w", "4 weeks", 28),
    ("3m", "3 months", 91),
    ("1y", "1 year", 365),
    ("all", "All", None),
)
DEFAULT_RANGE = "3m"


class LocalDays:
    """Database time -> the local calendar day, fast for thousands of rows.

    The zone's offset is looked up once per UTC hour (zones change offset on the hour), then added to each
    time; a time not stored in UTC takes the slow, exact path.
    """

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self._offsets: dict[str, timedelta] = {}

    def __call__(self, text: str) -> date:
        moment = from_db(text)
        if not text.endswith("+00:00"):
            return moment.astimezone(self.zone).date()
        key = text[:13]
        offset = self._offsets.get(key)
        if offset is None:
            offset = moment.astimezone(self.zone).utcoffset() or timedelta(0)
            self._offsets[key] = offset
        return (moment + offset).date()


class ProgressService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = ProgressRepo(ctx.store)
        self._days: LocalDays | None = None
        self._practice_cache: tuple[object, dict[date, tuple[float, int, int]]] | None = None
        self._dose_cache: tuple[object, dict[date, float]] | None = None

    @property
    def zone(self) -> tzinfo:
        return self.ctx.clock.local_zone()

    def today(self) -> date:
        return self.ctx.clock.now().astimezone(self.zone).date()

    # --- periods ------------------------------------------------------------------------------------
    def period(self, key: str = DEFAULT_RANGE) -> Period:
        for option_key, label, days in RANGE_OPTIONS:
            if option_key == key:
                return self._period(option_key, label, days)
        raise ValueError(f"unknown range {key!r}")

    def period_days(self, days: int) -> Period:
        if days < 1:
            raise ValueError("the number of days must be at least 1")
        return self._period(f"{days}d", f"last {count(days, 'day')}", days)

    def _period(self, key: str, label: str, days: int | None) -> Period:
        end = self.today()
        if days is None:
            first = self._first_day()
            start = min(first, end) if first else end - timedelta(days=27)
        else:
            start = end - timedelta(days=days - 1)
        return Period(key, label, start, end)

    def _first_day(self) -> date | None:
        text = self.repo.first_record()
        if text is None:
            return None
        return date.fromisoformat(text) if len(text) == 10 else self._local_day(text)

    def _local_days(self) -> LocalDays:
        """The converter for the current zone, asked for once per query: the system clock re-reads the
        machine's zone on every call (so a zone change is seen), which is too slow to do per row."""
        zone = self.zone
        if self._days is None or self._days.zone != zone:
            self._days = LocalDays(zone)
        return self._days

    def _local_day(self, text: str) -> date:
        return self._local_days()(text)

    # --- charts -------------------------------------------------------------------------------------
    def dashboard(self, key: str = DEFAULT_RANGE) -> Dashboard:
        return self.dashboard_for(self.period(key))

    def dashboard_for(self, period: Period) -> Dashboard:
        pain = self.pain(period)
        practice = self.practice(period)
        taper = self.taper(period)
        withdrawal = self.withdrawal(period, taper)
        board = Dashboard(period, pain, practice, self.what_helps(period), taper, withdrawal)
        board.flags.extend(flags(board, self.latest_peg_day()))
        return board

    def pain(self, period: Period) -> PainChart:
        start, end = period.utc_bounds(self.zone)
        local_day = self._local_days()
        points = [(local_day(at), score) for at, score in self.repo.peg_scores(start, end)]
        return PainChart(
            points=points,
            rolling=stats.rolling_mean(points, PEG_ROLLING_DAYS),
            first=points[0][1] if points else None,
            latest=points[-1][1] if points else None,
            latest_on=points[-1][0] if points else None,
        )

    def practice(self, period: Period) -> PracticeChart:
        goal = self.ctx.store.setting(PRACTICE_DAYS_PER_WEEK)
        # The whole history counts: the consistency score carries over from before the period.
        history = {d: v for d, v in self._practice_days().items() if d <= period.end}
        in_period = {d: m for d, (m, _, _) in history.items() if d >= period.start}
        sessions = sum(n for d, (_, n, _) in history.items() if d >= period.start)
        partial = sum(p for d, (_, _, p) in history.items() if d >= period.start)
        first = min(history, default=period.start)
        strength = stats.habit_strength(history, min(first, period.start), period.end, goal)
        return PracticeChart(
            daily_minutes=in_period,
            weekly_minutes=stats.weekly_totals(in_period, period.start, period.end),
            strength=[p for p in strength if p[0] >= period.start],
            sessions=sessions,
            partial_sessions=partial,
            minutes=sum(in_period.values()),
            days_practised=len(in_period),
            days_in_period=period.days,
            goal_days_per_week=goal,
        )

    def _practice_days(self) -> dict[date, tuple[float, int, int]]:
        """Minutes, sessions done and partial sessions per local day, over all history (a day with only
        partial sessions is a practised day: its minutes count).

        Kept between calls while the sessions table and the zone are unchanged (a cheap fingerprint query),
        so switching the range does not re-read years of sessions.
        """
        fingerprint = (self.repo.sessions_fingerprint(), self.zone)
        if self._practice_cache is not None and self._practice_cache[0] == fingerprint:
            return self._practice_cache[1]
        rows = self.repo.completed_session_minutes()
        days: dict[date, tuple[float, int, int]] = {}
        local_day = self._local_days()
        for started, minutes, done in rows:
            day = local_day(started)
            total, done_count, partial_count = days.get(day, (0.0, 0, 0))
            days[day] = (
                total + max(0.0, float(minutes or 0.0)),
                done_count + (1 if done else 0),
                partial_count + (0 if done else 1),
            )
        self._practice_cache = (fingerprint, days)
        return days

    def what_helps(self, period: Period) -> HelpsChart:
        start, end = period.utc_bounds(self.zone)
        rows = self.repo.rated_sessions(start, end)
        categories = category_map(self.ctx.store)
        pain: dict[str, list[float]] = {}
        distress: dict[str, list[float]] = {}
        all_pain: list[float] = []
        all_distress: list[float] = []
        for row in rows:
            pre_p, post_p, pre_d, post_d = row.pre_pain, row.post_pain, row.pre_distress, row.post_distress
            category = categories.get(row.exercise_id, "other")
            if pre_p is not None and post_p is not None:
                pain.setdefault(category, []).append(post_p - pre_p)
                all_pain.append(post_p - pre_p)
            if pre_d is not None and post_d is not None:
                distress.setdefault(category, []).append(post_d - pre_d)
                all_distress.append(post_d - pre_d)
        names = sorted(set(pain) | set(distress), key=lambda c: (-len(pain.get(c, [])), c))
        effects = [
            CategoryEffect(
                c, stats.mean_with_interval(pain.get(c, [])), stats.mean_with_interval(distress.get(c, []))
            )
            for c in names
        ]
        return HelpsChart(effects, stats.mean_with_interval(all_pain), stats.mean_with_interval(all_distress))

    def taper(self, period: Period) -> TaperChart:
        levels: list[tuple[date, int, float, str]] = []  # (day, 0 plan start / 1 step, MME, note)
        pauses: list[PauseSpan] = []
        milestones: list[tuple[date, str]] = []
        for part in self.repo.taper_parts():
            day = date.fromisoformat(part.day)
            if part.kind in ("start", "step"):
                levels.append((day, 0 if part.kind == "start" else 1, float(part.number or 0.0), part.text))
            elif part.kind == "pause":
                until = date.fromisoformat(part.end_day) if part.end_day else None
                if day <= period.end and (until is None or until >= period.start):
                    pauses.append(PauseSpan(day, until, part.text))
            elif part.kind == "milestone" and period.start <= day <= period.end:
                milestones.append((day, part.text))
        logged = {d: v for d, v in self._logged_mme().items() if period.start <= d <= period.end}
        # A step on a plan's first day is what applies from that day, so starts sort before steps.
        levels.sort(key=lambda p: (p[0], p[1]))
        steps: list[TaperStepMark] = []
        before: float | None = None
        for day, order, level, note in levels:
            # A step that only restates the level in force (often the plan's first row) is not a change.
            if order == 1 and before is not None and level != before and period.start <= day <= period.end:
                steps.append(TaperStepMark(day, level, note, reduction=level < before))
            before = level
        return TaperChart(
            daily_mme=stats.step_series([(d, v) for d, _, v, _ in levels], period.start, period.end),
            logged_mme=sorted(logged.items()),
            steps=steps,
            pauses=sorted(pauses, key=lambda p: p.start),
            milestones=sorted(milestones),
            has_plan=bool(levels),
        )

    def _logged_mme(self) -> dict[date, float]:
        """MME taken per local day over all history, from the one computation the dose log and the coach's
        file use too (MedicationService.taken_mme_by_day: logged doses plus patches worn). Kept while the
        dose log, the medicines, the zone and the day are unchanged (years of doses are not re-read on every
        range switch)."""
        medicines = MedicationService(self.ctx)
        fingerprint = (medicines.repo.fingerprint(), self.zone, self.today())
        if self._dose_cache is not None and self._dose_cache[0] == fingerprint:
            return self._dose_cache[1]
        logged = medicines.taken_mme_by_day(local_day=self._local_days())
        self._dose_cache = (fingerprint, logged)
        return logged

    def withdrawal(self, period: Period, taper: TaperChart | None = None) -> WithdrawalChart:
        start, end = period.utc_bounds(self.zone)
        zone = self.zone
        points = [
            (from_db(at).astimezone(zone), total) for at, total in self.repo.withdrawal_totals(start, end)
        ]
        steps = (taper or self.taper(period)).steps
        return WithdrawalChart(points, _peaks(points, steps), WITHDRAWAL_HIGH_TOTAL, WITHDRAWAL_MAX)

    def latest_peg_day(self) -> date | None:
        latest = self.repo.latest_peg_time()
        return self._local_day(latest) if latest else None


def _peaks(points: Sequence[tuple[datetime, int]], steps: Sequence[TaperStepMark]) -> list[WithdrawalPeak]:
    """The highest total after each taper step (until the next one), plus any before the first step."""
    if not points:
        return []
    bounds: list[tuple[date | None, float | None]] = [(None, None)]
    bounds += [(s.day, s.target_mme) for s in steps if s.reduction]
    peaks: list[WithdrawalPeak] = []
    for index, (day, mme) in enumerate(bounds):
        nxt = bounds[index + 1][0] if index + 1 < len(bounds) else None
        window = [
            (at, total)
            for at, total in points
            if (day is None or at.date() >= day) and (nxt is None or at.date() < nxt)
        ]
        if window:
            at, total = max(window, key=lambda p: p[1])
            peaks.append(WithdrawalPeak(day, mme, total, at.date()))
    return peaks
