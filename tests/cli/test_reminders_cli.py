"""`coach reminders`: the commands, their exit codes, and next fire times across DST in the local zone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def run(data_dir: Path, *args: str, tz: str = "America/New_York") -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], env={"TZ": tz}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def added_id(out: str) -> int:
    return int(out.split(":")[0].removeprefix("Added reminder "))


def set_setting(data_dir: Path, key: str, value: object) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        store.set_setting(key, value)


def test_add_list_pause_resume_remove(data_dir: Path) -> None:
    code, out, _ = run(
        data_dir, "reminders", "add", "--at", "7:30", "--days", "mon,wed", "--label", "Body scan"
    )
    assert code == 0 and out.startswith("Added reminder 1: 07:30, Mon, Wed. Next: ")
    code, out, _ = run(data_dir, "reminders", "list", "--json")
    rules = {r["id"]: r for r in json.loads(out)}
    mine = rules[1]
    assert (mine["at"], mine["days"], mine["label"], mine["paused"]) == (
        "07:30",
        "mon,wed",
        "Body scan",
        False,
    )
    assert mine["next"].endswith(("-05:00", "-04:00")) and "T07:30:00" in mine["next"]
    peg = next(r for r in rules.values() if r["source"] == "peg")  # the weekly check-in comes with the app
    assert run(data_dir, "reminders", "pause", "1")[0] == 0
    code, out, _ = run(data_dir, "reminders", "list")
    line = next(x for x in out.splitlines() if x.strip().startswith("1 "))
    assert "Body scan" in line and line.rstrip().endswith("paused")
    assert run(data_dir, "reminders", "resume", "1")[0] == 0
    assert json.loads(run(data_dir, "reminders", "list", "--json")[1])[0]["paused"] is False
    code, _, err = run(data_dir, "reminders", "remove", str(peg["id"]))
    assert code == 1 and "pause it instead" in err
    assert run(data_dir, "reminders", "remove", "1")[0] == 0
    assert [r["id"] for r in json.loads(run(data_dir, "reminders", "list", "--json")[1])] == [peg["id"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--at", "25:00"], "coach: '25:00' is not a time: use 24-hour HH:MM"),
        (["add", "--at", "7pm"], "coach: '7pm' is not a time"),
        (["add", "--at", "08:00", "--days", "mon,someday"], "coach: 'someday' is not a weekday"),
        (["pause", "42"], "coach: there is no reminder 42"),
        (["next", "--from", "yesterday"], "coach: --from 'yesterday' is not a date-time"),
    ],
)
def test_bad_input_exits_1_with_one_line(data_dir: Path, args: list[str], message: str) -> None:
    code, out, err = run(data_dir, "reminders", *args)
    assert code == 1
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_a_non_number_id_is_a_usage_error(data_dir: Path) -> None:
    assert run(data_dir, "reminders", "remove", "first")[0] == 2


@pytest.mark.parametrize(
    ("tz", "at", "start", "expected"),
    [
        # spring forward: 02:30 does not exist that night, so it fires once at 03:00
        (
            "America/New_York",
            "02:30",
            "2027-03-13T12:00",
            ["2027-03-14T03:00:00-04:00", "2027-03-15T02:30:00-04:00"],
        ),
        (
            "Europe/Berlin",
            "02:30",
            "2027-03-27T12:00",
            ["2027-03-28T03:00:00+02:00", "2027-03-29T02:30:00+02:00"],
        ),
        # fall back: 01:30 happens twice, it fires once, at the first
        (
            "America/New_York",
            "01:30",
            "2027-11-06T12:00",
            ["2027-11-07T01:30:00-04:00", "2027-11-08T01:30:00-05:00"],
        ),
        (
            "Europe/Berlin",
            "02:30",
            "2027-10-30T12:00",
            ["2027-10-31T02:30:00+02:00", "2027-11-01T02:30:00+01:00"],
        ),
    ],
)
def test_next_across_dst_in_the_local_zone(
    data_dir: Path, tz: str, at: str, start: str, expected: list[str]
) -> None:
    set_setting(data_dir, "quiet_hours_enabled", False)
    assert run(data_dir, "reminders", "add", "--at", at, tz=tz)[0] == 0
    code, out, _ = run(data_dir, "reminders", "next", "--count", "4", "--from", start, "--json", tz=tz)
    assert code == 0
    mine = [item["at"] for item in json.loads(out) if item["rule"] == 1]
    assert mine[:2] == expected


def test_next_respects_quiet_hours_and_paused_rules(data_dir: Path) -> None:
    late = added_id(run(data_dir, "reminders", "add", "--at", "23:30")[1])
    noon = added_id(run(data_dir, "reminders", "add", "--at", "12:00", "--days", "sat")[1])
    code, out, _ = run(
        data_dir, "reminders", "next", "--count", "3", "--from", "2027-01-04T20:00-05:00", "--json"
    )
    assert code == 0
    got = json.loads(out)
    # default quiet hours 22:00-07:00: the 23:30 reminder waits until 07:00 the next morning
    assert got[0] == {"at": "2027-01-05T07:00:00-05:00", "rule": late}
    run(data_dir, "reminders", "pause", str(late))
    out = run(data_dir, "reminders", "next", "--count", "1", "--from", "2027-01-04T20:00-05:00", "--json")[1]
    assert json.loads(out) == [{"at": "2027-01-09T12:00:00-05:00", "rule": noon}]
    out = run(data_dir, "reminders", "next", "--count", "1", "--from", "2027-01-04T20:00-05:00")[1]
    assert out.startswith(f"2027-01-09T12:00:00-05:00  reminder {noon}  Practice")


def test_a_reminder_inside_quiet_hours_says_when_it_will_come_and_can_be_let_through(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "reminders", "add", "--at", "22:30", "--label", "Winding down for sleep")
    assert code == 0
    lines = out.splitlines()
    assert "07:00" in lines[0]  # Next: ... 07:00
    rule_id = added_id(out)
    assert lines[1] == (
        "22:30 falls in your quiet hours (22:00-07:00): it will come at 07:00. "
        f"To let it through quiet hours: coach reminders edit {rule_id} --through-quiet"
    )
    code, out, _ = run(data_dir, "reminders", "edit", str(rule_id), "--through-quiet")
    assert code == 0 and "22:30." in out.splitlines()[0]
    assert out.splitlines()[1] == "It comes at its time even during quiet hours."
    mine = next(r for r in json.loads(run(data_dir, "reminders", "list", "--json")[1]) if r["id"] == rule_id)
    assert mine["through_quiet"] is True and "T22:30:00" in mine["next"]
    # A night-shift reminder let through from the start.
    code, out, _ = run(data_dir, "reminders", "add", "--at", "02:30", "--through-quiet")
    assert code == 0 and "02:30" in out.splitlines()[0].split("Next:")[1]
    assert "quiet hours" in out.splitlines()[1] and "falls in" not in out
    # Outside quiet hours nothing extra is said.
    code, out, _ = run(data_dir, "reminders", "add", "--at", "18:00")
    assert code == 0 and len(out.splitlines()) == 1


def test_a_removed_reminders_number_is_never_given_again(data_dir: Path) -> None:
    first = added_id(run(data_dir, "reminders", "add", "--at", "07:30", "--label", "Morning")[1])
    second = added_id(run(data_dir, "reminders", "add", "--at", "08:30", "--label", "Later")[1])
    assert run(data_dir, "reminders", "remove", str(second))[0] == 0
    third = added_id(run(data_dir, "reminders", "add", "--at", "09:30", "--label", "Evening")[1])
    assert third > second > first
    assert run(data_dir, "reminders", "remove", str(third))[0] == 0
    fourth = added_id(run(data_dir, "reminders", "add", "--at", "10:30")[1])
    assert fourth > third
    ids = [r["id"] for r in json.loads(run(data_dir, "reminders", "list", "--json")[1])]
    assert second not in ids and third not in ids and first in ids and fourth in ids
