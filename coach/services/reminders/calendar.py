"""The reminders as a calendar file to take along (.ics, RFC 5545, written with `icalendar`).

- Each weekday reminder is one recurring event (RRULE FREQ=WEEKLY;BYDAY=...) in the local time zone with
  its VTIMEZONE, at the time it really comes: one held by quiet hours starts when they end (the next day
  when they span midnight), exactly as `coach reminders next` says.
- A reminder that comes with the app on given dates (taper step ahead, program days) is one event per date
  within CALENDAR_DAYS.
- Taper steps are all-day events ("agreed with your prescriber"; never a dose: a calendar syncs to other
  devices), and the check-in week after each step is one all-day event spanning it.
- Each reminder event carries a VALARM (ACTION:DISPLAY), so the calendar app reminds at the same moment the
  app would: at the event's start, or its heads-up minutes before when the reminder has one.
Paused reminders are left out. The file is written privately (0600) through a temporary file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from coach.domain.errors import CoachError
from coach.domain.reminder_messages import headline
from coach.domain.reminders import (
    ALL_DAYS,
    WEEKDAYS,
    QuietHours,
    ReminderRule,
    occurrence_of,
    quiet_for,
)
from coach.services.reminders.service import ReminderService
from coach.services.reminders.sources import WITHDRAWAL_DAYS, DerivedSources

CALENDAR_DAYS = 90  # dated reminders and taper steps this far ahead
EVENT_MINUTES = 10
PRODID = "-//Pain Recovery Coach//Reminders//EN"
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _zone_name(zone: tzinfo) -> str | None:
    key = getattr(zone, "key", None)
    return str(key) if key else None


def _effective(rule: ReminderRule, quiet: QuietHours | None) -> tuple[time, int]:
    """(wall time it really comes at, days it moves by) for a weekday rule under quiet hours."""
    held = quiet_for(rule, quiet)
    if held is None or held.start == held.end:
        return rule.at, 0
    at = rule.at
    inside = held.start <= at < held.end if held.start < held.end else at >= held.start or at < held.end
    if not inside:
        return at, 0
    return held.end, 1 if held.start > held.end and at >= held.start else 0


class CalendarExport:
    """Builds the .ics of one profile's reminders, taper steps and check-in weeks."""

    def __init__(self, service: ReminderService) -> None:
        self.service = service

    def build(self, now: datetime | None = None) -> Calendar:
        """The calendar as of `now` (default: the service clock). Raises CoachError if nothing can be read."""
        service = self.service
        now = now or service.now()
        zone = service.zone()
        quiet = service.quiet_hours()
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", "Pain Recovery Coach")
        stamp = now.astimezone(UTC)
        rules = service.domain_rules(service.rules())
        for rule in rules:
            if rule.paused:
                continue
            if rule.dates is None:
                event = self._recurring(rule, now, zone, quiet, stamp)
                if event is not None:
                    cal.add_component(event)
            else:
                for event in self._dated(rule, now, zone, quiet, stamp):
                    cal.add_component(event)
        for event in self._taper_days(now, zone, stamp):
            cal.add_component(event)
        if _zone_name(zone):
            cal.add_missing_timezones()
        return cal

    def write(self, out: Path, now: datetime | None = None) -> Path:
        """Write the calendar to `out` (a file path; its folder is created). Raises CoachError for a folder,
        a special file, or a path inside the app's data folder."""
        out = out.expanduser()
        if out.exists() and not out.is_file():
            raise CoachError(f"{out} is not a regular file: choose a file name like reminders.ics")
        data_dir = self.service.ctx.paths.data_dir.resolve()
        if out.resolve().is_relative_to(data_dir):
            raise CoachError("save the calendar outside the app's data folder")
        payload = self.build(now).to_ical()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, out)
        return out

    # --- events ----------------------------------------------------------------------------------------
    def _timed(self, uid: str, title: str, start: datetime, zone: tzinfo, stamp: datetime) -> Event:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("summary", title)
        local = start.astimezone(zone).replace(tzinfo=zone) if _zone_name(zone) else start.astimezone(UTC)
        event.add("dtstart", local)
        event.add("duration", timedelta(minutes=EVENT_MINUTES))
        return event

    def _recurring(
        self, rule: ReminderRule, now: datetime, zone: tzinfo, quiet: QuietHours | None, stamp: datetime
    ) -> Event | None:
        due = rule.next_after(now - timedelta(days=1), zone)
        while due is not None and occurrence_of(rule, due, zone, quiet).fire_at <= now:
            due = rule.next_after(due, zone)
        if due is None:
            return None
        occ = occurrence_of(rule, due, zone, quiet)
        at, shift = _effective(rule, quiet)
        local_day = due.astimezone(zone).date() + timedelta(days=shift)
        start = datetime.combine(local_day, at, tzinfo=zone)
        if not _zone_name(zone):
            start = occ.fire_at
        event = self._timed(f"reminder-{rule.id}@pain-recovery-coach", headline(occ), start, zone, stamp)
        days = sorted((d + shift) % 7 for d in rule.weekdays)
        rrule: dict[str, object] = (
            {"freq": "daily"}
            if rule.weekdays == ALL_DAYS
            else {
                "freq": "weekly",
                "byday": [_ICAL_DAYS[d] for d in days],
            }
        )
        event.add("rrule", rrule)
        event.add("description", _describe(rule))
        event.add_component(_alarm(headline(occ), rule.heads_up_minutes))
        return event

    def _dated(
        self, rule: ReminderRule, now: datetime, zone: tzinfo, quiet: QuietHours | None, stamp: datetime
    ) -> Iterable[Event]:
        until = now + timedelta(days=CALENDAR_DAYS)
        for due in rule.due_times(now - timedelta(days=1), until, zone):
            occ = occurrence_of(rule, due, zone, quiet)
            if occ.fire_at <= now:
                continue
            uid = f"reminder-{rule.id}-{due.astimezone(UTC):%Y%m%dT%H%M}@pain-recovery-coach"
            event = self._timed(uid, headline(occ), occ.fire_at, zone, stamp)
            if occ.note:
                event.add("description", occ.note)
            event.add_component(_alarm(headline(occ), rule.heads_up_minutes))
            yield event

    def _taper_days(self, now: datetime, zone: tzinfo, stamp: datetime) -> Iterable[Event]:
        today = now.astimezone(zone).date()
        sources = DerivedSources(self.service.repo, today)
        for step in sources.step_dates():
            if not today - timedelta(days=WITHDRAWAL_DAYS) <= step <= today + timedelta(days=CALENDAR_DAYS):
                continue
            if step >= today:
                yield _all_day(
                    f"taper-step-{step.isoformat()}@pain-recovery-coach",
                    "Taper step (agreed with your prescriber)",
                    step,
                    step + timedelta(days=1),
                    "The next step of the taper you agreed with your prescriber. If anything worries you, "
                    "talk with them before then.",
                    stamp,
                )
            yield _all_day(
                f"checkin-week-{step.isoformat()}@pain-recovery-coach",
                "Check-in week after your taper step",
                step,
                step + timedelta(days=WITHDRAWAL_DAYS),
                "A two-minute check-in each day this week on how your body is doing.",
                stamp,
            )


def _alarm(text: str, heads_up_minutes: int) -> Alarm:
    """A display alarm at the event's start, or `heads_up_minutes` (minutes) before it."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -timedelta(minutes=max(0, heads_up_minutes)))
    return alarm


def _all_day(uid: str, title: str, first: date, end: date, text: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", first)
    event.add("dtend", end)  # exclusive, as RFC 5545 has it for all-day events
    event.add("description", text)
    event.add("transp", "TRANSPARENT")
    return event


def _describe(rule: ReminderRule) -> str:
    days = ", ".join(WEEKDAYS[d].capitalize() for d in sorted(rule.weekdays))
    return f"A reminder from Pain Recovery Coach ({days})."
