"""The progress charts as plain data: one dataclass per chart with its series, summary figures and the
rows of its table view, plus the number formatting that the page, the tables and the report share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from coach.domain.stats import MeanChange, Point
from coach.domain.timefmt import local_day_bounds
from coach.domain.wording import count

PEG_ROLLING_DAYS = 7
MIN_INTERVAL_N = 5  # below this a 95% interval is too wide to mean anything: none is printed
TOO_FEW = "too few (n<5)"


def fmt(value: float | None, digits: int = 1) -> str:
    """One way to print a number everywhere (page, tables, report), so the same figure reads the same.

    ASCII minus on purpose: the PDF's standard fonts have no Unicode minus sign.
    """
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    text = fmt(value, digits)
    return text if text.startswith("-") or float(text) == 0 else f"+{text}"


def fmt_interval(change: MeanChange) -> str:
    """ "low to high", "-" with no values, and TOO_FEW (no interval) for fewer than MIN_INTERVAL_N."""
    if change.n == 0:
        return "-"
    if change.n < MIN_INTERVAL_N or change.low is None or change.high is None:
        return TOO_FEW
    return f"{fmt(change.low)} to {fmt(change.high)}"


@dataclass(frozen=True)
class Period:
    """Local calendar days [start, end], both included."""

    key: str
    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def utc_bounds(self, zone: tzinfo) -> tuple[str, str]:
        """Database strings for [local midnight at start, local midnight after end)."""
        return local_day_bounds(self.start, zone)[0], local_day_bounds(self.end, zone)[1]

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()} ({count(self.days, 'day')})"


@dataclass(frozen=True)
class Table:
    """What a chart's table view (and the report) shows: headers and rows of display strings."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class PainChart:
    points: list[Point]  # PEG score per check-in (local date)
    rolling: list[Point]  # trailing 7-day mean at each check-in
    first: float | None
    latest: float | None
    latest_on: date | None

    @property
    def empty(self) -> bool:
        return not self.points

    def table(self) -> Table:
        rows = [
            (d.isoformat(), fmt(v), fmt(r)) for (d, v), (_, r) in zip(self.points, self.rolling, strict=True)
        ]
        return Table(("Date", "PEG score", f"{PEG_ROLLING_DAYS}-day mean"), rows)


@dataclass(frozen=True)
class PracticeChart:
    """Practice in a period. Minutes and practised days include partial sessions (finished with less than
    the done share played); `sessions` counts only sessions done (coach.domain.session_done)."""

    daily_minutes: dict[date, float]  # practised days in the period only
    weekly_minutes: list[Point]  # week start (Monday) -> minutes, zero weeks included
    strength: list[Point]  # habit strength 0..1 for each day of the period
    sessions: int
    minutes: float
    days_practised: int
    days_in_period: int
    goal_days_per_week: int
    partial_sessions: int = 0

    @property
    def empty(self) -> bool:
        """No practice at all in the period: neither a session done nor a partial one."""
        return self.sessions == 0 and self.partial_sessions == 0

    @property
    def days_text(self) -> str:
        """`practised on 3 of 28 days` (+ `, including partial sessions` when some were partial)."""
        text = f"practised on {self.days_practised} of {self.days_in_period} days"
        return text + (", including partial sessions" if self.partial_sessions else "")

    @property
    def sessions_text(self) -> str:
        """`2 sessions done, 1 partial, 34 minutes` (partial left out when there were none)."""
        done = f"{count(self.sessions, 'session')} done"
        partial = f", {self.partial_sessions} partial" if self.partial_sessions else ""
        return f"{done}{partial}, {count(round(self.minutes), 'minute')}"

    @property
    def strength_now(self) -> float:
        return self.strength[-1][1] if self.strength else 0.0

    @property
    def adherence(self) -> float:
        """Share of the goal met: practised days against goal days in the period (capped at 1)."""
        goal_days = self.days_in_period * self.goal_days_per_week / 7.0
        return min(1.0, self.days_practised / goal_days) if goal_days else 0.0

    def table(self) -> Table:
        rows = [(w.isoformat(), fmt(m, 0)) for w, m in self.weekly_minutes]
        return Table(("Week starting", "Minutes practised"), rows)

    def strength_table(self) -> Table:
        rows = [
            (d.isoformat(), f"{round(s * 100)}%", fmt(self.daily_minutes.get(d, 0.0), 0))
            for d, s in self.strength
        ]
        return Table(("Date", "Consistency", "Minutes"), rows)


@dataclass(frozen=True)
class CategoryEffect:
    category: str
    pain: MeanChange  # post minus pre: negative means pain went down
    distress: MeanChange


@dataclass(frozen=True)
class HelpsChart:
    categories: list[CategoryEffect]  # most-used first
    overall_pain: MeanChange
    overall_distress: MeanChange

    @property
    def empty(self) -> bool:
        return self.overall_pain.n == 0 and self.overall_distress.n == 0

    def table(self) -> Table:
        rows = []
        for effect in self.categories:
            rows.append(
                (
                    effect.category,
                    str(effect.pain.n),
                    fmt_signed(effect.pain.mean),
                    fmt_interval(effect.pain),
                    str(effect.distress.n),
                    fmt_signed(effect.distress.mean),
                    fmt_interval(effect.distress),
                )
            )
        columns = ("Kind of practice", "n (pain)", "Pain change", "95% interval", "n (distress)",
                   "Distress change", "95% interval")  # fmt: skip
        return Table(columns, rows)


@dataclass(frozen=True)
class TaperStepMark:
    """A change of the agreed daily MME (a step that only restates the current level is not one)."""

    day: date
    target_mme: float
    note: str
    reduction: bool = True


@dataclass(frozen=True)
class PauseSpan:
    start: date
    end: date | None  # None: still paused
    reason: str


@dataclass(frozen=True)
class TaperChart:
    daily_mme: list[Point]  # the agreed daily MME (step line), one value per day
    logged_mme: list[Point]  # MME from logged opioid doses, per day with a dose
    steps: list[TaperStepMark]
    pauses: list[PauseSpan]
    milestones: list[tuple[date, str]]
    has_plan: bool

    @property
    def empty(self) -> bool:
        return not self.daily_mme and not self.logged_mme

    @property
    def series(self) -> list[Point]:
        """The line to quote: the agreed plan when there is one, else the logged doses."""
        return self.daily_mme or self.logged_mme

    @property
    def start_mme(self) -> float | None:
        return self.series[0][1] if self.series else None

    @property
    def current_mme(self) -> float | None:
        return self.series[-1][1] if self.series else None

    def table(self) -> Table:
        logged = dict(self.logged_mme)
        planned = dict(self.daily_mme)
        step_days = {s.day for s in self.steps}
        pause_days = {d for d, _ in planned.items() if self._paused(d)}
        days = sorted(set(planned) | set(logged))
        rows = []
        for d in days:
            marks = [label for day, label in self.milestones if day == d]
            if d in step_days:
                marks.insert(0, "taper step")
            if d in pause_days:
                marks.append("paused")
            rows.append((d.isoformat(), fmt(planned.get(d)), fmt(logged.get(d)), "; ".join(marks)))
        return Table(("Date", "Agreed daily MME", "Logged MME", "Notes"), rows)

    def _paused(self, day: date) -> bool:
        return any(p.start <= day and (p.end is None or day <= p.end) for p in self.pauses)


@dataclass(frozen=True)
class WithdrawalPeak:
    step_day: date | None  # the taper step the peak followed (None: before any step in range)
    step_mme: float | None
    peak_total: int
    peak_on: date


@dataclass(frozen=True)
class WithdrawalChart:
    points: list[tuple[datetime, int]]  # local time of each check-in and its total
    peaks: list[WithdrawalPeak]
    severe_at: int  # totals from here up are in the checklist's "high" band
    scale_max: int

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def highest(self) -> tuple[datetime, int] | None:
        return max(self.points, key=lambda p: p[1]) if self.points else None

    def table(self) -> Table:
        rows = [(at.strftime("%Y-%m-%d %H:%M"), str(total)) for at, total in self.points]
        return Table(("Date and time", "Withdrawal total"), rows)


@dataclass(frozen=True)
class Flag:
    kind: str  # "rising_pain" | "severe_withdrawal" | "missed_checkins"
    text: str  # one plain sentence; the page and the report both show it
    severity: str = "watch"  # "urgent" | "high" | "watch" (coach.domain.clinical_flags)
    on: date | None = None  # the day it rests on, when there is one


@dataclass(frozen=True)
class Dashboard:
    period: Period
    pain: PainChart
    practice: PracticeChart
    helps: HelpsChart
    taper: TaperChart
    withdrawal: WithdrawalChart
    flags: list[Flag] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(c.empty for c in (self.pain, self.practice, self.helps, self.taper, self.withdrawal))


def date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Tick days and labels suited to the span: weeks, months, quarters or years."""
    span = (end - start).days
    out: list[tuple[date, str]] = []
    if span <= 45:
        day = start + timedelta(days=(7 - start.weekday()) % 7)
        while day <= end:
            out.append((day, day.strftime("%d %b")))
            day += timedelta(days=7)
        return out
    months = 1 if span <= 200 else 3 if span <= 800 else 12
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day > end:
            return out
        if (month - 1) % months == 0:
            label = str(year) if months == 12 else day.strftime("%b %Y" if month == 1 or not out else "%b")
            out.append((day, label))
