"""Progress-file storage on a real SQLite file: a patient shares exactly the rows inside the asked window,
oldest first, and a coach's imported patient records read back verbatim, whatever text they hold."""

from __future__ import annotations

from coach.storage.caseload_repo import (
    CaseloadRepo,
    PatientRecordRow,
    SharedCheckin,
    SharedJournalEntry,
    SharedSession,
    SharedTaper,
)
from coach.storage.store import Store

NOW = "2026-11-21T15:00:00+00:00"
LOWER, UPPER = "2026-11-10T05:00:00+00:00", "2026-11-21T05:00:00+00:00"
HOSTILE = "Robert'); DROP TABLE patient_records; --"


def test_a_patient_shares_only_rows_inside_the_window_oldest_first(store: Store) -> None:
    db = store.db
    db.execute(
        "insert into sessions (exercise_id, started_at, ended_at, updated_at, status, pre_pain, post_pain)"
        " values ('late', '2026-11-21T05:00:00+00:00', null, ?, 'in_progress', null, null),"
        " ('second', '2026-11-15T12:00:00+00:00', '2026-11-15T12:10:00+00:00', ?, 'completed', 6, 4),"
        " ('first', '2026-11-10T05:00:00+00:00', null, ?, 'abandoned', null, null),"
        " ('early', '2026-11-10T04:59:59+00:00', null, ?, 'completed', null, null)",
        [NOW, NOW, NOW, NOW],
    )
    db.execute(
        "insert into checkins (at, kind, answers, score) values"
        " ('2026-11-16T12:00:00+00:00', 'peg', '[5, 4, 6]', 5), ('2026-11-09T12:00:00+00:00', 'peg', '[]', 1)"
    )
    db.execute(
        "insert into withdrawal_checkins (at, answers, total) values"
        " ('2026-11-12T22:00:00+00:00', '{}', 7), ('2026-11-22T22:00:00+00:00', '{}', 1)"
    )
    db.execute(
        "insert into journal (at, kind, intensity, text) values"
        " ('2026-11-14T15:00:00+00:00', 'flare', 8, ?), ('2026-11-13T15:00:00+00:00', 'journal', null, 'calm')",
        [HOSTILE],
    )
    repo = CaseloadRepo(store)

    assert repo.sessions_between(LOWER, UPPER) == [
        SharedSession("first", "abandoned", "2026-11-10T05:00:00+00:00", None, None, None, None, None),
        SharedSession(
            "second", "completed", "2026-11-15T12:00:00+00:00", "2026-11-15T12:10:00+00:00", 6, 4, None, None
        ),
    ]
    assert repo.checkins_between(LOWER, UPPER) == [
        SharedCheckin("2026-11-16T12:00:00+00:00", "peg", 5.0, "[5, 4, 6]")
    ]
    assert repo.withdrawal_totals_between(LOWER, UPPER) == [("2026-11-12T22:00:00+00:00", 7)]
    assert repo.journal_between(LOWER, UPPER) == [
        SharedJournalEntry("2026-11-13T15:00:00+00:00", "journal", None, "calm"),
        SharedJournalEntry("2026-11-14T15:00:00+00:00", "flare", 8, HOSTILE),
    ]


def test_the_shared_taper_is_the_newest_active_plan_with_its_steps_in_date_order(store: Store) -> None:
    repo = CaseloadRepo(store)
    assert repo.active_taper() is None
    store.db.execute(
        "insert into taper_plans (id, name, status, start_date, created_at) values"
        " (1, 'older', 'active', '2026-01-01', '2026-01-01T00:00:00+00:00'),"
        " (2, 'Dr. O''Neil''s plan', 'active', '2026-11-01', ?),"
        " (3, 'archived', 'archived', '2026-11-01', '2027-01-01T00:00:00+00:00')",
        [NOW],
    )
    store.db.execute(
        "insert into taper_steps (plan_id, date, target_mme) values"
        " (2, '2026-12-01', 40.5), (2, '2026-11-01', 45), (1, '2026-01-01', 90)"
    )
    assert repo.active_taper() == SharedTaper(
        "Dr. O'Neil's plan", (("2026-11-01", 45.0), ("2026-12-01", 40.5))
    )


def test_patient_records_read_back_verbatim_oldest_import_first(store: Store) -> None:
    repo = CaseloadRepo(store)
    data = '{"data": {"note": "it\'s \\"fine\\"; DELETE FROM patient_records"}, "shared": []}'
    later = repo.add_patient_record(
        name=HOSTILE,
        imported_at="2026-11-21T10:00:00+00:00",
        range_start="2026-10-25",
        range_end="2026-11-21",
        data=data,
    )
    earlier = repo.add_patient_record(
        name="Ana", imported_at="2026-11-20T10:00:00+00:00", range_start="", range_end="", data="{}"
    )

    assert repo.patient_record(later) == PatientRecordRow(
        later, HOSTILE, "2026-11-21T10:00:00+00:00", "2026-10-25", "2026-11-21", data
    )
    assert [r.id for r in repo.patient_records()] == [earlier, later]
    assert repo.patient_record(later + earlier) is None
