"""Planning over a set of reminder rules: what fires next, what passed unseen, and what catch-up does with it.

Pure: no I/O, no Qt; the rules, occurrences and DST handling it builds on live in coach.domain.reminders.
Callers pass `handled(rule_id, due)` (an occurrence already has a final delivery row) and the days on
which things were done, so this module never needs to know how deliveries are stored.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from coach.domain.reminders import (
    HORIZON,
    Occurrence,
    QuietHours,
    ReminderRule,
    defer,
    occurrence_of,
    quiet_for,
    snoozed_occurrence,
)

# Catch-up never walks back further than this, whatever the stored marks say.
MAX_LOOKBACK = timedelta(days=366)


@dataclass(frozen=True)
class Snooze:
    """A stored snooze: the reminder (rule_id, due) was snoozed at `at` for `minutes`."""

    rule_id: int
    due: datetime
    at: datetime
    minutes: int


Handled = Callable[[int, datetime], bool]
DoneDays = Mapping[str, frozenset[date]]


def _nothing_handled(_rule_id: int, _due: datetime) -> bool:
    return False


def is_done(rule: ReminderRule, occurrence: Occurrence, zone: tzinfo, done_days: DoneDays) -> bool:
    """Skip-if-done: the rule asks for it and the thing was already done on the reminder's local day."""
    key = rule.done_key
    if not rule.skip_if_done or key is None:
        return False
    return occurrence.due.astimezone(zone).date() in done_days.get(key, frozenset())


def _rule_stream(
    rule: ReminderRule,
    now: datetime,
    zone: tzinfo,
    quiet: QuietHours | None,
    handled: Handled,
    done_days: DoneDays,
) -> Iterator[Occurrence]:
    today = now.astimezone(zone).date()
    # Start a day back: something due last night may be deferred by quiet hours to after `now`.
    for due in rule.due_times(now - timedelta(days=1), now + HORIZON, zone):
        occ = occurrence_of(rule, due, zone, quiet)
        if occ.fire_at <= now or handled(rule.id, occ.due):
            continue
        if occ.due.astimezone(zone).date() == today and is_done(rule, occ, zone, done_days):
            continue
        yield occ


def upcoming(
    rules: Sequence[ReminderRule],
    now: datetime,
    zone: tzinfo,
    quiet: QuietHours | None = None,
    count: int = 5,
    handled: Handled | None = None,
    done_days: DoneDays | None = None,
    snoozes: Sequence[Snooze] = (),
    per_rule: int | None = None,
) -> list[Occurrence]:
    """The next `count` reminders that will fire after `now`, earliest first.

    `handled(rule_id, due)` says an occurrence already has a final delivery (it will not fire again);
    `per_rule` caps how many come from one rule (the scheduler plans one job per rule at a time).
    """
    handled = handled or _nothing_handled
    done = done_days or {}
    streams: list[Iterator[Occurrence]] = []
    for rule in rules:
        if rule.paused:
            continue
        stream: Iterator[Occurrence] = _rule_stream(rule, now, zone, quiet, handled, done)
        if per_rule is not None:
            stream = _take(stream, per_rule)
        streams.append(stream)
    snoozed = _snoozed(rules, snoozes, zone, quiet)
    streams.append(iter(sorted((o for o in snoozed if o.fire_at > now), key=_order)))
    merged = heapq.merge(*streams, key=_order)
    return list(_take(merged, count))


def _snoozed(
    rules: Sequence[ReminderRule], snoozes: Sequence[Snooze], zone: tzinfo, quiet: QuietHours | None
) -> Iterator[Occurrence]:
    """The stored snoozes as occurrences; a snooze of a removed or paused rule fires no more."""
    by_id = {r.id: r for r in rules}
    for s in snoozes:
        rule = by_id.get(s.rule_id)
        if rule is not None and not rule.paused:
            yield snoozed_occurrence(rule, s.due, s.at, s.minutes, zone, quiet)


def _order(occ: Occurrence) -> tuple[datetime, int, datetime]:
    return (occ.fire_at, occ.rule_id, occ.due)


def _take(items: Iterator[Occurrence], n: int) -> Iterator[Occurrence]:
    for i, item in enumerate(items):
        if i >= n:
            return
        yield item


def pending_between(
    rules: Sequence[ReminderRule],
    lower: datetime | None,
    now: datetime,
    zone: tzinfo,
    quiet: QuietHours | None = None,
    handled: Handled | None = None,
    snoozes: Sequence[Snooze] = (),
) -> list[Occurrence]:
    """Occurrences whose fire time passed in (lower, now] with no delivery yet: what catch-up handles.

    `lower` is the moment up to which everything was already handled (the app's last check); None means
    "only since each rule's own start". A rule's `since` always bounds it too.
    """
    handled = handled or _nothing_handled
    floor = now - MAX_LOOKBACK
    found: list[Occurrence] = []
    for rule in rules:
        if rule.paused:
            continue
        marks = [m for m in (lower, rule.since) if m is not None]
        bound = max([floor, *marks]) if marks else now
        # A day further back: quiet hours may have pushed an earlier due time past `bound`.
        for due in rule.due_times(bound - timedelta(days=1), now, zone):
            occ = occurrence_of(rule, due, zone, quiet)
            if bound < occ.fire_at <= now and not handled(rule.id, occ.due):
                found.append(occ)
    found.extend(o for o in _snoozed(rules, snoozes, zone, quiet) if o.fire_at <= now)
    return sorted(found, key=_order)


@dataclass(frozen=True)
class Triage:
    """Catch-up's decision: show `recent` once (coalesced), record `missed`, record `skipped`, and hold
    each of `held` until its time (the end of the quiet hours `now` falls in)."""

    recent: tuple[Occurrence, ...]
    missed: tuple[Occurrence, ...]
    skipped: tuple[Occurrence, ...]
    held: tuple[tuple[Occurrence, datetime], ...] = ()


def triage(
    pending: Sequence[Occurrence],
    rules: Sequence[ReminderRule],
    now: datetime,
    zone: tzinfo,
    grace: timedelta,
    done_days: DoneDays | None = None,
    quiet: QuietHours | None = None,
) -> Triage:
    """Sort what catch-up found. Quiet hours hold here too: nothing pops up inside them. A reminder found
    while quiet hours hold is shown when they end if it is still within `grace` of its time then, else it
    is recorded as missed (a 21:00 reminder found at 22:30 with quiet hours 22:00-07:00 is missed)."""
    by_id = {r.id: r for r in rules}
    done = done_days or {}
    recent: list[Occurrence] = []
    missed: list[Occurrence] = []
    skipped: list[Occurrence] = []
    held: list[tuple[Occurrence, datetime]] = []
    for occ in pending:
        rule = by_id.get(occ.rule_id)
        show_at = defer(now, zone, quiet_for(rule, quiet) if rule is not None else quiet)
        if rule is not None and is_done(rule, occ, zone, done):
            skipped.append(occ)
        elif show_at - occ.fire_at > grace:
            missed.append(occ)
        elif show_at > now:
            held.append((occ, show_at))
        else:
            recent.append(occ)
    return Triage(tuple(recent), tuple(missed), tuple(skipped), tuple(held))


def heads_up_at(occ: Occurrence, minutes: int, zone: tzinfo, quiet: QuietHours | None) -> datetime | None:
    """When to give the gentle heads-up, or None (no heads-up asked, or it would land in quiet hours)."""
    if minutes <= 0 or occ.snoozed:
        return None
    moment = occ.fire_at - timedelta(minutes=minutes)
    if quiet is not None and quiet.contains(moment, zone):  # callers pass None for a through-quiet rule
        return None
    return moment


def snooze_minutes(action: str | None) -> int | None:
    """The minutes in a stored snooze action ('snooze 10'), or None."""
    if not action or not action.startswith("snooze "):
        return None
    number = action.removeprefix("snooze ").strip()
    return int(number) if number.isdigit() else None
