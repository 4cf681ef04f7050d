"""`coach audio render` and `coach audio engines` as a person or a script uses them."""

from __future__ import annotations

import itertools
import json
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.audio.compose import TAIL_S
from coach.audio.engines import piper_installed
from coach.cli import cli
from coach.services.practice.library import ExerciseLibrary
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as src:
        assert (src.getnchannels(), src.getsampwidth(), src.getframerate()) == (1, 2, 22050)
        return src.getnframes() / src.getframerate()


@pytest.mark.parametrize("engine", ["none", "espeak"])
def test_render_writes_a_wav_and_matching_step_times(data_dir: Path, tmp_path: Path, engine: str) -> None:
    out = tmp_path / "flare.wav"
    code, stdout, stderr = run(
        data_dir, "audio", "render", "flare-tracking-3", "--out", str(out), "--engine", engine
    )
    assert code == 0, stderr
    steps = json.loads((tmp_path / "flare.steps.json").read_text(encoding="utf-8"))
    exercise = ExerciseLibrary().get("flare-tracking-3")
    assert [s["index"] for s in steps] == list(range(len(exercise.steps)))
    assert all({"index", "start_s", "end_s", "text"} <= set(s) for s in steps)
    assert steps[0]["text"] == exercise.steps[0].text
    assert all(a["end_s"] == pytest.approx(b["start_s"], abs=0.002) for a, b in itertools.pairwise(steps))
    duration = wav_seconds(out)
    assert steps[-1]["end_s"] + TAIL_S == pytest.approx(duration, abs=0.002)
    # A three-minute exercise lasts about three minutes.
    assert 120 < duration < 260
    assert stdout.count("\n") == 1
    assert f"with {engine}" in stdout and str(out) in stdout and f"{duration:.1f} s" in stdout


def test_unknown_exercise_is_a_one_line_error(data_dir: Path, tmp_path: Path) -> None:
    code, stdout, stderr = run(data_dir, "audio", "render", "no-such-thing", "--out", str(tmp_path / "x.wav"))
    assert code == 1 and stdout == ""
    assert stderr.startswith("coach: ") and "no-such-thing" in stderr and stderr.count("\n") == 1


def test_missing_output_folder_is_a_one_line_error(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.wav"
    code, _, stderr = run(
        data_dir, "audio", "render", "flare-tracking-3", "--out", str(out), "--engine", "none"
    )
    assert code == 1 and "does not exist" in stderr


def test_bad_engine_name_is_a_usage_error(data_dir: Path, tmp_path: Path) -> None:
    code, _, stderr = run(
        data_dir, "audio", "render", "body-scan", "--out", str(tmp_path / "x.wav"), "--engine", "x"
    )
    assert code == 2 and "--engine" in stderr


def test_engines_lists_what_is_installed_best_first(data_dir: Path) -> None:
    code, stdout, _ = run(data_dir, "audio", "engines")
    assert code == 0
    names = [line.split()[0] for line in stdout.strip().splitlines()]
    assert names[-1] == "none" and "(auto)" in stdout.splitlines()[0]
    code, stdout, _ = run(data_dir, "audio", "engines", "--json")
    items = json.loads(stdout)
    assert [i["name"] for i in items] == names and items[0]["auto"] is True


@pytest.mark.slow
@pytest.mark.skipif(not piper_installed(), reason="the piper voice is not installed")
def test_render_with_the_neural_voice(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        ExerciseLibrary(store).save_custom(
            {
                "id": "tiny-check-in",
                "title": "Tiny check-in",
                "category": "mindfulness",
                "minutes": 1,
                "purpose": "A test of the voice.",
                "when_to_use": "In tests.",
                "source": "test",
                "steps": [
                    {"kind": "speak", "text": "Take one easy breath."},
                    {"kind": "pause", "seconds": 1},
                ],
            }
        )
    out = tmp_path / "tiny.wav"
    code, stdout, stderr = run(
        data_dir, "audio", "render", "tiny-check-in", "--out", str(out), "--engine", "piper"
    )
    assert code == 0, stderr
    assert "with piper" in stdout
    steps = json.loads(out.with_suffix(".steps.json").read_text(encoding="utf-8"))
    assert steps[0]["end_s"] - steps[0]["start_s"] > 1.5  # real speech, not a placeholder
    assert steps[-1]["end_s"] + TAIL_S == pytest.approx(wav_seconds(out), abs=0.002)
