"""`coach progress patients` survives an unreadable record (a warning, the others listed) and
`coach progress remove ID` removes any record after asking."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from coach.storage.caseload_repo import CaseloadRepo
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

RECORD = json.dumps(
    {"shared": ["sessions"], "created_at": "2026-11-01T10:00:00+00:00", "data": {"sessions": []}}
)


def run(data_dir: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], input=input, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def _coach_with_records(data_dir: Path) -> tuple[int, int]:
    """A coach profile holding Ana's good record and Bob's record dated 0001-01-01 to 0001-01-02, as an
    older version stored it (issue 14)."""
    assert run(data_dir, "profiles", "create", "Sam", "--kind", "coach")[0] == 0
    with Store.open(ProfilePaths(data_dir, "sam")) as store, store.transaction():
        repo = CaseloadRepo(store)
        good = repo.add_patient_record(
            name="Ana", imported_at="2026-11-01T10:00:00+00:00", range_start="2026-10-05",
            range_end="2026-11-01", data=RECORD,
        )  # fmt: skip
        bad = repo.add_patient_record(
            name="Bob", imported_at="2026-11-02T10:00:00+00:00", range_start="0001-01-01",
            range_end="0001-01-02", data=RECORD,
        )  # fmt: skip
    return good, bad


def test_patients_lists_the_readable_records_and_warns_about_the_other(data_dir: Path) -> None:
    good, bad = _coach_with_records(data_dir)
    code, out, err = run(data_dir, "--profile", "sam", "progress", "patients")
    assert code == 0, err
    assert f"\nAna (record {good}): adherence -" in out and "Bob" not in out
    (warning,) = err.splitlines()
    assert warning.startswith("coach: warning: The record of Bob")
    assert f"`coach progress remove {bad}`" in warning and "Traceback" not in err
    code, out, _ = run(data_dir, "--profile", "sam", "progress", "patients", "--json")
    assert code == 0 and [p["name"] for p in json.loads(out)] == ["Ana"]


def test_remove_asks_first_and_removes_only_when_confirmed(data_dir: Path) -> None:
    good, bad = _coach_with_records(data_dir)
    code, out, _ = run(data_dir, "--profile", "sam", "progress", "remove", str(bad), input="n\n")
    assert code == 0
    assert (
        f"Remove the record of Bob (record {bad}, shared 0001-01-01 to 0001-01-02)? This cannot be undone."
        in out
    )
    assert "Nothing was removed." in out
    assert "Bob" in run(data_dir, "--profile", "sam", "progress", "patients")[2]

    code, out, err = run(data_dir, "--profile", "sam", "progress", "remove", str(bad), input="y\n")
    assert code == 0, err
    assert out.rstrip().endswith(
        f"Removed the record of Bob (record {bad}, shared 0001-01-01 to 0001-01-02)."
    )
    code, out, err = run(data_dir, "--profile", "sam", "progress", "patients")
    assert code == 0 and err == "" and out.splitlines()[1].startswith("Ana")

    code, out, err = run(data_dir, "--profile", "sam", "progress", "remove", str(good), "--yes")
    assert code == 0 and "Removed the record of Ana" in out
    assert "No patient records yet" in run(data_dir, "--profile", "sam", "progress", "patients")[1]


def test_remove_of_an_unknown_record_exits_1_with_one_line(data_dir: Path) -> None:
    _coach_with_records(data_dir)
    code, out, err = run(data_dir, "--profile", "sam", "progress", "remove", "99", "--yes")
    assert code == 1 and out == ""
    assert err == "coach: no patient record number 99 (see `coach progress patients`)\n"
    code, _, err = run(data_dir, "--profile", "sam", "progress", "remove", "many")
    assert code == 2 and "Traceback" not in err
