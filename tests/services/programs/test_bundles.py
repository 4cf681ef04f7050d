"""Program bundles: a round trip between a coach and a patient profile, and a battery of hostile files that
must each be refused with one plain reason while nothing at all is written."""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import stat
import struct
import warnings
import wave
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.domain.programs import add_exercise, empty_program, program_to_dict
from coach.services.caseload.progress_files import (
    export_progress,
    import_progress,
    patient_overviews,
    read_progress_file,
)
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.programs.bundle_import import apply_import, plan_import
from coach.services.programs.bundles import export_program, read_program_bundle
from coach.services.programs.service import ProgramService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

CUSTOM_EXERCISE: dict[str, Any] = {
    "id": "kind-hands",
    "title": "Kind hands",
    "category": "self-compassion",
    "minutes": 2,
    "purpose": "Offer yourself some warmth when pain is loud.",
    "when_to_use": "Whenever you need a moment of comfort.",
    "source": "Written by your coach.",
    "tags": ["short"],
    "steps": [
        {"kind": "speak", "text": "Rest a hand where it hurts, gently."},
        {"kind": "pause", "seconds": 5},
        {"kind": "breath", "inhale": 4, "hold": 1, "exhale": 6, "cycles": 3},
        {"kind": "chime"},
    ],
}


def wav_bytes(seconds: float = 0.5, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = int(seconds * rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i * 2 * math.pi * 440 / rate))) for i in range(frames)
            )
        )
    return buffer.getvalue()


@pytest.fixture
def coach_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(data_dir, "coach-sam"))
    store.update_profile(kind="coach", nickname="Sam")
    yield AppContext(store=store, clock=clock)
    store.close()


@pytest.fixture
def patient_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(data_dir, "patient-ana"))
    yield AppContext(store=store, clock=clock)
    store.close()


def _coach_program(ctx: AppContext) -> str:
    ExerciseLibrary(ctx.store).save_custom(CUSTOM_EXERCISE, author="Sam")
    folder = ctx.paths.recordings_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kind-hands-voice.wav").write_bytes(wav_bytes(1.0))
    ctx.store.db.execute(
        "INSERT INTO recordings (exercise_id, path, duration_s, original_name, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            "kind-hands",
            "kind-hands-voice.wav",
            1.0,
            "Sam reading Kind hands.wav",
            "2026-11-20T10:00:00+00:00",
        ],
    )
    program = empty_program("sams-plan", "Sam's gentle start", weeks=2)
    program = add_exercise(program, 0, 0, "kind-hands")
    program = add_exercise(program, 0, 0, "body-scan")
    program = add_exercise(program, 1, 2, "somatic-tracking-5")
    ProgramService(ctx).save(program, coach_name="Sam")
    return program.id


def test_round_trip_between_a_coach_and_a_patient_profile(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    program_id = _coach_program(coach_ctx)
    bundle = tmp_path / "sams-plan.coachprog"
    result = export_program(coach_ctx, program_id, bundle)
    assert (result.exercises, result.recordings) == (1, 1)

    patients = ProgramService(patient_ctx)
    patients.assign("mindfulness-8-weeks")
    before = patient_ctx.store.counts()
    preview = plan_import(patient_ctx, bundle)
    assert patient_ctx.store.counts() == before  # a preview writes nothing
    assert not patient_ctx.paths.recordings_dir.exists()
    text = "\n".join(preview.lines())
    assert "Sam's gentle start" in text and "from Sam" in text
    assert "“8-week mindfulness for pain”, is kept in your history; nothing in it is lost." in text
    assert "Adds the exercise “Kind hands”" in text and "Adds a recording for “kind-hands”" in text

    assignment = apply_import(patient_ctx, preview)
    assert assignment.program_id == "sams-plan" and assignment.status == "active"
    statuses = {a.program_id: a.status for a in patients.history()}
    assert statuses == {"mindfulness-8-weeks": "previous", "sams-plan": "active"}
    info = patients.info("sams-plan")
    assert (info.origin, info.coach_name) == ("imported", "Sam")
    assert program_to_dict(info.program) == program_to_dict(ProgramService(coach_ctx).get(program_id))
    exercise = ExerciseLibrary(patient_ctx.store).get("kind-hands")
    assert not exercise.builtin and exercise.title == "Kind hands"
    row = patient_ctx.store.db.execute("select path, duration_s, original_name from recordings").fetchone()
    saved = patient_ctx.paths.recordings_dir / row[0]
    assert saved.read_bytes() == wav_bytes(1.0) and row[1] == pytest.approx(1.0)
    assert row[2] == "Sam reading Kind hands.wav"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    plan = patients.today()
    assert plan is not None and plan.exercises == ("kind-hands", "body-scan")

    # The same bundle again changes no program: it is simply started again.
    again = plan_import(patient_ctx, bundle)
    assert again.program_action == "same"
    apply_import(patient_ctx, again)
    assert patient_ctx.store.db["programs"].count == 2
    assert patient_ctx.store.db["recordings"].count == 1


def test_a_changed_version_is_added_as_a_copy_so_the_old_one_is_kept(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    program_id = _coach_program(coach_ctx)
    export_program(coach_ctx, program_id, tmp_path / "v1.coachprog")
    apply_import(patient_ctx, plan_import(patient_ctx, tmp_path / "v1.coachprog"))
    service = ProgramService(coach_ctx)
    service.save(add_exercise(service.get(program_id), 1, 6, "urge-surfing"), coach_name="Sam")
    export_program(coach_ctx, program_id, tmp_path / "v2.coachprog")
    preview = plan_import(patient_ctx, tmp_path / "v2.coachprog")
    assert preview.program_action == "copy" and preview.program_id == "sams-plan-2"
    apply_import(patient_ctx, preview)
    patients = ProgramService(patient_ctx)
    assert "urge-surfing" not in patients.get("sams-plan").exercise_ids()
    assert "urge-surfing" in patients.get("sams-plan-2").exercise_ids()
    assert {a.program_id: a.status for a in patients.history()} == {
        "sams-plan": "previous",
        "sams-plan-2": "active",
    }


def test_a_stale_preview_is_not_applied(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    export_program(coach_ctx, _coach_program(coach_ctx), tmp_path / "b.coachprog")
    preview = plan_import(patient_ctx, tmp_path / "b.coachprog")
    ExerciseLibrary(patient_ctx.store).save_custom(dict(CUSTOM_EXERCISE, title="My own kind hands"))
    with pytest.raises(CoachError, match="changed since the preview"):
        apply_import(patient_ctx, preview)
    assert patient_ctx.store.db["programs"].count == 0


# --- the hostile battery ---------------------------------------------------------------------------------
PROGRAM = program_to_dict(
    add_exercise(empty_program("evil-plan", "Totally normal plan", 1), 0, 0, "body-scan")
)


def _json(data: Any) -> bytes:
    return json.dumps(data).encode()


def manifest_for(members: dict[str, bytes], **overrides: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": "coachprog",
        "format_version": 1,
        "created_at": "2026-11-21T10:00:00+00:00",
        "app_version": "0.1.0",
        "coach_name": "Mallory",
        "program": {"id": "evil-plan", "title": "Totally normal plan", "file": "program.json"},
        "exercises": [],
        "recordings": [],
        "files": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
        ],
    }
    manifest.update(overrides)
    return manifest


def write_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we write on purpose
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return path


def bundle(path: Path, members: dict[str, bytes], **manifest_overrides: Any) -> Path:
    manifest = manifest_for(members, **manifest_overrides)
    return write_zip(path, [("manifest.json", _json(manifest)), *members.items()])


def _good_members() -> dict[str, bytes]:
    return {"program.json": _json(PROGRAM)}


def _symlink(tmp: Path) -> Path:
    info = zipfile.ZipInfo("program.json")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    members = _good_members()
    return write_zip(tmp, [("manifest.json", _json(manifest_for(members))), (info, b"/etc/passwd")])


def _bomb(tmp: Path) -> Path:
    huge = b"\0" * (20 * 1024 * 1024)  # 20 MB of zeros deflates to about 20 KB
    members = {**_good_members(), "recordings/evil-plan-1.wav": huge}
    recs = [{"exercise_id": "body-scan", "file": "recordings/evil-plan-1.wav"}]
    return bundle(tmp, members, recordings=recs)


def _many_entries(tmp: Path) -> Path:
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [
        ("manifest.json", _json(manifest_for(_good_members())))
    ]
    entries += [(f"exercises/x{i}.json", b"{}") for i in range(3000)]
    return write_zip(tmp, entries)


def _deep_json(tmp: Path) -> Path:
    return write_zip(tmp, [("manifest.json", b"[" * 5000 + b"]" * 5000), *_good_members().items()])


def _deep_folders(tmp: Path) -> Path:
    members = {**_good_members(), "a/b/c/d/e/f/g.json": b"{}"}
    return bundle(tmp, members)


def _fake_audio(tmp: Path) -> Path:
    members = {
        **_good_members(),
        "recordings/evil-plan-1.wav": b"RIFF\x24\x00\x00\x00WAVEjunk" + os.urandom(4000),
    }
    return bundle(
        tmp, members, recordings=[{"exercise_id": "body-scan", "file": "recordings/evil-plan-1.wav"}]
    )


def _truncated_audio(tmp: Path) -> Path:
    members = {**_good_members(), "recordings/evil-plan-1.wav": wav_bytes(1.0)[:9000]}
    return bundle(
        tmp, members, recordings=[{"exercise_id": "body-scan", "file": "recordings/evil-plan-1.wav"}]
    )


def _sha_mismatch(tmp: Path) -> Path:
    members = _good_members()
    manifest = manifest_for(members)
    tampered = _json(dict(PROGRAM, title="Changed after signing")).ljust(len(members["program.json"]))
    return write_zip(
        tmp, [("manifest.json", _json(manifest)), ("program.json", tampered[: len(members["program.json"])])]
    )


def _duplicate_names(tmp: Path) -> Path:
    members = _good_members()
    return write_zip(
        tmp, [("manifest.json", _json(manifest_for(members))), *members.items(), ("program.json", b"{}")]
    )


def _shadow_builtin(tmp: Path) -> Path:
    exercise = dict(CUSTOM_EXERCISE, id="body-scan", title="Body scan")
    members = {**_good_members(), "exercises/body-scan.json": _json(exercise)}
    return bundle(tmp, members, exercises=[{"id": "body-scan", "file": "exercises/body-scan.json"}])


def _endless_exercise(tmp: Path) -> Path:
    """Issue 14: a bundle exercise that says 1 minute but holds 500 pauses of 600 s (83 hours); Begin
    rendered it into an 8 GB track."""
    exercise = dict(
        CUSTOM_EXERCISE,
        id="quick-calm",
        title="Quick calm",
        minutes=1,
        steps=[{"kind": "pause", "seconds": 600}] * 500,
    )
    program = program_to_dict(
        add_exercise(empty_program("evil-plan", "Totally normal plan", 1), 0, 0, "quick-calm")
    )
    members = {"program.json": _json(program), "exercises/quick-calm.json": _json(exercise)}
    return bundle(tmp, members, exercises=[{"id": "quick-calm", "file": "exercises/quick-calm.json"}])


def _missing_exercise(tmp: Path) -> Path:
    program = dict(PROGRAM, weeks=[{"days": [{"exercises": ["secret-script"]}] + [{"exercises": []}] * 6}])
    return bundle(tmp, {"program.json": _json(program)})


def _case(name: str, build: Callable[[Path], Path], reason: str) -> Any:
    return pytest.param(build, reason, id=name)


HOSTILE = [
    _case("path-traversal", lambda p: bundle(p, {**_good_members(), "../../evil.json": b"{}"}), "climbs out"),
    _case(
        "absolute-path", lambda p: bundle(p, {**_good_members(), "/etc/cron.d/evil": b"x"}), "absolute path"
    ),
    _case("windows-drive", lambda p: bundle(p, {**_good_members(), "C:/evil.json": b"x"}), "absolute path"),
    _case("backslash", lambda p: bundle(p, {**_good_members(), "..\\evil.json": b"x"}), "backslash"),
    _case("symlink", _symlink, "link"),
    _case("zip-bomb", _bomb, "zip bomb"),
    _case("thousands-of-entries", _many_entries, "3001 files"),
    _case("missing-manifest", lambda p: write_zip(p, list(_good_members().items())), "no manifest.json"),
    _case(
        "malformed-manifest",
        lambda p: write_zip(p, [("manifest.json", b"{'format': coachprog")]),
        "not valid JSON",
    ),
    _case(
        "manifest-not-object",
        lambda p: write_zip(p, [("manifest.json", b"[1, 2, 3]")]),
        "should be a JSON object",
    ),
    _case("wrong-type-version", lambda p: bundle(p, _good_members(), format_version="1"), "whole number"),
    _case(
        "wrong-type-program-id",
        lambda p: bundle(p, _good_members(), program={"id": 7, "title": "x", "file": "program.json"}),
        "program.id should be string",
    ),
    _case(
        "wrong-type-size",
        lambda p: bundle(
            p, _good_members(), files=[{"path": "program.json", "size": "12", "sha256": "0" * 64}]
        ),
        "size should be integer",
    ),
    _case(
        "program-wrong-types",
        lambda p: bundle(p, {"program.json": _json(dict(PROGRAM, weeks="all"))}),
        "weeks",
    ),
    _case("deep-json-nesting", _deep_json, "nested too deeply"),
    _case("deep-folders", _deep_folders, "nests folders too deeply"),
    _case("fake-audio", _fake_audio, "not a playable WAV"),
    _case("truncated-audio", _truncated_audio, "recording is incomplete"),
    _case("unknown-version", lambda p: bundle(p, _good_members(), format_version=99), "format version 99"),
    _case("sha-mismatch", _sha_mismatch, "does not match its checksum"),
    _case("duplicate-names", _duplicate_names, "two files named"),
    _case(
        "unlisted-file",
        lambda p: write_zip(
            p,
            [
                ("manifest.json", _json(manifest_for(_good_members()))),
                *_good_members().items(),
                ("extra.txt", b"x"),
            ],
        ),
        "does not list",
    ),
    _case("shadows-a-builtin", _shadow_builtin, "built-in exercise 'body-scan'"),
    _case("endless-exercise", _endless_exercise, "may last at most 90 minutes"),
    _case(
        "created-in-year-1",
        lambda p: bundle(p, _good_members(), created_at="0001-01-01T00:00:00+00:00"),
        "created_at is 0001-01-01, outside 1900-2200",
    ),
    _case("unknown-exercise", _missing_exercise, "does not include ('secret-script')"),
    _case(
        "not-a-zip", lambda p: (p.write_bytes(b"hello, I am a text file" * 10), p)[1], "not a readable bundle"
    ),
    _case(
        "progress-file",
        lambda p: write_zip(p, [("manifest.json", _json({"format": "coachprogress", "format_version": 1}))]),
        "use `coach progress import`",
    ),
]


def _snapshot(ctx: AppContext) -> tuple[dict[str, int], list[str]]:
    files = sorted(str(p.relative_to(ctx.paths.profile_dir)) for p in ctx.paths.profile_dir.rglob("*"))
    return ctx.store.counts(), [f for f in files if not f.startswith("coach.db")]


@pytest.mark.parametrize(("build", "reason"), HOSTILE)
def test_hostile_bundles_are_refused_and_nothing_is_written(
    patient_ctx: AppContext, tmp_path: Path, build: Callable[[Path], Path], reason: str
) -> None:
    ProgramService(patient_ctx).assign("mindfulness-8-weeks")
    before = _snapshot(patient_ctx)
    path = build(tmp_path / "hostile.coachprog")
    with pytest.raises(CoachError) as info:
        plan_import(patient_ctx, path)
    message = str(info.value)
    assert reason in message and "\n" not in message and len(message) < 200
    with pytest.raises(CoachError):
        read_program_bundle(path)
    assert _snapshot(patient_ctx) == before
    assert not (tmp_path / "evil.json").exists() and not Path("/etc/cron.d/evil").exists()
    active = ProgramService(patient_ctx).active_assignment()
    assert active is not None and active.program_id == "mindfulness-8-weeks"


def test_the_good_member_set_used_by_the_battery_is_itself_accepted(
    patient_ctx: AppContext, tmp_path: Path
) -> None:
    """Guards the battery: each hostile case differs from an importable bundle only by its one fault."""
    path = bundle(tmp_path / "fine.coachprog", _good_members())
    preview = plan_import(patient_ctx, path)
    assert preview.program_id == "evil-plan"
    recorded = {**_good_members(), "recordings/evil-plan-1.wav": wav_bytes()}
    rec = [{"exercise_id": "body-scan", "file": "recordings/evil-plan-1.wav"}]
    assert (
        len(plan_import(patient_ctx, bundle(tmp_path / "rec.coachprog", recorded, recordings=rec)).recordings)
        == 1
    )


def test_a_failure_during_apply_rolls_everything_back(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_program(coach_ctx, _coach_program(coach_ctx), tmp_path / "b.coachprog")
    preview = plan_import(patient_ctx, tmp_path / "b.coachprog")
    before = patient_ctx.store.counts()

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ProgramService, "assign_in", broken)
    with pytest.raises(RuntimeError):
        apply_import(patient_ctx, preview)
    assert patient_ctx.store.counts() == before
    assert list(patient_ctx.paths.recordings_dir.iterdir()) == []  # staged recordings were removed


def test_a_zip_header_that_lies_about_sizes_is_refused(patient_ctx: AppContext, tmp_path: Path) -> None:
    members = {**_good_members(), "recordings/evil-plan-1.wav": wav_bytes(2.0)}
    path = bundle(
        tmp_path / "liar.coachprog",
        members,
        recordings=[{"exercise_id": "body-scan", "file": "recordings/evil-plan-1.wav"}],
    )
    raw = bytearray(path.read_bytes())
    real = len(members["recordings/evil-plan-1.wav"])
    patched = 0
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            if struct.unpack_from("<I", raw, start + size_offset)[0] == real:
                struct.pack_into("<I", raw, start + size_offset, 100)  # claim 100 bytes
                patched += 1
            start += 4
    assert patched == 2
    path.write_bytes(bytes(raw))
    before = _snapshot(patient_ctx)
    with pytest.raises(CoachError, match=r"not a readable bundle|larger than its header"):
        plan_import(patient_ctx, path)
    assert _snapshot(patient_ctx) == before


# --- progress files: patient -> coach ---------------------------------------------------------------------
def _patient_history(ctx: AppContext) -> None:
    service = ProgramService(ctx)
    today = service.today_local()
    service.assign("pain-reprocessing-4-weeks", started_on=today - timedelta(days=13))
    db = ctx.store.db
    now = ctx.clock.now()
    for days_ago, exercise in (
        (13, "pain-false-alarm"),
        (12, "evidence-of-safety"),
        (2, "somatic-tracking-10"),
    ):
        at = (now - timedelta(days=days_ago)).isoformat()
        db.execute(
            "INSERT INTO sessions (exercise_id, started_at, ended_at, updated_at, status, completed_fraction,"
            " pre_pain, post_pain) VALUES (?, ?, ?, ?, 'completed', 1, 6, 4)",
            [exercise, at, (now - timedelta(days=days_ago) + timedelta(minutes=10)).isoformat(), at],
        )
    for days_ago, score in ((13, 7.0), (6, 5.0), (60, 9.0)):
        db.execute(
            "INSERT INTO checkins (at, kind, answers, score) VALUES (?, 'peg', '[7, 7, 7]', ?)",
            [(now - timedelta(days=days_ago)).isoformat(), score],
        )
    db.execute(
        "INSERT INTO checkins (at, kind, answers, score) VALUES (?, 'phq9', ?, 9)",
        [(now - timedelta(days=3)).isoformat(), json.dumps([1, 1, 1, 1, 1, 1, 1, 1, 1])],
    )
    db.execute(
        "INSERT INTO journal (at, kind, intensity, text) VALUES (?, 'flare', 8, 'private words')",
        [now.isoformat()],
    )


def test_progress_round_trip_from_patient_to_coach(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    _patient_history(patient_ctx)
    out = tmp_path / "ana.coachprogress"
    result = export_progress(
        patient_ctx, out, days=28, share=("sessions", "checkins", "program"), patient_name="Ana"
    )
    assert result.counts == {"sessions": 3, "checkins": 3}  # the PEG from 60 days ago is outside the range
    shared = read_progress_file(out)
    assert set(shared.data) == {"sessions", "checkins", "program"} and "journal" not in json.dumps(
        shared.data
    )
    assert "private words" not in out.read_bytes().decode("latin-1")

    with pytest.raises(CoachError, match="coach profile"):
        import_progress(patient_ctx, out)
    record_id = import_progress(coach_ctx, out)
    assert record_id > 0 and coach_ctx.store.db["patient_records"].count == 1
    (overview,) = patient_overviews(coach_ctx)
    assert (
        overview.name == "Ana"
        and overview.adherence_percent is not None
        and 0 < overview.adherence_percent < 50
    )
    assert overview.last_practice == ProgramService(coach_ctx).today_local() - timedelta(days=2)
    assert overview.peg_trend.startswith("improving") and overview.peg_change == -2.0
    assert any("self-harm" in flag for flag in overview.flags)
    assert any("planned practice" in flag for flag in overview.flags)


def test_hostile_progress_files_are_refused(
    coach_ctx: AppContext, patient_ctx: AppContext, tmp_path: Path
) -> None:
    _patient_history(patient_ctx)
    good = export_progress(patient_ctx, tmp_path / "good.coachprogress", share=("sessions",)).path
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        payload = zf.read("progress.json")
    sneaky = json.dumps(
        {"sessions": [], "journal": [{"date": "2026-11-01", "kind": "journal", "text": "x"}]}
    ).encode()
    cases = {
        "checksum": [
            ("manifest.json", _json(manifest)),
            ("progress.json", payload.replace(b"completed", b"abandoned")),
        ],
        "undeclared": [
            (
                "manifest.json",
                _json(
                    dict(
                        manifest,
                        files=[
                            {
                                "path": "progress.json",
                                "size": len(sneaky),
                                "sha256": hashlib.sha256(sneaky).hexdigest(),
                            }
                        ],
                    )
                ),
            ),
            ("progress.json", sneaky),
        ],
        "version": [("manifest.json", _json(dict(manifest, format_version=3))), ("progress.json", payload)],
        "bad-date": [
            ("manifest.json", _json(dict(manifest, range_start="2026-02-30"))),
            ("progress.json", payload),
        ],
        "program-bundle": [("manifest.json", _json(manifest_for(_good_members())))],
    }
    reasons = {
        "checksum": "checksum",
        "undeclared": "does not say was shared",
        "version": "format version 3",
        "bad-date": "not a real date",
        "program-bundle": "use `coach program import`",
    }
    before = coach_ctx.store.counts()
    for name, entries in cases.items():
        path = write_zip(tmp_path / f"{name}.coachprogress", entries)  # type: ignore[arg-type]
        with pytest.raises(CoachError, match=re.escape(reasons[name])):
            import_progress(coach_ctx, path)
    assert coach_ctx.store.counts() == before


def test_reader_limits_on_total_size_per_file_size_folders_and_encryption(tmp_path: Path) -> None:
    from coach.storage.safezip import ZipLimits, read_bundle

    noise = [os.urandom(40 * 1024) for _ in range(3)]  # random bytes do not compress: sizes are honest
    path = write_zip(tmp_path / "big.zip", [(f"recordings/r{i}.wav", data) for i, data in enumerate(noise)])
    assert len(read_bundle(path)) == 3
    with pytest.raises(CoachError, match="would unpack to more than 100 KB"):
        read_bundle(path, ZipLimits(total_bytes=100 * 1024))
    with pytest.raises(CoachError, match=re.escape("'recordings/r0.wav' in the bundle is too large (40 KB)")):
        read_bundle(path, ZipLimits(file_bytes=30 * 1024))
    folder = write_zip(tmp_path / "folder.zip", [("recordings/", b"")])
    with pytest.raises(CoachError, match="folder entry"):
        read_bundle(folder)
    locked = write_zip(tmp_path / "locked.zip", [("program.json", b"{}")])
    raw = bytearray(locked.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + flag_offset] |= 0x1  # Python cannot write encrypted zips: set the "encrypted" bit by hand
    locked.write_bytes(bytes(raw))
    with pytest.raises(CoachError, match="encrypted"):
        read_bundle(locked)
