"""The read-only progress repository on a real SQLite file: the rows Today's taper line and the Progress
charts are built from, filtered and ordered as those views need, and Today's reads stay free of
sqlite-utils so the first window does not wait for it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from coach.storage.checkins_repo import CheckinsRepo
from coach.storage.progress_repo import PlanRef, ProgressRepo, StepRef, TaperPart
from coach.storage.sessions_repo import SessionsRepo
from coach.storage.store import Store

CREATED = "2026-11-01T00:00:00+00:00"


def _plan(
    store: Store, name: str, status: str, start: str, start_mme: float | None = 60, created: str = CREATED
) -> int:
    return int(
        store.db["taper_plans"]
        .insert(
            {
                "name": name,
                "status": status,
                "start_date": start,
                "start_mme": start_mme,
                "created_at": created,
            }
        )
        .last_pk
    )


def _step(store: Store, plan_id: int, day: str, mme: float, note: str = "", draft: bool = False) -> None:
    store.db["taper_steps"].insert(
        {"plan_id": plan_id, "date": day, "target_mme": mme, "note": note, "is_draft": int(draft)}
    )


def test_today_finds_the_step_in_force_the_next_one_and_a_pause(store: Store) -> None:
    repo = ProgressRepo(store)
    assert repo.active_plan() is None
    _plan(store, "Old", "active", "2026-01-01", created="2026-01-01T00:00:00+00:00")
    plan_id = _plan(store, 'It\'s "mine"; --', "active", "2026-11-01")
    _plan(store, "Draft", "draft", "2026-11-01", created="2026-11-20T00:00:00+00:00")
    assert repo.active_plan() == PlanRef(
        plan_id, 'It\'s "mine"; --', 60.0, "2026-11-01"
    )  # the newest active one

    _step(store, plan_id, "2026-11-01", 60)
    _step(store, plan_id, "2026-11-15", 50)
    _step(store, plan_id, "2026-12-01", 40)
    assert repo.step_in_force(plan_id, "2026-11-21") == StepRef("2026-11-15", 50.0)
    assert repo.step_in_force(plan_id, "2026-11-15") == StepRef("2026-11-15", 50.0)
    assert repo.next_step(plan_id, "2026-11-21") == StepRef("2026-12-01", 40.0)
    assert repo.next_step(plan_id, "2026-12-01") is None
    assert repo.step_in_force(plan_id, "2026-10-31") is None

    assert repo.pause_reason(plan_id, "2026-11-21") is None
    store.db["taper_pauses"].insert(
        {"plan_id": plan_id, "start_date": "2026-11-10", "end_date": "2026-11-12"}
    )
    assert repo.pause_reason(plan_id, "2026-11-21") is None  # that pause is over
    assert repo.pause_reason(plan_id, "2026-11-11") == ""  # paused, no reason given
    store.db["taper_pauses"].insert({"plan_id": plan_id, "start_date": "2026-11-20", "reason": "a hard week"})
    assert repo.pause_reason(plan_id, "2026-11-21") == "a hard week"  # open-ended


def test_today_counts_only_active_program_assignments(store: Store) -> None:
    repo = ProgressRepo(store)
    assert repo.active_assignment_count() == 0
    store.db["programs"].insert(
        {"id": "p1", "title": "P", "definition": "{}", "created_at": "x", "updated_at": "x"}
    )
    for status in ("previous", "finished"):
        store.db["assignments"].insert(
            {"program_id": "p1", "started_on": "2026-11-01", "status": status, "created_at": "x"}
        )
    assert repo.active_assignment_count() == 0
    store.db["assignments"].insert(
        {"program_id": "p1", "started_on": "2026-11-21", "status": "active", "created_at": "x"}
    )
    assert repo.active_assignment_count() == 1


def test_the_first_record_spans_features_but_not_draft_plans(store: Store) -> None:
    repo = ProgressRepo(store)
    assert repo.first_record() is None
    _plan(store, "Draft", "draft", "2025-01-01")
    assert repo.first_record() is None
    CheckinsRepo(store).add("2026-03-01T10:00:00+00:00", "peg", [5, 5, 5], 5.0, "")
    SessionsRepo(store).add_started("body-scan", "2026-02-01T10:00:00+00:00", None, None, [])
    assert repo.first_record() == "2026-02-01T10:00:00+00:00"
    _plan(store, "Finished", "finished", "2026-01-15")
    assert repo.first_record() == "2026-01-15"


def test_peg_and_withdrawal_points_are_kept_to_the_range_oldest_first(store: Store) -> None:
    repo = ProgressRepo(store)
    checkins = CheckinsRepo(store)
    assert repo.latest_peg_time() is None
    for at, score in (("2026-11-10T10:00:00+00:00", 6.0), ("2026-11-03T10:00:00+00:00", 7.0)):
        checkins.add(at, "peg", [1, 1, 1], score, "")
    checkins.add("2026-11-20T10:00:00+00:00", "pgic", [5], 5.0, "")
    checkins.add("2026-12-01T10:00:00+00:00", "peg", [1, 1, 1], 2.0, "")
    start, end = "2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00"
    assert repo.peg_scores(start, end) == [
        ("2026-11-03T10:00:00+00:00", 7.0),
        ("2026-11-10T10:00:00+00:00", 6.0),
    ]
    assert repo.latest_peg_time() == "2026-12-01T10:00:00+00:00"
    checkins.add_withdrawal("2026-11-05T10:00:00+00:00", {"a": 1}, 9, None, "")
    checkins.add_withdrawal("2026-11-02T10:00:00+00:00", {"a": 1}, 4, None, "")
    checkins.add_withdrawal("2026-10-31T10:00:00+00:00", {"a": 1}, 12, None, "")
    assert repo.withdrawal_totals(start, end) == [
        ("2026-11-02T10:00:00+00:00", 4),
        ("2026-11-05T10:00:00+00:00", 9),
    ]


def test_session_minutes_ratings_and_the_cache_key(store: Store) -> None:
    repo = ProgressRepo(store)
    sessions = SessionsRepo(store)
    before = repo.sessions_fingerprint()
    timed = sessions.add_started("body-scan", "2026-11-02T10:00:00+00:00", 6, 5, [])
    sessions.complete(
        timed, now="2026-11-02T10:12:00+00:00", post_pain=4, post_distress=None, note="", completed_fraction=1
    )
    unrated = sessions.add_started("breath-awareness", "2026-11-01T10:00:00+00:00", None, None, [])
    sessions.save_position(unrated, 300.0, 1.0, "2026-11-01T10:05:00+00:00")
    sessions.complete(
        unrated,
        now="2026-11-01T10:05:00+00:00",
        post_pain=None,
        post_distress=None,
        note="",
        completed_fraction=1,
    )
    with store.conn:  # a session completed by an older version, without an end time
        store.conn.execute("update sessions set ended_at = null where id = ?", [unrated])
    sessions.add_started("body-scan", "2026-11-03T10:00:00+00:00", 8, 8, [])  # still running
    assert repo.sessions_fingerprint() != before

    minutes = repo.completed_session_minutes()
    assert [m[0] for m in minutes] == ["2026-11-01T10:00:00+00:00", "2026-11-02T10:00:00+00:00"]
    assert minutes[0][1] == pytest.approx(5.0) and minutes[1][1] == pytest.approx(12.0)

    rated = repo.rated_sessions("2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00")
    assert [(r.exercise_id, r.pre_pain, r.post_pain, r.pre_distress, r.post_distress) for r in rated] == [
        ("body-scan", 6, 4, 5, None)
    ]
    assert repo.rated_sessions("2026-11-03T00:00:00+00:00", "2026-12-01T00:00:00+00:00") == []


def test_taper_parts_leave_out_drafted_steps_and_plans_that_are_not_in_use(store: Store) -> None:
    repo = ProgressRepo(store)
    plan_id = _plan(store, "Plan", "active", "2026-10-01", start_mme=60)
    _step(store, plan_id, "2026-10-15", 50, note="agreed")
    _step(store, plan_id, "2026-11-15", 45, draft=True)
    store.db["taper_pauses"].insert(
        {"plan_id": plan_id, "start_date": "2026-10-20", "end_date": "2026-10-27", "reason": "flu"}
    )
    store.db["milestones"].insert(
        {"plan_id": plan_id, "kind": "first_step", "reached_on": "2026-10-15", "label": "First step"}
    )
    archived = _plan(store, "Old", "archived", "2025-01-01")
    _step(store, archived, "2025-02-01", 10)
    no_start = _plan(store, "No start level", "finished", "2026-01-01", start_mme=None)
    _step(store, no_start, "2026-02-01", 30)

    parts = sorted(repo.taper_parts(), key=lambda p: (p.day, p.kind))
    assert parts == [
        TaperPart("step", "2026-02-01", None, 30.0, ""),
        TaperPart("start", "2026-10-01", None, 60.0, ""),
        TaperPart("milestone", "2026-10-15", None, None, "First step"),
        TaperPart("step", "2026-10-15", None, 50.0, "agreed"),
        TaperPart("pause", "2026-10-20", "2026-10-27", None, "flu"),
    ]


def test_only_opioid_doses_are_read_and_the_cache_key_follows_the_medicines(store: Store) -> None:
    repo = ProgressRepo(store)
    opioid = int(
        store.db["medications"]
        .insert({"name": "Oxy", "drug": "oxycodone", "is_opioid": 1, "created_at": CREATED})
        .last_pk
    )
    other = int(
        store.db["medications"]
        .insert({"name": "Para", "drug": None, "is_opioid": 0, "created_at": CREATED})
        .last_pk
    )
    store.db["dose_events"].insert(
        {"medication_id": opioid, "taken_at": "2026-11-20T08:00:00+00:00", "amount": 10, "unit": "mg"}
    )
    store.db["dose_events"].insert(
        {"medication_id": other, "taken_at": "2026-11-20T09:00:00+00:00", "amount": 500, "unit": "mg"}
    )
    assert repo.opioid_doses() == [("2026-11-20T08:00:00+00:00", "oxycodone", 10.0, "mg")]
    key = repo.doses_fingerprint()
    assert repo.doses_fingerprint() == key
    store.db["medications"].update(other, {"is_opioid": 1})  # re-marking a medicine changes the totals
    assert repo.doses_fingerprint() != key
    assert len(repo.opioid_doses()) == 2


def test_todays_reads_do_not_load_sqlite_utils(store: Store) -> None:
    """The first window reads Today through these repositories before sqlite-utils may load."""
    _save_custom(store)
    database = store.paths.database
    store.close()
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from coach.domain.clock import SystemClock
        from coach.services.context import AppContext
        from coach.services.today import custom_exercise_title, today_summary
        from coach.storage.store import Store

        ctx = AppContext(store=Store.open_path(Path({str(database)!r})), clock=SystemClock())
        summary = today_summary(ctx)
        title = custom_exercise_title(ctx, "my-own")
        print(title, summary.taper is not None, "sqlite_utils" in sys.modules, "numpy" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["Mine", "True", "False", "False"]


def _save_custom(store: Store) -> None:
    from coach.storage.exercises_repo import ExercisesRepo

    ExercisesRepo(store).save_custom(
        exercise_id="my-own",
        title="Mine",
        category="mindfulness",
        minutes=3,
        definition="{}",
        author="",
        now=CREATED,
    )
    plan_id = _plan(store, "Plan", "active", "2020-01-01")
    _step(store, plan_id, "2020-01-01", 60)
