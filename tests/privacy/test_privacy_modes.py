"""Owner-only files: after the things a person does (demo data, a spoken render, an export, a backup, a
progress file, a bundle, a calendar and a clinician PDF), every folder the app made is 0700 and every file
0600, in the data folder, the audio cache and the files written where the person asked; `coach doctor`
repairs what an older version left readable and then reports nothing to fix.

The commands run as real processes with a permissive umask (022) and *without* the entry point's
owner-only umask, so the test proves that each writer goes through coach/storage/private_files.py rather
than relying on the umask.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.storage.private_files import loose_modes, private_dir, repair_modes, write_private

_CLI = "import os, sys; os.umask(0o022); from coach.cli import main; main()"


def _coach(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", _CLI, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, f"coach {' '.join(args)}: {out.stderr[-2000:]}"
    return out.stdout


def _modes(root: Path) -> list[str]:
    """'0755 path' for every folder not 0700 and file not 0600 under `root` (the walk the issue asks)."""
    return [f"{stat.S_IMODE(p.stat().st_mode):04o} {p}" for p in loose_modes(root)]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        COACH_DATA_DIR=str(tmp_path / "home" / "data"),
        COACH_CACHE_DIR=str(tmp_path / "home" / "cache"),
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="*=false",
    )


def test_every_file_the_app_writes_is_owner_only(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    os.chmod(out, 0o755)  # the person's own folder: left as it is
    data, cache = Path(env["COACH_DATA_DIR"]), Path(env["COACH_CACHE_DIR"])

    _coach(env, "demo", "--days", "30")
    _coach(env, "audio", "render", "flare-tracking-3", "--engine", "espeak", "--out", str(out / "a.wav"))
    _coach(env, "export", "--out", str(out / "e.json"))
    _coach(env, "export", "--format", "csv", "--out", str(out / "csv"))
    _coach(env, "backup")
    _coach(env, "progress", "export", "--out", str(out / "p.coachprogress"))
    _coach(env, "program", "export", "pain-reprocessing-4-weeks", "--out", str(out / "b.coachbundle"))
    _coach(env, "calendar", "export", "--out", str(out / "c.ics"))
    _coach(env, "report", "--out", str(out / "r.pdf"))

    assert (cache / "audio").is_dir(), "the render should have filled the audio cache"
    assert any(data.glob("profiles/*/backups/*.db"))
    assert _modes(data) == []
    assert _modes(cache) == []
    written = sorted(p.name for p in out.rglob("*"))
    assert {"a.wav", "e.json", "p.coachprogress", "b.coachbundle", "c.ics", "r.pdf", "csv"} <= set(written)
    assert [m for m in _modes(out) if not m.endswith(f" {out}")] == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_doctor_repairs_what_an_older_version_left_readable(env: dict[str, str]) -> None:
    data = Path(env["COACH_DATA_DIR"])
    _coach(env, "demo", "--days", "7")
    db = data / "profiles" / "default" / "coach.db"
    os.chmod(data, 0o755)
    os.chmod(data / "profiles", 0o755)
    os.chmod(db, 0o644)

    first = _coach(env, "doctor")
    assert "made private" in first
    assert _modes(data) == []
    second = _coach(env, "doctor")
    assert "file privacy  owner-only (folders 0700, files 0600)" in second
    assert "readable by others" not in second


def test_any_command_creates_the_data_folder_owner_only(env: dict[str, str]) -> None:
    _coach(env, "settings", "list")
    data = Path(env["COACH_DATA_DIR"])
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_the_helper_keeps_existing_parents_and_tightens_what_it_makes(tmp_path: Path) -> None:
    os.umask(old := os.umask(0o022))
    try:
        os.umask(0o022)
        mine = tmp_path / "documents"
        mine.mkdir()
        os.chmod(mine, 0o755)
        target = write_private(mine / "a" / "b" / "note.txt", b"x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert stat.S_IMODE((mine / "a").stat().st_mode) == 0o700
        assert stat.S_IMODE((mine / "a" / "b").stat().st_mode) == 0o700
        assert stat.S_IMODE(mine.stat().st_mode) == 0o755
        private_dir(mine / "a")  # again: no change, no error
        os.chmod(target, 0o644)
        assert repair_modes(mine / "a").repaired == (target,)
        assert loose_modes(mine / "a") == []
    finally:
        os.umask(old)
