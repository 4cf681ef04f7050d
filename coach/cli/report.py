"""`coach report`: the clinician PDF from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import CliContext, pass_ctx
from coach.domain.errors import CoachError
from coach.domain.wording import count

MAX_DAYS = 36500


def register(cli: click.Group) -> None:
    cli.add_command(report)


@click.command()
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The PDF file to write."
)
@click.option(
    "--days",
    type=int,
    default=90,
    show_default=True,
    help="How many days back the report covers (ending today).",
)
@click.option("--all", "everything", is_flag=True, help="Cover everything recorded (ignores --days).")
@click.option("--note", default="", help="A few words of your own for your clinician, printed in the report.")
@pass_ctx
def report(obj: CliContext, out: Path, days: int, everything: bool, note: str) -> None:
    """Write a 2-3 page PDF summary for your clinician: flags first (mood, withdrawal, doses), pain (PEG),
    your medicines and daily MME, practice."""
    from coach.domain.clock import SystemClock
    from coach.services.context import AppContext
    from coach.services.progress.report import write_report
    from coach.storage.outputs import guarded_file

    if not everything and not 1 <= days <= MAX_DAYS:
        raise CoachError(f"--days must be from 1 to {MAX_DAYS}, got {days}")
    ctx = AppContext(store=obj.store, clock=SystemClock())
    with guarded_file(out, obj.data_dir) as tmp:
        result = write_report(ctx, tmp, days=None if everything else days, note=note)
    click.echo(f"Report written to {out} ({result.pages} pages, {result.period_text})")
    severities = result.flag_severities
    if severities:
        urgent = severities.count("urgent")
        extra = f", {urgent} urgent" if urgent else ""
        click.echo(f"Page 1 lists {count(len(severities), 'thing')} to discuss with your clinician{extra}.")
    else:
        click.echo("Page 1 lists no flags for this period.")
