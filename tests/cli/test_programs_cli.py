"""`coach program`, `coach progress export/import`, `coach profiles`: what a person or a script sees."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def run(data_dir: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], input=input, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_program_list_json_has_id_and_title(data_dir: Path) -> None:
    code, out, err = run(data_dir, "program", "list", "--json")
    assert code == 0, err
    items = json.loads(out)
    assert {(i["id"], i["title"]) for i in items} >= {
        ("pain-reprocessing-4-weeks", "4-week pain reprocessing"),
        ("mindfulness-8-weeks", "8-week mindfulness for pain"),
        ("taper-companion", "Taper companion"),
    }
    assert not any(i["active"] for i in items)


def test_assign_then_status_and_list_show_the_active_program(data_dir: Path) -> None:
    assert run(data_dir, "program", "assign", "mindfulness-8-weeks")[0] == 0
    code, out, _ = run(data_dir, "program", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["program_id"] == "mindfulness-8-weeks" and status["day"] == 1
    assert status["exercises"] == ["breath-awareness"] and status["checkins"] == ["peg"]
    code, out, _ = run(data_dir, "program", "status")
    assert code == 0 and "Day 1 (week 1): Breath awareness" in out  # titles for people, not ids
    assert "breath-awareness" not in out
    code, out, _ = run(data_dir, "program", "list")
    assert "8-week mindfulness for pain  (following now)" in out
    code, _, err = run(data_dir, "program", "assign", "no-such-program")
    assert (
        code == 1 and err.strip() == "coach: no program called 'no-such-program' (see `coach program list`)"
    )


def test_export_validate_import_between_two_profiles(data_dir: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "plan.coachprog"
    code, out, err = run(
        data_dir, "--profile", "coach", "program", "export", "pain-reprocessing-4-weeks", "--out", str(bundle)
    )
    assert code == 0, err
    assert bundle.is_file() and "Wrote" in out
    code, out, _ = run(data_dir, "program", "validate", str(bundle))
    assert code == 0 and out.startswith("OK: “4-week pain reprocessing”: 4 weeks")

    run(data_dir, "--profile", "ana", "program", "assign", "taper-companion")
    code, out, _ = run(data_dir, "--profile", "ana", "program", "import", str(bundle), "--dry-run")
    assert code == 0 and "“Taper companion”, is kept in your history" in out and "Nothing was changed" in out
    code, out, _ = run(data_dir, "--profile", "ana", "program", "status", "--json")
    assert json.loads(out)["program_id"] == "taper-companion"

    code, out, _ = run(data_dir, "--profile", "ana", "program", "import", str(bundle))
    assert code == 0 and "now following “4-week pain reprocessing”" in out
    with Store.open(ProfilePaths(data_dir, "ana")) as store:
        rows = store.db.execute("select program_id, status from assignments order by id").fetchall()
    assert rows == [("taper-companion", "previous"), ("pain-reprocessing-4-weeks", "active")]


def test_a_hostile_bundle_exits_1_with_one_line_and_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.coachprog"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("../../outside.txt", "x")
    run(data_dir, "program", "list")  # create the profile first, so counts can be compared
    with Store.open(ProfilePaths(data_dir)) as store:
        before = store.counts()
    for command in ("validate", "import"):
        code, out, err = run(data_dir, "program", command, str(bad))
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and err.startswith("coach: the bundle holds a path that climbs out")
    with Store.open(ProfilePaths(data_dir)) as store:
        assert store.counts() == before
    code, _, err = run(data_dir, "program", "import", str(tmp_path / "missing.coachprog"))
    assert code == 1 and "cannot open missing.coachprog" in err


def test_progress_export_and_import_into_a_coach_profile(data_dir: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "ana.coachprogress"
    run(data_dir, "--profile", "ana", "program", "assign", "pain-reprocessing-4-weeks")
    code, out, err = run(
        data_dir,
        "--profile",
        "ana",
        "progress",
        "export",
        "--out",
        str(out_file),
        "--days",
        "14",
        "--name",
        "Ana",
    )
    assert code == 0, err
    assert "shared sessions, checkins, program, lessons, withdrawal" in out
    code, _, err = run(
        data_dir, "--profile", "ana", "progress", "export", "--out", str(out_file), "--share", "diary"
    )
    assert code == 2 and "'diary' is not one of" in err

    code, _, err = run(data_dir, "--profile", "ana", "progress", "import", str(out_file))
    assert code == 1 and "coach profile" in err
    assert run(data_dir, "profiles", "create", "Sam", "--kind", "coach")[0] == 0
    code, out, err = run(data_dir, "--profile", "sam", "progress", "import", str(out_file))
    assert code == 0, err
    assert out.startswith("ana.coachprogress: imported Ana (")
    code, out, _ = run(data_dir, "--profile", "sam", "progress", "patients", "--json")
    (patient,) = json.loads(out)
    assert patient["name"] == "Ana" and patient["adherence_percent"] == 0
    assert (patient["lessons_done"], patient["lessons_total"]) == (0, 14)  # lessons are shared by default
    flag = next(f for f in patient["flags"] if f["kind"] == "no_practice")
    assert (flag["severity"], flag["text"]) == ("watch", "No practice in the shared dates.")


def test_profiles_create_list_and_use_with_a_passcode(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        data_dir, "profiles", "create", "Clinic Coach", "--kind", "coach", "--passcode", input="7788\n7788\n"
    )
    assert code == 0 and "coach profile “Clinic Coach”" in out and "--profile clinic-coach" in out
    assert run(data_dir, "profiles", "create", "Ana", "--kind", "patient")[0] == 0
    code, out, _ = run(data_dir, "profiles", "list", "--json")
    listed = {p["slug"]: (p["kind"], p["passcode"]) for p in json.loads(out)}
    assert listed == {"clinic-coach": ("coach", True), "ana": ("patient", False)}

    code, _, err = run(data_dir, "profiles", "use", "clinic-coach", input="0000\n")
    assert code == 1 and "not right" in err
    code, out, _ = run(data_dir, "profiles", "use", "clinic-coach", input="7788\n")
    assert code == 0 and (data_dir / "last-profile").read_text() == "clinic-coach"
    # The global default now opens the chosen profile; each command still needs its passcode.
    assert run(data_dir, "program", "assign", "taper-companion")[0] == 1
    monkeypatch.setenv("COACH_PASSCODE", "7788")
    run(data_dir, "program", "assign", "taper-companion")
    with Store.open(ProfilePaths(data_dir, "clinic-coach")) as store:
        assert store.db["assignments"].count == 1
