"""Reminders as use cases: the rules a person keeps (add, edit, pause, resume, remove, and the derived ones
the data calls for) and the plan of their next fires, for the reminders dialog, the CLI and the scheduler.

Showing a reminder once, catch-up after a gap and what the person did with it live in
coach.services.reminders.delivery, whose `ReminderDelivery` extends this service for the Qt adapter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.limits import is_row_id
from coach.domain.reminder_planning import Handled, Snooze, heads_up_at, snooze_minutes, upcoming
from coach.domain.reminders import (
    Occurrence,
    QuietHours,
    ReminderRule,
    format_time,
    format_weekdays,
    parse_time,
    parse_weekdays,
    quiet_for,
    quiet_hours_note,
)
from coach.domain.settings import (
    QUIET_HOURS_ENABLED,
    QUIET_HOURS_END,
    QUIET_HOURS_START,
    REMINDER_HIGHEST_ID,
)
from coach.domain.timefmt import from_db, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.reminders.history import HistoryEntry, history_entries
from coach.services.reminders.sources import DERIVED, DerivedSources
from coach.storage.reminders_repo import RemindersRepo, RuleRecord

MAX_LABEL = 80
MAX_HEADS_UP = 120


@dataclass(frozen=True)
class PlannedFire:
    """One scheduler job: everything that fires at `at` (several rules can share a minute)."""

    at: datetime
    items: tuple[Occurrence, ...]
    heads_up_minutes: int = 0

    @property
    def is_heads_up(self) -> bool:
        return self.heads_up_minutes > 0


class ReminderService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = RemindersRepo(ctx.store.db)

    # --- time and settings -------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.clock.now()

    def zone(self) -> tzinfo:
        return self.ctx.clock.local_zone()

    def _today(self) -> date:
        return self.now().astimezone(self.zone()).date()

    def quiet_hours(self) -> QuietHours | None:
        store = self.ctx.store
        if not store.setting(QUIET_HOURS_ENABLED):
            return None
        try:
            return QuietHours(
                parse_time(store.setting(QUIET_HOURS_START)),
                parse_time(store.setting(QUIET_HOURS_END)),
            )
        except CoachError:
            return None  # a hand-edited value that cannot be read: better no quiet hours than no reminders

    # --- rules ---------------------------------------------------------------------------------------
    def rules(self, sync: bool = True) -> list[RuleRecord]:
        if sync:
            self.sync_derived()
        return self.repo.rules()

    def get(self, rule_id: int) -> RuleRecord:
        rule = self.repo.rule(rule_id) if is_row_id(rule_id) else None
        if rule is None:
            raise CoachError(f"there is no reminder {rule_id} (see `coach reminders list`)")
        return rule

    def add(
        self,
        at: str,
        days: str | None = None,
        label: str = "",
        *,
        exercise_id: str | None = None,
        skip_if_done: bool = False,
        heads_up_minutes: int = 0,
        allow_seconds: bool = False,
        through_quiet: bool = False,
    ) -> RuleRecord:
        """Add a practice reminder at `at` ("HH:MM", local) on `days` ("mon,wed"; None: every day).
        `through_quiet` lets it come inside quiet hours. Raises CoachError for a time, day list, label or
        heads-up it cannot take. Publishes REMINDERS; `quiet_note(rule)` says if quiet hours will move it."""
        at_time = format_time(parse_time(at, allow_seconds=allow_seconds))
        weekdays = format_weekdays(parse_weekdays(days))
        rule_id = self.repo.add_rule(
            at_time=at_time,
            weekdays=weekdays,
            created_at=to_db(self.now()),
            label=_clean_label(label),
            exercise_id=exercise_id or None,
            skip_if_done=skip_if_done,
            heads_up_minutes=_check_heads_up(heads_up_minutes),
            through_quiet=through_quiet,
            above=self.ctx.store.setting(REMINDER_HIGHEST_ID),
        )
        self.ctx.bus.publish(Topic.REMINDERS)
        return self.get(rule_id)

    def quiet_note(self, rule: RuleRecord) -> str | None:
        """'22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00', or None when quiet hours
        do not move this reminder (outside them, quiet hours off, or the rule is let through)."""
        return self.quiet_note_at(rule.at_time, through_quiet=rule.through_quiet)

    def quiet_note_at(self, at: str, *, through_quiet: bool = False) -> str | None:
        """The same sentence for a time ("HH:MM") not saved yet (the editor shows it as the time changes)."""
        if through_quiet:
            return None
        try:
            at_time = parse_time(at, allow_seconds=True)
        except CoachError:
            return None
        return quiet_hours_note(at_time, self.quiet_hours())

    def edit(self, rule_id: int, **changes: Any) -> RuleRecord:
        """Change at/days/label/exercise_id/skip_if_done/heads_up_minutes/through_quiet of a rule."""
        rule = self.get(rule_id)
        fields: dict[str, Any] = {}
        if changes.get("at") is not None:
            fields["at_time"] = format_time(parse_time(str(changes["at"])))
        if changes.get("days") is not None:
            fields["weekdays"] = format_weekdays(parse_weekdays(str(changes["days"])))
        if changes.get("label") is not None:
            fields["label"] = _clean_label(str(changes["label"]))
        if "exercise_id" in changes:
            fields["exercise_id"] = changes["exercise_id"] or None
        if changes.get("skip_if_done") is not None:
            fields["skip_if_done"] = bool(changes["skip_if_done"])
        if changes.get("through_quiet") is not None:
            fields["through_quiet"] = bool(changes["through_quiet"])
        if changes.get("heads_up_minutes") is not None:
            fields["heads_up_minutes"] = _check_heads_up(int(changes["heads_up_minutes"]))
        if changes.get("days_before") is not None and rule.source == "taper_step":
            days_before = int(changes["days_before"])
            if not 0 <= days_before <= 60:
                raise CoachError("remind between 0 and 60 days before a taper step")
            fields["payload"] = {**rule.payload, "days_before": days_before}
        if {"at_time", "weekdays"} & set(fields) or "payload" in fields:
            # A new time applies from now on: earlier times of the new schedule were never "missed".
            fields["payload"] = {**fields.get("payload", rule.payload), "since": to_db(self.now())}
        self.repo.update_rule(rule_id, **fields)
        self.ctx.bus.publish(Topic.REMINDERS)
        return self.get(rule_id)

    def pause(self, rule_id: int) -> RuleRecord:
        self.get(rule_id)
        self.repo.update_rule(rule_id, paused=True)
        self.ctx.bus.publish(Topic.REMINDERS)
        return self.get(rule_id)

    def resume(self, rule_id: int) -> RuleRecord:
        rule = self.get(rule_id)
        if rule.paused:
            # Times that passed while paused were not missed: the person asked for quiet.
            self.repo.update_rule(rule_id, paused=False, payload={**rule.payload, "since": to_db(self.now())})
            self.ctx.bus.publish(Topic.REMINDERS)
        return self.get(rule_id)

    def remove(self, rule_id: int) -> None:
        rule = self.get(rule_id)
        if rule.source:
            raise CoachError(
                f"reminder {rule_id} ({rule.label.lower()}) comes with the app and cannot be removed; "
                f"pause it instead"
            )
        with self.ctx.store.transaction():
            self.repo.remove_rule(rule_id)
            # Its number stays taken: "reminder 3" in a note, a calendar or a script never becomes another.
            highest = max(self.ctx.store.setting(REMINDER_HIGHEST_ID), rule_id)
            self.ctx.store.set_setting(REMINDER_HIGHEST_ID, highest)
        self.ctx.bus.publish(Topic.REMINDERS)

    def sync_derived(self) -> list[int]:
        """Create the derived reminders the data now calls for; returns the new rule ids."""
        existing = {r.source for r in self.repo.rules() if r.source}
        sources = DerivedSources(self.repo, self._today())
        created = []
        for source in sources.wanted(self.ctx.store.profile().kind == "patient"):
            if source in existing:
                continue
            spec = DERIVED[source]
            created.append(
                self.repo.add_rule(
                    kind=spec.kind,
                    label=spec.label,
                    at_time=spec.at_time,
                    weekdays=spec.weekdays,
                    skip_if_done=spec.skip_if_done,
                    payload=dict(spec.payload),
                    created_at=to_db(self.now()),
                    above=self.ctx.store.setting(REMINDER_HIGHEST_ID),
                )
            )
        return created

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        """The newest `limit` reminders and everything that happened to each (shown, snoozed, shown again,
        started, skipped, missed), newest reminder first, in local time (for the Reminders page)."""
        labels = {r.id: r.label or "Practice" for r in self.repo.rules()}
        return history_entries(self.repo.recent_deliveries(limit), labels, self.zone(), self._today())

    # --- rules as the domain sees them ---------------------------------------------------------------
    def domain_rules(self, records: Sequence[RuleRecord] | None = None) -> list[ReminderRule]:
        records = self.repo.rules() if records is None else records
        sources = DerivedSources(self.repo, self._today())
        out = []
        for r in records:
            try:
                at = parse_time(r.at_time, allow_seconds=True)
                weekdays = parse_weekdays(r.weekdays)
            except CoachError:
                continue  # an unreadable row (edited by hand) must not stop every other reminder
            since = [from_db(r.created_at)]
            if isinstance(r.payload.get("since"), str):
                since.append(from_db(r.payload["since"]))
            out.append(
                ReminderRule(
                    id=r.id,
                    at=at,
                    weekdays=weekdays,
                    kind=r.kind,
                    label=r.label,
                    paused=r.paused,
                    skip_if_done=r.skip_if_done,
                    heads_up_minutes=r.heads_up_minutes,
                    exercise_id=r.exercise_id,
                    source=r.source,
                    dates=sources.dates_for(r.source, r.payload),
                    since=max(since),
                    through_quiet=r.through_quiet,
                )
            )
        return out

    def _handled(self, since: datetime) -> Handled:
        keys = self.repo.handled_keys(to_db(since))
        return lambda rule_id, due: (rule_id, to_db(due)) in keys

    def _snoozes(self) -> list[Snooze]:
        out = []
        for d in self.repo.snoozed():
            minutes = snooze_minutes(d.action)
            if minutes is not None and d.acted_at:
                out.append(Snooze(d.rule_id, from_db(d.due_at), from_db(d.acted_at), minutes))
        return out

    def done_days(self, since: datetime) -> dict[str, frozenset[date]]:
        """Local days on which practice / each check-in was done, for skip-if-done."""
        zone = self.zone()
        start = to_db(since - timedelta(days=1))

        def days(times: Iterable[str]) -> frozenset[date]:
            return frozenset(from_db(t).astimezone(zone).date() for t in times)

        return {
            "practice": days(self.repo.completed_session_starts(start)),
            "peg": days(self.repo.checkin_times("peg", start)),
            "withdrawal": days(self.repo.checkin_times("withdrawal", start)),
        }

    # --- planning ------------------------------------------------------------------------------------
    def _upcoming(
        self,
        rules: Sequence[ReminderRule],
        start: datetime,
        count: int,
        per_rule: int | None = None,
        snoozes: Sequence[Snooze] | None = None,
    ) -> list[Occurrence]:
        """`upcoming` as seen from `start`, with this profile's quiet hours, deliveries, snoozes, done days."""
        return upcoming(
            rules,
            start,
            self.zone(),
            self.quiet_hours(),
            count=count,
            handled=self._handled(start - timedelta(days=2)),
            done_days=self.done_days(start),
            snoozes=self._snoozes() if snoozes is None else snoozes,
            per_rule=per_rule,
        )

    def next_fires(self, count: int = 5, start: datetime | None = None) -> list[Occurrence]:
        """The next `count` reminders after `start` (default now), as they will really fire."""
        start = start or self.now()
        return self._upcoming(self.domain_rules(self.rules()), start, count)

    def next_by_rule(self, start: datetime | None = None) -> dict[int, datetime]:
        """Each active rule's next fire time (what a list of rules shows beside each)."""
        start = start or self.now()
        rules = self.domain_rules(self.rules())
        out: dict[int, datetime] = {}
        for occ in self._upcoming(rules, start, 2 * len(rules) + 1, per_rule=1):
            out.setdefault(occ.rule_id, occ.fire_at)
        return out

    def plan(self, now: datetime | None = None) -> list[PlannedFire]:
        """The jobs to schedule: each rule's next fire, pending snoozes, and heads-ups."""
        now = now or self.now()
        zone, quiet = self.zone(), self.quiet_hours()
        rules = self.domain_rules()
        snoozes = self._snoozes()
        occs = self._upcoming(rules, now, len(rules) + len(snoozes), per_rule=1, snoozes=snoozes)
        groups: dict[datetime, list[Occurrence]] = defaultdict(list)
        for occ in occs:
            groups[occ.fire_at].append(occ)
        fires = [PlannedFire(at, tuple(items)) for at, items in groups.items()]
        by_id = {r.id: r for r in rules}
        for occ in occs:
            rule = by_id[occ.rule_id]
            minutes = rule.heads_up_minutes
            at = heads_up_at(occ, minutes, zone, quiet_for(rule, quiet))
            if at is not None and at > now:
                fires.append(PlannedFire(at, (occ,), heads_up_minutes=minutes))
        return sorted(fires, key=lambda f: (f.at, f.is_heads_up))


def _clean_label(label: str) -> str:
    text = " ".join(label.split())
    if len(text) > MAX_LABEL:
        raise CoachError(f"keep the label under {MAX_LABEL} characters")
    return text


def _check_heads_up(minutes: int) -> int:
    if not 0 <= minutes <= MAX_HEADS_UP:
        raise CoachError(f"a heads-up can be 0 to {MAX_HEADS_UP} minutes before")
    return minutes
