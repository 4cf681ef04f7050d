"""`coach reminders`: add, list, pause, resume and remove reminder rules, and show the next fire times.

Times are read and shown in the machine's local zone (honouring TZ), the same zone the app uses.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.clock import SystemClock
from coach.domain.errors import CoachError
from coach.domain.limits import check_year
from coach.domain.reminders import describe_weekdays, parse_weekdays
from coach.services.context import AppContext
from coach.services.reminders.service import ReminderService
from coach.storage.reminders_repo import RuleRecord


def _service(obj: CliContext) -> ReminderService:
    return ReminderService(AppContext(store=obj.store, clock=SystemClock()))


def _iso(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _human(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y %H:%M')}"


def _what(rule: RuleRecord) -> str:
    text = rule.label or "Practice"
    return f"{text} (from the app)" if rule.source else text


def _days(rule: RuleRecord) -> str:
    try:
        return describe_weekdays(parse_weekdays(rule.weekdays))
    except CoachError:
        return rule.weekdays


def _parse_from(text: str, zone: tzinfo) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CoachError(
            f"--from {text!r} is not a date-time: use ISO form, like 2027-03-14T08:00 or 2027-03-14T08:00-04:00"
        ) from None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    check_year(moment, "--from")
    return moment


def _quiet_line(note: str, rule_id: int) -> str:
    return (
        f"{note[0].upper()}{note[1:]}. To let it through quiet hours: "
        f"coach reminders edit {rule_id} --through-quiet"
    )


def _rule_json(rule: RuleRecord, nxt: datetime | None, zone: tzinfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "source": rule.source or None,
        "at": rule.at_time,
        "days": rule.weekdays,
        "label": rule.label,
        "paused": rule.paused,
        "skip_if_done": rule.skip_if_done,
        "heads_up_minutes": rule.heads_up_minutes,
        "exercise_id": rule.exercise_id,
        "through_quiet": rule.through_quiet,
        "next": _iso(nxt, zone) if nxt is not None else None,
    }


def register(cli: click.Group) -> None:
    @cli.group("reminders")
    def reminders() -> None:
        """Practice and check-in reminders (times are in this computer's time zone)."""

    @reminders.command("add")
    @click.option("--at", "at", required=True, help="Time of day, 24-hour HH:MM (e.g. 07:30).")
    @click.option("--days", default=None, help="Weekdays, e.g. mon,wed,fri (default: every day).")
    @click.option("--label", default="", help="A few words shown in the reminder.")
    @click.option(
        "--through-quiet",
        is_flag=True,
        help="Let this reminder through quiet hours (it comes at its time even then).",
    )
    @pass_ctx
    def add(obj: CliContext, at: str, days: str | None, label: str, through_quiet: bool) -> None:
        """Add a practice reminder."""
        service = _service(obj)
        rule = service.add(at, days, label, through_quiet=through_quiet)
        zone = service.zone()
        nxt = service.next_by_rule().get(rule.id)
        when = f" Next: {_human(nxt, zone)}." if nxt is not None else ""
        click.echo(f"Added reminder {rule.id}: {rule.at_time}, {_days(rule)}.{when}")
        note = service.quiet_note(rule)
        if note is not None:
            click.echo(_quiet_line(note, rule.id))
        elif rule.through_quiet:
            click.echo("It comes at its time even during quiet hours.")

    @reminders.command("edit")
    @click.argument("rule_id", metavar="ID", type=int)
    @click.option("--at", "at", default=None, help="New time of day, 24-hour HH:MM.")
    @click.option("--days", default=None, help="New weekdays, e.g. mon,wed,fri.")
    @click.option("--label", default=None, help="New words shown in the reminder.")
    @click.option(
        "--through-quiet/--hold-in-quiet",
        "through_quiet",
        default=None,
        help="Let this reminder through quiet hours, or hold it until they end (the default).",
    )
    @pass_ctx
    def edit(
        obj: CliContext,
        rule_id: int,
        at: str | None,
        days: str | None,
        label: str | None,
        through_quiet: bool | None,
    ) -> None:
        """Change a reminder's time, days, words, or whether it comes through quiet hours."""
        service = _service(obj)
        rule = service.edit(rule_id, at=at, days=days, label=label, through_quiet=through_quiet)
        zone = service.zone()
        nxt = service.next_by_rule().get(rule.id)
        when = f" Next: {_human(nxt, zone)}." if nxt is not None else ""
        click.echo(f"Changed reminder {rule.id}: {rule.at_time}, {_days(rule)}.{when}")
        note = service.quiet_note(rule)
        if note is not None:
            click.echo(_quiet_line(note, rule.id))
        elif rule.through_quiet:
            click.echo("It comes at its time even during quiet hours.")

    @reminders.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @pass_ctx
    def list_(obj: CliContext, as_json: bool) -> None:
        """List reminder rules with their next time."""
        service = _service(obj)
        rules = service.rules()
        zone = service.zone()
        nxt = service.next_by_rule()
        if as_json:
            echo_json([_rule_json(r, nxt.get(r.id), zone) for r in rules])
            return
        if not rules:
            click.echo("No reminders yet. Add one with: coach reminders add --at 08:00")
            return
        click.echo(f"{'ID':>3}  {'TIME':<5}  {'DAYS':<16}  {'WHAT':<40}  NEXT")
        for r in rules:
            status = "paused" if r.paused else (_human(nxt[r.id], zone) if r.id in nxt else "-")
            click.echo(f"{r.id:>3}  {r.at_time:<5}  {_days(r):<16}  {_what(r):<40}  {status}")

    @reminders.command("next")
    @click.option("--count", type=click.IntRange(1, 500), default=5, show_default=True, help="How many.")
    @click.option("--from", "start", default=None, help="Start from this ISO date-time instead of now.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {at, rule}.")
    @pass_ctx
    def next_(obj: CliContext, count: int, start: str | None, as_json: bool) -> None:
        """Show when the next reminders will fire (after quiet hours and snoozes)."""
        service = _service(obj)
        zone = service.zone()
        begin = _parse_from(start, zone) if start else None
        fires = service.next_fires(count, begin)
        if as_json:
            echo_json([{"at": _iso(o.fire_at, zone), "rule": o.rule_id} for o in fires])
            return
        if not fires:
            click.echo("No reminders ahead.")
            return
        labels = {r.id: _what(r) for r in service.rules(sync=False)}
        for o in fires:
            extra = " (snoozed)" if o.snoozed else ""
            click.echo(f"{_iso(o.fire_at, zone)}  reminder {o.rule_id}  {labels.get(o.rule_id, '')}{extra}")

    @reminders.command("pause")
    @click.argument("rule_id", metavar="ID", type=int)
    @pass_ctx
    def pause(obj: CliContext, rule_id: int) -> None:
        """Pause a reminder (it keeps its settings)."""
        rule = _service(obj).pause(rule_id)
        click.echo(f"Paused reminder {rule.id} ({rule.at_time}).")

    @reminders.command("resume")
    @click.argument("rule_id", metavar="ID", type=int)
    @pass_ctx
    def resume(obj: CliContext, rule_id: int) -> None:
        """Resume a paused reminder."""
        rule = _service(obj).resume(rule_id)
        click.echo(f"Resumed reminder {rule.id} ({rule.at_time}).")

    @reminders.command("remove")
    @click.argument("rule_id", metavar="ID", type=int)
    @pass_ctx
    def remove(obj: CliContext, rule_id: int) -> None:
        """Remove a reminder and its history."""
        _service(obj).remove(rule_id)
        click.echo(f"Removed reminder {rule_id}.")
