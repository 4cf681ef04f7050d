"""Reading bundles (.coachprog, .coachprogress): limits, member names, untrusted JSON, shared manifest checks.

Everything here treats its input as hostile: a bundle may come from anyone. Parsers raise only
`BundleError` (a CoachError with a one-line reason) whatever bytes they are given; the fuzz test in
tests/unit/test_manifest_fuzz.py holds them to that. The small .coachprogress manifest lives here too;
the .coachprog manifest, with its lists to cross-check, has coach.domain.program_manifest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from coach.domain.errors import CoachError

PROGRAM_FORMAT = "coachprog"
PROGRESS_FORMAT = "coachprogress"
FORMAT_VERSION = 1  # .coachprog bundles
SUPPORTED_VERSIONS = frozenset({1})
# .coachprogress: version 2 names the patient by their profile's UUID (`patient_id`) and orders files by
# `sequence` (one more per file the profile writes) and `generated_at`; version 1 files (no id) are still
# read, as "legacy" records keyed by the name in the file.
PROGRESS_FORMAT_VERSION = 2
PROGRESS_VERSIONS = frozenset({1, 2})
MANIFEST_NAME = "manifest.json"

# Limits for reading a bundle. Generous for real use (a program with a few spoken recordings is a few MB)
# and far below what would hurt a laptop.
MAX_BUNDLE_BYTES = 200 * 1024 * 1024  # the .zip file on disk
MAX_ENTRIES = 300
MAX_TOTAL_BYTES = 150 * 1024 * 1024  # all members, uncompressed
MAX_FILE_BYTES = 60 * 1024 * 1024  # one recording
MAX_JSON_BYTES = 2 * 1024 * 1024  # manifest, program, exercise or progress JSON
MAX_RATIO = 100  # uncompressed / compressed, for members big enough to matter
RATIO_FLOOR_BYTES = 64 * 1024  # tiny members may compress extremely well without harm
MAX_PATH_DEPTH = 3  # `recordings/x.wav` has depth 2
MAX_NAME_LENGTH = 160
MAX_JSON_DEPTH = 24
# Dates in any file from outside: a real calendar day in 1900-2200 (date arithmetic near year 1 or 9999
# overflows, and no record of this app can be from then), and a shared range of at most ten years, the
# longest a progress file can be asked for.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
MAX_RANGE_DAYS = 3660


class BundleError(CoachError):
    """A bundle that cannot be used; the message says why in one line, and nothing was written."""


# --- member names ---------------------------------------------------------------------------------------
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def check_member_name(name: str) -> str:
    """Refuse any zip member name that could land outside the target folder or confuse a file system."""
    shown = name[:60]
    if not name or len(name) > MAX_NAME_LENGTH:
        raise BundleError(f"the bundle holds a file with an empty or overlong name ({shown!r})")
    if "\x00" in name or any(ord(c) < 32 for c in name):
        raise BundleError("the bundle holds a file name with control characters")
    if "\\" in name:
        raise BundleError(f"the bundle holds a file name with a backslash ({shown!r})")
    if name.startswith("/") or _DRIVE_RE.match(name):
        raise BundleError(f"the bundle holds a file with an absolute path ({shown!r})")
    if ":" in name:
        # Windows reads `a:b` as a drive or an alternate data stream.
        raise BundleError(f"the bundle holds a file name with a colon ({shown!r})")
    parts = name.split("/")
    if any(part == ".." for part in parts):
        raise BundleError(f"the bundle holds a path that climbs out of its folder ({shown!r})")
    if any(part in ("", ".") for part in parts):
        raise BundleError(f"the bundle holds an odd path ({shown!r})")
    if len(parts) > MAX_PATH_DEPTH:
        raise BundleError(f"the bundle nests folders too deeply ({shown!r})")
    return name


# --- JSON ---------------------------------------------------------------------------------------------
def _nesting_depth(text: str) -> int:
    """Deepest bracket nesting, ignoring brackets inside strings (checked before json.loads recurses)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key[:40]!r} appears twice")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes, what: str, limit: int = MAX_JSON_BYTES) -> Any:
    """Decode untrusted JSON: size and depth limits, no duplicate keys, no NaN/Infinity."""
    if len(raw) > limit:
        raise BundleError(f"{what} is too large ({len(raw) // 1024} KB; the limit is {limit // 1024} KB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{what} is not UTF-8 text") from exc
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise BundleError(f"{what} is nested too deeply")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise BundleError(f"{what} is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except (ValueError, RecursionError, TypeError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise BundleError(f"{what} is not valid JSON ({reason})") from exc


# --- schemas ------------------------------------------------------------------------------------------
_SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_FILES = {
    "type": "array",
    "maxItems": MAX_ENTRIES,
    "items": {
        "type": "object",
        "required": ["path", "size", "sha256"],
        "additionalProperties": False,
        "properties": {
            "path": {"type": "string", "maxLength": MAX_NAME_LENGTH},
            "size": {"type": "integer", "minimum": 0, "maximum": MAX_FILE_BYTES},
            "sha256": _SHA,
        },
    },
}
# The fields every manifest has; each format adds its own (see coach.domain.program_manifest).
COMMON_PROPERTIES: dict[str, Any] = {
    "format_version": {"type": "integer"},
    "created_at": {"type": "string", "maxLength": 40},
    "app_version": {"type": "string", "maxLength": 40},
    "files": _FILES,
}


def field_path(parts: Iterable[str | int]) -> str:
    """`weeks[0].days`: where in a JSON document a schema error is, as a person would write it."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_problem(error: ValidationError) -> str:
    """One short line: the field path and what is wrong, never the (possibly huge) offending value."""
    path = field_path(error.absolute_path) or "top level"
    kind = error.validator
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a field"
        return f"{missing} is missing" + ("" if path == "top level" else f" in {path}")
    if kind == "additionalProperties":
        return f"{path} has a field that does not belong there"
    if kind == "type":
        return f"{path} should be {error.validator_value}"
    if kind in ("const", "enum"):
        return f"{path} has a value that is not allowed"
    if kind == "pattern":
        return f"{path} is not in the expected form"
    if kind in ("maxItems", "maxLength", "maximum"):
        return f"{path} is too large"
    if kind in ("minItems", "minLength", "minimum"):
        return f"{path} is too small"
    return f"{path} is not valid ({kind})"


def validate_schema(validator: Draft202012Validator, data: Any, what: str) -> None:
    try:
        errors = list(validator.iter_errors(data))
    except RecursionError as exc:
        raise BundleError(f"{what} is nested too deeply") from exc
    if errors:
        raise BundleError(f"{what}: {schema_problem(best_match(errors))}")


def check_format(
    data: Any, expected_format: str, what: str, supported: frozenset[int] = SUPPORTED_VERSIONS
) -> None:
    """Give the specific reasons before the schema's generic one: wrong kind of file, newer format."""
    if not isinstance(data, dict):
        raise BundleError(f"{what} should be a JSON object")
    found = data.get("format")
    if found != expected_format:
        if found == PROGRESS_FORMAT:
            raise BundleError("this is a progress file, not a program bundle: use `coach progress import`")
        if found == PROGRAM_FORMAT:
            raise BundleError("this is a program bundle, not a progress file: use `coach program import`")
        raise BundleError(f"{what}: this is not a Pain Recovery Coach {expected_format} file")
    version = data.get("format_version")
    if type(version) is not int:
        raise BundleError(f"{what}: format_version should be a whole number")
    if version not in supported:
        raise BundleError(
            f"this file uses format version {version}, which this app does not know;"
            " update the app to open it"
        )


# --- what every manifest lists ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


def file_table(entries: list[dict[str, Any]]) -> dict[str, FileEntry]:
    files: dict[str, FileEntry] = {}
    for entry in entries:
        path = check_member_name(entry["path"])
        if path == MANIFEST_NAME:
            raise BundleError("manifest: files must not list the manifest itself")
        if path in files:
            raise BundleError(f"manifest: {path[:60]!r} is listed twice")
        files[path] = FileEntry(path, entry["size"], entry["sha256"])
    return files


# --- the .coachprogress manifest -------------------------------------------------------------------
PROGRESS_FILE = "progress.json"
# The parts a person may share, in the order the share dialog lists them (progress_review checks each).
PROGRESS_PARTS: tuple[str, ...] = (
    "sessions", "checkins", "program", "lessons", "taper", "withdrawal", "doses", "journal",
)  # fmt: skip


_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
PROGRESS_MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "format",
        "format_version",
        "created_at",
        "patient_name",
        "range_start",
        "range_end",
        "files",
    ],
    "additionalProperties": False,
    "properties": {
        **COMMON_PROPERTIES,
        "format": {"const": PROGRESS_FORMAT},
        "patient_name": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S"},
        "range_start": _DATE,
        "range_end": _DATE,
        "shared": {
            "type": "array",
            "uniqueItems": True,
            "maxItems": 10,
            "items": {"enum": list(PROGRESS_PARTS)},
        },
        # Version 2 (required there, refused in version 1 files only by being absent from their writers).
        "patient_id": {
            "type": "string",
            "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        },
        "generated_at": {"type": "string", "maxLength": 40},
        "sequence": {"type": "integer", "minimum": 1, "maximum": 2**53},
    },
}
_V2_FIELDS = ("patient_id", "generated_at", "sequence")

_PROGRESS_VALIDATOR = Draft202012Validator(PROGRESS_MANIFEST_SCHEMA)


@dataclass(frozen=True)
class ProgressManifest:
    format_version: int
    created_at: str
    patient_name: str
    range_start: date
    range_end: date
    shared: tuple[str, ...]
    files: dict[str, FileEntry]
    # Version 2 on; None in a legacy (version 1) file.
    patient_id: str | None = None
    generated_at: str | None = None  # ISO-8601 UTC
    sequence: int | None = None

    @property
    def is_legacy(self) -> bool:
        """A version 1 file: it names no patient id, so the caseload keys it by the name in the file."""
        return self.patient_id is None


def parse_bounded_date(text: str, where: str) -> date:
    """A YYYY-MM-DD text as a date in EARLIEST_DATE..LATEST_DATE; BundleError naming `where` otherwise."""
    try:
        day = date.fromisoformat(text)
    except (ValueError, TypeError) as exc:
        raise BundleError(f"{where} is not a real date") from exc
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BundleError(
            f"{where} is {day.isoformat()}, outside {EARLIEST_DATE.year}-{LATEST_DATE.year}:"
            " the file is damaged or was changed"
        )
    return day


def check_date_range(start: date, end: date, where: str) -> None:
    """A shared range starts no later than it ends and spans at most MAX_RANGE_DAYS days."""
    if start > end:
        raise BundleError(f"{where}: the date range ends before it starts")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise BundleError(f"{where}: the date range is longer than {MAX_RANGE_DAYS // 366} years")


def check_created_at(text: str) -> None:
    """A manifest's created_at: an ISO date and time whose day lies in 1900-2200; BundleError otherwise."""
    try:
        created = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BundleError("manifest: created_at is not a real date and time") from exc
    parse_bounded_date(created.date().isoformat(), "manifest: created_at")


def parse_progress_manifest(raw: bytes) -> ProgressManifest:
    data = parse_json(raw, "manifest", limit=64 * 1024)
    check_format(data, PROGRESS_FORMAT, "manifest", PROGRESS_VERSIONS)
    validate_schema(_PROGRESS_VALIDATOR, data, "manifest")
    if data["format_version"] >= 2:
        for name in _V2_FIELDS:
            if name not in data:
                raise BundleError(f"manifest: {name} is missing")
        _check_generated_at(data["generated_at"])
    elif any(name in data for name in _V2_FIELDS):
        raise BundleError("manifest: a version 1 file has a field that does not belong there")
    files = file_table(data["files"])
    if set(files) != {PROGRESS_FILE}:
        raise BundleError(f"manifest: a progress file holds exactly one file, {PROGRESS_FILE}")
    start = parse_bounded_date(data["range_start"], "manifest: range_start")
    end = parse_bounded_date(data["range_end"], "manifest: range_end")
    check_date_range(start, end, "manifest")
    check_created_at(data["created_at"])
    return ProgressManifest(
        format_version=data["format_version"],
        created_at=data["created_at"],
        patient_name=data["patient_name"].strip(),
        range_start=start,
        range_end=end,
        shared=tuple(data.get("shared", [])),
        files=files,
        patient_id=data.get("patient_id"),
        generated_at=data.get("generated_at"),
        sequence=data.get("sequence"),
    )


def _check_generated_at(text: str) -> None:
    """generated_at: an ISO date and time with a UTC offset, its day in 1900-2200; BundleError otherwise."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BundleError("manifest: generated_at is not a real date and time") from exc
    if moment.utcoffset() is None:
        raise BundleError("manifest: generated_at has no time zone (it should be UTC)")
    parse_bounded_date(moment.date().isoformat(), "manifest: generated_at")
