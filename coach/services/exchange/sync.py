"""Reading the exchange folder and saying what happened: the coach's app imports every new or changed
progress file into the caseload, the patient's app notes programs sent to them; `sync_now`, the status.

Writing is elsewhere: the patient's progress file in coach.services.exchange.outgoing, programs sent and
reviewed in coach.services.exchange.programs.

Everything read from the folder goes through the same strict checks as a file imported by hand
(coach.services.caseload.progress_files.import_progress, coach.services.programs.bundles): a hostile or
damaged file becomes one line in the exchange status and never stops the other files. Files a sync app is
still bringing in are left for the next scan: Syncthing's `.syncthing.*.tmp`, any hidden name, and a file
changed in the last SETTLE_SECONDS (still growing). A program is never applied by itself: it waits as
"pending" until the person reviews it (coach.services.programs.bundle_import shows what would change).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.wording import count
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import (
    PROGRAM_SUFFIX,
    PROGRESS_SUFFIX,
    TO_COACH,
    TO_PATIENT,
    ExchangeError,
    exchange_folder,
    is_coach,
    is_uuid,
    linked_coach,
    require_folder,
)
from coach.services.exchange.outgoing import last_written, write_progress
from coach.services.exchange.programs import PendingProgram, pending_programs
from coach.services.profiles.identity import profile_uuid
from coach.storage.caseload_repo import CaseloadRepo
from coach.storage.exchange_repo import ExchangeFileRow, ExchangeRepo

SETTLE_SECONDS = 2.0  # a file changed more recently than this may still be growing
_log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    """What one exchange did: files written, imported, left for later and refused (name, reason)."""

    written: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    unchanged: int = 0
    waiting: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    new_programs: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in plain sentences, one per line."""
        out = [f"Wrote {name}." for name in self.written]
        out += [f"Imported {name}." for name in self.imported]
        out += [f"A new program to review: {name}." for name in self.new_programs]
        if self.unchanged:
            out.append(f"{count(self.unchanged, 'file')} already up to date.")
        # The sync app is still writing these: a few seconds is all it takes (SETTLE_SECONDS).
        out += [f"{name} is still arriving: try again in a few seconds." for name in self.waiting]
        out += [f"Not imported: {name}: {reason}." for name, reason in self.refused]
        return out or ["Nothing new in the exchange folder."]

    def summary(self) -> str:
        """One sentence for a status line, counting rather than naming files (the names are UUIDs)."""
        parts = []
        if self.imported:
            parts.append(f"{count(len(self.imported), 'progress file')} imported")
        if self.new_programs:
            parts.append(f"{count(len(self.new_programs), 'new program')} to review")
        if self.waiting:
            parts.append(f"{count(len(self.waiting), 'file')} still arriving (checked again by itself)")
        if self.refused:
            parts.append(f"{count(len(self.refused), 'file')} not imported (see below)")
        return "Checked just now: " + ("; ".join(parts) if parts else "nothing new") + "."

    def as_json(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "imported": self.imported,
            "new_programs": self.new_programs,
            "unchanged": self.unchanged,
            "waiting": self.waiting,
            "refused": [{"file": name, "reason": reason} for name, reason in self.refused],
        }


# --- reading the folder -----------------------------------------------------------------------------
def _candidates(folder: Path, suffix: str) -> list[Path]:
    """Files that may be ours to read: the right suffix, not hidden, not a sync app's temporary file."""
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or ".syncthing." in name or name.endswith((".tmp", ".partial")):
            continue
        if name.endswith(suffix) and path.is_file() and not path.is_symlink():
            out.append(path)
    return out


def _settled(path: Path) -> bool:
    """False while the file may still be growing (changed in the last SETTLE_SECONDS). File times are the
    real clock's, so this compares with the real clock, not the app's."""
    return time.time() - path.stat().st_mtime >= SETTLE_SECONDS


def _digest(path: Path) -> tuple[str, int]:
    from coach.domain.bundle_manifest import MAX_BUNDLE_BYTES  # jsonschema: not before the first window

    size = path.stat().st_size
    if size > MAX_BUNDLE_BYTES:
        raise ExchangeError(f"it is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def _scan(ctx: AppContext, folder: Path, suffix: str, kind: str, handle: Any, report: SyncReport) -> None:
    """Read every settled, new or changed file in `folder` with `handle(path) -> (outcome, coach, title)`;
    a failure of one file becomes a refused row, never an exception."""
    repo = ExchangeRepo(ctx.store)
    root = require_folder(ctx)
    for path in _candidates(folder, suffix):
        name = path.relative_to(root).as_posix()
        try:
            if not _settled(path):
                report.waiting.append(name)
                continue
            digest, size = _digest(path)
        except (OSError, CoachError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            report.refused.append((name, str(reason)))
            continue
        seen = repo.get(name)
        if seen is not None and seen.sha256 == digest:
            report.unchanged += 1
            continue
        coach_name = title = ""
        try:
            outcome, coach_name, title = handle(path)
            message = ""
            if _digest(path)[0] != digest:  # replaced while we read it: read it again next time
                report.waiting.append(name)
                continue
        except CoachError as exc:
            outcome, message = "refused", str(exc)
        except Exception as exc:  # one hostile file must never stop the rest (logged with its trace)
            _log.exception("could not read %s from the exchange folder", name)
            outcome, message = "refused", f"it could not be read ({type(exc).__name__})"
        repo.save(
            ExchangeFileRow(
                name, kind, digest, size, ctx.clock.now().isoformat(), outcome, message, coach_name, title
            )
        )
        if outcome == "refused":
            report.refused.append((name, message))
        elif outcome == "pending":
            report.new_programs.append(f"“{title}” from {coach_name or 'your coach'}")
        else:
            report.imported.append(name)


def _import_progress_file(ctx: AppContext, path: Path) -> tuple[str, str, str]:
    from coach.services.caseload.progress_files import import_progress, patient_record

    if not is_uuid(path.name[: -len(PROGRESS_SUFFIX)]):
        raise ExchangeError("its name is not a patient's exchange id, so it was not written by the app")
    record_id = import_progress(ctx, path)
    try:
        name = patient_record(ctx, record_id)[0].name
    except CoachError:
        name = ""
    return "imported", "", name


def _check_program_file(ctx: AppContext, path: Path) -> tuple[str, str, str]:
    from coach.services.programs.bundles import read_program_bundle

    contents = read_program_bundle(path)
    link = linked_coach(ctx)
    sender = contents.manifest.coach_id
    if link is not None and sender and sender != link.coach_id:
        raise ExchangeError(
            f"it comes from {contents.manifest.coach_name or 'a coach'}, not from {link.coach_name},"
            " the coach you are linked to"
        )
    return "pending", contents.manifest.coach_name, contents.program.title


def scan_incoming(ctx: AppContext) -> SyncReport:
    """Coach: import every new or changed `to-coach/*.coachprogress` into the caseload. Patient: note
    every new program in `to-patient/<own uuid>/` as pending review. ExchangeError without a folder."""
    root = require_folder(ctx)
    report = SyncReport()
    if is_coach(ctx):
        _scan(
            ctx, root / TO_COACH, PROGRESS_SUFFIX, "progress", lambda p: _import_progress_file(ctx, p), report
        )
    else:
        inbox = root / TO_PATIENT / profile_uuid(ctx)
        _scan(ctx, inbox, PROGRAM_SUFFIX, "program", lambda p: _check_program_file(ctx, p), report)
        if report.new_programs:
            ctx.bus.publish(Topic.PROGRAMS)
    return report


def sync_now(ctx: AppContext) -> SyncReport:
    """Write outgoing files (the patient's progress) and read incoming ones now."""
    if is_coach(ctx):
        return scan_incoming(ctx)
    written = write_progress(ctx)
    report = scan_incoming(ctx)
    report.written.append(written.relative_to(require_folder(ctx)).as_posix())
    return report


# --- status -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Arrival:
    """A progress file imported from the folder: the patient's name as shared, and when (UTC)."""

    name: str
    patient: str
    at: str


def _exchange_id(row: ExchangeFileRow) -> str:
    """The patient's exchange id (their profile's UUID) from `to-coach/<id>.coachprogress`."""
    return row.name.split("/")[-1][: -len(PROGRESS_SUFFIX)]


def _coach_names(ctx: AppContext) -> dict[str, str]:
    """Coach: exchange id -> the coach's own name for that patient, where they renamed one."""
    return {
        r.patient_id: r.display_name
        for r in CaseloadRepo(ctx.store).patient_records(with_data=False)
        if r.patient_id and r.display_name
    }


def recent_arrivals(ctx: AppContext, limit: int = 5) -> list[Arrival]:
    """The last `limit` progress files imported from the folder, newest first; `patient` is the coach's
    own name for them where they gave one, else the name as shared."""
    rows = [r for r in ExchangeRepo(ctx.store).all() if r.kind == "progress" and r.outcome == "imported"]
    names = _coach_names(ctx)
    return [
        Arrival(r.name, names.get(_exchange_id(r)) or r.title or "a patient", r.seen_at) for r in rows[:limit]
    ]


def exchange_patients(ctx: AppContext) -> list[tuple[str, str]]:
    """Coach: (exchange id, name) of every patient whose file arrived, by name: the coach's own name for
    them where they gave one (Rename in the caseload), else the name they last shared."""
    latest: dict[str, str] = {}
    for row in reversed(ExchangeRepo(ctx.store).all()):  # oldest first, so the newest name wins
        if row.kind == "progress" and row.outcome == "imported":
            latest[_exchange_id(row)] = row.title or "a patient"
    latest.update({key: name for key, name in _coach_names(ctx).items() if key in latest})
    return sorted(latest.items(), key=lambda item: (item[1].casefold(), item[0]))


@dataclass(frozen=True)
class ExchangeStatus:
    """The exchange at a glance: folder, role, link, last write, what arrived and what was refused."""

    folder: Path | None
    role: str  # patient | coach
    exchange_id: str
    coach: str  # the linked coach's name ("" none)
    last_written: datetime | None
    imported: int
    refused: tuple[tuple[str, str], ...]
    pending: tuple[PendingProgram, ...]
    patients: tuple[str, ...]  # coach: the exchange ids seen in to-coach

    def lines(self) -> list[str]:
        out = [f"Exchange folder: {self.folder}" if self.folder else "No exchange folder chosen yet."]
        out.append(f"Your exchange id: {self.exchange_id}")
        if self.role == "patient":
            out.append(f"Linked to coach: {self.coach}" if self.coach else "Not linked to a coach yet.")
            when = self.last_written.strftime("%Y-%m-%d %H:%M UTC") if self.last_written else "never"
            out.append(f"Progress file last written: {when}")
            out += [p.notice for p in self.pending]
        else:
            patients = count(len(self.patients), "patient")
            out.append(f"Progress files imported: {self.imported} from {patients}")
        out += [f"Not imported: {name}: {reason}" for name, reason in self.refused]
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder) if self.folder else None,
            "role": self.role,
            "exchange_id": self.exchange_id,
            "coach": self.coach or None,
            "last_written": self.last_written.isoformat() if self.last_written else None,
            "imported": self.imported,
            "patients": list(self.patients),
            "refused": [{"file": name, "reason": reason} for name, reason in self.refused],
            "pending_programs": [
                {"file": p.name, "coach": p.coach_name, "title": p.title} for p in self.pending
            ],
        }


def exchange_status(ctx: AppContext) -> ExchangeStatus:
    """The current state of this profile's exchange (reads the database and lists the folder)."""
    rows = ExchangeRepo(ctx.store).all()
    link = linked_coach(ctx)
    folder = exchange_folder(ctx)
    patients = sorted(
        {
            r.name.split("/")[-1][: -len(PROGRESS_SUFFIX)]
            for r in rows
            if r.kind == "progress" and r.outcome == "imported"
        }
    )
    return ExchangeStatus(
        folder=folder,
        role="coach" if is_coach(ctx) else "patient",
        exchange_id=profile_uuid(ctx),
        coach=link.coach_name if link else "",
        last_written=last_written(ctx),
        imported=sum(1 for r in rows if r.outcome == "imported"),
        # A refused file that was since removed from the folder is no longer worth a line.
        refused=tuple(
            (r.name, r.message)
            for r in rows
            if r.outcome == "refused" and folder is not None and (folder / r.name).is_file()
        ),
        pending=tuple(pending_programs(ctx)),
        patients=tuple(patients),
    )
