"""`coach reminders list | head -1` ends quietly (issue 13): a reader that stops early is no error, so no
traceback, no "Broken pipe" line and no "Exception ignored" from the last flush, for every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_with_closed_reader(data_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `coach` with its output going to a pipe whose reader has already gone (like `| head -0`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC", "COACH_DATA_DIR": str(data_dir)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "coach", "--data-dir", str(data_dir), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [("reminders", "list"), ("reminders", "list", "--json"), ("exercises", "list"), ("--help",)],
)
def test_a_reader_that_stops_early_gets_no_error_message(data_dir: Path, args: tuple[str, ...]) -> None:
    result = _run_with_closed_reader(data_dir, *args)
    assert result.stderr.decode() == ""
    assert result.returncode == 0


def test_head_1_of_reminders_list_is_quiet(data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    for hour in range(7, 12):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "coach",
                "--data-dir",
                str(data_dir),
                "reminders",
                "add",
                "--at",
                f"{hour}:00",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    shell = subprocess.run(
        f"set -o pipefail; '{sys.executable}' -m coach --data-dir '{data_dir}' reminders list | head -1",
        shell=True,
        executable="/bin/bash",
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert shell.stderr.decode() == ""
    assert shell.returncode == 0
    assert len(shell.stdout.decode().splitlines()) == 1
