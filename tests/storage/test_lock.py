"""The profile lock: one holder at a time, released on exit and when the holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach.storage.lock import ProfileBusyError, ProfileLock, is_open_elsewhere
from coach.storage.paths import ProfilePaths

HOLDER = """
import sys, time
from pathlib import Path
from coach.storage.lock import ProfileLock
from coach.storage.paths import ProfilePaths
ProfileLock(ProfilePaths(Path(sys.argv[1]))).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_holder_is_refused_until_the_first_lets_go(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    with ProfileLock(paths):
        assert is_open_elsewhere(paths)
        with pytest.raises(ProfileBusyError, match="close the app first"):
            ProfileLock(paths).acquire()
    assert not is_open_elsewhere(paths)
    ProfileLock(paths).acquire().release()
    assert (paths.profile_dir / "app.lock").stat().st_mode & 0o777 == 0o600


def test_other_profiles_are_not_locked(data_dir: Path) -> None:
    with ProfileLock(ProfilePaths(data_dir, "ana")):
        assert not is_open_elsewhere(ProfilePaths(data_dir, "kim"))


def test_a_killed_holder_leaves_no_stale_lock(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    assert is_open_elsewhere(paths)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not is_open_elsewhere(paths)
