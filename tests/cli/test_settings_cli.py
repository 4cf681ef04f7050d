"""`coach settings`: list, get and set preferences through the registry; wrong values refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], env={"TZ": "America/New_York"}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_every_preference_with_its_value_and_never_app_state(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "settings", "list", "--json")
    assert code == 0
    rows = {r["key"]: r for r in json.loads(out)}
    assert rows["quiet_hours_start"]["value"] == "22:00"
    assert rows["theme"]["choices"] == ["system", "light", "dark"]
    assert (rows["text_scale"]["minimum"], rows["text_scale"]["maximum"]) == (80, 200)
    assert "window_geometry" not in rows and "reminders_checked_until" not in rows
    code, out, _ = run(data_dir, "settings", "list")
    line = next(x for x in out.splitlines() if x.startswith("quiet_hours_enabled"))
    assert "true" in line and "Hold reminders during quiet hours" in line


def test_a_script_switches_quiet_hours_off_and_reminders_follow(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "settings", "set", "quiet_hours_enabled", "false")
    assert (code, out) == (0, "quiet_hours_enabled = false\n")
    assert run(data_dir, "settings", "get", "quiet_hours_enabled")[1] == "false\n"
    code, out, _ = run(data_dir, "reminders", "add", "--at", "23:15")
    assert code == 0 and "23:15" in out.split("Next:")[1] and "quiet hours" not in out
    assert run(data_dir, "settings", "set", "quiet_hours_start", "21:30")[0] == 0
    assert run(data_dir, "settings", "get", "quiet_hours_start")[1] == "21:30\n"
    assert run(data_dir, "settings", "set", "text_scale", "150")[1] == "text_scale = 150\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["set", "quiet_hours_start", "25:00"],
            "coach: quiet_hours_start: '25:00' is not a time: use 24-hour HH:MM",
        ),
        (["set", "text_scale", "500"], "coach: text_scale must be at most 200, got '500'"),
        (["set", "theme", "purple"], "coach: theme must be one of system, light, dark, got 'purple'"),
        (["set", "quiet_hours_enabled", "perhaps"], "coach: quiet_hours_enabled must be true or false"),
        (["set", "no_such_thing", "1"], "coach: unknown setting 'no_such_thing'"),
        (["get", "no_such_thing"], "coach: unknown setting 'no_such_thing'"),
        (
            ["set", "window_geometry", "abc"],
            "coach: window_geometry is kept by the app, not chosen in Settings",
        ),
    ],
)
def test_a_value_the_setting_does_not_allow_is_refused_in_one_line(
    data_dir: Path, args: list[str], message: str
) -> None:
    code, out, err = run(data_dir, "settings", *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert run(data_dir, "settings", "get", "quiet_hours_start")[1] == "22:00\n"  # nothing written
