"""The check-ins repository on a real SQLite file: questionnaires, withdrawal checklists and flare notes
read back as written, newest first, and a refused write leaves nothing behind."""

from __future__ import annotations

import sqlite3

import pytest

from coach.storage.checkins_repo import CheckinsRepo, StampedScore
from coach.storage.store import Store

NASTY = 'Robert\'); DROP TABLE checkins; -- "quoted"'


def test_a_questionnaire_reads_back_verbatim(store: Store) -> None:
    repo = CheckinsRepo(store)
    cid = repo.add("2026-11-21T15:00:00+00:00", "peg", (7, 6, 5), 6.0, NASTY)
    got = repo.get(cid)
    assert got is not None
    assert (got.kind, got.answers, got.score, got.note) == ("peg", [7, 6, 5], 6.0, NASTY)
    assert got.at.isoformat() == "2026-11-21T15:00:00+00:00"
    assert repo.get(cid + 1) is None


def test_history_is_newest_first_per_kind_and_ties_go_to_the_later_entry(store: Store) -> None:
    repo = CheckinsRepo(store)
    old = repo.add("2026-11-01T10:00:00+00:00", "peg", [5, 5, 5], 5.0, "")
    tie_a = repo.add("2026-11-08T10:00:00+00:00", "peg", [4, 4, 4], 4.0, "")
    tie_b = repo.add("2026-11-08T10:00:00+00:00", "peg", [3, 3, 3], 3.0, "")
    repo.add("2026-11-09T10:00:00+00:00", "gad7", [0] * 7, 0.0, "")
    assert [c.id for c in repo.history("peg", 10)] == [tie_b, tie_a, old]
    assert [c.id for c in repo.history("peg", 1)] == [tie_b]
    assert repo.history("phq9", 10) == []


def test_the_latest_peg_for_today_ignores_other_kinds(store: Store) -> None:
    repo = CheckinsRepo(store)
    assert repo.latest_peg() is None
    repo.add("2026-11-01T10:00:00+00:00", "peg", [5, 5, 5], 5.0, "")
    repo.add("2026-11-05T10:00:00+00:00", "peg", [2, 3, 4], 3.0, "")
    repo.add("2026-11-09T10:00:00+00:00", "pgic", [6], 6.0, "")
    assert repo.latest_peg() == StampedScore("2026-11-05T10:00:00+00:00", 3.0)


def test_an_unknown_kind_is_refused_and_leaves_no_open_transaction(store: Store) -> None:
    repo = CheckinsRepo(store)
    with pytest.raises(sqlite3.IntegrityError):
        repo.add("2026-11-21T15:00:00+00:00", "mood'); --", [1], 1.0, "")
    assert not store.conn.in_transaction
    repo.add("2026-11-21T15:00:00+00:00", "peg", [1, 1, 1], 1.0, "")
    other = sqlite3.connect(str(store.paths.database))
    try:
        assert other.execute("select kind from checkins").fetchall() == [("peg",)]  # committed at once
    finally:
        other.close()


def test_withdrawal_checklists_keep_their_answers_and_come_newest_first(store: Store) -> None:
    repo = CheckinsRepo(store)
    first = {"sweating": 1, "anxiety": 3}
    second = {"sweating": 0, "anxiety": 4, NASTY: 2}
    repo.add_withdrawal("2026-11-20T09:00:00+00:00", first, 4, None, "")
    repo.add_withdrawal("2026-11-21T09:00:00+00:00", second, 6, None, NASTY)
    history = repo.withdrawal_history(5)
    assert [(e.total, e.answers) for e in history] == [(6, second), (4, first)]
    assert history[0].at.isoformat() == "2026-11-21T09:00:00+00:00"
    assert len(repo.withdrawal_history(1)) == 1


def test_flare_notes_are_updated_in_place_and_other_journal_rows_are_never_touched(store: Store) -> None:
    repo = CheckinsRepo(store)
    older = repo.add_flare("2026-11-20T09:00:00+00:00", 8, "stairs", "heat", "")
    newer = repo.add_flare("2026-11-21T09:00:00+00:00", None, "", "", NASTY)
    with store.conn:
        journal_id = store.conn.execute(
            "insert into journal (at, kind, text) values ('2026-11-21T10:00:00+00:00', 'journal', 'diary')"
        ).lastrowid
    assert [f.id for f in repo.flares(10)] == [newer, older]  # the diary entry is not a flare
    assert [f.id for f in repo.flares(1)] == [newer]
    assert repo.flares(10, newer)[0].text == NASTY

    repo.update_flare(older, 5, "long drive", "walk", "eased by evening")
    updated = repo.flares(10, older)[0]
    assert (updated.intensity, updated.trigger, updated.what_helped, updated.text) == (
        5,
        "long drive",
        "walk",
        "eased by evening",
    )
    assert updated.at.isoformat() == "2026-11-20T09:00:00+00:00"
    assert journal_id is not None
    repo.update_flare(journal_id, 9, "x", "y", "overwritten")
    row = store.conn.execute("select text, intensity from journal where id = ?", [journal_id]).fetchone()
    assert row == ("diary", None)
    assert repo.flares(10, journal_id) == []
