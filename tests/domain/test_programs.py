"""Programs: the built-in templates, day math, taper-step windows, adherence and builder edits."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from coach.domain.clock import FixedClock
from coach.domain.programs import (
    CHECKIN_KINDS,
    DayPlan,
    Program,
    TaperStepDay,
    Week,
    add_exercise,
    add_week,
    adherence,
    day_number,
    empty_program,
    is_finished,
    move_exercise,
    plan_for_day,
    program_from_dict,
    program_to_dict,
    remove_exercise,
    remove_week,
    set_checkins,
    set_week_text,
)
from coach.resources import resource_path
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.programs.definitions import ProgramError, builtin_programs, validate_program_data
from coach.services.programs.service import ProgramService

START = date(2026, 11, 2)


def _builtin(program_id: str) -> Program:
    return next(p for p in builtin_programs() if p.id == program_id)


def _minutes() -> dict[str, float]:
    return {e.id: e.minutes for e in ExerciseLibrary().builtins()}


# --- templates -------------------------------------------------------------------------------------
def test_the_three_templates_ship_and_validate() -> None:
    files = sorted(resource_path("programs").glob("*.json"))
    assert [f.stem for f in files] == ["mindfulness-8-weeks", "pain-reprocessing-4-weeks", "taper-companion"]
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        validate_program_data(data, path.name)
        assert data["source"].strip() and "your own" not in data["source"].lower()
        program = program_from_dict(data)
        assert program_to_dict(program_from_dict(program_to_dict(program))) == program_to_dict(program)


def test_templates_use_only_exercises_that_exist() -> None:
    known = {e.id for e in ExerciseLibrary().builtins()}
    for program in builtin_programs():
        assert program.missing_exercises(known) == [], program.id


def test_every_week_has_a_note_and_every_day_has_practice() -> None:
    for program in builtin_programs():
        for week in program.weeks:
            assert len(week.note) > 80 and week.theme, program.id
            assert all(day.exercises for day in week.days), f"{program.id}: daily practice"


def test_pain_reprocessing_follows_the_trial_course() -> None:
    program = _builtin("pain-reprocessing-4-weeks")
    assert len(program.weeks) == 4 and program.total_days == 28
    week_ids = [{x for d in w.days for x in d.exercises} for w in program.weeks]
    assert {"pain-false-alarm", "evidence-of-safety"} <= week_ids[0]  # education and safety first
    assert (
        any(x.startswith("somatic-tracking") for x in week_ids[1]) and "reappraising-sensation" in week_ids[1]
    )
    assert {"outcome-independence", "savouring-good-moments"} <= week_ids[2]
    assert "graded-movement" in week_ids[3]  # exposure to feared movement comes last
    assert "Ashar" in program.source and "opioid" in program.source
    assert "peg" in program.weeks[0].days[0].checkins and "pgic" in program.weeks[-1].days[-1].checkins


def test_mindfulness_runs_eight_weeks_with_a_weekly_pain_checkin() -> None:
    program = _builtin("mindfulness-8-weeks")
    assert len(program.weeks) == 8
    assert all("peg" in week.days[0].checkins for week in program.weeks)


def test_taper_companion_steps_up_after_each_step_with_shorter_sessions() -> None:
    program = _builtin("taper-companion")
    minutes = _minutes()
    baseline = [d for d in program.weeks[0].days]
    after = [d.plan for d in program.around_taper_step if 0 <= d.offset <= 6]
    assert len(after) == 7  # the whole first week after a step is covered
    per_day_base = sum(len(d.exercises) for d in baseline) / len(baseline)
    per_day_after = sum(len(d.exercises) for d in after) / len(after)
    assert per_day_after > per_day_base  # more sessions...

    def mean(days: list[DayPlan]) -> float:
        return sum(minutes[x] for d in days for x in d.exercises) / sum(len(d.exercises) for d in days)

    assert mean(after) < mean(baseline)  # ...and shorter ones
    assert any(d.offset < 0 for d in program.around_taper_step)  # a calm day before the step
    assert "withdrawal" in next(d.plan for d in program.around_taper_step if d.offset == 0).checkins


def _all_text(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _all_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in _all_text(v)]
    return []


def test_no_template_suggests_raising_a_dose() -> None:
    risky = re.compile(
        r"\b(increase|raise|higher|more|take extra)\b[^.]{0,20}\b(dose|medicine|medication|opioid)", re.I
    )
    for program in builtin_programs():
        for text in _all_text(program_to_dict(program)):
            assert not risky.search(text), text
    note = _builtin("taper-companion").weeks[0].note
    assert "prescriber" in note


# --- schema rules ----------------------------------------------------------------------------------
def _minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "my-program",
        "title": "Mine",
        "summary": "",
        "source": "Written by me.",
        "weeks": [{"days": [{"exercises": ["body-scan"]} for _ in range(7)]}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (_minimal(weeks=[]), "weeks"),
        (_minimal(weeks=[{"days": [{"exercises": []}] * 6}]), "weeks[0].days"),
        (_minimal(weeks=[{"days": [{"exercises": [], "checkins": ["mood"]}] * 7}]), "checkins[0]"),
        (_minimal(id="Bad Id"), "id"),
        (_minimal(colour="red"), "colour: is not a known field"),
        (
            _minimal(around_taper_step=[{"offset": 1, "exercises": []}]),
            "only a program with schedule 'taper'",
        ),
        (
            _minimal(schedule="taper", around_taper_step=[{"offset": 1, "exercises": []}] * 2),
            "each offset may appear only once",
        ),
    ],
)
def test_invalid_programs_are_refused_with_the_field_named(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ProgramError) as info:
        validate_program_data(data, "x.json")
    assert str(info.value).startswith("x.json") and fragment in str(info.value)
    assert "\n" not in str(info.value)


# --- day math ----------------------------------------------------------------------------------------
def _numbered(weeks: int = 2, schedule: str = "calendar") -> Program:
    """Every day's single exercise names its week and weekday, so a wrong lookup is visible."""
    return Program(
        id="p",
        title="P",
        summary="",
        source="s",
        weeks=tuple(Week(tuple(DayPlan((f"w{w}-d{d}",)) for d in range(7))) for w in range(weeks)),
        schedule=schedule,  # type: ignore[arg-type]
        around_taper_step=(
            (
                TaperStepDay(-1, DayPlan(("before",))),
                TaperStepDay(0, DayPlan(("step",))),
                TaperStepDay(2, DayPlan(("after2",))),
            )
            if schedule == "taper"
            else ()
        ),
    )


def test_day_numbers_count_from_one_on_the_start_day() -> None:
    assert day_number(START, START) == 1
    assert day_number(START, START + timedelta(days=7)) == 8
    assert day_number(START, START - timedelta(days=1)) == 0


def test_plan_for_each_day_of_a_calendar_program() -> None:
    program = _numbered(2)
    assert plan_for_day(program, START, START - timedelta(days=1)) is None
    first = plan_for_day(program, START, START)
    assert (
        first is not None
        and first.plan.exercises == ("w0-d0",)
        and (first.week_number, first.weekday_index) == (1, 0)
    )
    eighth = plan_for_day(program, START, START + timedelta(days=7))
    assert eighth is not None and eighth.plan.exercises == ("w1-d0",) and eighth.week_number == 2
    last = plan_for_day(program, START, START + timedelta(days=13))
    assert last is not None and last.plan.exercises == ("w1-d6",)
    assert plan_for_day(program, START, START + timedelta(days=14)) is None
    assert not is_finished(program, START, START + timedelta(days=13))
    assert is_finished(program, START, START + timedelta(days=14))


def test_a_taper_program_repeats_and_switches_around_each_step() -> None:
    program = _numbered(1, "taper")
    later = plan_for_day(program, START, START + timedelta(days=50))
    assert later is not None and later.plan.exercises == (f"w0-d{50 % 7}",) and later.week_number == 8
    step = START + timedelta(days=20)
    steps = [step]
    assert plan_for_day(program, START, step - timedelta(days=1), steps).plan.exercises == ("before",)  # type: ignore[union-attr]
    on = plan_for_day(program, START, step, steps)
    assert on is not None and on.plan.exercises == ("step",) and on.taper_offset == 0
    # Offset 1 has no entry: the normal week plan applies.
    assert plan_for_day(program, START, step + timedelta(days=1), steps).taper_offset is None  # type: ignore[union-attr]
    assert plan_for_day(program, START, step + timedelta(days=2), steps).plan.exercises == ("after2",)  # type: ignore[union-attr]


def test_when_step_windows_overlap_the_step_already_taken_wins() -> None:
    program = _numbered(1, "taper")
    first = START + timedelta(days=10)
    second = first + timedelta(days=3)  # the day before it is also day 2 after the first step
    day = second - timedelta(days=1)
    scheduled = plan_for_day(program, START, day, [first, second])
    assert scheduled is not None and scheduled.taper_offset == 2 and scheduled.plan.exercises == ("after2",)


# --- adherence ---------------------------------------------------------------------------------------
def test_adherence_counts_planned_slots_filled_by_completed_sessions() -> None:
    program = Program(
        "p",
        "P",
        "",
        "s",
        (Week((DayPlan(("a", "a", "b"), ("peg",)), *(DayPlan(("c",)) for _ in range(6)))),),
    )
    practice = {
        START: ["a", "b", "b", "z"],  # one 'a' missing; the extra 'b' and 'z' do not count twice
        START + timedelta(days=1): ["c"],
        START + timedelta(days=3): ["x"],  # practice, but not what was planned
    }
    result = adherence(program, START, START + timedelta(days=3), practice, {START: ["peg"]})
    assert (result.days_counted, result.planned, result.done) == (4, 6, 3)
    assert (result.checkins_planned, result.checkins_done) == (1, 1)
    assert result.days_with_practice == 3
    assert result.percent == 50


def test_adherence_stops_at_the_end_of_a_calendar_program_and_is_empty_before_start() -> None:
    program = _numbered(1)
    done = {START + timedelta(days=i): [f"w0-d{i}"] for i in range(7)}
    finished = adherence(program, START, START + timedelta(days=40), done)
    assert (finished.days_counted, finished.planned, finished.done, finished.percent) == (7, 7, 7, 100)
    early = adherence(program, START, START - timedelta(days=1), done)
    assert early.planned == 0 and early.fraction is None and early.percent is None


# --- builder edits -----------------------------------------------------------------------------------
def test_builder_edits_return_new_programs() -> None:
    program = empty_program("mine", "Mine", weeks=2)
    program = add_exercise(program, 1, 3, "body-scan")
    program = add_exercise(program, 1, 3, "breath-awareness")
    program = add_exercise(program, 1, 3, "urge-surfing")
    program = move_exercise(program, 1, 3, 2, 0)
    assert program.weeks[1].days[3].exercises == ("urge-surfing", "body-scan", "breath-awareness")
    program = remove_exercise(program, 1, 3, 1)
    assert program.weeks[1].days[3].exercises == ("urge-surfing", "breath-awareness")
    program = set_checkins(program, 1, 3, ["withdrawal", "peg"])
    assert program.weeks[1].days[3].checkins == ("peg", "withdrawal")  # kept in a fixed order
    with pytest.raises(ValueError):
        set_checkins(program, 0, 0, ["mood"])
    program = set_week_text(program, 0, theme="Start", note="Go gently.")
    program = add_week(program, copy_of=1)
    assert (
        len(program.weeks) == 3
        and program.weeks[2].days == program.weeks[1].days
        and program.weeks[2].note == ""
    )
    program = remove_week(program, 0)
    assert len(program.weeks) == 2 and program.weeks[0].days[3].exercises == (
        "urge-surfing",
        "breath-awareness",
    )
    with pytest.raises(ValueError):
        remove_week(remove_week(program, 0), 0)
    assert set(CHECKIN_KINDS) >= {"peg", "withdrawal"}


# --- the service: assignments drive today's plan and adherence -----------------------------------------
def _session(ctx: AppContext, exercise_id: str, started: datetime, status: str = "completed") -> None:
    ctx.store.db.execute(
        "INSERT INTO sessions (exercise_id, started_at, ended_at, updated_at, status, completed_fraction)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [exercise_id, started.isoformat(), started.isoformat(), started.isoformat(), status, 1.0],
    )


def test_assigning_keeps_the_previous_program(ctx: AppContext) -> None:
    service = ProgramService(ctx)
    first = service.assign("mindfulness-8-weeks")
    second = service.assign("pain-reprocessing-4-weeks")
    statuses = {a.program_id: a.status for a in service.history()}
    assert statuses == {"mindfulness-8-weeks": "previous", "pain-reprocessing-4-weeks": "active"}
    assert service.active_assignment() == second and first.id != second.id
    assert ctx.store.db["programs"].count == 2  # built-ins are copied in so assignments can refer to them


def test_today_and_adherence_follow_local_days(ctx: AppContext, clock: FixedClock) -> None:
    service = ProgramService(ctx)
    today = service.today_local()  # 2026-11-21 in New York
    service.assign("pain-reprocessing-4-weeks", started_on=today - timedelta(days=1))
    plan = service.today()
    assert plan is not None and plan.scheduled is not None and plan.scheduled.day_number == 2
    assert plan.exercises == ("evidence-of-safety",) and plan.next_exercise() == "evidence-of-safety"
    # 03:00 UTC on the 21st is still the evening of the 20th in New York: day 1's practice.
    _session(ctx, "pain-false-alarm", datetime.fromisoformat("2026-11-21T03:00:00+00:00"))
    _session(ctx, "evidence-of-safety", clock.now() - timedelta(hours=1))
    _session(ctx, "evidence-of-safety", clock.now(), status="abandoned")
    plan = service.today()
    assert (
        plan is not None and plan.done_exercises == ("evidence-of-safety",) and plan.next_exercise() is None
    )
    figures = service.adherence()
    assert figures is not None and (figures.planned, figures.done, figures.percent) == (2, 2, 100)
    assert (figures.checkins_planned, figures.checkins_done) == (1, 0)


def test_taper_companion_reads_the_active_taper_plan(ctx: AppContext) -> None:
    service = ProgramService(ctx)
    today = service.today_local()
    db = ctx.store.db
    plan_id = db.execute(
        "INSERT INTO taper_plans (name, status, start_date, created_at) VALUES ('plan', 'active', ?, ?)",
        [today.isoformat(), "2026-11-01T00:00:00+00:00"],
    ).lastrowid
    db.execute(
        "INSERT INTO taper_steps (plan_id, date, target_mme) VALUES (?, ?, 40)",
        [plan_id, (today - timedelta(days=1)).isoformat()],
    )
    service.assign("taper-companion", started_on=today - timedelta(days=10))
    plan = service.today()
    assert plan is not None and plan.scheduled is not None and plan.scheduled.taper_offset == 1
    assert len(plan.exercises) == 3 and "withdrawal" in plan.checkins


def test_saving_checks_exercises_and_protects_builtins(ctx: AppContext) -> None:
    service = ProgramService(ctx)
    mine = add_exercise(empty_program("my-plan", "My plan", 1), 0, 0, "body-scan")
    service.save(mine)
    assert service.get("my-plan") == mine and service.info("my-plan").origin == "custom"
    with pytest.raises(ProgramError, match="does not exist: 'no-such-thing'"):
        service.save(add_exercise(mine, 0, 1, "no-such-thing"))
    with pytest.raises(ProgramError, match="built-in template"):
        service.save(_builtin("taper-companion"))
    assert service.free_id("taper-companion") == "taper-companion-2"
    service.assign("my-plan")
    with pytest.raises(Exception, match="following"):
        service.delete("my-plan")
