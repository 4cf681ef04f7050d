"""`coach calendar export`: the reminders, taper steps and check-in weeks as an .ics file for any calendar."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import CliContext, pass_ctx
from coach.domain.clock import SystemClock
from coach.services.context import AppContext
from coach.services.reminders.calendar import CalendarExport
from coach.services.reminders.service import ReminderService


def register(cli: click.Group) -> None:
    @cli.group("calendar")
    def calendar() -> None:
        """Your reminders as a calendar (.ics) for a phone or another calendar app."""

    @calendar.command("export")
    @click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The .ics file to write, e.g. ~/reminders.ics.",
    )
    @pass_ctx
    def export(obj: CliContext, out: Path) -> None:
        """Write every active reminder as a repeating event in your time zone, plus taper steps and
        check-in weeks as all-day events."""
        service = ReminderService(AppContext(store=obj.store, clock=SystemClock()))
        written = CalendarExport(service).write(out)
        click.echo(f"Wrote {written}: import it into your calendar app.")
