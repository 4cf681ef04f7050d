"""The command line and protected profiles: every command that reads or writes a protected profile needs
its passcode (COACH_PASSCODE, or a prompt in a terminal), `profiles passcode set|change|remove`
encrypts, re-keys and decrypts, and commands without `--profile` never make a profile silently."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coach.cli import PROTECTED_NEEDS_PASSCODE, cli
from coach.services.profiles.service import ProfileService
from coach.storage.cipher import NOT_ENCRYPTED, forget_key, is_encrypted
from coach.storage.paths import ProfilePaths

CODE = "blue heron 7"


def run(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def secret(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A protected profile `secret` with demo data, locked again (as in a new process)."""
    monkeypatch.delenv("COACH_PASSCODE", raising=False)
    assert run(data_dir, "--profile", "secret", "demo", "--days", "30")[0] == 0
    code, out, err = run(data_dir, "--profile", "secret", "profiles", "passcode", "set",
                         env={"COACH_NEW_PASSCODE": CODE})  # fmt: skip
    assert code == 0, err
    assert "encrypted" in out
    forget_key(ProfilePaths(data_dir, "secret").database)
    return data_dir


def _invocations(out_dir: Path) -> dict[str, list[str]]:
    """One command of each group that reads or writes the profile."""
    return {
        "audio": ["audio", "render", "box-breathing", "--out", str(out_dir / "a.wav")],
        "backup": ["backup"],
        "calendar": ["calendar", "export", "--out", str(out_dir / "c.ics")],
        "checkin": ["checkin", "list"],
        "demo": ["demo"],
        "doctor": ["doctor"],
        "dose": ["dose", "log", "oxycodone"],
        "exercises": ["exercises", "list"],
        "export": ["export", "--out", str(out_dir / "e.json")],
        "import": ["import", str(out_dir / "missing.json")],
        "meds": ["meds", "list"],
        "program": ["program", "status"],
        "exchange": ["exchange", "status"],
        "progress": ["progress", "export", "--out", str(out_dir / "p.coachprogress")],
        "reminders": ["reminders", "list"],
        "report": ["report", "--out", str(out_dir / "r.pdf")],
        "restore": ["restore", str(out_dir / "missing.db")],
        "settings": ["settings", "list"],
        "taper": ["taper", "show"],
    }


# Commands that never open a profile's data: arithmetic, the lessons (shared text), the list of profiles.
NO_PROFILE_DATA = {"mme", "learn", "profiles"}


def test_every_command_group_is_covered() -> None:
    names = set(cli.list_commands(click.Context(cli)))
    assert names - NO_PROFILE_DATA == set(_invocations(Path(".")))


def test_no_command_opens_a_protected_profile_without_its_passcode(secret: Path, tmp_path: Path) -> None:
    before = ProfilePaths(secret, "secret").database.read_bytes()
    for group, args in _invocations(tmp_path).items():
        code, out, err = run(secret, "--profile", "secret", *args)
        assert code == 1, (group, out, err)
        assert err.strip() == f"coach: {PROTECTED_NEEDS_PASSCODE}", group
        code, _, err = run(secret, "--profile", "secret", *args, env={"COACH_PASSCODE": "not it at all"})
        assert code == 1 and ("not right" in err or "wrong tries" in err), (group, err)
        forget_key(ProfilePaths(secret, "secret").database)
    assert ProfilePaths(secret, "secret").database.read_bytes() == before
    assert not list(tmp_path.glob("*.*"))  # nothing was written anywhere


def test_with_the_passcode_commands_work_and_plain_outputs_say_so(secret: Path, tmp_path: Path) -> None:
    env = {"COACH_PASSCODE": CODE}
    code, out, err = run(secret, "--profile", "secret", "taper", "show", env=env)
    assert code == 0 and "agreed with" in out, err
    code, out, err = run(secret, "--profile", "secret", "doctor", "--json", env=env)
    checks = {c["name"]: c["ok"] for c in __import__("json").loads(out)}
    assert checks["database"] and checks["backups"], out
    code, out, _ = run(secret, "--profile", "secret", "export", "--out", str(tmp_path / "e.json"), env=env)
    assert code == 0 and NOT_ENCRYPTED in out
    code, out, _ = run(secret, "--profile", "secret", "report", "--out", str(tmp_path / "r.pdf"), env=env)
    assert code == 0 and NOT_ENCRYPTED in out
    code, out, _ = run(secret, "--profile", "secret", "backup", "--out", str(tmp_path / "b.db"), env=env)
    assert code == 0 and "encrypted with this profile's passcode" in out and NOT_ENCRYPTED not in out
    assert is_encrypted(tmp_path / "b.db")
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(tmp_path / "b.db").execute("select 1 from sqlite_master").fetchone()


def test_restore_into_a_protected_profile_asks_and_keeps_it_encrypted(secret: Path, tmp_path: Path) -> None:
    env = {"COACH_PASSCODE": CODE}
    assert run(secret, "--profile", "secret", "backup", "--out", str(tmp_path / "b.db"), env=env)[0] == 0
    forget_key(ProfilePaths(secret, "secret").database)
    code, _, err = run(secret, "--profile", "secret", "restore", str(tmp_path / "b.db"))
    assert code == 1 and PROTECTED_NEEDS_PASSCODE in err
    code, out, err = run(secret, "--profile", "secret", "restore", str(tmp_path / "b.db"), env=env)
    assert code == 0 and "Restored" in out, err
    assert is_encrypted(ProfilePaths(secret, "secret").database)


def test_passcode_change_and_remove(secret: Path) -> None:
    database = ProfilePaths(secret, "secret").database
    code, _, err = run(secret, "profiles", "passcode", "change", "secret",
                       env={"COACH_PASSCODE": "wrong one", "COACH_NEW_PASSCODE": "new-code"})  # fmt: skip
    assert code == 1 and "not right" in err
    code, out, err = run(secret, "profiles", "passcode", "change", "secret",
                         env={"COACH_PASSCODE": CODE, "COACH_NEW_PASSCODE": "new-code"})  # fmt: skip
    assert code == 0 and "changed" in out, err
    code, _, err = run(secret, "--profile", "secret", "taper", "show", env={"COACH_PASSCODE": CODE})
    assert code == 1 and "not right" in err
    code, out, err = run(
        secret, "profiles", "passcode", "remove", "secret", env={"COACH_PASSCODE": "new-code"}
    )
    assert code == 0 and "no longer encrypted" in out, err
    assert not is_encrypted(database)
    assert run(secret, "--profile", "secret", "taper", "show")[0] == 0
    code, _, err = run(secret, "profiles", "passcode", "set", "secret")
    assert code == 1 and "COACH_NEW_PASSCODE" in err and "Traceback" not in err


def test_commands_without_profile_never_make_one_silently(data_dir: Path) -> None:
    assert run(data_dir, "profiles", "create", "clinic", "--kind", "coach")[0] == 0
    code, _, err = run(data_dir, "taper", "show")
    assert code == 0, err  # the only profile is used
    assert sorted(p.name for p in (data_dir / "profiles").iterdir()) == ["clinic"]
    assert run(data_dir, "profiles", "create", "Ana")[0] == 0
    code, _, err = run(data_dir, "taper", "show")
    assert code == 1 and "--profile NAME" in err  # two profiles, none used last: asked, not guessed
    assert sorted(p.name for p in (data_dir / "profiles").iterdir()) == ["ana", "clinic"]
    assert run(data_dir, "profiles", "use", "ana")[0] == 0
    code, _, err = run(data_dir, "settings", "list")
    assert code == 0, err
    assert sorted(p.name for p in (data_dir / "profiles").iterdir()) == ["ana", "clinic"]


def test_a_first_command_with_no_profile_at_all_makes_the_default_one(data_dir: Path) -> None:
    assert run(data_dir, "taper", "show")[0] == 0
    assert [p.slug for p in ProfileService(data_dir).list()] == ["default"]
