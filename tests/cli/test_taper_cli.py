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


# --- issue 12: MME right everywhere, steps paced by the dose still taken -----------------------------
@pytest.mark.parametrize("unit", ["mcg/h", "mcg/hr", "µg/h"])
def test_every_spelling_of_a_patch_rate_is_accepted(data_dir: Path, unit: str) -> None:
    code, out, err = run(data_dir, "mme", "fentanyl", "25", "--unit", unit, "--json")
    assert code == 0, err
    assert json.loads(out)["daily_mme"] == 60
    code, out, err = run(data_dir, "meds", "add", "Durogesic", "--strength", "25", "--unit", unit, "--json")
    assert code == 0, err
    med = json.loads(out)
    assert (med["drug"], med["unit"], med["daily_mme"]) == ("fentanyl", "mcg/h", 60)


@pytest.mark.parametrize(
    "args",
    [("mme", "oxycodone", "1e9"), ("mme", "tramadol", "300", "--per-day", "4")],
)
def test_a_dose_past_any_prescription_exits_1_with_one_line(data_dir: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(data_dir, *args)
    assert code == 1 and out == ""
    assert err.startswith("coach: ") and err.count("\n") == 1
    assert "past what any prescription could be" in err and "Traceback" not in err


def test_the_patch_case_logs_75_mme_on_the_day(data_dir: Path) -> None:
    assert run(data_dir, "meds", "add", "Fentanyl patch", "--strength", "25", "--unit", "mcg/hr")[0] == 0
    assert run(data_dir, "meds", "add", "Oxycodone", "--strength", "5", "--per-day", "3")[0] == 0
    day = date.today().isoformat()
    run(data_dir, "dose", "log", "Oxycodone", "--at", f"{day} 00:01")
    code, out, _ = run(data_dir, "dose", "log", "Oxycodone", "--at", f"{day} 00:02")
    assert code == 0 and f"Logged so far on {day}: 75 MME" in out


def test_meds_add_guesses_the_opioid_and_hints_at_the_opioid_part(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "meds", "add", "Percocet 5/325", "--strength", "5", "--per-day", "4")
    assert code == 0
    assert "Counted as oxycodone (from the name)" in out and "30 MME a day" in out
    assert "Enter only the oxycodone part" in out and "5 mg of oxycodone" in out
    code, out, _ = run(data_dir, "meds", "add", "Oxycodone 10", "--drug", "codeine", "--strength", "10")
    assert code == 0 and "sounds like oxycodone, but codeine is chosen" in out
    code, out, _ = run(data_dir, "meds", "add", "Gabapentin", "--strength", "300", "--json")
    assert code == 0 and json.loads(out)["is_opioid"] is False


def test_a_higher_step_needs_the_prescriber_flag(data_dir: Path) -> None:
    from coach.services.context import AppContext
    from coach.services.taper.plans import TaperService
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    store = Store.open(ProfilePaths(data_dir))
    try:
        TaperService(AppContext(store=store)).create_plan("From Dr Lee", 45, "2026-01-01")
    finally:
        store.close()
    code, out, err = run(data_dir, "taper", "step", "add", "--on", "2026-02-01", "--mme", "135")
    assert code == 1 and "higher than the one before it (45 MME a day)" in err and out == ""
    code, out, err = run(
        data_dir, "taper", "step", "add", "--on", "2026-02-01", "--mme", "135", "--prescriber-set-higher"
    )
    assert code == 0, err
    assert "Step recorded: 135 MME a day from 2026-02-01" in out
    code, out, _ = run(data_dir, "taper", "step", "add", "--on", "2026-03-01", "--mme", "120", "--json")
    assert code == 0 and json.loads(out)["target_mme"] == 120


def test_taper_draft_lowest_ends_with_the_talk(data_dir: Path) -> None:
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
        "--lowest",
        "9",
    )
    assert code == 0
    lines = [line for line in out.splitlines() if "MME a day" in line and line.startswith("  ")]
    assert lines[-1].endswith("talk with your prescriber about stopping or spacing doses")
    assert float(lines[-1].split()[1]) <= 10
    assert "(cut 10% of the dose then; 90% of start)" in lines[0]


def test_mme_of_a_brand_name_counts_its_opioid_and_says_so(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "mme", "Percocet", "5", "--per-day", "4")
    assert code == 0
    assert "oxycodone: 5 mg x 4 a day x 1.5 = 30 MME a day" in out
    assert "Percocet counted as oxycodone" in out and "Enter only the oxycodone part" in out


def test_a_stop_at_dose_above_the_start_is_refused_in_plain_words(data_dir: Path) -> None:
    code, _, err = run(
        data_dir, "taper", "draft", "--start-mme", "60", "--pace", "cdc-monthly", "--floor", "200"
    )
    assert code == 1
    assert err.strip() == (
        "coach: The lowest dose to stop at (200 MME a day) must be below the dose you take now (60 MME a day)."
    )
