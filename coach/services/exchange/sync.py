"""Exchanging files through the exchange folder: the patient writes their progress file and finds programs
sent to them; the coach imports every new or changed progress file into the caseload and sends programs.

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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.settings import EXCHANGE_WRITTEN_AT
from coach.domain.wording import count
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import (
    TO_COACH,
    TO_PATIENT,
    ExchangeError,
    exchange_folder,
    is_uuid,
    link_coach,
    linked_coach,
    place_atomically,
    require_folder,
)
from coach.services.profiles.identity import profile_uuid
from coach.storage.exchange_repo import ExchangeFileRow, ExchangeRepo

PROGRESS_SUFFIX = ".coachprogress"
PROGRAM_SUFFIX = ".coachprog"
SETTLE_SECONDS = 2.0  # a file changed more recently than this may still be growing
WRITE_EVERY = timedelta(minutes=10)  # the patient's file is rewritten at most this often on its own
PLAYING_WITHIN = timedelta(hours=3)  # an unfinished session younger than this is still being played
SHARED_DAYS = 90  # the progress file the patient's app writes covers this many days, ending today
PROGRESS_TOPICS = (Topic.SESSIONS, Topic.CHECKINS, Topic.WITHDRAWAL)
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
        out += [f"Waiting for {name} to finish arriving." for name in self.waiting]
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
            parts.append(f"{count(len(self.waiting), 'file')} still arriving")
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


def _is_coach(ctx: AppContext) -> bool:
    return ctx.store.profile().kind == "coach"


# --- patient: write the progress file ---------------------------------------------------------------
def write_progress(ctx: AppContext) -> Path:
    """Write this patient's progress (the last SHARED_DAYS days) to `to-coach/<uuid>.coachprogress`,
    atomically. Returns the path. ExchangeError without a folder or in a coach profile."""
    from coach.services.caseload.progress_files import export_progress

    if _is_coach(ctx):
        raise ExchangeError("a coach profile receives progress files; it does not write one")
    folder = require_folder(ctx)
    final = folder / TO_COACH / f"{profile_uuid(ctx)}{PROGRESS_SUFFIX}"
    place_atomically(final, lambda tmp: export_progress(ctx, tmp, days=SHARED_DAYS))
    final.chmod(0o644)  # the sync app shares it; its content is what the patient chose to share
    ctx.store.set_setting(EXCHANGE_WRITTEN_AT, ctx.clock.now().isoformat())
    return final


def last_written(ctx: AppContext) -> datetime | None:
    """When the progress file was last written to the folder (UTC), or None."""
    text = ctx.store.setting(EXCHANGE_WRITTEN_AT)
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _session_playing(ctx: AppContext) -> bool:
    """A session was started in the last PLAYING_WITHIN and is not finished yet."""
    from coach.services.practice.sessions import SessionService

    record = SessionService(ctx).interrupted()
    return record is not None and ctx.clock.now() - record.started_at < PLAYING_WITHIN


class AutoWriter:
    """Rewrites the patient's progress file after a session or check-in, at most every WRITE_EVERY.

    Follows the ChangeBus: a change to sessions or check-ins marks the file out of date and writes it when
    the last write is old enough; `tick()` (called by the app's timer) writes one held back. Never raises:
    a failure is kept in `problem` for the status line."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.due = False
        self.problem = ""
        self._unsubscribe = ctx.bus.subscribe(self._on_change)

    def close(self) -> None:
        self._unsubscribe()

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(*PROGRESS_TOPICS) or (changes.touches(Topic.SETTINGS) and not self._file_there()):
            # A folder chosen just now gets the file at once, without waiting for the next session.
            self.due = True
            self.tick()

    def _file_there(self) -> bool:
        folder = exchange_folder(self.ctx)
        if folder is None or _is_coach(self.ctx):
            return True  # nothing to write
        return (folder / TO_COACH / f"{profile_uuid(self.ctx)}{PROGRESS_SUFFIX}").is_file()

    def tick(self) -> Path | None:
        """Write now if a change is waiting, a folder is chosen and the last write is WRITE_EVERY old."""
        if not self.due or _is_coach(self.ctx) or exchange_folder(self.ctx) is None:
            return None
        if _session_playing(self.ctx):
            return None  # write once it is finished, with its ratings, rather than the empty start
        before = last_written(self.ctx)
        if before is not None and self.ctx.clock.now() - before < WRITE_EVERY:
            return None
        try:
            path = write_progress(self.ctx)
        except CoachError as exc:
            self.problem = str(exc)
            return None
        except OSError as exc:
            self.problem = f"could not write to the exchange folder ({exc.strerror})"
            return None
        self.due = False
        self.problem = ""
        return path


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
    if _is_coach(ctx):
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
    if _is_coach(ctx):
        return scan_incoming(ctx)
    written = write_progress(ctx)
    report = scan_incoming(ctx)
    report.written.append(written.relative_to(require_folder(ctx)).as_posix())
    return report


# --- programs: coach sends, patient reviews ---------------------------------------------------------
def send_program(ctx: AppContext, program_id: str, patient_id: str) -> Path:
    """Coach: put program `program_id` in `to-patient/<patient_id>/<program_id>.coachprog` for that
    patient to review. ExchangeError for a patient id that is not a UUID or in a patient profile."""
    from coach.services.programs.bundles import export_program

    if not _is_coach(ctx):
        raise ExchangeError("programs are sent from a coach profile")
    if not is_uuid(patient_id):
        raise ExchangeError(
            f"{patient_id[:40]!r} is not a patient's exchange id (see `coach exchange status`)"
        )
    folder = require_folder(ctx)
    final = folder / TO_PATIENT / patient_id / f"{program_id}{PROGRAM_SUFFIX}"
    place_atomically(final, lambda tmp: export_program(ctx, program_id, tmp))
    final.chmod(0o644)
    return final


@dataclass(frozen=True)
class PendingProgram:
    """A program sent by a coach that waits for the patient's review. `name` is its path in the folder."""

    name: str
    path: Path
    coach_name: str
    title: str

    @property
    def notice(self) -> str:
        return f"A new program from {self.coach_name or 'your coach'}: “{self.title}”. Review it before it starts."


def pending_programs(ctx: AppContext) -> list[PendingProgram]:
    """Programs in the folder waiting for review (still there), newest first."""
    folder = exchange_folder(ctx)
    if folder is None:
        return []
    out = []
    for row in ExchangeRepo(ctx.store).all():
        if row.kind == "program" and row.outcome == "pending" and (folder / row.name).is_file():
            out.append(PendingProgram(row.name, folder / row.name, row.coach_name, row.title))
    return out


def _pending(ctx: AppContext, name: str) -> PendingProgram:
    for program in pending_programs(ctx):
        if program.name == name:
            return program
    raise ExchangeError(f"no program waiting for review called {name[:80]!r}")


def review_program(ctx: AppContext, name: str) -> Any:
    """Check the pending program `name` again, completely, and return the import preview (what it would
    change; coach.services.programs.bundle_import.ImportPreview). Writes nothing."""
    from coach.services.programs.bundle_import import plan_import

    return plan_import(ctx, _pending(ctx, name).path)


def accept_program(ctx: AppContext, name: str, preview: Any) -> None:
    """Apply a reviewed program (as an import by hand would) and link its coach."""
    from coach.services.programs.bundle_import import apply_import

    _pending(ctx, name)
    apply_import(ctx, preview)
    manifest = preview.contents.manifest
    link_coach(ctx, manifest.coach_id, manifest.coach_name)
    ExchangeRepo(ctx.store).set_outcome(name, "applied")
    ctx.bus.publish(Topic.PROGRAMS)


def dismiss_program(ctx: AppContext, name: str) -> None:
    """Decline a pending program; it is not offered again unless the coach sends a changed file."""
    _pending(ctx, name)
    ExchangeRepo(ctx.store).set_outcome(name, "dismissed", "declined by you")
    ctx.bus.publish(Topic.PROGRAMS)


# --- status -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Arrival:
    """A progress file imported from the folder: the patient's name as shared, and when (UTC)."""

    name: str
    patient: str
    at: str


def recent_arrivals(ctx: AppContext, limit: int = 5) -> list[Arrival]:
    """The last `limit` progress files imported from the folder, newest first."""
    rows = [r for r in ExchangeRepo(ctx.store).all() if r.kind == "progress" and r.outcome == "imported"]
    return [Arrival(r.name, r.title or "a patient", r.seen_at) for r in rows[:limit]]


def exchange_patients(ctx: AppContext) -> list[tuple[str, str]]:
    """Coach: (exchange id, name as last shared) of every patient whose file arrived, by name."""
    latest: dict[str, str] = {}
    for row in reversed(ExchangeRepo(ctx.store).all()):  # oldest first, so the newest name wins
        if row.kind == "progress" and row.outcome == "imported":
            latest[row.name.split("/")[-1][: -len(PROGRESS_SUFFIX)]] = row.title or "a patient"
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
        role="coach" if _is_coach(ctx) else "patient",
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
