"""`coach progress import PATH...` takes a weekly round of files and folders with one line per file and a
summary, exiting 1 only when a file was refused; `coach progress patients --json` is the triage queue
(issue 16): the self-harm patient of 206 is first, each patient with id, flags with severity, date and
text, last activity and last file received; `review` drops a patient's flags down the queue."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from tests.helpers.progress_files import new_id, self_harm_checkin, write_progress


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "--profile", "sam", *args])
    return result.exit_code, result.stdout, result.stderr


def _round(folder: Path, today: date) -> None:
    """206 patients' files: Zoe answered the self-harm question 3 days ago, 119 others rated a
    withdrawal symptom severe, the rest are calm."""
    folder.mkdir()
    for i in range(205):
        data = None
        if i < 119:
            data = {"withdrawal": [{"date": (today - timedelta(days=i % 20)).isoformat(), "total": 20,
                                    "severe": ["sweating"]}]}  # fmt: skip
        write_progress(folder / f"p{i:03}.coachprogress", patient_id=new_id(i), name=f"Patient {i:03}",
                       end=today, data=data)  # fmt: skip
    write_progress(folder / "zoe.coachprogress", patient_id=new_id("zoe"), name="Zoe", end=today,
                   data={"checkins": [self_harm_checkin(today - timedelta(days=3))]})  # fmt: skip


def test_a_weekly_round_of_206_files_and_the_triage_queue(data_dir: Path, tmp_path: Path) -> None:
    assert (
        CliRunner()
        .invoke(cli, ["--data-dir", str(data_dir), "profiles", "create", "Sam", "--kind", "coach"])
        .exit_code
        == 0
    )
    today = date.today()
    _round(tmp_path / "round", today)
    broken = tmp_path / "broken.coachprogress"
    broken.write_bytes(b"not a zip")

    code, out, err = run(data_dir, "progress", "import", str(tmp_path / "round"), str(broken))
    lines = out.splitlines()
    assert code == 1 and err.strip() == "coach: 1 of 207 files refused"
    assert lines[-1] == "207 files: 206 imported, 1 refused"
    assert any(line.startswith("broken.coachprogress: refused: ") for line in lines)
    assert "zoe.coachprogress: imported Zoe" in out

    code, out, err = run(data_dir, "progress", "patients", "--json")
    assert code == 0, err
    queue = json.loads(out)
    assert len(queue) == 206
    first = queue[0]
    assert first["name"] == "Zoe" and first["id"] == new_id("zoe")
    harm = first["flags"][0]
    assert (harm["kind"], harm["severity"], harm["date"]) == (
        "self_harm",
        "urgent",
        (today - timedelta(days=3)).isoformat(),
    )
    assert "self-harm" in harm["text"] and first["last_file_received"] == today.isoformat()
    assert first["last_activity"] == (today - timedelta(days=3)).isoformat()
    assert [p["group"] for p in queue[1:120]] == ["Withdrawal / above plan"] * 119

    code, out, _ = run(data_dir, "progress", "patients")
    assert out.splitlines()[0].startswith("1 urgent, 119 high") and out.splitlines()[1].startswith(
        "Zoe (record"
    )

    # The same round again changes nothing.
    code, out, _ = run(data_dir, "progress", "import", str(tmp_path / "round"))
    assert code == 0 and out.splitlines()[-1] == "206 files: 206 up to date"

    code, out, err = run(
        data_dir, "progress", "review", str(first["record_id"]), "--note", "Called her; safe plan"
    )
    assert code == 0, err and "Marked Zoe as reviewed" in out
    queue = json.loads(run(data_dir, "progress", "patients", "--json")[1])
    assert queue[0]["name"] != "Zoe" and next(p for p in queue if p["name"] == "Zoe")["group"] == "Reviewed"


def test_import_refuses_a_folder_without_progress_files(data_dir: Path, tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["--data-dir", str(data_dir), "profiles", "create", "Sam", "--kind", "coach"])
    (tmp_path / "empty").mkdir()
    code, out, err = run(data_dir, "progress", "import", str(tmp_path / "empty"))
    assert (code, out, err) == (1, "", "coach: no .coachprogress files there\n")
    code, _, err = run(data_dir, "progress", "import", str(tmp_path / "missing.coachprogress"))
    assert code == 1 and err.startswith("coach: ") and len(err.splitlines()) == 1
