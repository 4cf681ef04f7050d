"""Progress files a coach imports: dates and sizes are bounded before anything is stored, a stored record
that cannot be read is skipped with a warning (never hiding the other patients), and any record can be
removed."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.caseload.progress_files import (
    caseload,
    describe_patient_record,
    import_progress,
    patient_overviews,
    patient_record,
    remove_patient_record,
)
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.storage.caseload_repo import CaseloadRepo
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


@pytest.fixture
def coach_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(data_dir, "coach-sam"))
    store.update_profile(kind="coach", nickname="Sam")
    yield AppContext(store=store, clock=clock)
    store.close()


SESSION = {"date": "2026-11-20", "exercise_id": "body-scan", "status": "completed", "pre_pain": 6}
PEG = {"date": "2026-11-19", "kind": "peg", "score": 5.0}


def progress_file(
    path: Path,
    data: dict[str, Any] | None = None,
    *,
    name: str = "Ana",
    start: str = "2026-10-25",
    end: str = "2026-11-21",
    **manifest_changes: Any,
) -> Path:
    """A .coachprogress file as the app writes one, with its manifest dates and data as given."""
    data = {"sessions": [SESSION], "checkins": [PEG]} if data is None else data
    payload = json.dumps(data).encode()
    manifest = {
        "format": "coachprogress",
        "format_version": 1,
        "created_at": "2026-11-21T15:00:00+00:00",
        "app_version": "0.1.0",
        "patient_name": name,
        "range_start": start,
        "range_end": end,
        "shared": sorted(data),
        "files": [
            {"path": "progress.json", "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
        ],
        **manifest_changes,
    }
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("progress.json", payload)
    return path


def test_the_good_file_used_below_is_itself_accepted(coach_ctx: AppContext, tmp_path: Path) -> None:
    record_id = import_progress(coach_ctx, progress_file(tmp_path / "ana.coachprogress"))
    (overview,) = patient_overviews(coach_ctx)
    assert overview.record_id == record_id and overview.name == "Ana" and overview.sessions_completed == 1


def test_the_real_case_a_range_in_year_1_is_refused_and_nothing_is_stored(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    """Issue 14: 0001-01-01 to 0001-01-02 was stored; then every overview crashed with OverflowError."""
    path = progress_file(
        tmp_path / "year-one.coachprogress", {"sessions": []}, start="0001-01-01", end="0001-01-02"
    )
    before = coach_ctx.store.counts()
    with pytest.raises(CoachError) as info:
        import_progress(coach_ctx, path)
    message = str(info.value)
    assert "range_start is 0001-01-01, outside 1900-2200" in message and "\n" not in message
    assert coach_ctx.store.counts() == before
    assert patient_overviews(coach_ctx) == []


BAD_FILES: list[Any] = [
    pytest.param(
        {"end": "2201-01-01"}, None, "range_end is 2201-01-01, outside 1900-2200", id="end-after-2200"
    ),
    pytest.param({"start": "1899-12-31"}, None, "outside 1900-2200", id="start-before-1900"),
    pytest.param({"start": "2026-11-21", "end": "2026-11-20"}, None, "ends before it starts", id="backwards"),
    pytest.param({"start": "1990-01-01", "end": "2026-11-21"}, None, "longer than 10 years", id="decades"),
    pytest.param(
        {"created_at": "0001-01-01T00:00:00+00:00"}, None, "created_at is 0001-01-01", id="created-year-1"
    ),
    pytest.param({"created_at": "yesterday"}, None, "created_at is not a real date", id="created-not-a-date"),
    pytest.param(
        {},
        {"sessions": [dict(SESSION, date="0001-01-01")]},
        "sessions[0].date is 0001-01-01",
        id="row-year-1",
    ),
    pytest.param(
        {},
        {"checkins": [dict(PEG, date="2025-01-01")]},
        "checkins[0].date (2025-01-01) is outside the shared dates",
        id="row-outside-range",
    ),
    pytest.param(
        {},
        {"taper": {"name": "Plan", "steps": [{"date": "9999-12-31", "target_mme": 30}]}},
        "taper.steps[0].date is 9999-12-31",
        id="taper-year-9999",
    ),
    pytest.param(
        {},
        {"taper": {"name": "Plan", "steps": [{"date": "2026-12-01", "target_mme": 1e308}]}},
        "target_mme is too large",
        id="taper-dose-1e308",
    ),
    pytest.param(
        {},
        {"program": {"title": "P", "started_on": "0001-01-01", "planned": 3, "done": 1}},
        "program.started_on is 0001-01-01",
        id="program-year-1",
    ),
    pytest.param(
        {},
        {"program": {"title": "P", "started_on": "2026-11-01", "planned": 10**18, "done": 1}},
        "planned is too large",
        id="program-huge-count",
    ),
    pytest.param({}, {"sessions": [SESSION] * 5001}, "sessions is too large", id="too-many-rows"),
    pytest.param(
        {},
        {"journal": [{"date": "2026-11-20", "kind": "journal", "text": "x" * 5001}]},
        "text is too large",
        id="overlong-text",
    ),
]


@pytest.mark.parametrize(("manifest", "data", "reason"), BAD_FILES)
def test_out_of_bounds_dates_and_sizes_are_refused_with_one_line(
    coach_ctx: AppContext, tmp_path: Path, manifest: dict[str, Any], data: dict[str, Any] | None, reason: str
) -> None:
    path = progress_file(tmp_path / "bad.coachprogress", data, **manifest)
    before = coach_ctx.store.counts()
    with pytest.raises(CoachError) as info:
        import_progress(coach_ctx, path)
    message = str(info.value)
    assert reason in message, message
    assert "\n" not in message and len(message) < 200
    assert coach_ctx.store.counts() == before


def _store_raw(ctx: AppContext, name: str, start: str | None, end: str | None, data: str) -> int:
    """A record exactly as an older version stored it (before the bounds) or as damage left it."""
    with ctx.store.transaction():
        return CaseloadRepo(ctx.store).add_patient_record(
            name=name,
            imported_at="2026-11-01T10:00:00+00:00",
            range_start=start or "",
            range_end=end or "",
            data=data,
        )


YEAR_ONE = json.dumps(
    {"shared": ["sessions"], "created_at": "2026-11-01T10:00:00+00:00", "data": {"sessions": []}}
)


def test_a_stored_record_that_cannot_be_read_is_skipped_with_a_warning_and_others_still_show(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    good = import_progress(coach_ctx, progress_file(tmp_path / "ana.coachprogress"))
    year_one = _store_raw(coach_ctx, "Bob", "0001-01-01", "0001-01-02", YEAR_ONE)
    damaged = _store_raw(coach_ctx, "Cleo", "2026-10-01", "2026-10-28", "{not json")

    found = caseload(coach_ctx)

    assert [o.record_id for o in found.patients] == [good]
    assert [(s.record_id, s.name) for s in found.skipped] == [(year_one, "Bob"), (damaged, "Cleo")]
    bob, cleo = found.skipped
    assert (
        "its shared dates (0001-01-01 to 0001-01-02) are outside 1900-2200" in bob.message
        and "Remove it" in bob.message
    )
    assert "damaged" in cleo.message
    assert [o.record_id for o in patient_overviews(coach_ctx)] == [good]
    with pytest.raises(CoachError, match=re.escape(bob.message)):
        patient_record(coach_ctx, year_one)
    assert patient_record(coach_ctx, good)[0].name == "Ana"


def test_an_unreadable_latest_record_does_not_hide_the_patients_earlier_one(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    earlier = import_progress(coach_ctx, progress_file(tmp_path / "ana.coachprogress"))
    _store_raw(coach_ctx, "Ana", "0001-01-01", "0001-01-02", YEAR_ONE)
    found = caseload(coach_ctx)
    assert [o.record_id for o in found.patients] == [earlier] and len(found.skipped) == 1


def test_remove_deletes_any_record_even_an_unreadable_one_and_announces_it(
    coach_ctx: AppContext, tmp_path: Path
) -> None:
    good = import_progress(coach_ctx, progress_file(tmp_path / "ana.coachprogress"))
    bad = _store_raw(coach_ctx, "Bob", "0001-01-01", "0001-01-02", YEAR_ONE)
    heard: list[Changes] = []
    coach_ctx.bus.subscribe(heard.append)

    assert describe_patient_record(coach_ctx, bad) == f"Bob (record {bad}, shared 0001-01-01 to 0001-01-02)"
    assert remove_patient_record(coach_ctx, bad) == "Bob"

    found = caseload(coach_ctx)
    assert found.skipped == [] and [o.record_id for o in found.patients] == [good]
    assert [c.topics for c in heard] == [frozenset({Topic.CASELOAD})]
    with pytest.raises(CoachError, match=f"no patient record number {bad}"):
        remove_patient_record(coach_ctx, bad)
    remove_patient_record(coach_ctx, good)
    assert caseload(coach_ctx).patients == []
