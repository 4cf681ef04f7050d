"""Grabs a PNG of every page of the app with demo data, for the README and for looking at the screens.

Run under a display (`make screenshots` uses xvfb-run). Writes docs/screenshots/<page>.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coach.services.context import AppContext
    from coach.ui.app import CoachApp, ensure_qapplication

    data_dir = Path(tempfile.mkdtemp(prefix="coach-shots-"))
    os.environ["COACH_DATA_DIR"] = str(data_dir)
    demo = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "demo", "--days", "120"],
        capture_output=True,
        text=True,
    )
    if demo.returncode != 0:
        print(f"demo data not available ({demo.stderr.strip()}); screenshots use an empty profile")
    app = ensure_qapplication()
    ctx = AppContext.open(data_dir, "default")
    ctx.store.update_profile(nickname=ctx.store.profile().nickname or "Sam", onboarded=True)
    coach_app = CoachApp(ctx, app, with_tray=False)
    window = coach_app.window
    window.resize(1200, 800)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    pages = sys.argv[1:] or ["today", "practice", "checkin", "taper", "progress", "programs", "help"]
    for key in pages:
        window.go(key)
        for _ in range(20):
            app.processEvents()
        QTimer.singleShot(0, lambda: None)
        app.processEvents()
        path = OUT / f"{key}.png"
        window.grab().save(str(path))
        print(path.relative_to(ROOT))
    ctx.close()
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
