"""Progress files (.coachprogress): a patient shares a date range and chosen parts of their record (export),
and a coach's app reads one and imports it as a read-only patient record. The records themselves (review,
caseload, removal) are coach/services/caseload/patient_records.py, re-exported here for their callers."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach import __version__
from coach.domain.bundle_manifest import (
    MANIFEST_NAME,
    MAX_RANGE_DAYS,
    PROGRESS_FILE,
    PROGRESS_FORMAT,
    PROGRESS_FORMAT_VERSION,
    BundleError,
    ProgressManifest,
    parse_progress_manifest,
)
from coach.domain.errors import CoachError
from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.domain.progress_review import (
    DEFAULT_SHARE,
    SHAREABLE,
    parse_progress_data,
)
from coach.domain.settings import PROGRESS_SEQUENCE
from coach.domain.timefmt import from_db, local_date, local_day_bounds
from coach.services.caseload.patient_records import (  # the records, where their callers found them
    SkippedRecord as SkippedRecord,
)
from coach.services.caseload.patient_records import caseload as caseload
from coach.services.caseload.patient_records import describe_patient_record as describe_patient_record
from coach.services.caseload.patient_records import overview_of as overview_of
from coach.services.caseload.patient_records import patient_overviews as patient_overviews
from coach.services.caseload.patient_records import patient_record as patient_record
from coach.services.caseload.patient_records import remove_patient_record as remove_patient_record
from coach.services.caseload.patient_records import require_coach as require_coach
from coach.services.context import AppContext
from coach.services.profiles.identity import profile_uuid
from coach.services.programs.bundles import sha256
from coach.services.programs.service import ProgramService
from coach.services.progress.clinical import dose_days_between, lessons_finished
from coach.services.taper.medicines import MedicationService
from coach.storage.caseload_repo import CaseloadRepo
from coach.storage.checkins_repo import CheckinsRepo, WithdrawalEntry
from coach.storage.database import utc_now_iso
from coach.storage.safezip import ZipLimits, read_bundle, write_bundle

PROGRESS_SUFFIX = ".coachprogress"
MAX_DAYS = MAX_RANGE_DAYS
_log = logging.getLogger(__name__)
_LIMITS = ZipLimits(entries=4, total_bytes=8 * 1024 * 1024, file_bytes=4 * 1024 * 1024)


# --- export (patient) -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressExport:
    path: Path
    range_start: date
    range_end: date
    shared: tuple[str, ...]
    counts: dict[str, int]


def _answers(text: str) -> list[float] | None:
    try:
        value = json.loads(text)
    except (TypeError, json.JSONDecodeError):
        return None
    if isinstance(value, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return [float(v) for v in value][:30]
    return None


def _in_range(ctx: AppContext, text: str, start: date, end: date) -> date | None:
    day = local_date(from_db(text), ctx.clock.local_zone())
    return day if start <= day <= end else None


def _collect(ctx: AppContext, start: date, end: date, share: tuple[str, ...]) -> dict[str, Any]:
    repo = CaseloadRepo(ctx.store)
    zone = ctx.clock.local_zone()
    lower, upper = local_day_bounds(start, zone)[0], local_day_bounds(end, zone)[1]
    out: dict[str, Any] = {}
    if "sessions" in share:
        titles = _exercise_titles(ctx)
        rows = []
        for s in repo.sessions_between(lower, upper):
            day = _in_range(ctx, s.started_at, start, end)
            if day is None:
                continue
            row: dict[str, Any] = {
                "date": day.isoformat(),
                "exercise_id": s.exercise_id,
                "status": s.status,
            }
            if s.exercise_id in titles:
                row["title"] = titles[s.exercise_id][:120]
            if s.ended_at:
                minutes = (from_db(s.ended_at) - from_db(s.started_at)).total_seconds() / 60
                row["minutes"] = round(min(max(minutes, 0.0), 600.0), 1)
            # Honest adherence: the coach counts a session by how much was played, not by its status.
            row["fraction"] = round(min(max(float(s.completed_fraction), 0.0), 1.0), 3)
            row["played_seconds"] = round(min(max(float(s.position_s), 0.0), 36000.0), 1)
            ratings = {
                "pre_pain": s.pre_pain,
                "post_pain": s.post_pain,
                "pre_distress": s.pre_distress,
                "post_distress": s.post_distress,
            }
            row.update({key: int(value) for key, value in ratings.items() if value is not None})
            rows.append(row)
        out["sessions"] = rows
    if "checkins" in share:
        rows = []
        for c in repo.checkins_between(lower, upper):
            day = _in_range(ctx, c.at, start, end)
            if day is None:
                continue
            row = {"date": day.isoformat(), "kind": c.kind, "score": float(c.score)}
            answers = _answers(c.answers)
            if answers is not None:
                row["answers"] = answers
            rows.append(row)
        out["checkins"] = rows
    if "withdrawal" in share:
        checklists = CheckinsRepo(ctx.store).withdrawal_between(lower, upper)
        out["withdrawal"] = [
            _withdrawal_row(day, w) for w in checklists if start <= (day := local_date(w.at, zone)) <= end
        ]
    if "doses" in share:
        out["doses"] = [
            {"medicine": d.medicine[:120], "extra_days": [x.isoformat() for x in d.extra_days],
             "missed_days": [x.isoformat() for x in d.missed_days]}
            for d in dose_days_between(ctx, start, end)
        ]  # fmt: skip
    if "journal" in share:
        out["journal"] = [
            {
                "date": day.isoformat(),
                "kind": j.kind,
                **({"intensity": int(j.intensity)} if j.intensity is not None else {}),
                "text": str(j.text)[:5000],
            }
            for j in repo.journal_between(lower, upper)
            if (day := _in_range(ctx, j.at, start, end)) is not None
        ]
    if "program" in share:
        out["program"] = _program_block(ctx, end)
    if "lessons" in share:
        course = lessons_finished(ctx, start, end)
        out["lessons"] = {
            "done": course.done,
            "total": course.total,
            "finished": [
                {"date": day.isoformat(), "lesson_id": lesson_id[:64], "title": title[:120]}
                for day, lesson_id, title in course.in_period
            ],
        }
    if "taper" in share:
        taper = repo.active_taper()
        # The same figures the dose log and the clinician report show (logged doses plus patches worn).
        taken = MedicationService(ctx).taken_mme_by_day(start, end)
        out["taper"] = (
            {
                "name": str(taper.name)[:120] if taper else "",
                "steps": [{"date": day, "target_mme": float(mme)} for day, mme in taper.steps]
                if taper
                else [],
                "taken_mme": [{"date": day.isoformat(), "mme": value} for day, value in taken.items()],
            }
            if taper or taken
            else None
        )
    return out


def _withdrawal_row(day: date, entry: WithdrawalEntry) -> dict[str, Any]:
    """A checklist's day and total, and the symptoms rated severe (4): one alone flags for the coach."""
    row: dict[str, Any] = {"date": day.isoformat(), "total": int(entry.total)}
    severe = [key for key, _label in WITHDRAWAL_ITEMS if entry.answers.get(key) == 4]
    if severe:
        row["severe"] = severe
    return row


def _exercise_titles(ctx: AppContext) -> dict[str, str]:
    try:
        from coach.services.practice.library import ExerciseLibrary

        return {e.id: e.title for e in ExerciseLibrary(ctx.store).all()}
    except CoachError:
        return {}


def _program_block(ctx: AppContext, through: date) -> dict[str, Any] | None:
    programs = ProgramService(ctx)
    assignment = programs.active_assignment()
    if assignment is None:
        return None
    try:
        program = programs.get(assignment.program_id)
        figures = programs.adherence(assignment, through)
    except CoachError:
        return None
    block: dict[str, Any] = {"title": program.title[:120], "started_on": assignment.started_on.isoformat()}
    if figures is not None:
        block.update(planned=figures.planned, done=figures.done, adherence_percent=figures.percent)
    return block


def export_progress(
    ctx: AppContext,
    out: Path,
    days: int = 28,
    share: tuple[str, ...] | list[str] = DEFAULT_SHARE,
    patient_name: str | None = None,
) -> ProgressExport:
    """Write the last `days` days (ending today) of the parts named in `share` to `out`."""
    if not 1 <= days <= MAX_DAYS:
        raise CoachError(f"choose between 1 and {MAX_DAYS} days")
    chosen = tuple(k for k in SHAREABLE if k in set(share))
    unknown = set(share) - set(SHAREABLE)
    if unknown:
        raise CoachError(f"cannot share {sorted(unknown)[0]!r}: choose from {', '.join(SHAREABLE)}")
    if not chosen:
        raise CoachError("choose at least one thing to share")
    end = local_date(ctx.clock.now(), ctx.clock.local_zone())
    start = end - timedelta(days=days - 1)
    data = _collect(ctx, start, end, chosen)
    name = (patient_name if patient_name is not None else ctx.store.profile().nickname).strip() or "Patient"
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    sequence = ctx.store.setting(PROGRESS_SEQUENCE) + 1
    now = utc_now_iso()
    manifest = {
        "format": PROGRESS_FORMAT,
        "format_version": PROGRESS_FORMAT_VERSION,
        "created_at": now,
        "generated_at": now,
        "patient_id": profile_uuid(ctx),
        "sequence": sequence,
        "app_version": __version__,
        "patient_name": name[:80],
        "range_start": start.isoformat(),
        "range_end": end.isoformat(),
        "shared": list(chosen),
        "files": [{"path": PROGRESS_FILE, "size": len(payload), "sha256": sha256(payload)}],
    }
    write_bundle(out, {MANIFEST_NAME: json.dumps(manifest, indent=2).encode("utf-8"), PROGRESS_FILE: payload})
    read_progress_file(out)  # the file we hand over must pass our own import checks
    # Counted only once the file is whole: a failed write does not use up a number.
    ctx.store.set_setting(PROGRESS_SEQUENCE, sequence)
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    return ProgressExport(out, start, end, chosen, counts)


# --- import (coach) -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressFile:
    manifest: ProgressManifest
    data: dict[str, Any]

    def summary(self) -> str:
        m = self.manifest
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.data.items() if isinstance(v, list))
        return f"{m.patient_name}: {m.range_start} to {m.range_end}" + (f" ({counts})" if counts else "")


def read_progress_file(path: Path) -> ProgressFile:
    members = read_bundle(path, _LIMITS)
    if MANIFEST_NAME not in members:
        raise BundleError(f"{path.name} has no {MANIFEST_NAME}: it is not a progress file")
    manifest = parse_progress_manifest(members[MANIFEST_NAME])
    extra = set(members) - {MANIFEST_NAME, PROGRESS_FILE}
    if extra:
        raise BundleError(
            f"the progress file holds a file its manifest does not list ({sorted(extra)[0][:60]!r})"
        )
    entry = manifest.files[PROGRESS_FILE]
    payload = members.get(PROGRESS_FILE)
    if payload is None:
        raise BundleError(f"the progress file is missing {PROGRESS_FILE}")
    if len(payload) != entry.size or sha256(payload) != entry.sha256:
        raise BundleError(f"{PROGRESS_FILE} does not match its checksum: the file is damaged or was changed")
    data = parse_progress_data(payload, within=(manifest.range_start, manifest.range_end))
    not_shared = set(data) - set(manifest.shared)
    if not_shared:
        raise BundleError(
            f"progress.json holds {sorted(not_shared)[0]!r}, which the manifest does not say was shared"
        )
    return ProgressFile(manifest, data)


def import_progress(ctx: AppContext, path: Path, name: str | None = None) -> int:
    """Import one patient's progress file into the caseload (coach.services.caseload.importing) and return
    the patient's record id. BundleError with the reason when the file is refused; the same file again or
    an older one changes nothing and returns the record id all the same."""
    from coach.services.caseload.importing import REFUSED, import_file, refusal

    outcome = import_file(ctx, path, name)
    if outcome.status == REFUSED or outcome.record_id is None:
        raise refusal(outcome)
    return outcome.record_id
