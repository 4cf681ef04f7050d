"""Data commands: demo data, doctor, export/import, backup/restore."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.errors import CoachError
from coach.domain.wording import count
from coach.storage import export as exporter
from coach.storage.backup import backup_database, list_backups, restore_database
from coach.storage.outputs import guarded_file, guarded_folder
from coach.storage.schema import USER_TABLES


def register(cli: click.Group) -> None:
    for command in (demo, doctor, export, import_, backup, restore):
        cli.add_command(command)


@click.command()
@click.option(
    "--days", type=click.IntRange(7, 3650), default=120, show_default=True, help="How many days of history."
)
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same data.")
@pass_ctx
def demo(obj: CliContext, days: int, seed: int) -> None:
    """Fill this profile with realistic demo data (a taper from about 90 to 45 MME, practice, check-ins)."""
    from coach.services.data.demo import fill_demo

    obj.lock_profile()
    counts = fill_demo(obj.store, days=days, seed=seed)
    total = sum(counts.values())
    click.echo(
        f"Added {total} demo rows over {count(days, 'day')} to {obj.paths.database} "
        f"({count(counts.get('sessions', 0), 'session')}, {count(counts.get('checkins', 0), 'check-in')}, "
        f"{count(counts.get('dose_events', 0), 'dose')})."
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.option(
    "--report",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write a diagnostics file to attach to a bug report (versions, checks, app settings, the last "
    "200 log lines; no health data, names or notes).",
)
@pass_ctx
def doctor(obj: CliContext, as_json: bool, out: Path | None) -> None:
    """Check display, audio, voices, data folder, file privacy, schema, backups and disk space (and make
    the app's own files owner-only)."""
    from coach.services.data.doctor import run_checks

    obj.unlock()
    if out is not None:
        from coach.services.data.diagnostics import build_report

        with guarded_file(out, obj.data_dir) as tmp:
            tmp.write_text(build_report(obj.data_dir, obj.profile), encoding="utf-8")
        click.echo(f"Wrote {out}: no health data, names or notes; attach it to your bug report.")
        return
    checks = run_checks(obj.data_dir, obj.profile)
    if as_json:
        echo_json([c.__dict__ for c in checks])
        return
    width = max(len(c.name) for c in checks)
    for c in checks:
        mark = "OK " if c.ok else "!! "
        line = f"{mark} {c.name.ljust(width)}  {c.detail}"
        if not c.ok and c.fix:
            line += f"\n     {' ' * width}  -> {c.fix}"
        click.echo(line)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="A .json file, or a folder for CSV."
)
@pass_ctx
def export(obj: CliContext, fmt: str, out: Path) -> None:
    """Export every table (JSON: one file; CSV: a folder with one file per table)."""
    if fmt == "json":
        if out.is_dir():
            raise CoachError(f"{out} is a folder; give a file name such as {out / 'coach-export.json'}")
        with guarded_file(out, obj.data_dir) as tmp:
            exporter.write_json(obj.store, tmp)
        click.echo(f"Exported {len(USER_TABLES)} tables to {out}")
    else:
        if out.exists() and not out.is_dir():
            raise CoachError(f"{out} is a file; CSV export needs a folder")
        with guarded_folder(out, obj.data_dir) as tmp:
            files = exporter.write_csv(obj.store, tmp)
        click.echo(f"Exported {len(files)} CSV files to {out}")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_ctx
def import_(obj: CliContext, file: Path) -> None:
    """Import a JSON export into this (empty) profile."""
    obj.unlock()
    obj.lock_profile()
    data = exporter.read_export(file)
    counts = exporter.import_json(obj.store, data, origin=file.name)
    click.echo(f"Imported {sum(counts.values())} rows from {file.name}")


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Where to write the copy.")
@pass_ctx
def backup(obj: CliContext, out: Path | None) -> None:
    """Make a consistent copy of this profile's database now."""
    if out is not None and out.is_dir():
        out = out / "coach-backup.db"
    path = backup_database(
        obj.store.db, obj.paths.backups_dir, reason="manual", out=out, data_dir=obj.data_dir
    )
    note = " (encrypted with this profile's passcode)" if obj.protected() else ""
    click.echo(f"Backup written to {path}{note}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--list", "list_only", is_flag=True, help="Only list the automatic backups.")
@pass_ctx
def restore(obj: CliContext, file: Path, list_only: bool) -> None:
    """Replace this profile's data with a backup FILE (the current data is kept aside first)."""
    obj.unlock()
    if list_only:
        for p in list_backups(obj.paths.backups_dir):
            click.echo(str(p))
        return
    obj.close()
    obj.unlock()  # restoring replaces the data: a protected profile needs its passcode first
    obj.lock_profile()
    kept = restore_database(file, obj.paths.database, obj.paths.backups_dir)
    click.echo(f"Restored {file.name}. Your previous data was kept at {kept}")
