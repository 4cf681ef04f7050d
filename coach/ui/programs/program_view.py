"""The program view's text: title, summary, who it is from, each week's theme and note, and each day's
contents ("Day 2: Body scan, Breath awareness + PEG"), as HTML with every outside text escaped."""

from __future__ import annotations

from collections.abc import Callable

from coach.domain.programs import CHECKIN_LABELS, DayPlan, Program
from coach.domain.wording import count
from coach.services.learn.lessons import get_lesson, is_lesson


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lesson_words(lesson_id: str) -> str:
    """A lesson as a person reads it in a day's contents: 'Lesson: How pain works'; a lesson this app
    does not have (from a newer coach's app) by its id."""
    if is_lesson(lesson_id):
        return f"Lesson: {get_lesson(lesson_id).title}"
    return f"Lesson {lesson_id}"


def day_line(number: int, day: DayPlan, title_of: Callable[[str], str]) -> str:
    """`<li>Day 2: Body scan, Breath awareness, Lesson: How pain works + PEG</li>`; "rest" for a day with
    nothing planned."""
    items = [title_of(x) for x in day.exercises] + [lesson_words(x) for x in day.lessons]
    checks = ", ".join(CHECKIN_LABELS[c] for c in day.checkins)
    text = ", ".join(items) or "rest"
    return (
        f"<li>Day {number}: {html_escape(text)}" + (f" + {html_escape(checks)}" if checks else "") + "</li>"
    )


def program_html(program: Program, coach_name: str, title_of: Callable[[str], str]) -> str:
    """The whole view of `program`; `title_of(exercise_id)` names an exercise."""
    parts = [f"<h2>{html_escape(program.title)}</h2>", f"<p>{html_escape(program.summary)}</p>"]
    if coach_name:
        parts.append(f"<p><i>From {html_escape(coach_name)}</i></p>")
    for number, week in enumerate(program.weeks, start=1):
        heading = week.theme or f"Week {number}"
        parts.append(f"<h3>{html_escape(heading)}</h3><p>{html_escape(week.note)}</p>")
        parts.append(
            "<ul>" + "".join(day_line(d, day, title_of) for d, day in enumerate(week.days, start=1)) + "</ul>"
        )
    if program.around_taper_step:
        parts.append("<h3>Around each taper step</h3><ul>")
        for step_day in program.around_taper_step:
            when = "the step day" if step_day.offset == 0 else _offset_words(step_day.offset)
            checks = ", ".join(CHECKIN_LABELS[c] for c in step_day.plan.checkins)
            parts.append(
                f"<li>{when}: {count(len(step_day.plan.exercises), 'short practice')}"
                + (f", {html_escape(checks)}" if checks else "")
                + "</li>"
            )
        parts.append("</ul>")
    parts.append(f"<p><i>Source: {html_escape(program.source)}</i></p>")  # gray failed 4.5:1 contrast
    return "".join(parts)


def _offset_words(offset: int) -> str:
    """A day around a taper step: "2 days before", "1 day after"."""
    return f"{count(abs(offset), 'day')} {'before' if offset < 0 else 'after'}"
