"""The caseload names a patient by the id in their files, never by the name they typed (issue 16, "Identity
by typed name"): two "Alex" are two rows; the same file twice is stored once; an older file never rolls a
patient back; "SAM " after "Sam" does not hide Sam's self-harm flag; the coach's own name survives new
files; and what is stored grows with the days received, not with the files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.services.caseload.importing import (
    IMPORTED,
    OLDER,
    UP_TO_DATE,
    UPDATED,
    import_file,
    legacy_id,
)
from coach.services.caseload.progress_files import export_progress, read_progress_file
from coach.services.caseload.queue import caseload, rename_patient
from coach.services.context import AppContext
from coach.services.profiles.identity import profile_uuid
from coach.storage.caseload_repo import CaseloadRepo
from tests.helpers.progress_files import coach_context, new_id, self_harm_checkin, write_progress

TODAY = date(2026, 11, 21)


@pytest.fixture
def coach_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = coach_context(data_dir, clock)
    yield ctx
    ctx.store.close()


def test_the_patients_app_writes_its_id_a_sequence_and_the_time(ctx: AppContext, tmp_path: Path) -> None:
    first = read_progress_file(export_progress(ctx, tmp_path / "a.coachprogress").path).manifest
    second = read_progress_file(export_progress(ctx, tmp_path / "b.coachprogress").path).manifest
    assert first.format_version == 2 and first.patient_id == profile_uuid(ctx)
    assert (first.sequence, second.sequence) == (1, 2)  # one more per file, kept in the profile
    assert first.generated_at is not None and first.generated_at.endswith("+00:00")


def test_two_patients_named_alex_are_two_rows(coach_ctx: AppContext, tmp_path: Path) -> None:
    one = import_file(
        coach_ctx, write_progress(tmp_path / "a1.coachprogress", patient_id=new_id(1), name="Alex")
    )
    two = import_file(
        coach_ctx, write_progress(tmp_path / "a2.coachprogress", patient_id=new_id(2), name="Alex")
    )
    assert (one.status, two.status) == (IMPORTED, IMPORTED)
    queue = caseload(coach_ctx).queue
    assert sorted(p.patient_id for p in queue) == sorted([new_id(1), new_id(2)])
    assert [p.name for p in queue] == ["Alex", "Alex"]


def test_the_same_file_twice_is_already_up_to_date(coach_ctx: AppContext, tmp_path: Path) -> None:
    path = write_progress(tmp_path / "ana.coachprogress", patient_id=new_id("ana"))
    assert import_file(coach_ctx, path).status == IMPORTED
    again = import_file(coach_ctx, path)
    assert again.status == UP_TO_DATE and again.message == "Ana: already up to date"
    assert coach_ctx.store.db["patient_records"].count == 1


def test_an_older_file_never_replaces_newer_data(coach_ctx: AppContext, tmp_path: Path) -> None:
    pid = new_id("ana")
    newer = write_progress(tmp_path / "new.coachprogress", patient_id=pid, end=TODAY, sequence=9)
    older = write_progress(
        tmp_path / "old.coachprogress", patient_id=pid, end=TODAY - timedelta(days=30), sequence=5
    )
    import_file(coach_ctx, newer)
    outcome = import_file(coach_ctx, older)
    assert outcome.status == OLDER
    assert outcome.message == "Ana: older than what you have; kept the newer one"
    (patient,) = caseload(coach_ctx).queue
    assert patient.overview.range_end == TODAY and patient.overview.last_practice == TODAY


def test_sam_with_a_trailing_space_does_not_hide_sams_self_harm_flag(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    sam = {"checkins": [self_harm_checkin(TODAY - timedelta(days=2))]}
    import_file(
        coach_ctx,
        write_progress(tmp_path / "sam.coachprogress", patient_id=new_id("sam"), name="Sam", data=sam),
    )
    import_file(
        coach_ctx, write_progress(tmp_path / "sam2.coachprogress", patient_id=new_id("other"), name="SAM ")
    )
    queue = caseload(coach_ctx).queue
    assert len(queue) == 2
    assert queue[0].name == "Sam" and queue[0].entry.flags[0].kind == "self_harm"
    # The same id under a new spelling is the same person: one row, the newer file.
    later = write_progress(
        tmp_path / "sam3.coachprogress", patient_id=new_id("sam"), name="SAM ", sequence=2, data=sam
    )
    assert import_file(coach_ctx, later).status == UPDATED
    assert len(caseload(coach_ctx).queue) == 2


def test_the_coachs_own_name_is_kept_when_new_files_arrive(coach_ctx: AppContext, tmp_path: Path) -> None:
    pid = new_id("alex")
    first = import_file(coach_ctx, write_progress(tmp_path / "1.coachprogress", patient_id=pid, name="Alex"))
    assert first.record_id is not None
    rename_patient(coach_ctx, first.record_id, "Alex (Tuesday group)")
    import_file(
        coach_ctx, write_progress(tmp_path / "2.coachprogress", patient_id=pid, name="Alex", sequence=2)
    )
    (patient,) = caseload(coach_ctx).queue
    assert (patient.name, patient.name_in_file) == ("Alex (Tuesday group)", "Alex")


def test_a_year_of_weekly_files_stores_each_day_once(coach_ctx: AppContext, tmp_path: Path) -> None:
    pid = new_id("ana")
    first_end = TODAY - timedelta(weeks=51)
    for week in range(52):
        path = write_progress(
            tmp_path / f"w{week}.coachprogress",
            patient_id=pid,
            end=first_end + timedelta(weeks=week),
            sequence=week + 1,
        )
        assert import_file(coach_ctx, path).status in (IMPORTED, UPDATED)
    assert coach_ctx.store.db["patient_records"].count == 1
    # 52 files of 28 days each overlap: 1,456 shared days, but only 384 different ones.
    assert CaseloadRepo(coach_ctx.store).day_count(pid) == 51 * 7 + 28


def test_a_file_from_before_ids_is_kept_as_legacy_by_its_name(coach_ctx: AppContext, tmp_path: Path) -> None:
    outcome = import_file(
        coach_ctx, write_progress(tmp_path / "old.coachprogress", patient_id=None, name="Bo")
    )
    assert outcome.status == IMPORTED and "without a patient id" in outcome.message
    (patient,) = caseload(coach_ctx).queue
    assert patient.patient_id == legacy_id("Bo") and patient.legacy
    again = write_progress(
        tmp_path / "old2.coachprogress", patient_id=None, name="bo ", end=TODAY + timedelta(days=7)
    )
    assert import_file(coach_ctx, again).status == UPDATED


def test_the_stored_summary_gives_the_same_queue_as_the_shared_data(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    sam = {
        "checkins": [
            self_harm_checkin(TODAY - timedelta(days=2)),
            {"date": "2026-11-20", "kind": "peg", "score": 6.0},
        ],
        "sessions": [{"date": "2026-11-19", "exercise_id": "x", "status": "completed", "fraction": 0.3}],
    }
    import_file(
        coach_ctx, write_progress(tmp_path / "s.coachprogress", patient_id=new_id("s"), name="Sam", data=sam)
    )
    import_file(coach_ctx, write_progress(tmp_path / "a.coachprogress", patient_id=new_id("a"), name="Ana"))
    from_summaries = caseload(coach_ctx).queue
    coach_ctx.store.db.execute("update patient_records set summary = null")
    from_data = caseload(coach_ctx).queue
    assert from_summaries == from_data and from_data[0].overview.sessions_partial == 1
