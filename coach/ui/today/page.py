"""Today: what the day holds — practice done, latest pain, the taper step — and one clear next action."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QScrollArea, QWidget

from coach.domain.errors import CoachError
from coach.domain.wording import about_minutes, count, day_text
from coach.resources import resource_path
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.today import ProgramDay, TodaySummary, custom_exercise_title, today_summary
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.practice.resume_offer import resume_card, resume_line
from coach.ui.widgets.common import FlowLayout, button, card, scroll_page, text_label, title
from coach.ui.widgets.safety_cards import SafetyCardList

if TYPE_CHECKING:
    from coach.services.practice.sessions import SessionRecord

FLARE_EXERCISE = "flare-tracking-3"
# The safety cards read the medicine list and plan through sqlite-utils, which loads after the first window
# (see coach/services/today.py): they appear a moment after start-up, then follow every change at once.
SAFETY_DELAY_MS = 400


def _exercise_title(ctx: AppContext, exercise_id: str) -> str:
    """Only the title is needed here; the validated library loads when Practice opens (keeps start-up fast)."""
    path = resource_path("exercises", f"{exercise_id}.json")
    try:
        if path.is_file():
            return str(json.loads(path.read_text(encoding="utf-8"))["title"])
        custom = custom_exercise_title(ctx, exercise_id)
        if custom is not None:
            return custom
    except (OSError, ValueError, KeyError):
        pass
    return exercise_id.replace("-", " ").capitalize()


# Program check-ins in the words the Check-in page uses for patients (the clinical names are in its tooltips).
_CHECKIN_WORDS = {
    "peg": "the weekly pain check",
    "pgic": "the monthly change check-in",
    "phq9": "the mood check-in",
    "gad7": "the worry check-in",
    "withdrawal": "the withdrawal check-in",
}


def program_line(ctx: AppContext, program: ProgramDay) -> str:
    """Today in the followed program, in plain words: 'Your program "8-week mindfulness for pain", day 3
    of week 1: Body scan and the weekly pain check. Done 1 of 1.'"""
    name = f"Your program \u201c{program.title}\u201d"
    if program.finished:
        return f"{name} is finished. Well done."
    if program.day is None:
        return f"{name} has not started yet."
    items = [_exercise_title(ctx, x) for x in program.exercises]
    items += [_CHECKIN_WORDS.get(c, c) for c in program.checkins]
    if not items:
        return f"{name}, day {program.day} of week {program.week}: a rest day."
    holds = ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
    line = f"{name}, day {program.day} of week {program.week}: {holds}."
    if program.exercises:
        line += f" Done {program.exercises_done} of {len(program.exercises)}."
    return line


class TodayPage(QScrollArea):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        layout = scroll_page(self, "page_today")
        self.greeting = title("Today", "todayGreeting")
        layout.addWidget(self.greeting)

        # An interrupted session first: picking it up is the likeliest next step.
        self.resume = resume_card("today", primary=False)
        self.resume_card, self.resume_text = self.resume.frame, self.resume.text
        self.resume_button, self.fresh_button = self.resume.resume_button, self.resume.fresh_button
        self.resume_button.clicked.connect(self._resume)
        self.fresh_button.clicked.connect(self._start_fresh)
        self._interrupted: SessionRecord | None = None
        layout.addWidget(self.resume_card)

        frame, box = card("practiceCard")
        box.addWidget(text_label("Practice", role="subtitle"))
        self.program_text = text_label("", object_name="todayProgram")  # a coach's program, plain text
        self.program_text.hide()
        box.addWidget(self.program_text)
        self.practice_text = text_label("", object_name="todayPractice")
        box.addWidget(self.practice_text)
        actions = FlowLayout()  # wraps instead of pushing the page sideways at a large text size
        self.start_button = button("Start today's practice", "startPractice", role="primary")
        self.start_button.clicked.connect(self._start_suggested)
        self.spike_button = button(
            "Pain is spiking", "painSpiking", "Pain is spiking: start a short flare practice"
        )
        self.spike_button.clicked.connect(self._pain_spiking)
        actions.addWidget(self.start_button)
        actions.addWidget(self.spike_button)
        box.addLayout(actions)
        layout.addWidget(frame)

        frame, box = card("painCard")
        box.addWidget(text_label("Pain", role="subtitle"))
        self.pain_text = text_label("", object_name="todayPain")
        box.addWidget(self.pain_text)
        layout.addWidget(frame)

        self.taper_frame, box = card("taperCard")
        box.addWidget(text_label("Taper", role="subtitle"))
        self.taper_text = text_label("", object_name="todayTaper")
        box.addWidget(self.taper_text)
        layout.addWidget(self.taper_frame)

        self.safety = SafetyCardList(lambda: self.nav.go("help"), object_name="todaySafety")
        layout.addWidget(self.safety)
        self._safety_ready = False

        frame, box = card("learnCard")
        box.addWidget(text_label("Learn", role="subtitle"))
        self.learn_text = text_label("", object_name="todayLearn")
        box.addWidget(self.learn_text)
        self.lesson_button = button("Open the lesson", "openLesson")
        self.lesson_button.clicked.connect(self._open_lesson)
        # A row with a stretch, not an alignment flag: Today is the first page, and reading any Qt.* enum
        # builds the whole Qt namespace (~25 ms) before the window can show.
        row = QHBoxLayout()
        row.addWidget(self.lesson_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(frame)

        layout.addWidget(
            text_label(
                "A coaching tool, not medical advice. Dose changes are always agreed with your prescriber.",
                role="muted",
            )
        )
        layout.addStretch(1)
        self._suggested = ""
        self._lesson = ""
        self.refresh()
        follow_changes(
            self,
            ctx.bus,
            (
                Topic.SESSIONS,
                Topic.CHECKINS,
                Topic.JOURNAL,  # a pain spike's rating is the newest pain
                Topic.TAPER,
                Topic.PROFILE,
                Topic.PROGRAMS,
                Topic.MEDICATIONS,
                Topic.LESSONS,
            ),
            self.refresh,
        )
        QTimer.singleShot(SAFETY_DELAY_MS, self, self._first_safety_load)  # dropped if the page goes first

    def on_navigate(self, **kwargs: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        s = today_summary(self.ctx)
        self._suggested = s.suggested_exercise_id
        self.greeting.setText(f"Hello, {s.nickname}" if s.nickname else "Today")
        self.practice_text.setText(self._practice_line(s))
        self.program_text.setVisible(s.program is not None)
        self.program_text.setText(program_line(self.ctx, s.program) if s.program else "")
        self.start_button.setText("Practise again" if s.sessions_done else "Start today's practice")
        self._has_interrupted = s.has_interrupted_session
        self._refresh_resume()
        self.pain_text.setText(self._pain_line(s))
        self.taper_frame.setVisible(self.ctx.store.profile().takes_opioids)
        self.taper_text.setText(self._taper_line(s))
        lesson = s.suggested_lesson
        self._lesson = lesson.id if lesson else ""
        self.learn_text.setText(self._learn_line(s))
        self.lesson_button.setVisible(lesson is not None)
        if self._safety_ready:
            self.refresh_safety()

    def _first_safety_load(self) -> None:
        # The profile may have closed within the delay (quit, a switch of profile): nothing left to show.
        with contextlib.suppress(sqlite3.ProgrammingError):
            self.refresh_safety()
            self._refresh_resume()

    def _refresh_resume(self) -> None:
        """The resume card: shown while a session is interrupted. Which one, where it stopped and when are
        read once the first window is up (the session list loads sqlite-utils); until then a plain line."""
        if not self._has_interrupted:
            self._interrupted = None
            self.resume_card.hide()
            return
        if not self._safety_ready:
            self.resume.offer("A session you started part-way is saved where you stopped.")
            return
        from coach.services.practice.sessions import SessionService

        record = SessionService(self.ctx).interrupted()
        self._interrupted = record
        if record is None:  # older than the week a session can be resumed in
            self.resume_card.hide()
            return
        self.resume.offer(resume_line(self.ctx, record))

    def refresh_safety(self) -> None:
        """Show the overdose-risk and treatment cards that apply today."""
        from coach.services.safety.notices import safety_cards

        self._safety_ready = True
        try:
            cards = safety_cards(self.ctx)
        except CoachError:
            cards = []  # a damaged content file must not take Today down; Help now still has the essentials
        self.safety.show_cards(cards)

    def _practice_line(self, s: TodaySummary) -> str:
        suggestion = _exercise_title(self.ctx, s.suggested_exercise_id)
        # A partial session is practice too: it is named as partial, never hidden behind "Not yet today",
        # while the done count keeps the played-share rule (coach.domain.session_done).
        partial = ""
        if s.sessions_partial:
            partial = (
                f"{count(s.sessions_partial, 'partial session')} today"
                f" ({about_minutes(s.minutes_partial * 60)})"
            )
        if s.sessions_done:
            done = f"Done today: {count(s.sessions_done, 'session')}, {about_minutes(s.minutes_done * 60)}"
            if partial:
                done += f"; also {partial}"
            return f"{done}. Well done. Suggested next: {suggestion}."
        if partial:
            return f"{partial[0].upper()}{partial[1:]}. Every bit counts. Suggested next: {suggestion}."
        return f"Not yet today. Suggested: {suggestion}."

    @staticmethod
    def _pain_line(s: TodaySummary) -> str:
        if s.latest_pain is None:
            return "No pain ratings yet. You will rate your pain before and after each session."
        p = s.latest_pain
        # A weekly pain check is the average of three 0-10 answers (6.666...): one decimal is plenty.
        value = f"{round(p.value, 1):g}"
        return f"Latest: {value} out of 10 ({p.source}, {day_text(p.when, s.day)})."

    @staticmethod
    def _taper_line(s: TodaySummary) -> str:
        t = s.taper
        if t is None:
            if s.taper_drafts:
                return (
                    "A draft is saved on the Taper page to discuss with your prescriber; nothing changes "
                    "until they agree a plan with you."
                )
            return (
                "No taper plan recorded. When your prescriber sets one, you can enter it on the Taper page."
            )
        if t.current_target_mme is None:
            first_day = t.next_date if t.next_date is not None and t.next_date <= t.since else t.since
            level = t.next_target_mme if first_day == t.next_date else t.start_mme
            return (
                f"Your first agreed step: {day_text(first_day, s.day)}, {level:g} MME a day. "
                "This plan was agreed with your prescriber; until then, keep taking your medicines as now."
            )
        line = f"Current step: {t.current_target_mme:g} MME a day since {day_text(t.since, s.day)}."
        if t.paused_reason:
            line += f" Paused ({t.paused_reason}): pauses are a normal part of a taper."
        elif t.next_date is not None and t.next_target_mme is not None:
            line += (
                f" Next step agreed with your prescriber: {t.next_target_mme:g} MME a day from "
                f"{day_text(t.next_date, s.day)}."
            )
        return line

    @staticmethod
    def _learn_line(s: TodaySummary) -> str:
        done = f"{s.lessons_done} of {s.lessons_total} lessons done."
        lesson = s.suggested_lesson
        if lesson is None:
            return f"{done} You have finished the course. You can read any lesson again on the Learn page."
        why = "Today's lesson in your program" if lesson.from_program else "Next lesson"
        return f"{done} {why}: {lesson.title}."

    def _open_lesson(self) -> None:
        if self._lesson:
            self.nav.go("learn", lesson=self._lesson)

    def _resume(self) -> None:
        self.nav.go("practice", resume=True)

    def _start_fresh(self) -> None:
        """Set the interrupted session aside and begin its exercise again from the start."""
        from coach.services.practice.sessions import SessionService

        sessions = SessionService(self.ctx)
        record = self._interrupted or sessions.interrupted()
        if record is None:
            return
        with contextlib.suppress(CoachError):  # already closed elsewhere
            sessions.abandon(record.id)
        self.nav.start_exercise(record.exercise_id)

    def _start_suggested(self) -> None:
        self.nav.start_exercise(self._suggested)

    def _pain_spiking(self) -> None:
        try:
            from coach.ui.practice.flare import open_flare_flow
        except ImportError:
            self.nav.start_exercise(FLARE_EXERCISE)
            return
        try:
            open_flare_flow(self.ctx, self.nav, self)
        except CoachError as exc:
            QMessageBox.warning(self, "Pain Recovery Coach", str(exc))


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return TodayPage(ctx, nav)
