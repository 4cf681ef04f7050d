"""The coach's caseload as a triage queue: every patient (by id) with their flags from today's point of
view, most pressing first, and what the coach does with a row (rename, mark as reviewed, mark as viewed).

The order is coach.domain.triage's; this module gathers its facts from the stored records (the latest file
of each patient, the review log) and the coach's settings (the done share of a session, the PEG rise).
`caseload_patient` builds one row alone, so a view can update the row a new file touched without reading
everyone again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from coach.domain import overview_codec
from coach.domain import triage as tr
from coach.domain.errors import CoachError
from coach.domain.progress_review import PatientOverview
from coach.domain.settings import PEG_RISE_POINTS, SESSION_DONE_FRACTION
from coach.domain.timefmt import from_db, local_date
from coach.services.caseload.importing import legacy_id, stored_order
from coach.services.caseload.progress_files import SkippedRecord, overview_of, require_coach
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.caseload_repo import CaseloadRepo, PatientRecordRow, ReviewEntry

_log = logging.getLogger(__name__)
MAX_NOTE = 2000


def _now(ctx: AppContext) -> str:
    """Now (the app's clock) as stored: ISO-8601 UTC to the second."""
    return ctx.clock.now().astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CaseloadPatient:
    """One row of the queue. `name` is the coach's name for the patient (their own rename, else the name in
    the latest file); `entry` the triage (flags with severity, day and text; group); `last_file` the day
    the latest file arrived; `is_new` new data the coach has not looked at yet."""

    patient_id: str
    record_id: int
    name: str
    name_in_file: str
    legacy: bool
    overview: PatientOverview
    entry: tr.TriageEntry
    last_file: date | None
    is_new: bool
    last_review: ReviewEntry | None

    def sort_key(self) -> tuple[Any, ...]:
        return self.entry.sort_key()

    def as_json(self) -> dict[str, Any]:
        """The shape `coach progress patients --json` prints (dates as YYYY-MM-DD or null)."""
        o = self.overview
        return {
            "id": self.patient_id,
            "record_id": self.record_id,
            "name": self.name,
            "name_in_file": self.name_in_file,
            "legacy": self.legacy,
            "group": tr.GROUP_LABELS[self.entry.group],
            "severity": self.entry.severity,
            "flags": [
                {
                    "kind": f.kind,
                    "severity": f.severity,
                    "date": f.on.isoformat() if f.on else None,
                    "text": f.text,
                    "reviewed": f.reviewed,
                }
                for f in self.entry.flags
            ],
            "last_activity": _iso(o.last_activity),
            "last_file_received": _iso(self.last_file),
            "last_practice": _iso(o.last_practice),
            "range_start": _iso(o.range_start),
            "range_end": _iso(o.range_end),
            "sessions_done": o.sessions_completed,
            "sessions_partial": o.sessions_partial,
            "minutes_practised": o.minutes_practised,
            "adherence_percent": o.adherence_percent,
            "peg_trend": o.peg_trend,
            "lessons_done": o.lessons_done,
            "lessons_total": o.lessons_total,
            "reviewed_at": self.last_review.reviewed_at if self.last_review else None,
            "new": self.is_new,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Caseload:
    """The queue (`queue`, most pressing first), the same patients' overviews in that order (`patients`),
    the records that cannot be shown (`skipped`) and patients per severity (`counts`, see
    coach.domain.triage.severity_counts)."""

    queue: list[CaseloadPatient]
    skipped: list[SkippedRecord]
    counts: dict[str, int]

    @property
    def patients(self) -> list[PatientOverview]:
        return [p.overview for p in self.queue]


@dataclass(frozen=True)
class _Rules:
    today: date
    done_fraction: float
    peg_rise: float
    zone: Any


def _rules(ctx: AppContext) -> _Rules:
    zone = ctx.clock.local_zone()
    return _Rules(
        local_date(ctx.clock.now(), zone),
        ctx.store.setting(SESSION_DONE_FRACTION),
        ctx.store.setting(PEG_RISE_POINTS),
        zone,
    )


def _key(row: PatientRecordRow) -> str:
    return row.patient_id or legacy_id(row.name)


def _overview(
    row: PatientRecordRow, rules: _Rules, repo: CaseloadRepo | None
) -> PatientOverview | SkippedRecord:
    """The row's review: from its summary when that was made with today's rules, else from its data
    (fetched when the row was read without it)."""
    name = row.display_name or row.name
    cached = overview_codec.decode(row.summary, row.id, name, rules.done_fraction)
    if cached is not None:
        return cached
    if not row.data and repo is not None:
        row = repo.patient_record(row.id) or row
    overview = overview_of(row, rules.done_fraction)
    return overview if isinstance(overview, SkippedRecord) else overview_codec.renamed(overview, name)


def _patient(
    row: PatientRecordRow, rules: _Rules, review: ReviewEntry | None, repo: CaseloadRepo | None = None
) -> CaseloadPatient | SkippedRecord:
    overview = _overview(row, rules, repo)
    if isinstance(overview, SkippedRecord):
        return overview
    name = row.display_name or row.name
    received = _received(row, rules)
    reviewed: frozenset[str] = frozenset()
    if review is not None:
        try:
            reviewed = frozenset(str(k) for k in json.loads(review.flags))
        except (ValueError, TypeError):
            reviewed = frozenset()
    facts = tr.TriageFacts(
        patient_id=_key(row),
        name=name,
        clinical=overview.review_flags,
        peg=overview.peg,
        last_practice=overview.last_practice,
        sessions_shared="sessions" in overview.shared,
        last_file=received,
        reviewed=reviewed,
    )
    entry = tr.triage(facts, rules.today, rules.peg_rise)
    return CaseloadPatient(
        patient_id=_key(row),
        record_id=row.id,
        name=name,
        name_in_file=row.name,
        legacy=row.patient_id is None or row.patient_id.startswith("legacy-"),
        overview=overview,
        entry=entry,
        last_file=received,
        is_new=bool(row.changed_at) and (row.viewed_at is None or row.viewed_at < str(row.changed_at)),
        last_review=review,
    )


def _received(row: PatientRecordRow, rules: _Rules) -> date | None:
    try:
        return local_date(from_db(row.imported_at), rules.zone)
    except (ValueError, TypeError):
        return None


def _order(row: PatientRecordRow) -> tuple[Any, ...]:
    """How new a row's data is, among rows of one patient key."""
    return (stored_order(row), row.imported_at, row.id)


def caseload(ctx: AppContext) -> Caseload:
    """Every patient once (by id; rows stored before ids by the name in the file), most pressing first."""
    repo = CaseloadRepo(ctx.store)
    rules = _rules(ctx)
    reviews = repo.latest_reviews()
    groups: dict[str, list[PatientRecordRow]] = {}
    for row in repo.patient_records(with_data=False):
        groups.setdefault(_key(row), []).append(row)
    queue: list[CaseloadPatient] = []
    skipped: list[SkippedRecord] = []
    for key, rows in groups.items():
        # Rows of one key: one per patient id; several only for records stored before ids (one per old
        # import). The newest readable one is shown; every unreadable one is named, never hidden.
        shown: CaseloadPatient | None = None
        for row in sorted(rows, key=_order, reverse=True):
            made = _patient(row, rules, reviews.get(key), repo) if shown is None or len(rows) > 1 else None
            if isinstance(made, SkippedRecord):
                skipped.append(made)
            elif made is not None and shown is None:
                shown = made
        if shown is not None:
            queue.append(shown)
    queue.sort(key=CaseloadPatient.sort_key)
    skipped.sort(key=lambda s: s.record_id)
    return Caseload(queue, skipped, tr.severity_counts(p.entry for p in queue))


def caseload_patient(ctx: AppContext, record_id: int) -> CaseloadPatient:
    """One row of the queue by record id; CoachError when there is none or it cannot be shown."""
    repo = CaseloadRepo(ctx.store)
    row = repo.patient_record(record_id)
    if row is None:
        raise CoachError(f"no patient record number {record_id} (see `coach progress patients`)")
    reviews = repo.reviews(_key(row))
    made = _patient(row, _rules(ctx), reviews[0] if reviews else None, repo)
    if isinstance(made, SkippedRecord):
        raise CoachError(made.message)
    return made


def rename_patient(ctx: AppContext, record_id: int, name: str) -> CaseloadPatient:
    """Give a patient the coach's own name ('' goes back to the name in their files); kept when new files
    arrive. CoachError for no such record or a name over 80 characters."""
    require_coach(ctx)
    text = " ".join(name.split())
    if len(text) > 80:
        raise CoachError("the name is too long (80 characters at most)")
    repo = CaseloadRepo(ctx.store)
    if repo.patient_record(record_id) is None:
        raise CoachError(f"no patient record number {record_id} (see `coach progress patients`)")
    with ctx.store.transaction():
        repo.set_display_name(record_id, text)
    ctx.bus.publish(Topic.CASELOAD)
    return caseload_patient(ctx, record_id)


def mark_reviewed(ctx: AppContext, record_id: int, note: str = "") -> ReviewEntry:
    """Log that the coach reviewed a patient's current flags, with a note: those flags drop down the queue
    until something new arrives. CoachError for no such record or a note over MAX_NOTE characters."""
    require_coach(ctx)
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise CoachError(f"the note is too long ({len(text)} characters; {MAX_NOTE} at most)")
    patient = caseload_patient(ctx, record_id)
    keys = sorted(f.key for f in patient.entry.flags)
    repo = CaseloadRepo(ctx.store)
    with ctx.store.transaction():
        repo.add_review(patient.patient_id, _now(ctx), text, json.dumps(keys))
        repo.set_viewed(record_id, _now(ctx))
    ctx.bus.publish(Topic.CASELOAD)
    return repo.reviews(patient.patient_id)[0]


def review_log(ctx: AppContext, record_id: int) -> list[ReviewEntry]:
    """A patient's reviews, newest first; CoachError for no such record."""
    return CaseloadRepo(ctx.store).reviews(caseload_patient(ctx, record_id).patient_id)


def mark_viewed(ctx: AppContext, record_id: int, *, origin: object | None = None) -> None:
    """The coach looked at this patient: the "new" mark goes until new data arrives."""
    require_coach(ctx)
    with ctx.store.transaction():
        CaseloadRepo(ctx.store).set_viewed(record_id, _now(ctx))
    ctx.bus.publish(Topic.CASELOAD, origin=origin)
