"""`coach exchange`: the exchange folder from the command line: choose it, exchange files now, status."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.services.context import AppContext


def register(cli: click.Group) -> None:
    cli.add_command(exchange)


def _app(obj: CliContext) -> AppContext:
    return AppContext(store=obj.store)


@click.group()
def exchange() -> None:
    """Files that travel by themselves through a folder your sync app shares (e.g. Syncthing)."""


@exchange.command("folder")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--clear", is_flag=True, help="Stop using an exchange folder.")
@pass_ctx
def folder_cmd(obj: CliContext, folder: Path | None, clear: bool) -> None:
    """Show the exchange folder, or set it to FOLDER (an existing folder your sync app shares)."""
    from coach.services.exchange.folder import exchange_folder, set_exchange_folder

    ctx = _app(obj)
    if clear:
        set_exchange_folder(ctx, None)
        click.echo("No exchange folder now; files no longer travel by themselves.")
        return
    if folder is None:
        current = exchange_folder(ctx)
        click.echo(str(current) if current else "No exchange folder chosen yet: coach exchange folder DIR")
        return
    chosen = set_exchange_folder(ctx, folder)
    click.echo(f"Exchange folder: {chosen}")


@exchange.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print what was written, imported and refused as JSON.")
@pass_ctx
def sync_cmd(obj: CliContext, as_json: bool) -> None:
    """Write your outgoing files and import incoming ones now, and say what was done."""
    from coach.services.exchange.sync import sync_now

    report = sync_now(_app(obj))
    if as_json:
        echo_json(report.as_json())
        return
    for line in report.lines():
        click.echo(line)


@exchange.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the exchange status as JSON.")
@pass_ctx
def status_cmd(obj: CliContext, as_json: bool) -> None:
    """Show the folder, your exchange id, the coach you are linked to and what arrived or was refused."""
    from coach.services.exchange.sync import exchange_status

    status = exchange_status(_app(obj))
    if as_json:
        echo_json(status.as_json())
        return
    for line in status.lines():
        click.echo(line)


@exchange.command("send")
@click.argument("program_id", metavar="PROGRAM")
@click.option(
    "--to", "patient_id", required=True, help="The patient's exchange id (see `coach exchange status`)."
)
@pass_ctx
def send_cmd(obj: CliContext, program_id: str, patient_id: str) -> None:
    """Coach: send PROGRAM to a patient through the exchange folder; they review it before it starts."""
    from coach.services.exchange.programs import send_program

    path = send_program(_app(obj), program_id, patient_id)
    click.echo(f"Sent {program_id} to {patient_id}: {path}")
