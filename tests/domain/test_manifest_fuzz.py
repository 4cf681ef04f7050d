"""Property-based fuzzing: whatever bytes or JSON a bundle holds, the parsers answer with a CoachError
(one line) or a parsed value, never another exception."""

from __future__ import annotations

import copy
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.bundle_manifest import BundleError, check_member_name, parse_json, parse_progress_manifest
from coach.domain.errors import CoachError
from coach.domain.program_manifest import parse_program_manifest
from coach.domain.programs import program_to_dict
from coach.domain.progress_review import parse_progress_data
from coach.services.programs.bundles import read_program_bundle
from coach.services.programs.definitions import builtin_programs, validate_program_data
from coach.storage.safezip import write_bundle

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)

VALID_PROGRAM_MANIFEST: dict[str, Any] = {
    "format": "coachprog",
    "format_version": 1,
    "created_at": "2026-11-21T10:00:00+00:00",
    "app_version": "0.1.0",
    "coach_name": "Sam",
    "program": {"id": "sams-plan", "title": "Plan", "file": "program.json"},
    "exercises": [{"id": "kind-hands", "title": "Kind hands", "file": "exercises/kind-hands.json"}],
    "recordings": [
        {"exercise_id": "kind-hands", "file": "recordings/kind-hands-1.wav", "original_name": "a.wav"}
    ],
    "files": [
        {"path": "program.json", "size": 10, "sha256": "a" * 64},
        {"path": "exercises/kind-hands.json", "size": 10, "sha256": "b" * 64},
        {"path": "recordings/kind-hands-1.wav", "size": 10, "sha256": "c" * 64},
    ],
}
VALID_PROGRESS_MANIFEST: dict[str, Any] = {
    "format": "coachprogress",
    "format_version": 1,
    "created_at": "2026-11-21T10:00:00+00:00",
    "patient_name": "Ana",
    "range_start": "2026-10-25",
    "range_end": "2026-11-21",
    "shared": ["sessions", "checkins"],
    "files": [{"path": "progress.json", "size": 10, "sha256": "d" * 64}],
}


def _only_coach_errors(parse: Any, raw: bytes) -> None:
    try:
        parse(raw)
    except CoachError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_the_valid_manifests_used_as_seeds_parse() -> None:
    manifest = parse_program_manifest(json.dumps(VALID_PROGRAM_MANIFEST).encode())
    assert manifest.program_id == "sams-plan" and len(manifest.files) == 3
    progress = parse_progress_manifest(json.dumps(VALID_PROGRESS_MANIFEST).encode())
    assert progress.patient_name == "Ana"


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    for parse in (parse_program_manifest, parse_progress_manifest, parse_progress_data):
        _only_coach_errors(parse, raw)


@FUZZ
@given(json_values)
def test_any_json_value(value: Any) -> None:
    raw = json.dumps(value).encode()
    for parse in (parse_program_manifest, parse_progress_manifest, parse_progress_data):
        _only_coach_errors(parse, raw)
    _only_coach_errors(lambda _raw: validate_program_data(value, "program.json"), raw)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


def _mutate(seed: dict[str, Any], path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    data = copy.deepcopy(seed)
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


@FUZZ
@given(st.data(), json_values, st.booleans())
def test_a_valid_manifest_with_one_field_changed(data: st.DataObject, value: Any, delete: bool) -> None:
    for seed, parse in (
        (VALID_PROGRAM_MANIFEST, parse_program_manifest),
        (VALID_PROGRESS_MANIFEST, parse_progress_manifest),
    ):
        path = data.draw(st.sampled_from(_paths(seed)))
        mutated = _mutate(seed, path, value, delete and bool(path))
        _only_coach_errors(parse, json.dumps(mutated).encode())


@FUZZ
@given(st.text(max_size=120))
def test_member_names_that_pass_stay_inside_the_folder(name: str) -> None:
    try:
        accepted = check_member_name(name)
    except BundleError:
        return
    parts = accepted.split("/")
    assert not accepted.startswith("/") and ".." not in parts and "" not in parts and "\\" not in accepted
    assert len(parts) <= 3 and ":" not in accepted


@FUZZ
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["[", '{"a":']))
def test_nesting_is_refused_before_python_recurses(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    raw = (opener * depth + "1" + closer * depth).encode()
    try:
        parse_json(raw, "manifest")
    except BundleError as exc:
        assert depth > 24 and "nested too deeply" in str(exc)


def _real_bundle_bytes() -> bytes:
    """A genuine exported bundle: built-in program plus one custom exercise."""
    program = program_to_dict(next(p for p in builtin_programs() if p.id == "taper-companion"))
    members = {"program.json": json.dumps(program).encode()}
    manifest = dict(
        VALID_PROGRAM_MANIFEST,
        program={"id": "taper-companion", "title": "Taper companion", "file": "program.json"},
        exercises=[],
        recordings=[],
        files=[
            {"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()} for k, v in members.items()
        ],
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_bundle(
            Path(folder) / "b.coachprog", {"manifest.json": json.dumps(manifest).encode(), **members}
        )
        return path.read_bytes()


REAL_BUNDLE = _real_bundle_bytes()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=8
    )
)
def test_corrupted_real_bundles_only_ever_raise_coach_errors(flips: list[tuple[int, int]]) -> None:
    raw = bytearray(REAL_BUNDLE)
    for position, value in flips:
        raw[position % len(raw)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.coachprog"
        path.write_bytes(bytes(raw))
        try:
            read_program_bundle(path)
        except CoachError as exc:
            assert str(exc) and "\n" not in str(exc)


def test_the_uncorrupted_real_bundle_reads() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "real.coachprog"
        path.write_bytes(REAL_BUNDLE)
        assert read_program_bundle(path).program.id == "taper-companion"
