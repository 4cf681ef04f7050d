"""Program bundles (.coachprog): export a program with its custom exercises and recordings, and read one
from anyone completely, in memory, checking every byte before anything may use it.

Importing a checked bundle into a profile (preview first, then one transaction) is
coach.services.programs.bundle_import.
"""

from __future__ import annotations

import hashlib
import io
import json
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach import __version__
from coach.domain.bundle_manifest import (
    FORMAT_VERSION,
    MANIFEST_NAME,
    PROGRAM_FORMAT,
    BundleError,
    parse_json,
)
from coach.domain.exercise import exercise_to_dict
from coach.domain.program_manifest import ProgramManifest, parse_program_manifest
from coach.domain.programs import Program, program_from_dict, program_to_dict
from coach.domain.wording import count
from coach.services.context import AppContext
from coach.services.programs.definitions import validate_program_data
from coach.services.programs.service import ProgramService
from coach.storage.bundle_repo import BundleRepo
from coach.storage.database import utc_now_iso
from coach.storage.safezip import read_bundle, write_bundle

BUNDLE_SUFFIX = ".coachprog"
MAX_RECORDING_SECONDS = 3 * 3600


# --- audio --------------------------------------------------------------------------------------------
def wav_duration(data: bytes, name: str) -> float:
    """Seconds of audio in a WAV file, after decoding every frame; fake or truncated audio is refused."""
    try:
        with wave.open(io.BytesIO(data)) as wav:
            channels, width, rate, frames = (
                wav.getnchannels(),
                wav.getsampwidth(),
                wav.getframerate(),
                wav.getnframes(),
            )
            if not (1 <= channels <= 2 and width in (1, 2, 3, 4) and 8000 <= rate <= 192_000 and frames > 0):
                raise BundleError(f"{name} is not a usable recording (odd channels, sample size or rate)")
            duration = float(frames) / float(rate)
            if duration > MAX_RECORDING_SECONDS:
                raise BundleError(f"{name} is longer than three hours")
            if len(wav.readframes(frames)) != frames * channels * width:
                raise BundleError(f"{name} is cut short: the recording is incomplete")
    except BundleError:
        raise
    except Exception as exc:  # any decoder failure on hostile bytes means "not audio"
        raise BundleError(f"{name} is not a playable WAV recording") from exc
    return duration


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading a bundle (no profile needed) -----------------------------------------------------------
@dataclass(frozen=True)
class BundleRecording:
    exercise_id: str
    file: str
    original_name: str
    data: bytes = field(repr=False)
    duration_s: float


@dataclass(frozen=True)
class BundleContents:
    manifest: ProgramManifest
    program: Program
    program_data: dict[str, Any]
    exercises: tuple[dict[str, Any], ...]
    recordings: tuple[BundleRecording, ...]

    def summary(self) -> str:
        m = self.manifest
        parts = [f"“{self.program.title}”: {count(len(self.program.weeks), 'week')}"]
        if self.exercises:
            parts.append(count(len(self.exercises), "custom exercise"))
        lessons = self.program.lesson_ids()
        if lessons:
            # Lessons are built into every copy of the app, so the bundle names them and carries no files.
            parts.append(f"{count(len(lessons), 'lesson')} from the Learn course")
        if self.recordings:
            parts.append(count(len(self.recordings), "recording"))
        by = f" from {m.coach_name}" if m.coach_name else ""
        return ", ".join(parts) + by


def _check_members(members: dict[str, bytes], manifest: ProgramManifest) -> None:
    for name in members:
        if name != MANIFEST_NAME and name not in manifest.files:
            raise BundleError(f"the bundle holds a file its manifest does not list ({name[:60]!r})")
    for entry in manifest.files.values():
        data = members.get(entry.path)
        if data is None:
            raise BundleError(f"the bundle is missing {entry.path!r}, which its manifest lists")
        if len(data) != entry.size or sha256(data) != entry.sha256:
            raise BundleError(
                f"{entry.path!r} does not match its checksum: the bundle is damaged or was changed"
            )


def read_program_bundle(path: Path) -> BundleContents:
    """Open and check a .coachprog file completely, in memory. Raises CoachError with one reason."""
    from coach.services.practice.library import ExerciseLibrary, validate_exercise_data

    members = read_bundle(path)
    if MANIFEST_NAME not in members:
        raise BundleError(f"{path.name} has no {MANIFEST_NAME}: it is not a program bundle")
    manifest = parse_program_manifest(members[MANIFEST_NAME])
    _check_members(members, manifest)

    program_data = validate_program_data(
        parse_json(members[manifest.program_file], "program.json"), "program.json"
    )
    if program_data["id"] != manifest.program_id:
        raise BundleError("program.json holds a different program than the manifest names")
    program = program_from_dict(program_data)

    builtin_ids = {exercise.id for exercise in ExerciseLibrary(None).builtins()}
    exercises: list[dict[str, Any]] = []
    for item in manifest.exercises:
        data = validate_exercise_data(parse_json(members[item.file], item.file), item.file)
        if data["id"] != item.id:
            raise BundleError(f"{item.file} holds a different exercise than the manifest names")
        if item.id in builtin_ids:
            raise BundleError(
                f"the bundle would replace the built-in exercise {item.id!r}; that is not allowed"
            )
        exercises.append(data)

    available = builtin_ids | {e["id"] for e in exercises}
    missing = program.missing_exercises(available)
    if missing:
        raise BundleError(f"the program uses an exercise the bundle does not include ({missing[0]!r})")

    recordings: list[BundleRecording] = []
    for rec in manifest.recordings:
        if rec.exercise_id not in available:
            raise BundleError(
                f"{rec.file} belongs to an exercise that is not available ({rec.exercise_id!r})"
            )
        data_bytes = members[rec.file]
        duration = wav_duration(data_bytes, rec.file)
        recordings.append(BundleRecording(rec.exercise_id, rec.file, rec.original_name, data_bytes, duration))
    return BundleContents(manifest, program, program_data, tuple(exercises), tuple(recordings))


# --- export -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    path: Path
    program_id: str
    exercises: int
    recordings: int
    size_bytes: int


def export_program(
    ctx: AppContext,
    program_id: str,
    out: Path,
    coach_name: str | None = None,
    include_recordings: bool = True,
) -> ExportResult:
    """Write `program_id` with every custom exercise it uses (and their recordings) to `out`."""
    from coach.services.practice.library import ExerciseLibrary

    program = ProgramService(ctx).get(program_id)
    library = ExerciseLibrary(ctx.store)
    members: dict[str, bytes] = {}
    custom: list[dict[str, Any]] = []
    for exercise_id in program.exercise_ids():
        exercise = library.get(exercise_id)
        if not exercise.builtin:
            custom.append(exercise_to_dict(exercise))
    members["program.json"] = _json_bytes(program_to_dict(program))
    manifest_exercises = []
    for data in custom:
        name = f"exercises/{data['id']}.json"
        members[name] = _json_bytes(data)
        manifest_exercises.append({"id": data["id"], "title": data["title"], "file": name})

    manifest_recordings = []
    if include_recordings:
        for n, row in enumerate(BundleRepo(ctx.store).recordings_for(program.exercise_ids()), start=1):
            source = Path(row.path)
            if not source.is_absolute():
                source = ctx.paths.recordings_dir / source
            try:
                data_bytes = source.read_bytes()
            except OSError as exc:
                raise BundleError(f"the recording {source.name} cannot be read ({exc.strerror})") from exc
            wav_duration(data_bytes, source.name)
            name = f"recordings/{row.exercise_id}-{n}.wav"
            members[name] = data_bytes
            original = str(row.original_name or source.name)[:200]
            manifest_recordings.append(
                {"exercise_id": row.exercise_id, "file": name, "original_name": original}
            )

    name_of_coach = ctx.store.profile().nickname if coach_name is None else coach_name
    # A coach's bundle names their exchange id, so the patient who imports it is linked to them.
    exchange: dict[str, str] = {}
    if ctx.store.profile().kind == "coach":
        from coach.services.profiles.identity import profile_uuid

        exchange["coach_id"] = profile_uuid(ctx)
    manifest = {
        "format": PROGRAM_FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": utc_now_iso(),
        "app_version": __version__,
        "coach_name": name_of_coach[:200],
        **exchange,
        "program": {"id": program.id, "title": program.title, "file": "program.json"},
        "exercises": manifest_exercises,
        "recordings": manifest_recordings,
        "files": [{"path": k, "size": len(v), "sha256": sha256(v)} for k, v in members.items()],
    }
    write_bundle(out, {MANIFEST_NAME: _json_bytes(manifest), **members})
    read_program_bundle(out)  # what we hand to someone else must pass our own import checks
    return ExportResult(out, program.id, len(custom), len(manifest_recordings), out.stat().st_size)


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
