"""Synthesises the app's source sounds into audio/ (run once; the WAV files are committed)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.audio.sounds import CHIME_FILE, SAMPLE_RATE, bowl_chime, write_wav  # noqa: E402


def main() -> None:
    out_dir = ROOT / "audio"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / CHIME_FILE
    write_wav(path, bowl_chime(seconds=4.0, rate=SAMPLE_RATE))
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
    # The ambient bed is not a file: coach.audio.sounds.ambient_loop() makes it from a seed at render time.


if __name__ == "__main__":
    main()
