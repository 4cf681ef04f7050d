"""A coach's stored patient records: whether this profile may hold them, each record's review (or why it
cannot be shown), the triage caseload over them, one record's shared data, and removing a record."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.domain.bundle_manifest import EARLIEST_DATE, LATEST_DATE, BundleError, check_date_range
from coach.domain.errors import CoachError
from coach.domain.progress_review import PatientOverview, review
from coach.domain.session_done import DEFAULT_DONE_FRACTION
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.caseload_repo import CaseloadRepo, PatientRecordRow

if TYPE_CHECKING:
    from coach.services.caseload.queue import Caseload

_log = logging.getLogger(__name__)


def require_coach(ctx: AppContext) -> None:
    """CoachError unless this is a coach profile (progress files are imported there only)."""
    if ctx.store.profile().kind != "coach":
        raise CoachError(
            "progress files are opened in a coach profile:"
            " create one with `coach profiles create NAME --kind coach`"
        )


@dataclass(frozen=True)
class SkippedRecord:
    """A stored patient record that cannot be shown (stored by an older version or damaged on disk)."""

    record_id: int
    name: str
    reason: str

    @property
    def message(self) -> str:
        """One plain sentence for the coach: whose record, why, and what to do."""
        return (
            f"The record of {self.name} (record {self.record_id}) cannot be shown: {self.reason}."
            " Remove it and ask them for a new progress file."
        )


def _record_range(row: PatientRecordRow) -> tuple[date | None, date | None]:
    """The stored range, checked as on import; BundleError with a plain reason otherwise."""
    shown = f"its shared dates ({(row.range_start or '')[:20]} to {(row.range_end or '')[:20]})"
    try:
        start = date.fromisoformat(row.range_start) if row.range_start else None
        end = date.fromisoformat(row.range_end) if row.range_end else None
    except (ValueError, TypeError) as exc:
        raise BundleError(f"{shown} are not real dates") from exc
    for day in (start, end):
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise BundleError(f"{shown} are outside {EARLIEST_DATE.year}-{LATEST_DATE.year}")
    if start is not None and end is not None:
        try:
            check_date_range(start, end, "the record")
        except BundleError as exc:
            raise BundleError(f"{shown} are not a range this app can show") from exc
    return start, end


def overview_of(
    row: PatientRecordRow, done_fraction: float = DEFAULT_DONE_FRACTION
) -> PatientOverview | SkippedRecord:
    """The review of one stored record, or why it cannot be reviewed.

    Records are checked whole on import, but one stored by an older version (before the date bounds) or
    changed on disk may still hold anything: whatever goes wrong becomes a SkippedRecord, so one bad
    record never hides every patient.
    """
    try:
        start, end = _record_range(row)
        record = json.loads(row.data)
        data = record["data"]
        if not isinstance(data, dict):
            raise TypeError("data")
        shared = tuple(record.get("shared", ()))
        return review(row.id, row.name, row.imported_at, start, end, data, shared, done_fraction)
    except BundleError as exc:
        reason = str(exc)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        reason = "its stored data is damaged"
    _log.warning("skipped patient record %s: %s", row.id, reason)
    return SkippedRecord(row.id, row.name, reason)


def caseload(ctx: AppContext) -> Caseload:
    """The triage queue (coach.services.caseload.queue.caseload)."""
    from coach.services.caseload.queue import caseload as queue

    return queue(ctx)


def patient_overviews(ctx: AppContext) -> list[PatientOverview]:
    """Every patient's latest readable record, in triage order."""
    return caseload(ctx).patients


def patient_record(ctx: AppContext, record_id: int) -> tuple[PatientOverview, dict[str, Any]]:
    """One record's review and its shared data; CoachError when there is no such record or it cannot
    be read."""
    row = CaseloadRepo(ctx.store).patient_record(record_id)
    if row is None:
        raise CoachError(f"no patient record number {record_id}")
    overview = overview_of(row, ctx.store.setting(SESSION_DONE_FRACTION))
    if isinstance(overview, SkippedRecord):
        raise CoachError(overview.message)
    return overview, dict(json.loads(row.data)["data"])


def describe_patient_record(ctx: AppContext, record_id: int) -> str:
    """`Ana (record 3, shared 2026-10-25 to 2026-11-21)`, read without checking the record, so that an
    unreadable one can still be named before it is removed. CoachError when there is no such record."""
    row = CaseloadRepo(ctx.store).patient_record(record_id)
    if row is None:
        raise CoachError(f"no patient record number {record_id} (see `coach progress patients`)")
    dates = f", shared {row.range_start} to {row.range_end}" if row.range_start and row.range_end else ""
    return f"{row.name} (record {row.id}{dates})"


def remove_patient_record(ctx: AppContext, record_id: int) -> str:
    """Delete one imported record (readable or not) and return the patient name it was stored under.
    Raises CoachError when there is no record with that number. Publishes Topic.ALL, like an import."""
    require_coach(ctx)
    repo = CaseloadRepo(ctx.store)
    row = repo.patient_record(record_id)
    if row is None:
        raise CoachError(f"no patient record number {record_id} (see `coach progress patients`)")
    with ctx.store.transaction():
        repo.delete_patient_record(record_id)
        if row.patient_id and repo.record_for_patient(row.patient_id) is None:
            repo.forget_days(row.patient_id)
    ctx.bus.publish(Topic.CASELOAD)
    return row.display_name or row.name
