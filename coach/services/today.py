"""What the Today page shows: practice done today, latest pain, the current taper step, a suggestion, and
the Learn course's progress with the lesson to read next.

Today is the first window: every read here goes through repository methods on `store.conn` (plain
sqlite3), so sqlite-utils and numpy load only after the window is up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.services.context import AppContext
from coach.services.learn.outline import course_outline
from coach.storage.checkins_repo import CheckinsRepo
from coach.storage.exercises_repo import ExercisesRepo
from coach.storage.lessons_repo import LessonsRepo
from coach.storage.progress_repo import ProgressRepo
from coach.storage.sessions_repo import SessionsRepo

DEFAULT_SUGGESTION = "somatic-tracking-10"


@dataclass(frozen=True)
class PainReading:
    value: float
    when: date
    source: str  # "weekly pain check", "before a session", "after a session" or "during a pain spike"


@dataclass(frozen=True)
class TaperStatus:
    """The agreed plan on a day: the level in force (MME a day) since when, or, before the plan begins,
    `current_target_mme` None and `since` the day it starts at `start_mme`."""

    current_target_mme: float | None
    since: date
    next_target_mme: float | None
    next_date: date | None
    paused_reason: str | None
    plan_name: str
    start_mme: float = 0.0


@dataclass(frozen=True)
class LessonSuggestion:
    """The Learn lesson to read next: today's program lesson when there is one, else the next in the course."""

    id: str
    title: str
    from_program: bool


@dataclass(frozen=True)
class ProgramDay:
    """Today in the program the person follows: its title, day and week numbers (1-based; None before it
    starts or after it ends), what the day holds (exercise ids, check-in kinds such as "peg") and how many
    of its exercises are done today."""

    title: str
    day: int | None
    week: int | None
    exercises: tuple[str, ...]
    checkins: tuple[str, ...]
    exercises_done: int
    finished: bool = False


@dataclass(frozen=True)
class TodaySummary:
    day: date
    nickname: str
    sessions_done: int
    minutes_done: float
    latest_pain: PainReading | None
    taper: TaperStatus | None
    suggested_exercise_id: str
    has_interrupted_session: bool
    lessons_done: int = 0
    lessons_total: int = 0
    suggested_lesson: LessonSuggestion | None = None
    sessions_partial: int = 0  # finished with less than the done share played (coach.domain.session_done)
    minutes_partial: float = 0.0  # wall-clock minutes of those partial sessions
    program: ProgramDay | None = None  # the program followed, if any
    taper_drafts: int = 0  # drafts kept to discuss with the prescriber (no agreed plan from them)


def today_summary(ctx: AppContext) -> TodaySummary:
    sessions = SessionsRepo(ctx.store)
    zone = ctx.clock.local_zone()
    now = ctx.clock.now()
    day = local_date(now, zone)
    start, end = local_day_bounds(day, zone)
    done = sessions.practice_done(start, end)
    interrupted = sessions.in_progress_count(local_day_bounds(day - timedelta(days=7), zone)[0])
    profile = ctx.store.profile()
    program_lessons, suggested_exercise, program = _program_today(ctx)
    done_lessons = {row.lesson_id for row in LessonsRepo(ctx.store).completed()}
    course = course_outline()
    return TodaySummary(
        day=day,
        nickname=profile.nickname,
        sessions_done=done.sessions,
        minutes_done=done.minutes,
        latest_pain=_latest_pain(ctx),
        taper=_taper_status(ctx, day) if profile.takes_opioids else None,
        suggested_exercise_id=suggested_exercise,
        has_interrupted_session=bool(interrupted),
        lessons_done=sum(1 for lesson in course if lesson.id in done_lessons),
        lessons_total=len(course),
        suggested_lesson=_lesson_suggestion(program_lessons, done_lessons),
        sessions_partial=done.partial,
        minutes_partial=done.partial_minutes,
        program=program,
        taper_drafts=ProgressRepo(ctx.store).draft_plan_count() if profile.takes_opioids else 0,
    )


def _latest_pain(ctx: AppContext) -> PainReading | None:
    """The most recent 0-10 pain rating of any kind: the weekly pain check (PEG, its 0-10 average), a
    session's rating before or after (the after rating is the newer of a session's two), or the strength
    given with a pain-spike note."""
    zone = ctx.clock.local_zone()
    checkins = CheckinsRepo(ctx.store)
    peg = checkins.latest_peg()
    sessions = SessionsRepo(ctx.store)
    candidates: list[tuple[str, PainReading]] = []
    flare = checkins.latest_flare_rating()
    if flare:
        when = local_date(from_db(flare.at), zone)
        candidates.append((flare.at, PainReading(flare.score, when, "during a pain spike")))
    if peg:
        when = local_date(from_db(peg.at), zone)
        candidates.append((peg.at, PainReading(peg.score, when, "weekly pain check")))
    for rating, source in (
        (sessions.latest_pre_pain(), "before a session"),
        (sessions.latest_post_pain(), "after a session"),
    ):
        if rating:
            when = local_date(from_db(rating.at), zone)
            candidates.append((rating.at, PainReading(float(rating.value), when, source)))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]


def _taper_status(ctx: AppContext, day: date) -> TaperStatus | None:
    repo = ProgressRepo(ctx.store)
    plan = repo.active_plan()
    if plan is None:
        return None
    iso = day.isoformat()
    current = repo.step_in_force(plan.id, iso)
    upcoming = repo.next_step(plan.id, iso)
    start = date.fromisoformat(plan.start_date)
    if current is not None:
        level: float | None = current.target_mme
        since = date.fromisoformat(current.date)
    elif start <= day:
        level, since = plan.start_mme, start  # no step yet: the plan's starting level holds
    else:
        level, since = None, start  # the plan begins later
    pause = repo.pause_reason(plan.id, iso)
    return TaperStatus(
        current_target_mme=level,
        since=since,
        start_mme=plan.start_mme,
        next_target_mme=upcoming.target_mme if upcoming else None,
        next_date=date.fromisoformat(upcoming.date) if upcoming else None,
        paused_reason=(pause or "paused") if pause is not None else None,
        plan_name=plan.name,
    )


def _program_today(ctx: AppContext) -> tuple[tuple[str, ...], str, ProgramDay | None]:
    """Today's lessons in the active program, its next exercise (else a steady default) and the day as
    Today names it."""
    if not ProgressRepo(ctx.store).active_assignment_count():
        return (
            (),
            DEFAULT_SUGGESTION,
            None,
        )  # no program: skip loading (and validating) program files at start-up
    from coach.services.programs.service import ProgramService

    try:
        plan = ProgramService(ctx).today()
    except CoachError:
        return (), DEFAULT_SUGGESTION, None  # a damaged program never blocks Today
    if plan is None:
        return (), DEFAULT_SUGGESTION, None
    exercise = plan.next_exercise() or (plan.exercises[0] if plan.exercises else DEFAULT_SUGGESTION)
    planned = list(plan.exercises)
    done = 0
    for exercise_id in plan.done_exercises:
        if exercise_id in planned:
            planned.remove(exercise_id)
            done += 1
    day = ProgramDay(
        title=plan.program.title,
        day=plan.scheduled.day_number if plan.scheduled else None,
        week=plan.scheduled.week_number if plan.scheduled else None,
        exercises=plan.exercises,
        checkins=plan.checkins,
        exercises_done=done,
        finished=plan.finished,
    )
    return plan.lessons, exercise, day


def _lesson_suggestion(program_lessons: tuple[str, ...], done: set[str]) -> LessonSuggestion | None:
    """Today's program lesson not yet read; else the first lesson of the course not yet read; else None."""
    titles = {lesson.id: lesson.title for lesson in course_outline()}
    for lesson_id in program_lessons:
        if lesson_id not in done and lesson_id in titles:
            return LessonSuggestion(lesson_id, titles[lesson_id], from_program=True)
    for lesson in course_outline():
        if lesson.id not in done:
            return LessonSuggestion(lesson.id, lesson.title, from_program=False)
    return None


def custom_exercise_title(ctx: AppContext, exercise_id: str) -> str | None:
    """The title of a custom exercise (None when there is none), without loading the validated library:
    the Today page names its suggestion at start-up."""
    return ExercisesRepo(ctx.store).title(exercise_id)
