"""`coach learn list|show|sheet` and `coach audio render LESSON_ID` as a person or a script uses them."""

from __future__ import annotations

import json
import wave
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from coach.services.learn import lessons


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_every_lesson_in_course_order(data_dir: Path) -> None:
    code, stdout, _ = run(data_dir, "learn", "list")
    assert code == 0
    lines = stdout.splitlines()
    assert len(lines) == len(lessons.lessons()) >= 14
    assert lines[0].startswith(" 1. how-pain-works") and "4 min" in lines[0] and "How pain works" in lines[0]


def test_list_json_gives_id_title_minutes_and_source(data_dir: Path) -> None:
    code, stdout, _ = run(data_dir, "learn", "list", "--json")
    assert code == 0
    rows = json.loads(stdout)
    assert [r["id"] for r in rows] == lessons.lesson_ids()
    assert all({"id", "title", "minutes", "source"} <= set(r) for r in rows)
    assert all(3 <= r["minutes"] <= 6 and r["source"].strip() for r in rows)


def test_show_prints_pages_reflection_exercise_and_sources(data_dir: Path) -> None:
    code, stdout, _ = run(data_dir, "learn", "show", "overdose-safety")
    assert code == 0
    assert stdout.startswith("Staying safe from overdose (3 min)")
    assert "## Naloxone saves lives" in stdout and "Do you have naloxone at home?" in stdout
    assert "Try this now: coach exercises show breath-awareness" in stdout
    assert "Naloxone DrugFacts" in stdout


def test_show_an_unknown_lesson_is_a_one_line_error(data_dir: Path) -> None:
    code, stdout, stderr = run(data_dir, "learn", "show", "nope")
    assert code == 1 and stdout == ""
    assert stderr == "coach: no lesson called 'nope' (see `coach learn list`)\n"


def test_sheet_prints_text_or_writes_a_pdf(data_dir: Path, tmp_path: Path) -> None:
    code, stdout, _ = run(data_dir, "learn", "sheet")
    assert (
        code == 0 and stdout.startswith("My visit with my prescriber") and "My top three questions:" in stdout
    )
    out = tmp_path / "visit.pdf"
    code, stdout, _ = run(data_dir, "learn", "sheet", "--out", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF") and str(out) in stdout
    code, _, stderr = run(data_dir, "learn", "sheet", "--out", str(tmp_path / "missing" / "v.pdf"))
    assert code == 1 and stderr.startswith("coach: the folder") and stderr.count("\n") == 1


def test_audio_render_reads_a_lesson_aloud(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "lesson.wav"
    code, stdout, stderr = run(
        data_dir, "audio", "render", "the-escalation-trap", "--out", str(out), "--engine", "none"
    )
    assert code == 0, stderr
    with wave.open(str(out), "rb") as src:
        assert src.getnframes() > 0
    steps = json.loads((tmp_path / "lesson.steps.json").read_text(encoding="utf-8"))
    assert steps[0]["text"] == "The escalation trap."
    assert any("escalation trap" in s["text"] for s in steps[1:])
    assert "with none" in stdout
