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
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir.parent / "x.json"))
    assert code == 1 and "protected by a passcode: set COACH_PASSCODE" in err
    monkeypatch.setenv("COACH_PASSCODE", "wrong")
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir.parent / "x.json"))
    assert code == 1 and "not right" in err
    monkeypatch.setenv("COACH_PASSCODE", "blue heron 7")
    code, _, err = run(data_dir, "--profile", "kim", "export", "--out", str(data_dir.parent / "x.json"))
    assert code == 0, err


# --- issue 14: guarded outputs, one app per profile -------------------------------------------------
def _journal_texts(database: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(database)
    try:
        return [r[0] for r in conn.execute("select text from journal order by id")]
    finally:
        conn.close()


def _profile_with_a_note(data_dir: Path, profile: str = "default") -> Path:
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    paths = ProfilePaths(data_dir, profile)
    with Store.open(paths) as store:
        store.update_profile(kind="coach" if profile == "coach" else "patient")
        store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'precious')")
    return paths.database


# Every command with --out, as the issue found them: each "succeeded" onto the live database.
OUT_COMMANDS: dict[str, tuple[str, ...]] = {
    "export json": ("export", "--format", "json", "--out"),
    "backup": ("backup", "--out"),
    "report": ("report", "--out"),
    "progress export": ("progress", "export", "--out"),
    "program export": ("--profile", "coach", "program", "export", "pain-reprocessing-4-weeks", "--out"),
    "audio render": ("audio", "render", "flare-tracking-3", "--engine", "none", "--out"),
}


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_no_output_can_overwrite_the_live_database(data_dir: Path, command: str) -> None:
    args = OUT_COMMANDS[command]
    profile = "coach" if "coach" in args else "default"
    live = _profile_with_a_note(data_dir, profile)
    before = live.read_bytes()
    code, _, err = run(data_dir, *args, str(live))
    assert code == 1, err
    assert err.startswith("coach: ") and "data folder" in err and len(err.strip().splitlines()) == 1
    assert live.read_bytes() == before
    assert _journal_texts(live) == ["precious"]
    # Anywhere else inside the data folder is refused too, and nothing is left there.
    inside = data_dir / "profiles" / profile / "out.bin"
    assert run(data_dir, *args, str(inside))[0] == 1
    assert not inside.exists()
    assert not [p for p in inside.parent.iterdir() if ".partial" in p.name]


def test_csv_export_into_the_profile_folder_is_refused(data_dir: Path) -> None:
    live = _profile_with_a_note(data_dir)
    code, _, err = run(data_dir, "export", "--format", "csv", "--out", str(live.parent))
    assert code == 1 and "data folder" in err
    assert not (live.parent / "journal.csv").exists()


def test_a_missing_folder_is_not_created(data_dir: Path, tmp_path: Path) -> None:
    _profile_with_a_note(data_dir)
    target = tmp_path / "missing" / "dir" / "r.pdf"
    for args in (("report", "--out"), ("backup", "--out"), ("export", "--out")):
        code, _, err = run(data_dir, *args, str(target))
        assert code == 1 and "does not exist" in err, args
        assert not (tmp_path / "missing").exists(), args


def test_device_nodes_pipes_and_folders_are_refused(data_dir: Path, tmp_path: Path) -> None:
    import stat

    _profile_with_a_note(data_dir)
    # Never the machine's own /dev/null or /dev/full: a broken guard would replace them for everyone.
    targets = [tmp_path / "pipe"]
    os.mkfifo(targets[0])
    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as root, like the issue
        targets.append(tmp_path / "null")
    except PermissionError:
        pass
    for target in targets:
        code, _, err = run(data_dir, "backup", "--out", str(target))
        assert code == 1 and "not a regular file" in err, (target, err)
    assert targets[0].is_fifo()
    assert all(t.is_fifo() or t.is_char_device() for t in targets)
    code, _, err = run(data_dir, "progress", "export", "--out", str(tmp_path / "data-folder-ok"))
    assert code == 0, err
    (tmp_path / "a-folder").mkdir()
    code, _, err = run(data_dir, "export", "--out", str(tmp_path / "a-folder"))
    assert code == 1 and "is a folder" in err


def test_outputs_are_private_and_replace_an_old_file_whole(data_dir: Path, tmp_path: Path) -> None:
    _profile_with_a_note(data_dir)
    out = tmp_path / "export.json"
    out.write_text("an old export that is much longer than the new one would be " * 5000)
    assert run(data_dir, "export", "--out", str(out))[0] == 0
    assert json.loads(out.read_text())["tables"]["journal"][0]["text"] == "precious"
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["export.json"]


def test_a_failed_output_leaves_no_partial_file(data_dir: Path, tmp_path: Path) -> None:
    # An unknown program fails after the guard made its temporary file: nothing may be left behind.
    _profile_with_a_note(data_dir, "coach")
    out = tmp_path / "plan.coachprog"
    code, _, err = run(data_dir, "--profile", "coach", "program", "export", "no-such", "--out", str(out))
    assert code == 1 and err.startswith("coach: ")
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_a_backup_with_a_hash_in_its_name_restores(data_dir: Path, tmp_path: Path) -> None:
    live = _profile_with_a_note(data_dir)
    copy = tmp_path / "my#backup.db"
    assert run(data_dir, "backup", "--out", str(copy))[0] == 0
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    with Store.open(ProfilePaths(data_dir)) as store:
        store.db.execute("insert into journal (at, text) values ('2026-11-02T08:00:00+00:00', 'later')")
    code, _, err = run(data_dir, "restore", str(copy))
    assert code == 0, err
    assert _journal_texts(live) == ["precious"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "my#backup.db"]  # no stray file `my`


def _hold_profile_open(data_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the profile the way the running app does."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from coach.storage.lock import ProfileLock;"
            "from coach.storage.paths import ProfilePaths;"
            "lock = ProfileLock(ProfilePaths(Path(sys.argv[1]))).acquire(); print('held', flush=True);"
            "sys.stdin.read()",
            str(data_dir),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_restore_import_and_demo_refuse_while_the_app_has_the_profile(data_dir: Path, tmp_path: Path) -> None:
    live = _profile_with_a_note(data_dir)
    copy = tmp_path / "copy.db"
    export = tmp_path / "export.json"
    assert run(data_dir, "backup", "--out", str(copy))[0] == 0
    assert run(data_dir, "export", "--out", str(export))[0] == 0
    empty = tmp_path / "empty-data"
    run(empty, "doctor", "--json")
    holder = _hold_profile_open(data_dir)
    other = _hold_profile_open(empty)
    try:
        for data, args in (
            (data_dir, ("restore", str(copy))),
            (empty, ("import", str(export))),
            (empty, ("demo",)),
        ):
            code, _, err = run(data, *args)
            assert code == 1, args
            assert "close the app first" in err and len(err.strip().splitlines()) == 1, args
        assert _journal_texts(live) == ["precious"]
        # Adding a record still works beside the running app.
        code, _, err = run(data_dir, "meds", "add", "Ibuprofen", "--strength", "200", "--unit", "mg")
        assert code == 0, err
        code, _, err = run(data_dir, "dose", "log", "Ibuprofen", "200")
        assert code == 0, err
    finally:
        for child in (holder, other):
            child.kill()
            child.wait()
    # A crashed app (killed) leaves no stale lock behind.
    code, _, err = run(data_dir, "restore", str(copy))
    assert code == 0, err


def test_a_data_folder_with_uri_characters_in_its_name_works(tmp_path: Path) -> None:
    data_dir = tmp_path / "my#data?100%"
    _profile_with_a_note(data_dir)
    code, stdout, _ = run(data_dir, "doctor", "--json")
    assert code == 0
    database = {c["name"]: c for c in json.loads(stdout)}["database"]
    assert database["ok"], database
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my#data?100%"]  # no stray `my` beside it
