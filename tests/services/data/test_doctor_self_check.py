"""`coach doctor` asks Qt about audio devices by starting the app's own program again (a self-check), which
works from source and in the packaged app (where `python -c` does not exist)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.services.data.doctor import SELF_CHECK_VAR, check_audio, self_check_command

ROOT = Path(__file__).resolve().parents[3]


def test_the_audio_check_gets_an_answer_from_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    check = check_audio()
    assert "could not ask Qt" not in check.detail
    assert check.detail.endswith(("device", "devices")) or "no audio output device" in check.detail


def test_the_self_check_prints_one_number() -> None:
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **{SELF_CHECK_VAR: "audio-outputs"}
    )
    out = subprocess.run(self_check_command(), capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().isdigit()


def test_an_unknown_self_check_is_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{SELF_CHECK_VAR: "nope"})
    out = subprocess.run(self_check_command(), capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 1
    assert out.stderr.strip() == "coach: unknown self-check 'nope'"


def test_packaged_program_starts_itself_without_python_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/pain-recovery-coach/pain-recovery-coach")
    assert self_check_command() == ["/opt/pain-recovery-coach/pain-recovery-coach"]
