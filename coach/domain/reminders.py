"""Reminder rules and occurrences: typed times and weekdays, wall time -> instant across DST, quiet hours.

Pure: no I/O, no Qt. Every function takes the moment ("now") and the zone it needs, so a FixedClock can
replay any case. Instants are aware datetimes; the ones returned are in UTC. Planning over many rules
(the next fires, catch-up) lives in coach.domain.reminder_planning.

Semantics (each one is tested):
- A rule fires at a local wall time on chosen weekdays (or, for derived rules, on chosen dates).
- A wall time that does not exist that day (spring forward: 02:30 in the gap) fires once, at the first
  valid minute after the gap (03:00). A wall time that happens twice (fall back) fires once, at the first
  occurrence (fold=0).
- Quiet hours (they may span midnight) defer a reminder to their end; it is never dropped. A rule marked
  `through_quiet` (a night-shift reminder, "winding down for sleep") ignores them.
- Catch-up (after sleep or start) obeys quiet hours too: a reminder found while quiet hours hold is shown at
  their end if it is still recent then, else recorded as missed (coach.domain.reminder_planning.triage).
- An occurrence is identified by (rule id, nominal due time); the fire time is the due time after quiet
  hours. Storage keeps one delivery row per identity, which is what makes "never duplicated" hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coach.domain.errors import CoachError

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: frozenset[int] = frozenset(range(7))
KINDS: tuple[str, ...] = ("practice", "program", "checkin", "taper")
SNOOZE_MINUTES: tuple[int, ...] = (5, 10, 30)
# A reminder shown this soon after its fire time counts as on time; later than this it was missed
# (the machine slept or the app was closed) and goes through catch-up, which coalesces.
ON_TIME = timedelta(seconds=60)
# How far ahead `upcoming` looks for the next fire of a rule (derived rules may fire months apart).
HORIZON = timedelta(days=400)

_DAY_ALIASES = {name: i for i, name in enumerate(WEEKDAYS)} | {
    "monday": 0,
    "tues": 1,
    "tuesday": 1,
    "wednesday": 2,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


class ReminderInputError(CoachError):
    """A time or weekday list the person typed that cannot be read."""


# --- parsing ------------------------------------------------------------------------------------------
def parse_time(text: str, allow_seconds: bool = False) -> time:
    """'07:30' -> time(7, 30). Seconds ('07:30:15') only when allowed (tests and benchmarks need them)."""
    parts = text.strip().split(":")
    ok = len(parts) == 2 or (allow_seconds and len(parts) == 3)
    if ok and all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        numbers = [int(p) for p in parts]
        if numbers[0] < 24 and all(n < 60 for n in numbers[1:]):
            return time(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 0)
    raise ReminderInputError(f"{text!r} is not a time: use 24-hour HH:MM, like 07:30 or 18:45")


def format_time(at: time) -> str:
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


def parse_weekdays(text: str | None) -> frozenset[int]:
    """'mon,wed,fri' -> {0, 2, 4}; empty or None means every day; also 'daily', 'weekdays', 'weekends'."""
    if text is None or not text.strip():
        return ALL_DAYS
    days: set[int] = set()
    for raw in text.replace(" ", ",").split(","):
        word = raw.strip().lower()
        if not word:
            continue
        if word in ("daily", "all", "every", "everyday"):
            days |= ALL_DAYS
        elif word == "weekdays":
            days |= set(range(5))
        elif word == "weekends":
            days |= {5, 6}
        elif word in _DAY_ALIASES:
            days.add(_DAY_ALIASES[word])
        else:
            raise ReminderInputError(f"{raw.strip()!r} is not a weekday: use mon,tue,wed,thu,fri,sat,sun")
    if not days:
        raise ReminderInputError("choose at least one weekday, like mon,wed,fri")
    return frozenset(days)


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(set(days)))


def describe_weekdays(days: Iterable[int]) -> str:
    chosen = frozenset(days)
    if chosen == ALL_DAYS:
        return "every day"
    if chosen == frozenset(range(5)):
        return "weekdays"
    if chosen == frozenset({5, 6}):
        return "weekends"
    return ", ".join(WEEKDAYS[d].capitalize() for d in sorted(chosen))


# --- wall time -> instant ---------------------------------------------------------------------------
def _exists(moment: datetime, zone: tzinfo) -> bool:
    back = moment.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0)


def resolve_local(day: date, at: time, zone: tzinfo) -> datetime:
    """The instant (UTC) of wall time `at` on `day` in `zone`, with the DST rules above."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)  # fold=0: the first of two repeated wall times
    if _exists(first, zone):
        return first.astimezone(UTC)
    # In a spring-forward gap: walk to the first wall minute that exists, i.e. the end of the gap.
    probe = naive.replace(second=0, microsecond=0)
    for _ in range(48 * 60):
        probe += timedelta(minutes=1)
        candidate = probe.replace(tzinfo=zone)
        if _exists(candidate, zone):
            return candidate.astimezone(UTC)
    return first.astimezone(UTC)  # no real zone has a 48-hour gap; keep a defined answer anyway


# --- quiet hours ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuietHours:
    """Local wall-time window [start, end) in which reminders wait; start > end spans midnight."""

    start: time
    end: time

    def contains(self, moment: datetime, zone: tzinfo) -> bool:
        wall = moment.astimezone(zone).time().replace(tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end

    def defer(self, moment: datetime, zone: tzinfo) -> datetime:
        """`moment` itself when outside quiet hours, else the end of the quiet window it falls in."""
        if not self.contains(moment, zone):
            return moment.astimezone(UTC)
        local = moment.astimezone(zone)
        day = local.date()
        if self.start > self.end and local.time().replace(tzinfo=None) >= self.start:
            day += timedelta(days=1)
        return max(resolve_local(day, self.end, zone), moment.astimezone(UTC))

    def describe(self) -> str:
        """'22:00-07:00'."""
        return f"{format_time(self.start)}-{format_time(self.end)}"


def defer(moment: datetime, zone: tzinfo, quiet: QuietHours | None) -> datetime:
    return quiet.defer(moment, zone) if quiet is not None else moment.astimezone(UTC)


def quiet_for(rule: ReminderRule, quiet: QuietHours | None) -> QuietHours | None:
    """The quiet hours that hold `rule` back: none for a rule let through quiet hours."""
    return None if rule.through_quiet else quiet


def quiet_hours_note(at: time, quiet: QuietHours | None) -> str | None:
    """What to tell someone who sets a reminder at `at` inside quiet hours, or None when it is outside.

    '22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00'. Wall times only, so it holds on
    any day and in any zone.
    """
    if quiet is None or quiet.start == quiet.end:
        return None
    inside = quiet.start <= at < quiet.end if quiet.start < quiet.end else at >= quiet.start or at < quiet.end
    if not inside:
        return None
    return (
        f"{format_time(at)} falls in your quiet hours ({quiet.describe()}): "
        f"it will come at {format_time(quiet.end)}"
    )


# --- rules and occurrences --------------------------------------------------------------------------
@dataclass(frozen=True)
class DatedEntry:
    """What a derived rule says on one date: the exercise to open and a sentence for the reminder."""

    exercise_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ReminderRule:
    id: int
    at: time
    weekdays: frozenset[int] = ALL_DAYS
    kind: str = "practice"
    label: str = ""
    paused: bool = False
    skip_if_done: bool = False
    heads_up_minutes: int = 0
    exercise_id: str | None = None
    source: str = ""  # derived rules: "peg", "withdrawal", "taper_step", "program"; "" for the person's own
    # Derived rules fire only on these local dates (still filtered by weekdays); None: every chosen weekday.
    dates: Mapping[date, DatedEntry] | None = field(default=None, compare=False)
    # Occurrences due at or before this are never fired or caught up (created, resumed or edited then).
    since: datetime | None = None
    # Fires at its time even inside quiet hours (asked for per reminder).
    through_quiet: bool = False

    @property
    def done_key(self) -> str | None:
        """What counts as "already done today" for skip-if-done."""
        if self.kind in ("practice", "program"):
            return "practice"
        if self.kind == "checkin":
            return self.source or "peg"
        return None

    def fires_on(self, day: date) -> bool:
        if self.paused or day.weekday() not in self.weekdays:
            return False
        return self.dates is None or day in self.dates

    def due_times(self, after: datetime, until: datetime, zone: tzinfo) -> Iterator[datetime]:
        """Nominal due instants in (after, until], oldest first (never before `since`)."""
        if self.paused:
            return
        if self.since is not None and self.since > after:
            after = self.since
        day = after.astimezone(zone).date() - timedelta(days=1)
        last = until.astimezone(zone).date() + timedelta(days=1)
        while day <= last:
            if self.fires_on(day):
                due = resolve_local(day, self.at, zone)
                if after < due <= until:
                    yield due
            day += timedelta(days=1)

    def next_after(self, moment: datetime, zone: tzinfo) -> datetime | None:
        return next(self.due_times(moment, moment + HORIZON, zone), None)

    def entry(self, due: datetime, zone: tzinfo) -> DatedEntry:
        if self.dates is not None:
            found = self.dates.get(due.astimezone(zone).date())
            if found is not None:
                return DatedEntry(found.exercise_id or self.exercise_id, found.note)
        return DatedEntry(self.exercise_id, "")


@dataclass(frozen=True)
class Occurrence:
    """One reminder: (rule_id, due) is its identity; fire_at is when it is shown (after quiet hours)."""

    rule_id: int
    kind: str
    source: str
    label: str
    due: datetime
    fire_at: datetime
    exercise_id: str | None = None
    note: str = ""
    snoozed: bool = False

    @property
    def key(self) -> tuple[int, datetime]:
        return (self.rule_id, self.due)


def occurrence_of(rule: ReminderRule, due: datetime, zone: tzinfo, quiet: QuietHours | None) -> Occurrence:
    entry = rule.entry(due, zone)
    return Occurrence(
        rule_id=rule.id,
        kind=rule.kind,
        source=rule.source,
        label=rule.label,
        due=due.astimezone(UTC),
        fire_at=defer(due, zone, quiet_for(rule, quiet)),
        exercise_id=entry.exercise_id,
        note=entry.note,
    )


def snoozed_occurrence(
    rule: ReminderRule,
    due: datetime,
    snoozed_at: datetime,
    minutes: int,
    zone: tzinfo,
    quiet: QuietHours | None,
) -> Occurrence:
    """The same reminder again `minutes` after the snooze (quiet hours still apply)."""
    base = occurrence_of(rule, due, zone, None)
    fire_at = defer(snoozed_at + timedelta(minutes=minutes), zone, quiet_for(rule, quiet))
    return Occurrence(**{**base.__dict__, "fire_at": fire_at, "snoozed": True})
