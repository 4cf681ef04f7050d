"""scripts/setup.sh --check: a broken .venv is named for what is wrong (so setup rebuilds it), and a Python
older than 3.11 gets a message saying what to install. Runs the real script on a copy, never installing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the parts of the checkout the script reads."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def check(repo: Path, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": python}
    return subprocess.run(
        ["bash", str(repo / "scripts" / "setup.sh"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def fake_python(path: Path, version: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho {version}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_no_venv_yet(repo: Path) -> None:
    result = check(repo)
    assert result.returncode == 1
    assert "there is no .venv yet" in result.stdout


def test_a_venv_without_pip_is_broken(repo: Path) -> None:
    # What a machine without python3-venv's ensurepip left behind: the "No module named pip".
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(repo / ".venv")], check=True)
    result = check(repo)
    assert result.returncode == 1
    assert ".venv has no pip" in result.stdout


def test_a_venv_whose_python_was_removed_is_broken(repo: Path) -> None:
    bin_dir = repo / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to("/nonexistent/python3.9")
    result = check(repo)
    assert result.returncode == 1
    assert ".venv has no Python" in result.stdout


def test_a_venv_made_with_another_python_is_broken(repo: Path) -> None:
    fake_python(repo / ".venv" / "bin" / "python", "3.12")
    want = f"{sys.version_info.major}.{sys.version_info.minor}"
    result = check(repo)
    assert result.returncode == 1
    assert f".venv was made with Python 3.12, not {want}" in result.stdout


def test_a_venv_that_cannot_import_the_app_is_broken(repo: Path) -> None:
    # pip works (from the base interpreter) but the app and Qt are not there although the stamp says so.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(repo / ".venv")],
        check=True,
    )
    probe = subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-m", "pip", "--version"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("the base Python has no pip to lend the test venv")
    (repo / ".venv" / ".coach-installed").write_text("voice\n", encoding="utf-8")
    result = check(repo)
    assert result.returncode == 1
    assert ".venv cannot import the app" in result.stdout


def test_a_working_venv_passes(repo: Path) -> None:
    venv = Path(sys.prefix)
    if venv == Path(sys.base_prefix) or not (venv / ".coach-installed").exists():
        pytest.skip("tests are not running from a venv that setup.sh made")
    (repo / ".venv").symlink_to(venv)
    result = check(repo, python=str(venv / "bin" / "python"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert ".venv is usable" in result.stdout


def test_python_older_than_3_11_gets_a_clear_message(repo: Path) -> None:
    python310 = fake_python(repo / "bin" / "python3.10", "3.10")
    result = check(repo, python=str(python310))
    assert result.returncode == 1
    assert "needs Python 3.11 or newer" in result.stderr
    assert "is Python 3.10" in result.stderr
    assert "Ubuntu 22.04: sudo apt-get install -y python3.11 python3.11-venv" in result.stderr
