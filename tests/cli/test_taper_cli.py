"""`coach mme`, `coach taper draft|show`, `coach meds`, `coach dose log` through click's runner on a real profile."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def test_mme_json_gives_drug_factor_daily_mme_and_table(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "mme", "oxycodone", "10", "--per-day", "3", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["drug"], data["factor"], data["daily_mme"], data["table"]) == (
        "oxycodone",
        1.5,
        45,
        "cdc-2022",
    )


def test_mme_fentanyl_patch_in_mcg_per_hour(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "mme", "fentanyl", "25", "--unit", "mcg/h", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["daily_mme"] == 60 and data["unit"] == "mcg/h" and "heat" in data["caution"]


def test_mme_human_output_says_it_is_not_a_conversion(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "mme", "methadone", "10", "--per-day", "2")
    assert code == 0
    assert "= 94 MME a day" in out
    assert "Caution:" in out and "not a way to switch" in out


def test_mme_2016_table_on_request(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir, "mme", "hydromorphone", "4", "--per-day", "4", "--table", "cdc-2016", "--json"
    )
    assert code == 0 and json.loads(out)["daily_mme"] == 64 and json.loads(out)["table"] == "cdc-2016"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("buprenorphine", "8"), "Buprenorphine has no MME factor"),
        (("kratom", "2"), "no MME factor for 'kratom'"),
        (("fentanyl", "25", "--unit", "mg"), "mcg/h"),
        (("oxycodone", "0"), "above 0"),
    ],
)
def test_mme_refusals_exit_1_with_a_clear_message(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(data_dir, "mme", *args, "--json")
    assert code == 1
    assert out == ""
    assert err.startswith("coach: ") and message in err
    assert "Traceback" not in err


def test_taper_draft_json_is_a_list_of_dated_targets(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir,
        "taper",
        "draft",
        "--start-mme",
        "90",
        "--pace",
        "cdc-monthly",
        "--from",
        "2026-01-31",
        "--json",
    )
    assert code == 0
    steps = json.loads(out)
    assert steps[0] == {"date": "2026-01-31", "target_mme": 81}
    assert steps[1] == {"date": "2026-02-28", "target_mme": 72}
    targets = [s["target_mme"] for s in steps]
    assert targets == sorted(targets, reverse=True) and targets[-1] <= 9
    assert set(steps[0]) == {"date", "target_mme"}
    assert steps[-1]["note"] == "talk with your prescriber about stopping or spacing doses"


def test_taper_draft_weekly_and_human_output_is_marked_draft(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir, "taper", "draft", "--start-mme", "40", "--pace", "weekly-10", "--from", "2026-03-02"
    )
    assert code == 0
    assert "draft: discuss with your prescriber" in out
    assert "2026-03-09        32 MME a day" in out
    assert "increase" not in out.lower()


def test_taper_draft_defaults_to_today_and_can_be_saved(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir, "taper", "draft", "--start-mme", "60", "--pace", "cdc-monthly", "--save", "--json"
    )
    assert code == 0
    first = date.fromisoformat(json.loads(out)[0]["date"])
    assert abs((first - date.today()).days) <= 1
    code, out, _ = run(data_dir, "taper", "show", "--json")
    assert code == 0 and json.loads(out) is None  # a saved draft is never the active plan


def test_taper_draft_usage_errors(data_dir: Path) -> None:
    assert run(data_dir, "taper", "draft", "--start-mme", "60", "--pace", "daily-50")[0] == 2
    code, _, err = run(data_dir, "taper", "draft", "--start-mme", "-3", "--pace", "weekly-10")
    assert code == 1 and "above 0" in err


def test_meds_add_list_and_dose_log(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir, "meds", "add", "OxyContin", "--drug", "oxycodone", "--strength", "20", "--per-day", "2"
    )
    assert code == 0 and "60 MME a day" in out
    code, out, _ = run(data_dir, "meds", "add", "Suboxone", "--drug", "buprenorphine", "--strength", "8")
    assert code == 0 and "no MME factor" in out
    code, _, err = run(data_dir, "meds", "add", "Mystery", "--drug", "kratom")
    assert code == 1 and "not in the CDC 2022 opioid table" in err
    code, out, _ = run(data_dir, "meds", "list", "--json")
    meds = {m["name"]: m for m in json.loads(out)}
    assert meds["OxyContin"]["daily_mme"] == 60 and meds["Suboxone"]["daily_mme"] is None
    code, out, _ = run(data_dir, "dose", "log", "oxycontin", "--json")
    assert code == 0
    logged = json.loads(out)
    assert (logged["medicine"], logged["amount"], logged["unit"], logged["kind"]) == (
        "OxyContin",
        20,
        "mg",
        "scheduled",
    )
    code, out, _ = run(data_dir, "dose", "log", "OxyContin", "10", "--as-needed")
    assert code == 0 and "Logged 10 mg of OxyContin" in out and "MME" in out
    code, _, err = run(data_dir, "dose", "log", "nothing-here")
    assert code == 1 and "no medicine called" in err
