"""`coach exercises`: list the guided exercises and show one as readable text."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.exercise import CATEGORIES, Exercise, Step, estimate_seconds, exercise_to_dict
from coach.domain.wording import times
from coach.services.practice.library import ExerciseLibrary


def _category(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Accept `somatic tracking`, `somatic-tracking` or `Somatic_Tracking`."""
    if value is None:
        return None
    normal = " ".join(value.replace("-", " ").replace("_", " ").lower().split())
    if normal == "self compassion":
        normal = "self-compassion"
    if normal not in CATEGORIES:
        raise click.BadParameter(f"{value!r} is not one of: {', '.join(CATEGORIES)}", ctx, param)
    return normal


def _minutes(value: float) -> str:
    return f"{value:g} min"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _summary(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "title": exercise.title,
        "category": exercise.category,
        "minutes": _number(exercise.minutes),
        "builtin": exercise.builtin,
    }


def _step_lines(index: int, step: Step) -> list[str]:
    label = f"{index:>3}. "
    indent = " " * len(label)
    if step.kind == "speak":
        body = step.text
    elif step.kind == "pause":
        body = f"(quiet for {step.seconds:g} s)"
    elif step.kind == "chime":
        body = f"(chime) {step.text}".rstrip()
    else:
        hold = f", hold {step.hold:g}" if step.hold else ""
        cue = f"(breathe in {step.inhale:g}{hold}, out {step.exhale:g}; {times(step.cycles)})"
        body = f"{step.text} {cue}".strip()
    return textwrap.wrap(body, width=92, initial_indent=label, subsequent_indent=indent) or [label]


def register(cli: click.Group) -> None:
    @cli.group("exercises")
    def exercises() -> None:
        """The guided exercises you can practise."""

    @exercises.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list (id, title, category, minutes).")
    @click.option("--category", callback=_category, help="Only this category, e.g. 'somatic tracking'.")
    @pass_ctx
    def list_exercises(obj: CliContext, as_json: bool, category: str | None) -> None:
        """List the exercises, built-in ones first."""
        library = ExerciseLibrary(obj.store)
        chosen = [e for e in library.all() if category is None or e.category == category]
        for problem in library.problems:
            click.echo(f"coach: skipped {problem}", err=True)
        if as_json:
            echo_json([_summary(e) for e in chosen])
            return
        if not chosen:
            click.echo("No exercises in that category yet.")
            return
        width = max(len(e.id) for e in chosen)
        for e in chosen:
            mark = "" if e.builtin else "  (custom)"
            click.echo(f"{e.id:<{width}}  {_minutes(e.minutes):>7}  {e.category:<17}  {e.title}{mark}")

    @exercises.command("show")
    @click.argument("exercise_id", metavar="ID")
    @click.option("--json", "as_json", is_flag=True, help="Print the whole exercise as JSON.")
    @pass_ctx
    def show_exercise(obj: CliContext, exercise_id: str, as_json: bool) -> None:
        """Show one exercise: what it is for and its script."""
        exercise = ExerciseLibrary(obj.store).get(exercise_id)
        estimate = estimate_seconds(exercise)
        if as_json:
            echo_json(
                {
                    **exercise_to_dict(exercise),
                    "minutes": _number(exercise.minutes),
                    "builtin": exercise.builtin,
                    "estimated_seconds": round(estimate),
                }
            )
            return
        wrap = textwrap.TextWrapper(width=96, subsequent_indent="  ")
        click.echo(exercise.title)
        click.echo(
            f"{exercise.category} · {_minutes(exercise.minutes)} (about {estimate / 60:.1f} min spoken)"
        )
        click.echo("")
        click.echo(wrap.fill(f"Purpose: {exercise.purpose}"))
        click.echo(wrap.fill(f"When to use it: {exercise.when_to_use}"))
        click.echo(wrap.fill(f"Source: {exercise.source}"))
        click.echo("")
        click.echo("Script:")
        for number, step in enumerate(exercise.steps, start=1):
            click.echo("\n".join(_step_lines(number, step)))
