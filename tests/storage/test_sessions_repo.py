"""The sessions repository on a real SQLite file: what is written is what is read back, in the order the
pages show it, committed at once, and all-or-nothing inside a transaction."""

from __future__ import annotations

import sqlite3

import pytest

from coach.storage.sessions_repo import PracticeDone, SessionsRepo, StampedRating
from coach.storage.store import Store

T0 = "2026-11-21T15:00:00+00:00"
T1 = "2026-11-21T15:10:00+00:00"
T2 = "2026-11-21T15:20:00+00:00"
NASTY = "it's \"fine\"'); DROP TABLE sessions; --"


def _other_connection(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(str(store.paths.database))


def test_a_started_then_finished_session_reads_back_verbatim(store: Store) -> None:
    repo = SessionsRepo(store)
    sid = repo.add_started("body-scan", T0, 6, None, ["lower back", NASTY])
    started = repo.get(sid)
    assert started is not None
    assert (started.status, started.pre_pain, started.pre_distress) == ("in_progress", 6, None)
    assert started.body_areas == ("lower back", NASTY)
    assert started.started_at.isoformat() == T0 and started.ended_at is None

    repo.save_position(sid, 42.5, 0.25, T1)
    repo.complete(sid, now=T2, post_pain=3, post_distress=2, note=NASTY, completed_fraction=0.9)
    done = repo.get(sid)
    assert done is not None
    assert (done.status, done.position_s, done.completed_fraction) == ("completed", 42.5, 0.9)
    assert (done.post_pain, done.post_distress, done.note) == (3, 2, NASTY)
    assert done.ended_at is not None and done.ended_at.isoformat() == T2
    assert repo.get(sid + 1) is None


def test_a_lone_write_is_committed_for_other_connections(store: Store) -> None:
    repo = SessionsRepo(store)
    sid = repo.add_started("body-scan", T0, None, None, [])
    repo.abandon(sid, T1)
    other = _other_connection(store)
    try:
        assert other.execute("select status, ended_at from sessions").fetchall() == [("abandoned", T1)]
    finally:
        other.close()


def test_a_failed_start_inside_a_transaction_leaves_the_running_session_alone(store: Store) -> None:
    repo = SessionsRepo(store)
    running = repo.add_started("body-scan", T0, None, None, [])
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        repo.abandon_all_in_progress(T1)
        repo.add_started("body-scan", T1, 11, None, [])  # the table refuses a pain rating of 11
    record = repo.get(running)
    assert record is not None and record.status == "in_progress"
    assert [r.id for r in repo.recent(10)] == [running]


def test_abandoning_all_touches_only_sessions_in_progress(store: Store) -> None:
    repo = SessionsRepo(store)
    finished = repo.add_started("body-scan", T0, None, None, [])
    repo.complete(finished, now=T1, post_pain=None, post_distress=None, note="", completed_fraction=1.0)
    running = repo.add_started("breath-awareness", T1, None, None, [])
    repo.abandon_all_in_progress(T2)
    statuses = {r.id: (r.status, r.ended_at.isoformat() if r.ended_at else None) for r in repo.recent(5)}
    assert statuses == {finished: ("completed", T1), running: ("abandoned", T2)}


def test_recent_and_latest_in_progress_follow_the_order_the_practice_page_shows(store: Store) -> None:
    repo = SessionsRepo(store)
    first = repo.add_started("a-one", T1, None, None, [])
    same_start = repo.add_started("a-two", T1, None, None, [])
    earliest = repo.add_started("a-three", T0, None, None, [])
    assert [r.id for r in repo.recent(10)] == [same_start, first, earliest]
    assert [r.id for r in repo.recent(2)] == [same_start, first]
    # the one saved last is offered for resume, whatever order they started in
    repo.save_position(earliest, 10.0, 0.1, T2)
    latest = repo.latest_in_progress(T0)
    assert latest is not None and latest.id == earliest
    later = repo.latest_in_progress(T1)
    assert later is not None and later.id == same_start
    assert repo.latest_in_progress(T2) is None  # none started that late


def test_damaged_body_areas_do_not_hide_the_session(store: Store) -> None:
    repo = SessionsRepo(store)
    sid = repo.add_started("body-scan", T0, None, None, ["neck"])
    with store.conn:
        store.conn.execute("update sessions set body_areas = 'not json' where id = ?", [sid])
    record = repo.get(sid)
    assert record is not None and record.body_areas == ()


def test_today_reads_count_completed_practice_and_the_latest_pain_before_a_session(store: Store) -> None:
    repo = SessionsRepo(store)
    day_start, day_end = "2026-11-21T05:00:00+00:00", "2026-11-22T05:00:00+00:00"
    assert repo.practice_done(day_start, day_end) == PracticeDone(0, 0.0)
    assert repo.latest_pre_pain() is None
    done = repo.add_started("body-scan", T0, 7, None, [])
    repo.complete(done, now=T1, post_pain=5, post_distress=None, note="", completed_fraction=1.0)
    yesterday = repo.add_started("body-scan", "2026-11-21T04:00:00+00:00", 2, None, [])
    repo.complete(yesterday, now=T0, post_pain=1, post_distress=None, note="", completed_fraction=1.0)
    repo.add_started("breath-awareness", T2, None, 4, [])  # in progress, no pain rating

    practice = repo.practice_done(day_start, day_end)
    assert practice.sessions == 1 and practice.minutes == pytest.approx(10.0)
    assert repo.in_progress_count(T0) == 1
    assert repo.in_progress_count("2026-11-22T00:00:00+00:00") == 0
    assert repo.latest_pre_pain() == StampedRating(T0, 7)  # the later session has no pain rating
