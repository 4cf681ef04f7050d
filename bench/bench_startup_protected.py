"""Start-up of a protected (encrypted) profile: process start to first window, with the passcode given
(the time a person takes to type it is left out), beside the plain profile and a bare PySide6 window.

Also the key derivation alone: SQLCipher's PBKDF2-HMAC-SHA512 (256,000 rounds) on opening the file, paid
once to check the passcode and once more when the profile's connection opens. Profile: one year of demo
data. Offscreen, median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_startup import BARE, _time_until_shown

RUNS = 5
PASSCODE = "bench passcode 1"
PROTECTED = (
    "import os, sys\n"
    "from pathlib import Path\n"
    "from coach.services.profiles.service import ProfileService\n"
    "root = Path(os.environ['COACH_DATA_DIR'])\n"
    "ProfileService(root).check_passcode('default', os.environ['BENCH_PASSCODE'])\n"
    "from coach.launch import open_window\n"
    "open_window(root, 'default', explicit_profile=True)\n"
)


def main() -> list[tuple[str, str, str]]:
    data_dir = Path(tempfile.mkdtemp(prefix="coach-bench-protected-"))
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", COACH_DATA_DIR=str(data_dir), QT_LOGGING_RULES="*=false"
    )
    run = dict(check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "coach", "demo", "--days", "365"], **run)  # type: ignore[call-overload]
    subprocess.run([sys.executable, "-m", "coach", "settings", "list"], **run)  # type: ignore[call-overload]
    subprocess.run(
        [sys.executable, "-c", "from coach.storage.store import Store; from coach.storage.paths import "
         f"ProfilePaths; from pathlib import Path; s = Store.open(ProfilePaths(Path({str(data_dir)!r}))); "
         "s.update_profile(onboarded=True); s.close()"],
        **run,  # type: ignore[call-overload]
    )  # fmt: skip
    plain_env = dict(env, COACH_EXIT_WHEN_SHOWN="1")
    _time_until_shown([sys.executable, "-c", BARE], env)
    _time_until_shown([sys.executable, "-m", "coach"], plain_env)
    bare, plain = [], []
    for _ in range(RUNS):
        bare.append(_time_until_shown([sys.executable, "-c", BARE], env))
        plain.append(_time_until_shown([sys.executable, "-m", "coach"], plain_env))
    subprocess.run(
        [sys.executable, "-m", "coach", "--profile", "default", "profiles", "passcode", "set"],
        check=True,
        env=dict(env, COACH_NEW_PASSCODE=PASSCODE),
        stdout=subprocess.DEVNULL,
    )
    from coach.storage.cipher import connect_keyed

    database = data_dir / "profiles" / "default" / "coach.db"
    connect_keyed(database, PASSCODE).close()  # loads SQLCipher once, outside the timing
    kdf = []
    for _ in range(RUNS):
        started = time.perf_counter()
        connect_keyed(database, PASSCODE).close()
        kdf.append(time.perf_counter() - started)
    protected_env = dict(env, COACH_EXIT_WHEN_SHOWN="1", BENCH_PASSCODE=PASSCODE)
    _time_until_shown([sys.executable, "-c", PROTECTED], protected_env)
    protected = [_time_until_shown([sys.executable, "-c", PROTECTED], protected_env) for _ in range(RUNS)]
    b, p, e, k = (statistics.median(x) for x in (bare, plain, protected, kdf))
    return [
        ("startup: bare PySide6 window", f"{b * 1000:.0f} ms", f"median of {RUNS}"),
        ("startup: plain profile, 1 year", f"{p * 1000:.0f} ms", f"{p / b:.2f}x bare"),
        (
            "startup: protected profile, 1 year",
            f"{e * 1000:.0f} ms",
            f"{e / b:.2f}x bare, {e / p:.2f}x plain; key derivation {k * 1000:.0f} ms (once, checking the passcode)",
        ),
        ("protected: key derivation (PBKDF2-SHA512 256k)", f"{k * 1000:.0f} ms", f"median of {RUNS}"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
