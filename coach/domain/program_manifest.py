"""The .coachprog manifest: its schema, its parsed form, and the cross-checks between its lists (each
exercise at its own path, every listed file used exactly once).

Like coach.domain.bundle_manifest, whose limits and JSON rules it builds on, it treats its input as
hostile and raises only `BundleError`; tests/unit/test_manifest_fuzz.py holds it to that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from coach.domain.bundle_manifest import (
    COMMON_PROPERTIES,
    PROGRAM_FORMAT,
    BundleError,
    FileEntry,
    check_created_at,
    check_format,
    file_table,
    parse_json,
    validate_schema,
)

_TEXT = {"type": "string", "maxLength": 200}
_UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,60}$"}

PROGRAM_MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "format_version", "created_at", "coach_name", "program", "files"],
    "additionalProperties": False,
    "properties": {
        **COMMON_PROPERTIES,
        "format": {"const": PROGRAM_FORMAT},
        "coach_name": _TEXT,
        # Optional (bundles from before the exchange folder have none): the coach's exchange id, their
        # profile UUID, so a patient who imports the bundle is linked to that coach.
        "coach_id": {"type": "string", "pattern": _UUID},
        "program": {
            "type": "object",
            "required": ["id", "title", "file"],
            "additionalProperties": False,
            "properties": {"id": _ID, "title": _TEXT, "file": {"const": "program.json"}},
        },
        "exercises": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "required": ["id", "file"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "title": _TEXT,
                    "file": {"type": "string", "pattern": "^exercises/[a-z0-9][a-z0-9-]{1,60}\\.json$"},
                },
            },
        },
        "recordings": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "required": ["exercise_id", "file"],
                "additionalProperties": False,
                "properties": {
                    "exercise_id": _ID,
                    "file": {"type": "string", "pattern": "^recordings/[a-z0-9][a-z0-9_-]{0,80}\\.wav$"},
                    "original_name": _TEXT,
                },
            },
        },
    },
}

_PROGRAM_VALIDATOR = Draft202012Validator(PROGRAM_MANIFEST_SCHEMA)


@dataclass(frozen=True)
class ManifestExercise:
    id: str
    title: str
    file: str


@dataclass(frozen=True)
class ManifestRecording:
    exercise_id: str
    file: str
    original_name: str


@dataclass(frozen=True)
class ProgramManifest:
    format_version: int
    created_at: str
    app_version: str
    coach_name: str
    program_id: str
    program_title: str
    program_file: str
    exercises: tuple[ManifestExercise, ...]
    recordings: tuple[ManifestRecording, ...]
    files: dict[str, FileEntry]
    coach_id: str = ""  # the coach's exchange id (profile UUID); "" in bundles made before the exchange


def parse_program_manifest(raw: bytes) -> ProgramManifest:
    """Read a .coachprog manifest and cross-check its lists; raises only BundleError."""
    data = parse_json(raw, "manifest", limit=256 * 1024)
    check_format(data, PROGRAM_FORMAT, "manifest")
    validate_schema(_PROGRAM_VALIDATOR, data, "manifest")
    check_created_at(data["created_at"])
    files = file_table(data["files"])
    program = data["program"]
    exercises = tuple(
        ManifestExercise(e["id"], e.get("title", ""), e["file"]) for e in data.get("exercises", [])
    )
    recordings = tuple(
        ManifestRecording(r["exercise_id"], r["file"], r.get("original_name", ""))
        for r in data.get("recordings", [])
    )
    ids = [e.id for e in exercises]
    if len(ids) != len(set(ids)):
        raise BundleError("manifest: an exercise is listed twice")
    for exercise in exercises:
        if exercise.file != f"exercises/{exercise.id}.json":
            raise BundleError(f"manifest: exercise {exercise.id!r} points at the wrong file")
    referenced = [program["file"], *(e.file for e in exercises), *(r.file for r in recordings)]
    if len(referenced) != len(set(referenced)):
        raise BundleError("manifest: two entries point at the same file")
    missing = [name for name in referenced if name not in files]
    if missing:
        raise BundleError(f"manifest: {missing[0]!r} has no size and checksum in files")
    extra = sorted(set(files) - set(referenced))
    if extra:
        raise BundleError(f"manifest: {extra[0][:60]!r} is listed but not used")
    return ProgramManifest(
        format_version=data["format_version"],
        created_at=data["created_at"],
        app_version=data.get("app_version", ""),
        coach_name=data["coach_name"],
        program_id=program["id"],
        program_title=program["title"],
        program_file=program["file"],
        exercises=exercises,
        recordings=recordings,
        files=files,
        coach_id=data.get("coach_id", ""),
    )
