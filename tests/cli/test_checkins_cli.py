"""`coach checkin add|list` through click's runner on a real profile (issue 12, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.services.context import AppContext
from coach.services.profiles.preferences import set_country
from coach.storage.paths import DEFAULT_PROFILE

PHQ9_23_ITEM9_3 = "3,3,3,3,2,3,2,1,3"
ONE_SYMPTOM_AT_4 = ",".join(["0"] * 8 + ["4"] + ["0"] * 7)  # the 9th symptom: aching muscles


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def with_country(data_dir: Path, code: str) -> None:
    run(data_dir, "checkin", "list")  # creates the profile
    ctx = AppContext.open(data_dir, DEFAULT_PROFILE)
    try:
        set_country(ctx, code)
    finally:
        ctx.close()


def test_self_harm_answer_prints_the_crisis_lines_of_the_profiles_country(data_dir: Path) -> None:
    with_country(data_dir, "GB")
    code, out, _ = run(data_dir, "checkin", "add", "phq9", "--answers", PHQ9_23_ITEM9_3, "--at", "2026-11-10")
    assert code == 0
    assert "PHQ-9 total 23 of 27 (severe)" in out
    assert "Samaritans: Call 116 123" in out and "999" in out
    assert "988" not in out  # not the US line for someone in the UK


def test_json_output_stays_json_and_still_shows_the_crisis_lines(data_dir: Path) -> None:
    code, out, err = run(data_dir, "checkin", "add", "phq9", "--answers", PHQ9_23_ITEM9_3, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["score"], data["band"], data["crisis"]) == (23, "severe", True)
    assert data["help"]["crisis"] == "Call or text 988"  # a new profile's country is the US
    assert "Call or text 988" in err


def test_no_crisis_lines_when_item_9_is_zero(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "checkin", "add", "phq9", "--answers", "3,3,3,3,3,3,3,3,0")
    assert code == 0 and "24 of 27" in out and "988" not in out


def test_a_single_severe_symptom_brings_the_prescriber_card(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "checkin", "add", "withdrawal", "--answers", ONE_SYMPTOM_AT_4)
    assert code == 0
    assert "total 4 of 64" in out
    assert "Rated severe: Aching muscles, joints or bones" in out
    assert "Talk with your prescriber" in out


def test_list_shows_every_kind_newest_first_and_filters(data_dir: Path) -> None:
    run(data_dir, "checkin", "add", "gad7", "--answers", "3,3,3,3,2,2,2", "--at", "2026-11-10 09:00")
    run(data_dir, "checkin", "add", "pgic", "--answers", "6", "--at", "2026-11-12 09:00")
    run(data_dir, "checkin", "add", "peg", "--answers", "6,5,7", "--at", "2026-11-11 09:00")
    run(data_dir, "checkin", "add", "withdrawal", "--answers", ONE_SYMPTOM_AT_4, "--at", "2026-11-13 09:00")
    code, out, _ = run(data_dir, "checkin", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["kind"] for r in rows] == ["withdrawal", "pgic", "peg", "gad7"]
    assert rows[0]["severe"] == ["Aching muscles, joints or bones"]
    assert rows[3]["band"] == "severe" and rows[3]["score"] == 18
    code, out, _ = run(data_dir, "checkin", "list", "--kind", "pgic")
    assert code == 0 and "Much worse" in out and "GAD-7" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("phq9", "--answers", "1,2"), "coach: PHQ-9 needs 9 answers, got 2"),
        (("phq9", "--answers", "1,x,0"), "coach: --answers takes whole numbers separated by commas"),
        (("peg", "--answers", "4,5,11"), "coach: PEG answer 3 must be a whole number from 0 to 10, got 11"),
        (("pgic", "--answers", "8"), "coach: PGIC answer 1 must be a whole number from 1 to 7, got 8"),
        (("withdrawal", "--answers", "1,2,3"), "coach: the withdrawal checklist needs 16 answers"),
        (("gad7", "--answers", "0,0,0,0,0,0,0", "--at", "soon"), "coach: --at takes a date or a date"),
        (("gad7", "--answers", "0,0,0,0,0,0,0", "--at", "2999-01-01"), "coach: a check-in can only be"),
    ],
)
def test_bad_input_exits_1_with_one_line_and_saves_nothing(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(data_dir, "checkin", "add", *args)
    assert code == 1
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    code, out, _ = run(data_dir, "checkin", "list", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("args", [("add", "mood", "--answers", "1"), ("list", "--kind", "mood")])
def test_an_unknown_kind_is_refused_naming_the_choices(data_dir: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(data_dir, "checkin", *args)
    assert code == 1
    assert err.strip() == "coach: unknown check-in 'mood': choose peg, pgic, phq9, gad7 or withdrawal"
