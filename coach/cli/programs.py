"""`coach program`: practice programs on the command line (list, assign, export and import bundles); it also
registers `coach progress` (coach/cli/progress.py) and `coach profiles` (coach/cli/profiles.py), which
coach mode brought along."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.cli.profiles import register_profiles
from coach.cli.progress import register_progress
from coach.domain.errors import CoachError
from coach.domain.programs import CHECKIN_LABELS, Program
from coach.domain.wording import count
from coach.services.context import AppContext


def _app(obj: CliContext) -> AppContext:
    return AppContext(store=obj.store)


def _group(cli: click.Group, name: str, help_text: str) -> click.Group:
    """Reuse a group another feature already registered under `name` (e.g. `progress`), else make one."""
    existing = cli.commands.get(name)
    if isinstance(existing, click.Group):
        return existing
    group = click.Group(name, help=help_text)
    cli.add_command(group)
    return group


def _program_summary(program: Program, origin: str, active_id: str | None) -> dict[str, Any]:
    return {
        "id": program.id,
        "title": program.title,
        "origin": origin,
        "weeks": len(program.weeks),
        "schedule": program.schedule,
        "active": program.id == active_id,
    }


def register(cli: click.Group) -> None:
    _register_program(_group(cli, "program", "Practice programs: list, assign, export and import bundles."))
    register_progress(_group(cli, "progress", "Your progress over time."))
    register_profiles(_group(cli, "profiles", "Profiles on this computer (patients and coaches)."))


# --- coach program ------------------------------------------------------------------------------------
def _register_program(group: click.Group) -> None:
    @group.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects with id and title.")
    @pass_ctx
    def list_programs(obj: CliContext, as_json: bool) -> None:
        """List built-in templates, then saved and imported programs."""
        from coach.services.programs.service import ProgramService

        service = ProgramService(_app(obj))
        active = service.active_assignment()
        active_id = active.program_id if active else None
        rows = [_program_summary(i.program, i.origin, active_id) for i in service.all()]
        if as_json:
            echo_json(rows)
            return
        width = max((len(r["id"]) for r in rows), default=2)
        for r in rows:
            mark = "  (following now)" if r["active"] else ""
            length = f"{r['weeks']} wk" if r["schedule"] == "calendar" else "taper"
            click.echo(f"{r['id']:<{width}}  {length:>6}  {r['origin']:<8}  {r['title']}{mark}")

    @group.command("show")
    @click.argument("program_id", metavar="ID")
    @click.option("--json", "as_json", is_flag=True, help="Print the program definition as JSON.")
    @pass_ctx
    def show_program(obj: CliContext, program_id: str, as_json: bool) -> None:
        """Show a program week by week."""
        from coach.domain.programs import program_to_dict
        from coach.services.programs.service import ProgramService

        program = ProgramService(_app(obj)).get(program_id)
        if as_json:
            echo_json(program_to_dict(program))
            return
        click.echo(program.title)
        click.echo(program.summary)
        for number, week in enumerate(program.weeks, start=1):
            click.echo(f"\n{week.theme or f'Week {number}'}")
            for day_number, day in enumerate(week.days, start=1):
                checks = ", ".join(CHECKIN_LABELS[c] for c in day.checkins)
                items = ", ".join(day.exercises) or "rest"
                click.echo(f"  day {day_number}: {items}" + (f"  + {checks}" if checks else ""))
        for step_day in program.around_taper_step:
            click.echo(
                f"  taper step {step_day.offset:+d} {'day' if abs(step_day.offset) == 1 else 'days'}: {', '.join(step_day.plan.exercises)}"
            )

    @group.command("assign")
    @click.argument("program_id", metavar="ID")
    @click.option("--start", "start", default=None, help="First day, YYYY-MM-DD (default: today).")
    @pass_ctx
    def assign_program(obj: CliContext, program_id: str, start: str | None) -> None:
        """Start following a program; the one before is kept as 'previous'."""
        from coach.services.programs.service import ProgramService

        try:
            started = date.fromisoformat(start) if start else None
        except ValueError as exc:
            raise CoachError(f"{start!r} is not a date like 2026-11-21") from exc
        assignment = ProgramService(_app(obj)).assign(program_id, started)
        click.echo(f"Following {program_id} from {assignment.started_on.isoformat()}.")

    @group.command("status")
    @click.option("--json", "as_json", is_flag=True, help="Print today's plan and adherence as JSON.")
    @pass_ctx
    def program_status(obj: CliContext, as_json: bool) -> None:
        """Today's planned practice in the program you follow, and how much of it you have done."""
        from coach.services.programs.service import ProgramService

        service = ProgramService(_app(obj))
        plan = service.today()
        if plan is None:
            if as_json:
                echo_json(None)
            else:
                click.echo("You are not following a program. See `coach program list`.")
            return
        figures = service.adherence(plan.assignment)
        data = {
            "program_id": plan.program.id,
            "title": plan.program.title,
            "started_on": plan.assignment.started_on.isoformat(),
            "day": plan.scheduled.day_number if plan.scheduled else None,
            "week": plan.scheduled.week_number if plan.scheduled else None,
            "finished": plan.finished,
            "exercises": list(plan.exercises),
            "checkins": list(plan.checkins),
            "done_today": list(plan.done_exercises),
            "adherence_percent": figures.percent if figures else None,
        }
        if as_json:
            echo_json(data)
            return
        click.echo(f"{plan.program.title}, started {data['started_on']}")
        if plan.finished:
            click.echo("You have finished this program. Well done.")
        elif plan.scheduled is None:
            click.echo("It has not started yet.")
        else:
            click.echo(
                f"Day {data['day']} (week {data['week']}): "
                f"{', '.join(_titles(obj, plan.exercises)) or 'a rest day'}"
            )
        if figures and figures.percent is not None:
            click.echo(
                f"Done so far: {figures.done} of {figures.planned} planned practices ({figures.percent}%)."
            )

    @group.command("export")
    @click.argument("program_id", metavar="ID")
    @click.option(
        "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
    )
    @click.option(
        "--coach-name", default=None, help="Name shown to the patient (default: your profile name)."
    )
    @click.option("--no-recordings", is_flag=True, help="Leave recordings out.")
    @pass_ctx
    def export_cmd(
        obj: CliContext, program_id: str, out: Path, coach_name: str | None, no_recordings: bool
    ) -> None:
        """Write a program and its custom exercises to a .coachprog bundle."""
        from coach.services.programs.bundles import export_program
        from coach.storage.outputs import guarded_file

        with guarded_file(out, obj.data_dir) as tmp:
            result = export_program(
                _app(obj), program_id, tmp, coach_name, include_recordings=not no_recordings
            )
        click.echo(
            f"Wrote {out} ({count(result.exercises, 'custom exercise')}, {count(result.recordings, 'recording')}, "
            f"{result.size_bytes / 1024:.0f} KB)."
        )

    @group.command("validate")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def validate_cmd(file: Path) -> None:
        """Check a .coachprog bundle without importing it."""
        from coach.services.programs.bundles import read_program_bundle

        contents = read_program_bundle(file)
        click.echo(f"OK: {contents.summary()}.")

    @group.command("import")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Only show what would change.")
    @pass_ctx
    def import_cmd(obj: CliContext, file: Path, dry_run: bool) -> None:
        """Import a .coachprog bundle and start its program (shows what changes first)."""
        from coach.services.programs.bundle_import import apply_import, plan_import

        ctx = _app(obj)
        preview = plan_import(ctx, file)
        for line in preview.lines():
            click.echo(f"  {line}")
        if dry_run:
            click.echo("Nothing was changed (dry run).")
            return
        apply_import(ctx, preview)
        click.echo(f"Imported. You are now following “{preview.program_title}”.")


def _titles(obj: CliContext, exercise_ids: Sequence[str]) -> list[str]:
    """Exercises as a person knows them ("Somatic tracking"), an id only for one this profile lacks."""
    from coach.services.practice.library import ExerciseLibrary

    library = ExerciseLibrary(_app(obj).store)
    out = []
    for exercise_id in exercise_ids:
        try:
            out.append(library.get(exercise_id).title)
        except CoachError:
            out.append(exercise_id)
    return out
