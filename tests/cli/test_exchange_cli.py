"""`coach exchange folder|sync|status|send`: a patient and a coach (two data folders, as on two computers)
exchange a progress file and a program through one folder, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from tests.helpers.exchange import settle


def run(data_dir: Path, profile: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), "--profile", profile, *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_patient_and_a_coach_exchange_through_the_command_line(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    patient_data, coach_data = tmp_path / "patient", tmp_path / "coach"
    assert run(coach_data, "clinic", "profiles", "create", "clinic", "--kind", "coach")[0] == 0

    code, out, err = run(patient_data, "alex", "exchange", "folder")
    assert code == 0 and "No exchange folder chosen yet" in out
    code, out, err = run(patient_data, "alex", "exchange", "sync")
    assert code == 1 and err.startswith("coach: no exchange folder is chosen") and err.count("\n") == 1

    assert run(patient_data, "alex", "exchange", "folder", str(shared)) == (
        0,
        f"Exchange folder: {shared}\n",
        "",
    )
    code, out, err = run(patient_data, "alex", "exchange", "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    [written] = report["written"]
    assert written.startswith("to-coach/") and (shared / written).is_file()
    status = json.loads(run(patient_data, "alex", "exchange", "status", "--json")[1])
    patient_id = status["exchange_id"]
    assert status["role"] == "patient" and written == f"to-coach/{patient_id}.coachprogress"
    assert status["last_written"]

    assert run(coach_data, "clinic", "exchange", "folder", str(shared))[0] == 0
    settle(shared)
    code, out, err = run(coach_data, "clinic", "exchange", "sync")
    assert code == 0, err
    assert out.splitlines() == [f"Imported {written}."]
    assert run(coach_data, "clinic", "exchange", "sync")[1] == "1 file already up to date.\n"
    status = json.loads(run(coach_data, "clinic", "exchange", "status", "--json")[1])
    assert (status["role"], status["imported"], status["patients"]) == ("coach", 1, [patient_id])

    code, out, err = run(coach_data, "clinic", "exchange", "send", "mindfulness-8-weeks", "--to", patient_id)
    assert code == 0, err
    settle(shared)
    code, out, err = run(patient_data, "alex", "exchange", "sync")
    assert code == 0 and any(line.startswith("A new program to review: ") for line in out.splitlines())
    status = json.loads(run(patient_data, "alex", "exchange", "status", "--json")[1])
    assert [p["coach"] for p in status["pending_programs"]] == ["clinic"]


def test_the_folder_refuses_the_apps_own_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _out, err = run(data, "alex", "exchange", "folder", str(data))
    assert code == 1 and "app's own data folder" in err and err.count("\n") == 1


def test_a_coach_cannot_send_to_a_made_up_patient(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    data = tmp_path / "coach"
    run(data, "clinic", "profiles", "create", "clinic", "--kind", "coach")
    run(data, "clinic", "exchange", "folder", str(shared))
    code, _out, err = run(data, "clinic", "exchange", "send", "mindfulness-8-weeks", "--to", "Alex")
    assert code == 1 and "not a patient's exchange id" in err
