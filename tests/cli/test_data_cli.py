"""The `coach` command's contract: version, exit codes, one-line errors, export/import, backup/restore."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach import __version__
from coach.cli import cli


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_unknown_command_is_a_usage_error(data_dir: Path) -> None:
    code, _, err = run(data_dir, "frobnicate")
    assert code == 2
    assert "No such command" in err


def test_export_json_has_every_table_and_import_restores_it(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    code, _, _ = run(src, "export", "--out", str(tmp_path / "empty.json"))
    assert code == 0
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    with Store.open(ProfilePaths(src)) as store:
        store.update_profile(nickname="Kim")
        store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'good walk')")
    out = tmp_path / "export.json"
    code, stdout, _ = run(src, "export", "--format", "json", "--out", str(out))
    assert code == 0 and "Exported" in stdout
    data = json.loads(out.read_text())
    assert data["format_version"] == 1
    assert "exported_at" in data
    assert {"sessions", "checkins", "medications", "dose_events", "taper_steps", "journal"} <= set(
        data["tables"]
    )
    assert data["tables"]["journal"][0]["text"] == "good walk"

    dst = tmp_path / "dst"
    code, stdout, _ = run(dst, "import", str(out))
    assert code == 0, stdout
    again = tmp_path / "again.json"
    run(dst, "export", "--out", str(again))
    second = json.loads(again.read_text())
    assert second["tables"] == data["tables"]

    # Importing into a profile that holds data is refused and changes nothing.
    code, _, err = run(dst, "import", str(out))
    assert code == 1
    assert err.startswith("coach: ") and "already holds data" in err
    assert len(err.strip().splitlines()) == 1


def test_csv_export_writes_one_file_per_table(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    code, _, _ = run(data_dir, "export", "--format", "csv", "--out", str(out))
    assert code == 0
    files = {p.name for p in out.iterdir()}
    assert {"sessions.csv", "checkins.csv", "taper_steps.csv"} <= files
    assert (out / "sessions.csv").read_text(encoding="utf-8-sig").startswith("id,")


def test_bad_import_files_fail_with_one_line(data_dir: Path, tmp_path: Path) -> None:
    cases = {
        "missing.json": None,
        "garbage.json": "{not json",
        "wrong.json": json.dumps({"hello": 1}),
        "future.json": json.dumps({"format_version": 99, "tables": {}}),
        "badcol.json": json.dumps({"format_version": 1, "tables": {"journal": [{"nope": 1}]}}),
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        code, _, err = run(data_dir, "import", str(path))
        assert code == 1, name
        assert err.startswith("coach: "), name
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, name


def test_backup_then_restore(data_dir: Path, tmp_path: Path) -> None:
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    with Store.open(ProfilePaths(data_dir)) as store:
        store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'one')")
    copy = tmp_path / "copy.db"
    assert run(data_dir, "backup", "--out", str(copy))[0] == 0
    with Store.open(ProfilePaths(data_dir)) as store:
        store.db.execute("insert into journal (at, text) values ('2026-11-02T08:00:00+00:00', 'two')")
    code, stdout, _ = run(data_dir, "restore", str(copy))
    assert code == 0 and "kept at" in stdout
    with Store.open(ProfilePaths(data_dir)) as store:
        assert [r["text"] for r in store.db.query("select text from journal")] == ["one"]
    code, _, err = run(data_dir, "restore", str(tmp_path / "nothing.db"))
    assert code == 1 and "does not exist" in err


def test_doctor_reports_each_check(data_dir: Path) -> None:
    code, stdout, _ = run(data_dir, "doctor", "--json")
    assert code == 0
    checks = {c["name"]: c for c in json.loads(stdout)}
    assert {"display", "audio output", "speech", "data folder", "database", "backups", "disk space"} <= set(
        checks
    )
    for check in checks.values():
        assert check["ok"] or check["fix"], f"{check['name']} fails without saying what to do"


@pytest.mark.parametrize("with_options", [True, False], ids=["coach --data-dir DIR", "coach alone"])
def test_without_a_display_the_window_command_exits_1_with_a_message(
    tmp_path: Path, with_options: bool
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COACH_DATA_DIR"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "coach", *(["--data-dir", str(tmp_path)] if with_options else [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.strip().startswith("coach: no display")
    assert "Traceback" not in out.stderr


def test_a_passcode_protected_profile_needs_its_passcode_on_the_command_line(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.services.profiles.service import ProfileService

    ProfileService(data_dir).create("kim", kind="patient", passcode="blue heron 7")
    monkeypatch.delenv("COACH_PASSCODE", raising=False)
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir / "x.json"))
    assert code == 1 and "has a passcode" in err
    monkeypatch.setenv("COACH_PASSCODE", "wrong")
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir / "x.json"))
    assert code == 1 and "not right" in err
    monkeypatch.setenv("COACH_PASSCODE", "blue heron 7")
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir / "x.json"))
    assert code == 0, err
