"""Bringing patients' progress files into the caseload: one file, or many files and folders, each with a
plain outcome (imported, updated, already up to date, older, refused), keyed by the patient's id.

A file names its patient by their profile's UUID (format 2); two patients called "Alex" are two people and
"SAM " after "Sam" is the same person only when the id matches. Version 1 files carry no id: they are kept
as "legacy" records keyed by a hash of the name in the file (what the app did before ids), and say so.
The same file again is "already up to date"; an older file (lower sequence number, or earlier generation)
never replaces newer data. What is stored stays compact: one row per patient with the latest file, and one
row per patient and day of everything received, rewritten only for the days a file changes.

Reading and checking a file (`read_progress_file`) touches no database and may run on the background
runner; `apply_progress` stores one checked file and must run where the database is (the GUI thread).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from coach.domain import overview_codec
from coach.domain.bundle_manifest import BundleError
from coach.domain.errors import CoachError
from coach.domain.progress_review import review
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.services.caseload.progress_files import (
    PROGRESS_SUFFIX,
    ProgressFile,
    read_progress_file,
    require_coach,
)
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.programs.bundles import sha256
from coach.storage.caseload_repo import CaseloadRepo, PatientRecordRow

IMPORTED, UPDATED, UP_TO_DATE, OLDER, REFUSED = "imported", "updated", "up to date", "older", "refused"
OUTCOMES: tuple[str, ...] = (IMPORTED, UPDATED, UP_TO_DATE, OLDER, REFUSED)
MAX_FILES = 5000  # one import: a weekly round of a large caseload, with room to spare


def _now(ctx: AppContext) -> str:
    """Now (the app's clock) as stored: ISO-8601 UTC to the second."""
    return ctx.clock.now().astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one file: `status` one of OUTCOMES, `message` one plain line (the reason when
    refused), and the patient it was about when the file could be read."""

    path: Path
    status: str
    message: str
    patient_id: str | None = None
    record_id: int | None = None
    name: str = ""

    @property
    def changed(self) -> bool:
        """The caseload changed (imported or updated)."""
        return self.status in (IMPORTED, UPDATED)

    @property
    def line(self) -> str:
        """`ana.coachprogress: updated Ana (2026-11-01 to 2026-11-28)`."""
        return f"{self.path.name}: {self.message}"


def legacy_id(name: str) -> str:
    """The key of a version 1 file (no patient id): `legacy-` and a hash of its name, trimmed and
    case-folded, so the same name lands on the same record as before ids."""
    digest = hashlib.sha256(name.strip().casefold().encode("utf-8")).hexdigest()[:16]
    return f"legacy-{digest}"


def patient_key(progress: ProgressFile) -> str:
    """The caseload key of a file: its patient id, or the legacy key of its name."""
    m = progress.manifest
    return m.patient_id if m.patient_id is not None else legacy_id(m.patient_name)


def progress_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to import from files and folders: a folder gives its .coachprogress files (and its
    subfolders'), sorted by name; a file is taken as given (a wrong one is refused with a reason). Each
    file once; at most MAX_FILES (CoachError beyond)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = (
            sorted(p for p in path.rglob(f"*{PROGRESS_SUFFIX}") if p.is_file()) if path.is_dir() else [path]
        )
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(item)
        if len(out) > MAX_FILES:
            raise CoachError(f"more than {MAX_FILES} progress files at once: import a smaller folder")
    return out


def split_days(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{YYYY-MM-DD: {part: [rows of that day]}} of a file's dated rows (sessions, check-ins, withdrawal,
    journal, MME taken, lessons finished, dose days): what the compact history keeps per day."""
    days: dict[str, dict[str, Any]] = {}

    def put(day: str, part: str, row: Any) -> None:
        days.setdefault(day, {}).setdefault(part, []).append(row)

    for part in ("sessions", "checkins", "withdrawal", "journal"):
        for row in data.get(part, []):
            put(row["date"], part, row)
    for row in (data.get("taper") or {}).get("taken_mme", []):
        put(row["date"], "taken_mme", row)
    for row in (data.get("lessons") or {}).get("finished", []):
        put(row["date"], "lessons", row)
    for med in data.get("doses", []):
        for day in med.get("extra_days", []):
            put(day, "extra_doses", med["medicine"])
        for day in med.get("missed_days", []):
            put(day, "missed_doses", med["medicine"])
    return days


def stored_order(row: PatientRecordRow) -> tuple[Any, ...]:
    """How new a stored record's data is: (sequence, generated_at) for a file with an id, else (range end,
    created_at) as version 1 files were ordered."""
    if row.sequence is not None and row.generated_at is not None:
        return (row.sequence, row.generated_at)
    try:
        created = str(json.loads(row.data).get("created_at", ""))
    except (ValueError, AttributeError):
        created = ""
    return (row.range_end or "", created)


def _incoming_order(progress: ProgressFile) -> tuple[Any, ...]:
    m = progress.manifest
    if m.sequence is not None and m.generated_at is not None:
        return (m.sequence, m.generated_at)
    return (m.range_end.isoformat(), m.created_at)


def _range(progress: ProgressFile) -> str:
    m = progress.manifest
    return f"{m.range_start.isoformat()} to {m.range_end.isoformat()}"


def apply_progress(
    ctx: AppContext,
    progress: ProgressFile,
    path: Path,
    name: str | None = None,
    *,
    origin: object | None = None,
) -> ImportOutcome:
    """Store one checked progress file in the caseload and say what became of it. `name` renames the
    patient locally (kept apart from the name in the file). Publishes Topic.CASELOAD (with `origin`, so a
    view that updates its own row can skip the echo) when something changed. CoachError when this is not a
    coach profile."""
    require_coach(ctx)
    m = progress.manifest
    key = patient_key(progress)
    payload = json.dumps(progress.data, sort_keys=True, ensure_ascii=False)
    digest = sha256(payload.encode("utf-8"))
    repo = CaseloadRepo(ctx.store)
    stored = repo.record_for_patient(key)
    label = (name or "").strip()[:80] or (stored.display_name if stored else "") or m.patient_name
    if (
        stored is not None
        and stored.file_sha256 == digest
        and stored_order(stored) == _incoming_order(progress)
    ):
        return ImportOutcome(path, UP_TO_DATE, f"{label}: already up to date", key, stored.id, label)
    if stored is not None and _incoming_order(progress) <= stored_order(stored):
        return ImportOutcome(
            path, OLDER, f"{label}: older than what you have; kept the newer one", key, stored.id, label
        )
    now = _now(ctx)
    done_fraction = ctx.store.setting(SESSION_DONE_FRACTION)
    overview = review(
        0, m.patient_name, now, m.range_start, m.range_end, progress.data, tuple(m.shared), done_fraction
    )
    record = {
        "shared": list(m.shared),
        "created_at": m.created_at,
        "format_version": m.format_version,
        "data": progress.data,
    }
    fields: dict[str, Any] = {
        "name": m.patient_name[:80],
        "imported_at": now,
        "range_start": m.range_start.isoformat(),
        "range_end": m.range_end.isoformat(),
        "data": json.dumps(record, ensure_ascii=False),
        "patient_id": key,
        "generated_at": m.generated_at,
        "sequence": m.sequence,
        "file_sha256": digest,
        "changed_at": now,
        "summary": overview_codec.encode(overview, done_fraction),
    }
    with ctx.store.transaction():
        record_id = repo.save_patient(stored.id if stored else None, fields)
        if name and name.strip():
            repo.set_display_name(record_id, name.strip()[:80])
        _store_days(repo, key, progress)
    ctx.bus.publish(Topic.CASELOAD, origin=origin)
    status = UPDATED if stored is not None else IMPORTED
    legacy = " (an older file without a patient id: ask them to update the app)" if m.is_legacy else ""
    return ImportOutcome(
        path, status, f"{status} {label} ({_range(progress)}){legacy}", key, record_id, label
    )


def _store_days(repo: CaseloadRepo, key: str, progress: ProgressFile) -> None:
    """Rewrite only the days of the file's range whose rows differ from what is stored (a day the file
    covers with nothing shared is forgotten, as the patient's own record no longer has it)."""
    m = progress.manifest
    first, last = m.range_start.isoformat(), m.range_end.isoformat()
    stored = repo.days_between(key, first, last)
    incoming = {
        day: json.dumps(rows, sort_keys=True, ensure_ascii=False)
        for day, rows in split_days(progress.data).items()
    }
    changed: dict[str, str | None] = {day: text for day, text in incoming.items() if stored.get(day) != text}
    changed.update({day: None for day in stored if day not in incoming})
    if changed:
        repo.put_days(key, changed)


def import_file(ctx: AppContext, path: Path, name: str | None = None) -> ImportOutcome:
    """Read, check and store one file; a file that cannot be used is a REFUSED outcome with the reason
    (nothing is stored). CoachError only when this is not a coach profile."""
    require_coach(ctx)
    try:
        progress = read_progress_file(path)
    except CoachError as exc:
        return ImportOutcome(path, REFUSED, f"refused: {exc}")
    except OSError as exc:
        return ImportOutcome(path, REFUSED, f"refused: cannot read the file ({exc.strerror or exc})")
    return apply_progress(ctx, progress, path, name)


def import_paths(
    ctx: AppContext,
    paths: Iterable[Path],
    name: str | None = None,
    on_outcome: Callable[[ImportOutcome], None] | None = None,
) -> list[ImportOutcome]:
    """Import every progress file in `paths` (files and folders, see progress_paths), in order; one outcome
    per file. `name` is only for a single file. CoachError when this is not a coach profile, when a folder
    holds no progress file, or for too many files."""
    require_coach(ctx)
    files = progress_paths(list(paths))
    if not files:
        raise CoachError("no .coachprogress files there")
    if name and len(files) > 1:
        raise CoachError("--name is for one file at a time")
    outcomes: list[ImportOutcome] = []
    for path in files:
        outcome = import_file(ctx, path, name)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def summary_counts(outcomes: Iterable[ImportOutcome]) -> dict[str, int]:
    """How many files had each outcome, in OUTCOMES order (zeros included)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts


def summary_line(outcomes: list[ImportOutcome]) -> str:
    """`3 files: 1 imported, 1 updated, 1 refused` (outcomes that did not happen are left out)."""
    from coach.domain.wording import count

    counts = summary_counts(outcomes)
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    return f"{count(len(outcomes), 'file')}: " + ", ".join(parts)


def refusal(outcome: ImportOutcome) -> BundleError:
    """A refused outcome as the error a single-file import raises."""
    return BundleError(outcome.message.removeprefix("refused: "))
