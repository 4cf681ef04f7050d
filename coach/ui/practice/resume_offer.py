"""The offer to pick up an interrupted session, on Practice and on Today: a card naming the exercise,
where it stopped and when, with Resume and Start fresh, whose text and buttons wrap on a narrow window or
at a large text size (never pushing the page sideways).

Today is the first page: this module loads nothing heavy at import (the exercise library and the player's
clock are read only when a record is described, after the first window)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QPushButton

from coach.domain.wording import about_minutes, day_text
from coach.domain.wording import clock_text as time_of_day
from coach.services.context import AppContext
from coach.ui.widgets.common import FlowLayout, button, card, text_label

if TYPE_CHECKING:
    from coach.services.practice.sessions import SessionRecord

QUESTION = "Pick up where you left off?"


@dataclass
class ResumeCard:
    """The card (`frame`, hidden until there is a session to offer), its line and its two buttons."""

    frame: QFrame
    text: QLabel
    resume_button: QPushButton
    fresh_button: QPushButton

    def offer(self, line: str) -> None:
        """Show the card with `line` (see `resume_line`)."""
        self.text.setText(line)
        self.frame.show()


def resume_card(prefix: str = "", primary: bool = True) -> ResumeCard:
    """A hidden resume card. Object names: `<prefix>resumeCard`, `<prefix>resumeText`,
    `<prefix>resumeSession`, `<prefix>startFresh` (camel-cased after a prefix); `primary`: Resume is the
    screen's main action."""

    def name(base: str) -> str:
        return f"{prefix}{base[0].upper()}{base[1:]}" if prefix else base

    frame, box = card(name("resumeCard"))
    box.addWidget(text_label(QUESTION, role="subtitle"))
    text = text_label("", object_name=name("resumeText"))
    box.addWidget(text)
    row = FlowLayout()  # side by side when there is room, one above the other when not
    resume = button(
        "Resume", name("resumeSession"), "Resume the interrupted session", role="primary" if primary else ""
    )
    fresh = button("Start fresh", name("startFresh"), "Set the interrupted session aside and start again")
    row.addWidget(resume)
    row.addWidget(fresh)
    box.addLayout(row)
    frame.hide()
    return ResumeCard(frame, text, resume, fresh)


def resume_line(ctx: AppContext, record: SessionRecord) -> str:
    """ "Body scan: you stopped at 4:05 of about 10 minutes, today at 14:02." for an interrupted session
    (the exercise's id when it is gone from the library)."""
    from coach.domain.errors import CoachError
    from coach.services.practice.library import ExerciseLibrary
    from coach.ui.practice.player.view import clock_text

    try:
        exercise = ExerciseLibrary(ctx.store).get(record.exercise_id)
        name, length = exercise.title, f" of {about_minutes(exercise.minutes * 60)}"
    except CoachError:
        name, length = record.exercise_id, ""
    return f"{name}: you stopped at {clock_text(record.position_s)}{length}, {_when(ctx, record)}."


def _when(ctx: AppContext, record: SessionRecord) -> str:
    zone = ctx.clock.local_zone()
    moment = record.updated_at.astimezone(zone)
    today = ctx.clock.now().astimezone(zone).date()
    day = day_text(moment.date(), today)
    return f"{day if day in ('today', 'yesterday') else 'on ' + day} at {time_of_day(moment)}"
