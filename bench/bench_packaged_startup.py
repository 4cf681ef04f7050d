"""Start-up of the packaged app (the PyInstaller bundle `make package` builds) against a bare PySide6 window
from this Python, in the same run: process start to first window shown, offscreen, one year of demo data.

Run after `make package`: python bench/bench_packaged_startup.py [path/to/pain-recovery-coach]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_startup import BARE, _time_until_shown

RUNS = 5
DEFAULT = Path(__file__).resolve().parents[1] / "dist" / "pain-recovery-coach" / "pain-recovery-coach"


def main(program: Path = DEFAULT) -> list[tuple[str, str, str]]:
    data_dir = Path(tempfile.mkdtemp(prefix="coach-bench-packaged-"))
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", COACH_DATA_DIR=str(data_dir), QT_LOGGING_RULES="*=false"
    )
    subprocess.run([str(program), "demo", "--days", "365"], check=True, env=env, stdout=subprocess.DEVNULL)
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
    _time_until_shown([sys.executable, "-c", BARE], env)
    _time_until_shown([str(program)], app_env)
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(_time_until_shown([sys.executable, "-c", BARE], env))
        app.append(_time_until_shown([str(program)], app_env))
    b, a = statistics.median(bare), statistics.median(app)
    return [
        ("startup: bare PySide6 window (venv Python)", f"{b * 1000:.0f} ms", f"median of {RUNS}"),
        ("startup: packaged app, 1 year of demo data", f"{a * 1000:.0f} ms", f"{a / b:.2f}x bare"),
    ]


if __name__ == "__main__":
    for row in main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT):
        print(" | ".join(row))
