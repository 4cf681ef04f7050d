"""`coach learn`: list the Learn course's lessons, show one as readable text, and print the sheet for a
visit with the prescriber."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from coach.cli import echo_json
from coach.domain.lesson import Lesson

WIDTH = 88


def register(cli: click.Group) -> None:
    cli.add_command(learn)


@click.group()
def learn() -> None:
    """The Learn course: short lessons on pain, opioids and recovery."""


def _summary(lesson: Lesson) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "source": lesson.source,
        "try_this": lesson.try_this,
    }


@learn.command("list")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the lessons as JSON (id, title, minutes, source)."
)
def list_lessons(as_json: bool) -> None:
    """List the lessons in course order."""
    from coach.services.learn.lessons import lessons

    course = lessons()
    if as_json:
        echo_json([_summary(lesson) for lesson in course])
        return
    width = max(len(lesson.id) for lesson in course)
    for lesson in course:
        click.echo(f"{lesson.order:>2}. {lesson.id:<{width}}  {lesson.minutes} min  {lesson.title}")


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


@learn.command()
@click.argument("lesson_id", metavar="ID")
def show(lesson_id: str) -> None:
    """Show lesson ID as text: its pages, the question to think about, what to try, and its sources."""
    from coach.services.learn.lessons import get_lesson

    lesson = get_lesson(lesson_id)
    out = [f"{lesson.title} ({lesson.minutes} min)", _wrap(lesson.summary), ""]
    for page in lesson.pages:
        out.append(f"## {page.title}")
        out += [_wrap(paragraph) + "\n" for paragraph in page.paragraphs]
    out.append(f"Think about it: {lesson.reflection.question}")
    for answer in lesson.reflection.answers:
        out.append(_wrap(f"- {answer.text}: {answer.feedback}", "  ").replace("  - ", "- ", 1))
    out += ["", f"Try this now: coach exercises show {lesson.try_this}", "", "Sources:"]
    out += [_wrap(source, "  ") for source in lesson.sources]
    if lesson.prep_sheet is not None:
        out += ["", "A sheet to print for your visit: coach learn sheet --out visit.pdf"]
    click.echo("\n".join(out))


@learn.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a one-page PDF here; without it, print the sheet as plain text.",
)
def sheet(out: Path | None) -> None:
    """The one-page sheet to fill in before a visit with your prescriber."""
    from coach.domain.errors import CoachError
    from coach.services.learn.prep_sheet import prep_sheet_text, write_prep_sheet

    if out is None:
        click.echo(prep_sheet_text(), nl=False)
        return
    if out.parent and not out.parent.is_dir():
        raise CoachError(f"the folder {out.parent} does not exist")
    click.echo(f"Wrote {write_prep_sheet(out)}")
