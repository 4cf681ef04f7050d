"""Reminder delivery: show each due reminder once, catch up after a gap, record what the person did with it.

The Qt adapter (coach/ui/reminders/controller.py) turns `plan()` into scheduler jobs and calls `deliver()` when
one fires, `catch_up()` on start and wake. Every write goes through the UNIQUE(rule_id, due_at) delivery
row, so restarts and overlapping catch-ups never show a reminder twice.

"Handled up to" mark: the setting `reminders_checked_until` is the moment up to which every fire time
was delivered or recorded. Catch-up looks at (mark, now] only, so a rule resumed or a taper step entered
after the fact does not produce a flood of false "missed" rows; each rule's own `since` (created,
resumed or retimed) bounds it too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from coach.domain.errors import CoachError
from coach.domain.reminder_messages import Notification, compose, heads_up
from coach.domain.reminder_planning import MAX_LOOKBACK, is_done, pending_between, triage
from coach.domain.reminders import SNOOZE_MINUTES, Occurrence, ReminderRule, resolve_local
from coach.domain.settings import REMINDER_GRACE_MINUTES, REMINDERS_CHECKED_UNTIL
from coach.domain.timefmt import from_db, to_db
from coach.services.changes import Topic
from coach.services.reminders.history import CLOSED
from coach.services.reminders.service import PlannedFire, ReminderService

CHECKED_UNTIL = REMINDERS_CHECKED_UNTIL


class ReminderDelivery(ReminderService):
    """The reminder service plus what happens when a reminder is due: the one the scheduler drives."""

    def grace(self) -> timedelta:
        return timedelta(minutes=self.ctx.store.setting(REMINDER_GRACE_MINUTES))

    def checked_until(self) -> datetime | None:
        text = self.ctx.store.setting(CHECKED_UNTIL)
        try:
            return from_db(text) if text else None
        except ValueError:
            return None

    # --- delivery ------------------------------------------------------------------------------------
    def catch_up(self, now: datetime | None = None) -> Notification | None:
        """Handle every fire time that passed unseen: recent ones become ONE notification, older ones are
        recorded as missed, ones already done today as skipped. Inside quiet hours nothing is shown: what is
        still recent when they end is held to their end, the rest recorded as missed. Safe to run any
        number of times."""
        now = now or self.now()
        zone = self.zone()
        mark = self.checked_until()
        records = self.rules()
        rules = self.domain_rules(records)
        starts = [mark] if mark is not None else [r.since for r in rules if r.since is not None]
        earliest = max(min(starts, default=now), now - MAX_LOOKBACK) - timedelta(days=2)
        pending = pending_between(
            rules, mark, now, zone, self.quiet_hours(), self._handled(earliest), self._snoozes()
        )
        quiet = self.quiet_hours()
        decided = triage(pending, rules, now, zone, self.grace(), self.done_days(earliest), quiet)
        stamp = to_db(now)
        shown: list[Occurrence] = []
        with self.ctx.store.transaction():
            for occ in decided.missed:
                self.repo.record(occ.rule_id, to_db(occ.due), "missed", replaces=_replaces(occ))
            for occ in decided.skipped:
                self.repo.record(
                    occ.rule_id,
                    to_db(occ.due),
                    "skipped",
                    acted_at=stamp,
                    action="already done",
                    replaces=_replaces(occ),
                )
            for occ, show_at in decided.held:
                # Held as a snooze to the end of quiet hours: the plan then fires it exactly once there.
                minutes = math.ceil((show_at - now).total_seconds() / 60)
                self.repo.record(
                    occ.rule_id,
                    to_db(occ.due),
                    "snoozed",
                    acted_at=stamp,
                    action=f"snooze {minutes}",
                    replaces=_replaces(occ),
                )
            for occ in decided.recent:
                if self.repo.record(
                    occ.rule_id, to_db(occ.due), "shown", shown_at=stamp, replaces=_replaces(occ)
                ):
                    shown.append(occ)
            if mark is None or now > mark:
                self.ctx.store.set_setting(CHECKED_UNTIL, stamp)
        return compose(shown, now, zone)

    def deliver(self, items: Sequence[Occurrence], now: datetime | None = None) -> Notification | None:
        """A job fired: claim each reminder's delivery row and compose what to show (None: nothing)."""
        now = now or self.now()
        zone = self.zone()
        current = {r.id: r for r in self.domain_rules()}
        done = self.done_days(now)
        stamp = to_db(now)
        shown: list[Occurrence] = []
        with self.ctx.store.transaction():
            for occ in items:
                rule = current.get(occ.rule_id)
                if rule is None or not _still_scheduled(rule, occ, zone):
                    continue  # removed, paused or retimed since the job was planned
                if not occ.snoozed and is_done(rule, occ, zone, done):
                    self.repo.record(
                        rule.id, to_db(occ.due), "skipped", acted_at=stamp, action="already done"
                    )
                    continue
                if self.repo.record(
                    rule.id, to_db(occ.due), "shown", shown_at=stamp, replaces=_replaces(occ)
                ):
                    shown.append(occ)
        return compose(shown, now, zone)

    def heads_up(self, fire: PlannedFire) -> Notification | None:
        """The gentle early notice, unless the reminder was already handled (e.g. skipped)."""
        occ = fire.items[0]
        if self.repo.delivery(occ.rule_id, to_db(occ.due)) is not None:
            return None
        return heads_up(occ, fire.heads_up_minutes)

    # --- what the person did with a reminder ---------------------------------------------------------
    def start_now(self, items: Sequence[Occurrence]) -> str | None:
        self._act(items, "acted", "start")
        return next((o.exercise_id for o in items if o.exercise_id), None)

    def opened(self, items: Sequence[Occurrence]) -> str | None:
        self._act(items, "acted", "opened")
        return next((o.exercise_id for o in items if o.exercise_id), None)

    def snooze(self, items: Sequence[Occurrence], minutes: int) -> None:
        if minutes not in SNOOZE_MINUTES:
            raise CoachError(f"snooze for {', '.join(map(str, SNOOZE_MINUTES))} minutes")
        self._act(items, "snoozed", f"snooze {minutes}")

    def skip_today(self, items: Sequence[Occurrence]) -> None:
        self._act(items, "skipped", "skip today")

    def dismissed(self, items: Sequence[Occurrence]) -> None:
        """The person closed the shown reminder without an answer: logged for the history ("Closed without
        starting"); the reminder stays handled (it does not come back). Publishes REMINDERS."""
        stamp = to_db(self.now())
        with self.ctx.store.transaction():
            for occ in items:
                self.repo.add_event(occ.rule_id, to_db(occ.due), stamp, "shown", CLOSED)
        self.ctx.bus.publish(Topic.REMINDERS)

    def _act(self, items: Sequence[Occurrence], status: str, action: str) -> None:
        stamp = to_db(self.now())
        with self.ctx.store.transaction():
            for occ in items:
                if self.repo.rule(occ.rule_id) is None:
                    continue
                self.repo.record(
                    occ.rule_id,
                    to_db(occ.due),
                    status,
                    acted_at=stamp,
                    action=action,
                    replaces=("due", "shown", "snoozed"),
                )
        self.ctx.bus.publish(Topic.REMINDERS)


def _replaces(occ: Occurrence) -> tuple[str, ...]:
    # A snoozed reminder is the one row moving on from 'snoozed'; any other claims only a fresh row.
    return ("snoozed",) if occ.snoozed else ("due",)


def _still_scheduled(rule: ReminderRule, occ: Occurrence, zone: tzinfo) -> bool:
    if rule.paused:
        return False
    if occ.snoozed:
        return True
    day = occ.due.astimezone(zone).date()
    return rule.fires_on(day) and resolve_local(day, rule.at, zone) == occ.due
