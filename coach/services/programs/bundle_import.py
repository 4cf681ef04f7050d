"""Importing a program bundle into a profile: show what will change first, then write it all in one
transaction or nothing at all.

Import is two steps so the app can ask before changing anything:
`plan_import(ctx, path) -> ImportPreview` reads and checks everything in memory (coach.services.programs.bundles),
then `apply_import(ctx, preview)` writes it in one transaction and keeps the program followed before as
'previous'.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coach.domain.bundle_manifest import BundleError
from coach.domain.errors import CoachError
from coach.domain.programs import Program, program_from_dict, program_to_dict
from coach.domain.wording import count
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.programs.bundles import BundleContents, BundleRecording, read_program_bundle, sha256
from coach.services.programs.service import Assignment, ProgramInfo, ProgramService
from coach.storage.bundle_repo import BundleRepo
from coach.storage.database import utc_now_iso
from coach.storage.paths import ensure_private_dir
from coach.storage.programs_repo import ProgramsRepo


# --- import: plan -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExerciseChange:
    id: str
    title: str
    action: str  # add | update | same


@dataclass(frozen=True)
class ImportPreview:
    """What importing a bundle will change, computed without writing anything."""

    path: Path
    contents: BundleContents = field(repr=False)
    coach_name: str
    program_id: str  # the id the program will be saved under (a copy gets a new one)
    program_title: str
    program_action: str  # add | copy | same
    weeks: int
    exercise_changes: tuple[ExerciseChange, ...]
    recordings: tuple[tuple[str, str, float], ...]  # (exercise id, original name, seconds)
    current_program: str | None  # title of the program followed now; it becomes 'previous'
    start_on: date

    def lines(self) -> list[str]:
        """The preview in plain sentences, one change per line."""
        out: list[str] = []
        who = f" from {self.coach_name}" if self.coach_name else ""
        if self.program_action == "add":
            out.append(f"Adds the program “{self.program_title}”{who} ({count(self.weeks, 'week')}).")
        elif self.program_action == "copy":
            out.append(
                f"Adds “{self.program_title}”{who} as a new copy ({self.program_id}); "
                "the version you already have is kept as it is."
            )
        else:
            out.append(f"You already have “{self.program_title}”; it will be started again.")
        out.append(f"Starts it today ({self.start_on.isoformat()}).")
        if self.current_program:
            out.append(
                f"Your current program, “{self.current_program}”, is kept in your history; nothing in it is lost."
            )
        for change in self.exercise_changes:
            if change.action == "add":
                out.append(f"Adds the exercise “{change.title}”.")
            elif change.action == "update":
                out.append(f"Updates your exercise “{change.title}” to the coach's version.")
        for exercise_id, original, seconds in self.recordings:
            out.append(
                f"Adds a recording for “{exercise_id}” ({original or 'unnamed'}, {seconds / 60:.1f} min)."
            )
        return out


def _plan(ctx: AppContext, path: Path, contents: BundleContents) -> ImportPreview:
    programs = ProgramService(ctx)
    program = contents.program
    action = "add"
    program_id = program.id
    if programs.exists(program.id):
        existing: Program | None
        try:
            existing = programs.get(program.id)
        except CoachError:
            existing = None
        if existing is not None and program_to_dict(existing) == program_to_dict(program):
            action = "same"
        else:
            action = "copy"
            program_id = programs.free_id(program.id)
    changes: list[ExerciseChange] = []
    saved = BundleRepo(ctx.store)
    for data in contents.exercises:
        definition = saved.exercise_definition(data["id"])
        if definition is None:
            changes.append(ExerciseChange(data["id"], data["title"], "add"))
        else:
            try:
                same = json.loads(definition) == data
            except json.JSONDecodeError:
                same = False
            changes.append(ExerciseChange(data["id"], data["title"], "same" if same else "update"))
    active = programs.active_assignment()
    current: str | None = None
    if active is not None:
        try:
            current = programs.get(active.program_id).title
        except CoachError:
            current = active.program_id
    return ImportPreview(
        path=path,
        contents=contents,
        coach_name=contents.manifest.coach_name,
        program_id=program_id,
        program_title=program.title,
        program_action=action,
        weeks=len(program.weeks),
        exercise_changes=tuple(changes),
        recordings=tuple((r.exercise_id, r.original_name, r.duration_s) for r in contents.recordings),
        current_program=current,
        start_on=programs.today_local(),
    )


def plan_import(ctx: AppContext, path: Path) -> ImportPreview:
    """Check `path` completely and describe what importing it would change. Writes nothing."""
    return _plan(ctx, path, read_program_bundle(path))


# --- import: apply ------------------------------------------------------------------------------------
def _stage_recordings(
    ctx: AppContext, recordings: tuple[BundleRecording, ...]
) -> list[tuple[Path, Path, str]]:
    """Write each recording beside its final name; returns (temporary, final, stored name)."""
    if not recordings:
        return []
    folder = ensure_private_dir(ctx.paths.recordings_dir)
    staged: list[tuple[Path, Path, str]] = []
    try:
        for rec in recordings:
            stored = f"{rec.exercise_id}-{sha256(rec.data)[:16]}.wav"
            final = folder / stored
            tmp = folder / f".{stored}.importing"
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(rec.data)
                fh.flush()
                os.fsync(fh.fileno())
            staged.append((tmp, final, stored))
    except OSError as exc:
        _discard(staged)
        raise BundleError(f"could not save a recording ({exc.strerror}); nothing was imported") from exc
    return staged


def _discard(staged: list[tuple[Path, Path, str]]) -> None:
    for tmp, _final, _name in staged:
        tmp.unlink(missing_ok=True)


def apply_import(ctx: AppContext, preview: ImportPreview) -> Assignment:
    """Write what `preview` described, in one transaction, and start the program today."""
    fresh = _plan(ctx, preview.path, preview.contents)
    if (fresh.program_id, fresh.program_action, fresh.exercise_changes) != (
        preview.program_id,
        preview.program_action,
        preview.exercise_changes,
    ):
        raise CoachError("your programs changed since the preview was made: please look at the import again")
    contents = preview.contents
    programs = ProgramService(ctx)
    saved = BundleRepo(ctx.store)
    now = utc_now_iso()
    coach = contents.manifest.coach_name
    staged = _stage_recordings(ctx, contents.recordings)
    try:
        with ctx.store.transaction():
            for data in contents.exercises:
                saved.save_exercise(data, author=coach, now=now)
            program_data = dict(contents.program_data, id=preview.program_id)
            if preview.program_action != "same":
                ProgramsRepo(ctx.store).save_program(
                    program_data, coach_name=coach, origin="imported", now=now
                )
            for rec, (_tmp, _final, stored) in zip(contents.recordings, staged, strict=True):
                if not saved.has_recording(rec.exercise_id, stored):
                    saved.add_recording(
                        rec.exercise_id,
                        stored,
                        duration_s=rec.duration_s,
                        original_name=rec.original_name,
                        now=now,
                    )
            info = programs.info(preview.program_id) if preview.program_action == "same" else None
            if info is None:
                info = ProgramInfo(program_from_dict(program_data), "imported", coach)
            assignment_id = programs.assign_in(info, preview.start_on, coach or "imported bundle")
    except BaseException:
        _discard(staged)
        raise
    for tmp, final, _name in staged:
        os.replace(tmp, final)
    # A coach's bundle names their exchange id: importing it links this patient to that coach.
    from coach.services.exchange.folder import link_coach

    link_coach(ctx, contents.manifest.coach_id, coach)
    ctx.bus.publish(Topic.EXERCISES)
    ctx.bus.publish(Topic.PROGRAMS)
    return programs.assignment(assignment_id)


def import_program(ctx: AppContext, path: Path) -> tuple[ImportPreview, Assignment]:
    """Plan and apply in one go (the CLI prints the preview lines it applied)."""
    preview = plan_import(ctx, path)
    return preview, apply_import(ctx, preview)
