"""Shell completion: `_COACH_COMPLETE=<shell>_source coach` prints the script on a machine without a
display (it used to answer "no display found"), and the script's callbacks complete commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_coach_bare(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`coach` with no arguments, as the shell calls it for completion: no DISPLAY, no Qt platform."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    clean.update(PYTHONPATH=str(ROOT), COACH_DATA_DIR=str(tmp_path / "data"), **env)
    return subprocess.run(
        [sys.executable, "-c", "from coach.launch import main; main()"],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean,
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _coach_completion coach"),
        ("zsh", "#compdef coach"),
        ("fish", "complete --no-files --command coach"),
    ],
)
def test_completion_script_prints_without_a_display(tmp_path: Path, shell: str, marker: str) -> None:
    result = run_coach_bare(tmp_path, _COACH_COMPLETE=f"{shell}_source")
    assert result.returncode == 0, result.stderr
    assert "no display" not in result.stderr
    assert marker in result.stdout
    assert "_COACH_COMPLETE" in result.stdout
    # Asking for completion must not create the data folder.
    assert not (tmp_path / "data").exists()


def test_bash_completion_completes_a_command_name(tmp_path: Path) -> None:
    result = run_coach_bare(tmp_path, _COACH_COMPLETE="bash_complete", COMP_WORDS="coach exe", COMP_CWORD="1")
    assert result.returncode == 0, result.stderr
    assert "plain,exercises" in result.stdout.splitlines()


def test_bash_completion_completes_a_subcommand(tmp_path: Path) -> None:
    result = run_coach_bare(
        tmp_path, _COACH_COMPLETE="bash_complete", COMP_WORDS="coach exercises l", COMP_CWORD="2"
    )
    assert result.returncode == 0, result.stderr
    assert "plain,list" in result.stdout.splitlines()


def test_the_readme_shows_how_to_turn_completion_on() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in (
        'eval "$(_COACH_COMPLETE=bash_source coach)"',
        'eval "$(_COACH_COMPLETE=zsh_source coach)"',
        "_COACH_COMPLETE=fish_source coach | source",
    ):
        assert line in readme
