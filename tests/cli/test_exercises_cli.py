"""`coach exercises list/show`: what a person or a script sees on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from coach.services.practice.library import ExerciseLibrary, validate_exercise_data
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_every_exercise_with_length_and_category(data_dir: Path) -> None:
    code, out, err = run(data_dir, "exercises", "list")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == len(ExerciseLibrary().all())
    body_scan = next(line for line in lines if line.startswith("body-scan "))
    assert "12 min" in body_scan
    assert "mindfulness" in body_scan
    assert "Body scan" in body_scan


def test_list_json_has_the_agreed_fields(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "exercises", "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) >= 16
    for item in items:
        assert {"id", "title", "category", "minutes"} <= set(item)
    by_id = {item["id"]: item for item in items}
    assert by_id["somatic-tracking-10"]["minutes"] == 10
    assert by_id["somatic-tracking-10"]["category"] == "somatic tracking"


def test_list_filters_by_category_written_either_way(data_dir: Path) -> None:
    _, spaced, _ = run(data_dir, "exercises", "list", "--json", "--category", "somatic tracking")
    _, dashed, _ = run(data_dir, "exercises", "list", "--json", "--category", "Somatic-Tracking")
    assert spaced == dashed
    ids = [item["id"] for item in json.loads(spaced)]
    # Browse order: shortest first within a category.
    assert ids == ["flare-tracking-3", "somatic-tracking-5", "somatic-tracking-10", "somatic-tracking-15"]


def test_unknown_category_is_a_usage_error(data_dir: Path) -> None:
    code, _, err = run(data_dir, "exercises", "list", "--category", "yoga")
    assert code == 2
    assert "'yoga' is not one of" in err


def test_show_prints_title_purpose_and_readable_steps(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "exercises", "show", "graded-movement")
    assert code == 0
    exercise = ExerciseLibrary().get("graded-movement")
    assert out.startswith("Gentle graded movement\n")
    assert "Purpose: Try small, safe movements" in out
    assert "Source: " in out
    assert "(quiet for " in out
    assert "(breathe in 4, hold 1, out 6; 3 times)" in out
    assert out.rstrip().endswith("(chime)")
    assert f"{len(exercise.steps):>3}. (chime)" in out


def test_show_json_is_a_valid_exercise_file_plus_an_estimate(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "exercises", "show", "flare-tracking-3", "--json")
    assert code == 0
    data = json.loads(out)
    assert data.pop("builtin") is True
    assert 150 <= data.pop("estimated_seconds") <= 210
    assert validate_exercise_data(data, "output")["id"] == "flare-tracking-3"


def test_unknown_id_exits_1_with_one_line_on_stderr(data_dir: Path) -> None:
    code, out, err = run(data_dir, "exercises", "show", "no-such-thing")
    assert code == 1
    assert out == ""
    assert err == "coach: no exercise called 'no-such-thing' (see `coach exercises list`)\n"


def test_custom_exercises_of_the_profile_are_listed_and_shown(data_dir: Path) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        ExerciseLibrary(store).save_custom(
            {
                "id": "walk-to-the-gate",
                "title": "Walk to the gate",
                "category": "movement",
                "minutes": 2,
                "purpose": "A short walk agreed with my physiotherapist.",
                "when_to_use": "Mornings.",
                "source": "My physiotherapist's plan",
                "steps": [{"kind": "speak", "text": "Let's walk slowly to the gate."}, {"kind": "chime"}],
            }
        )
    code, out, _ = run(data_dir, "exercises", "list", "--category", "movement")
    assert code == 0
    assert "walk-to-the-gate" in out and "(custom)" in out
    code, out, _ = run(data_dir, "exercises", "show", "walk-to-the-gate")
    assert code == 0
    assert "Let's walk slowly to the gate." in out
