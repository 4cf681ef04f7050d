"""Start-up: process start to first window shown, against a bare PySide6 window in the same run.

Profile: one year of demo data. Goal: <= 2.0x the bare window. Offscreen, median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([])\n"
    "w = QMainWindow(); w.setWindowTitle('bare'); w.resize(1100, 760); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('window-shown', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _time_until_shown(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "window-shown":
            elapsed = time.perf_counter() - start
            break
    else:
        proc.wait()
        raise RuntimeError(f"{argv} never showed a window (exit {proc.returncode})")
    proc.wait(timeout=30)
    return elapsed


def main() -> list[tuple[str, str, str]]:
    data_dir = Path(tempfile.mkdtemp(prefix="coach-bench-startup-"))
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", COACH_DATA_DIR=str(data_dir), QT_LOGGING_RULES="*=false"
    )
    subprocess.run(
        [sys.executable, "-m", "coach", "demo", "--days", "365"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # Mark onboarding done so the first-run dialog does not count as the "first window".
    subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "from coach.storage.store import Store; from coach.storage.paths import ProfilePaths; "
                f"s = Store.open(ProfilePaths(__import__('pathlib').Path({str(data_dir)!r}))); "
                "s.update_profile(onboarded=True); s.close()"
            ),
        ],
        check=True,
        env=env,
    )
    app_env = dict(env, COACH_EXIT_WHEN_SHOWN="1")
    # Warm the OS file cache once for both, then alternate so neither gets an unfair advantage.
    _time_until_shown([sys.executable, "-c", BARE], env)
    _time_until_shown([sys.executable, "-m", "coach"], app_env)
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(_time_until_shown([sys.executable, "-c", BARE], env))
        app.append(_time_until_shown([sys.executable, "-m", "coach"], app_env))
    b, a = statistics.median(bare), statistics.median(app)
    return [
        ("startup: bare PySide6 window", f"{b * 1000:.0f} ms", f"median of {RUNS}"),
        ("startup: coach, 1 year of demo data", f"{a * 1000:.0f} ms", f"{a / b:.2f}x bare (goal <= 2.0x)"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
