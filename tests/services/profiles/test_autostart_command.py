"""Start at login runs the installed command: the .deb's /usr/bin launcher, or the packaged program itself,
never `python -m coach` from a packaged app (which has no Python to run it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coach.services.profiles import autostart


def _launcher(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "pain-recovery-coach"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _exec_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = autostart.enable(["--in-tray"])
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))


def test_packaged_app_starts_the_installed_launcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usr_bin = _launcher(tmp_path / "usr" / "bin").parent
    monkeypatch.setenv("PATH", str(usr_bin))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/pain-recovery-coach/pain-recovery-coach")
    assert _exec_line(tmp_path, monkeypatch) == f"Exec={usr_bin}/pain-recovery-coach --in-tray"


def test_packaged_app_without_a_launcher_starts_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/pain-recovery-coach/pain-recovery-coach")
    line = _exec_line(tmp_path, monkeypatch)
    assert line == "Exec=/opt/pain-recovery-coach/pain-recovery-coach --in-tray"
    assert "-m" not in line.split()


def test_source_run_uses_the_venv_launcher_beside_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv_bin = tmp_path / "venv" / "bin"
    _launcher(venv_bin)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))
    assert _exec_line(tmp_path, monkeypatch) == f"Exec={venv_bin}/pain-recovery-coach --in-tray"
