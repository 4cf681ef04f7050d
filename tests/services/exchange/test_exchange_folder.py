"""The exchange folder (issue 16 item 4): a patient's progress reaches the coach's caseload by itself, at
most every 10 minutes; files a sync app is still bringing in wait; a hostile file is one line in the status
and nothing else breaks; a program sent back waits for the patient's review and is never applied silently.

Real profiles in separate data folders, a real folder between them (what Syncthing would keep in step)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.caseload.progress_files import patient_overviews
from coach.services.context import AppContext
from coach.services.exchange.folder import linked_coach, set_exchange_folder
from coach.services.exchange.outgoing import AutoWriter, write_progress
from coach.services.exchange.programs import (
    accept_program,
    dismiss_program,
    pending_programs,
    review_program,
    send_program,
)
from coach.services.exchange.sync import exchange_status, scan_incoming, sync_now
from coach.services.profiles.identity import profile_uuid
from coach.services.programs.bundle_import import import_program
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from tests.helpers.exchange import open_person, practise, settle


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "Coach exchange"
    folder.mkdir()
    return folder


@pytest.fixture
def patient(tmp_path: Path, clock: FixedClock, shared: Path) -> Iterator[AppContext]:
    ctx = open_person(tmp_path, "patient", "Alex", clock)
    set_exchange_folder(ctx, shared)
    yield ctx
    ctx.close()


@pytest.fixture
def coach(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = open_person(tmp_path, "coach", "Dr Rivera", clock)
    yield ctx
    ctx.close()


def coach_sees(coach: AppContext, folder: Path) -> None:
    set_exchange_folder(coach, folder)


def test_a_session_reaches_the_coachs_caseload_by_itself(
    patient: AppContext, coach: AppContext, shared: Path
) -> None:
    writer = AutoWriter(patient)
    practise(patient)  # the session's change broadcast writes the file: nobody pressed anything
    written = shared / "to-coach" / f"{profile_uuid(patient)}.coachprogress"
    assert written.is_file()
    assert [p.name for p in (shared / "to-coach").iterdir()] == [written.name]  # no temporary left over
    writer.close()

    coach_sees(coach, shared)
    settle(shared)
    report = scan_incoming(coach)
    assert report.imported == [f"to-coach/{written.name}"]
    [alex] = patient_overviews(coach)
    assert (alex.name, alex.sessions_completed) == ("Alex", 1)

    again = scan_incoming(coach)  # the same bytes are never imported twice
    assert (again.imported, again.unchanged) == ([], 1)
    assert "1 file already up to date." in again.lines()


def test_the_file_is_rewritten_at_most_every_ten_minutes(
    patient: AppContext, clock: FixedClock, shared: Path
) -> None:
    writer = AutoWriter(patient)
    practise(patient)
    written = shared / "to-coach" / f"{profile_uuid(patient)}.coachprogress"
    first = written.read_bytes()
    clock.advance(minutes=3)
    practise(patient)
    assert written.read_bytes() == first  # held back: the last write is 3 minutes old
    assert writer.due
    clock.advance(minutes=7)
    assert writer.tick() == written
    assert written.read_bytes() != first and not writer.due
    writer.close()


def test_a_coach_profile_never_writes_a_progress_file(coach: AppContext, shared: Path) -> None:
    coach_sees(coach, shared)
    with pytest.raises(CoachError, match="coach profile"):
        write_progress(coach)


def test_files_still_arriving_wait_for_the_next_scan(
    patient: AppContext, coach: AppContext, shared: Path
) -> None:
    practise(patient)
    path = write_progress(patient)
    coach_sees(coach, shared)
    inbox = shared / "to-coach"
    (inbox / f".syncthing.{path.name}.tmp").write_bytes(path.read_bytes()[:100])  # Syncthing mid-copy
    report = scan_incoming(coach)  # the real file was written a moment ago: it may still be growing
    assert report.imported == [] and report.waiting == [f"to-coach/{path.name}"]
    assert report.refused == []
    assert patient_overviews(coach) == []
    settle(shared)
    assert scan_incoming(coach).imported == [f"to-coach/{path.name}"]


def test_a_hostile_file_is_one_message_and_the_others_still_arrive(
    patient: AppContext, coach: AppContext, shared: Path
) -> None:
    practise(patient)
    good = write_progress(patient)
    inbox = shared / "to-coach"
    (inbox / "0b6f0e55-1d39-4a8a-9a55-8a44c4f1e0c1.coachprogress").write_bytes(b"PK\x03\x04 not a zip")
    with zipfile.ZipFile(inbox / "5e1c9b9a-6a66-4f55-9d0e-0f2b0b7f1d2e.coachprogress", "w") as zf:
        zf.writestr("manifest.json", '{"format": "coachprogress", "format_version": 1}')
        zf.writestr("../../escape.txt", "x")
    (inbox / "not-an-id.coachprogress").write_bytes(good.read_bytes())
    coach_sees(coach, shared)
    settle(shared)

    report = scan_incoming(coach)
    assert report.imported == [f"to-coach/{good.name}"]
    refused = dict(report.refused)
    assert len(refused) == 3
    assert "patient's exchange id" in refused["to-coach/not-an-id.coachprogress"]
    assert all(reason and "\n" not in reason for reason in refused.values())
    assert [o.name for o in patient_overviews(coach)] == ["Alex"]
    status = exchange_status(coach)
    assert len(status.refused) == 3
    assert any("not-an-id" in line for line in status.lines())
    # Refused files are not read again until they change.
    assert scan_incoming(coach).refused == []


def test_a_program_sent_back_waits_for_review_and_is_never_applied_silently(
    patient: AppContext, coach: AppContext, shared: Path, tmp_path: Path
) -> None:
    programs = ProgramService(coach)
    program_id = programs.all()[0].program.id
    # The patient links by importing the coach's bundle (it names the coach and their exchange id).
    bundle = export_program(coach, program_id, tmp_path / "first.coachprog")
    import_program(patient, bundle.path)
    link = linked_coach(patient)
    assert link is not None and link == type(link)(profile_uuid(coach), "Dr Rivera")
    followed = ProgramService(patient).active_assignment()

    coach_sees(coach, shared)
    other = next(i.program.id for i in programs.all() if i.program.id != program_id)
    sent = send_program(coach, other, profile_uuid(patient))
    assert sent == shared / "to-patient" / profile_uuid(patient) / f"{other}.coachprog"
    settle(shared)

    report = scan_incoming(patient)
    assert len(report.new_programs) == 1
    [pending] = pending_programs(patient)
    assert pending.notice.startswith("A new program from Dr Rivera: ")
    assert ProgramService(patient).active_assignment() == followed  # nothing applied by itself
    assert scan_incoming(patient).new_programs == []  # offered once, not on every scan

    preview = review_program(patient, pending.name)
    assert preview.program_title == pending.title
    accept_program(patient, pending.name, preview)
    active = ProgramService(patient).active_assignment()
    assert active is not None and active.program_id == preview.program_id
    assert pending_programs(patient) == []


def test_a_declined_program_is_not_offered_again(
    patient: AppContext, coach: AppContext, shared: Path
) -> None:
    coach_sees(coach, shared)
    send_program(coach, ProgramService(coach).all()[0].program.id, profile_uuid(patient))
    settle(shared)
    scan_incoming(patient)
    [pending] = pending_programs(patient)
    dismiss_program(patient, pending.name)
    assert pending_programs(patient) == []
    assert scan_incoming(patient).new_programs == []


def test_a_program_from_another_coach_is_refused(
    patient: AppContext, coach: AppContext, shared: Path, tmp_path: Path, clock: FixedClock
) -> None:
    bundle = export_program(coach, ProgramService(coach).all()[0].program.id, tmp_path / "b.coachprog")
    import_program(patient, bundle.path)
    stranger = open_person(tmp_path, "coach", "Someone", clock)
    set_exchange_folder(stranger, shared)
    send_program(stranger, ProgramService(stranger).all()[0].program.id, profile_uuid(patient))
    settle(shared)
    report = scan_incoming(patient)
    assert report.new_programs == [] and "not from Dr Rivera" in report.refused[0][1]
    stranger.close()


def test_an_old_bundle_without_a_coach_id_still_imports_and_links_nobody(
    patient: AppContext, tmp_path: Path, clock: FixedClock
) -> None:
    other_patient = open_person(tmp_path, "patient", "Jo", clock)
    bundle = export_program(
        other_patient, ProgramService(other_patient).all()[0].program.id, tmp_path / "o.coachprog"
    )
    import_program(patient, bundle.path)
    assert linked_coach(patient) is None
    other_patient.close()


def test_sync_now_writes_and_reads_and_says_so(patient: AppContext, shared: Path) -> None:
    report = sync_now(patient)
    assert report.written == [f"to-coach/{profile_uuid(patient)}.coachprogress"]
    assert report.lines()[0].startswith("Wrote to-coach/")
    status = exchange_status(patient)
    assert status.last_written is not None and status.role == "patient"


def test_the_folder_is_never_the_apps_own_data(patient: AppContext) -> None:
    with pytest.raises(CoachError, match="data folder"):
        set_exchange_folder(patient, patient.paths.data_dir / "profiles")
    with pytest.raises(CoachError, match="not a folder"):
        set_exchange_folder(patient, patient.paths.data_dir.parent / "missing")


def test_choosing_the_folder_writes_the_file_at_once(tmp_path: Path, clock: FixedClock, shared: Path) -> None:
    ctx = open_person(tmp_path, "patient", "Sam", clock)
    writer = AutoWriter(ctx)
    practise(ctx)  # no folder yet: nothing to write to
    set_exchange_folder(ctx, shared)
    assert (shared / "to-coach" / f"{profile_uuid(ctx)}.coachprogress").is_file()
    writer.close()
    ctx.close()


def test_a_refused_file_removed_from_the_folder_leaves_the_status(coach: AppContext, shared: Path) -> None:
    bad = shared / "to-coach" / "0b6f0e55-1d39-4a8a-9a55-8a44c4f1e0c1.coachprogress"
    bad.parent.mkdir()
    bad.write_bytes(b"nonsense")
    coach_sees(coach, shared)
    settle(shared)
    scan_incoming(coach)
    assert len(exchange_status(coach).refused) == 1
    bad.unlink()
    assert exchange_status(coach).refused == ()
