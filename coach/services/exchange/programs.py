"""Programs through the exchange folder: a coach sends one to `to-patient/<uuid>/<id>.coachprog`; the
patient's app lists it as pending and applies it only after the person reviewed what it changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import (
    PROGRAM_SUFFIX,
    TO_PATIENT,
    ExchangeError,
    exchange_folder,
    is_coach,
    is_uuid,
    link_coach,
    place_atomically,
    require_folder,
)
from coach.storage.exchange_repo import ExchangeRepo


def send_program(ctx: AppContext, program_id: str, patient_id: str) -> Path:
    """Coach: put program `program_id` in `to-patient/<patient_id>/<program_id>.coachprog` for that
    patient to review. ExchangeError for a patient id that is not a UUID or in a patient profile."""
    from coach.services.programs.bundles import export_program

    if not is_coach(ctx):
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
