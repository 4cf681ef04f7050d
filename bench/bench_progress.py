"""Progress page and clinician report on five years of dense demo data (`coach demo --days 1825`).

Measures, offscreen: opening the dashboard in the running app, where the charts library loads in the
background after start-up (goal <= 300 ms, first paint included), opening it alone, switching the range
(goal <= 100 ms, repaint included) and writing the clinician PDF. The Qt part runs in a child process so
its QApplication never meets another benchmark's.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RANGES = ("4w", "3m", "1y", "all")
ROUNDS = 7
OPENS = 5


def _app_worker(data_dir: Path) -> dict[str, Any]:
    """The way a person meets it: the app starts on Today, and a while later Progress is clicked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coach.services.context import AppContext
    from coach.ui.app import WARM_UP_DELAY_MS, CoachApp, ensure_qapplication

    app = ensure_qapplication()
    ctx = AppContext.open(data_dir, "default")
    coach_app = CoachApp(ctx, app, with_tray=False)
    coach_app.window.resize(1280, 800)
    coach_app.show_window()
    app.processEvents()
    # A 5 ms heartbeat: the longest gap between beats is the longest the window stopped responding.
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    started = time.perf_counter()
    coach_app.start_background_work()  # as the app does after start-up: reminders, backup, then the warm-up
    while not coach_app.warmed_up and time.perf_counter() - started < 20:
        app.processEvents()
        time.sleep(0.001)
    warm_up_s = time.perf_counter() - started - WARM_UP_DELAY_MS / 1000
    for _ in range(20):  # a few more beats after the last step
        app.processEvents()
        time.sleep(0.005)
    heartbeat.stop()
    stall = max((b - a for a, b in itertools.pairwise(beats)), default=0.0)
    opened = time.perf_counter()
    coach_app.window.go("progress")
    QApplication.processEvents()  # show, first paint, and the deferred draw of the charts on screen
    QApplication.processEvents()
    first_open = (time.perf_counter() - opened) * 1000
    assert coach_app.window.current_key() == "progress"
    return {
        "first_open": first_open,
        "warm_up_s": warm_up_s,
        "stall_ms": stall * 1000,
        "delay_s": WARM_UP_DELAY_MS / 1000,
    }


def _worker(data_dir: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from coach.services.context import AppContext
    from coach.ui.theme import apply_theme

    apply_theme(app, "light", 100)
    ctx = AppContext.open(data_dir, "default")

    class Nav:
        def go(self, key: str, **kwargs: Any) -> None:
            pass

        def start_exercise(self, exercise_id: str) -> None:
            pass

    def open_page() -> tuple[Any, float]:
        started = time.perf_counter()
        from coach.ui.progress.page import create_page

        page = create_page(ctx, Nav())
        page.resize(1280, 800)
        page.show()
        app.processEvents()  # show, first paint, and the deferred draw of the charts on screen
        app.processEvents()
        return page, (time.perf_counter() - started) * 1000

    first_page, cold = open_page()
    first_page.close()
    first_page.deleteLater()
    warm = []
    for _ in range(OPENS):
        page, elapsed = open_page()
        warm.append(elapsed)
        page.close()
        page.deleteLater()
        app.processEvents()
    page, _ = open_page()
    switches: dict[str, list[float]] = {key: [] for key in RANGES}
    for _ in range(ROUNDS):
        for key in RANGES:
            started = time.perf_counter()
            page.set_range(key)
            app.processEvents()
            switches[key].append((time.perf_counter() - started) * 1000)

    from coach.services.progress.report import write_report

    out = data_dir / "report.pdf"
    reports: dict[str, list[float]] = {"90 days": [], "all 5 years": []}
    for _ in range(3):
        for label, days in (("90 days", 90), ("all 5 years", None)):
            started = time.perf_counter()
            result = write_report(ctx, out, days=days)
            reports[label].append((time.perf_counter() - started) * 1000)
    rows = ctx.store.counts()
    return {
        "cold": cold,
        "warm": warm,
        "switches": switches,
        "reports": reports,
        "pages": result.pages,
        "rows": {k: rows[k] for k in ("sessions", "checkins", "dose_events", "withdrawal_checkins")},
    }


def main() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-progress-") as tmp:
        return _measure(Path(tmp))


def _measure(data_dir: Path) -> list[tuple[str, str, str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="*=false")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "demo", "--days", "1825"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    demo_s = time.perf_counter() - started
    f = _child("--worker", data_dir, env)
    in_app = [_child("--app-worker", data_dir, env) for _ in range(3)]
    rows = f["rows"]
    warm = statistics.median(f["warm"])
    out: list[tuple[str, str, str]] = [
        (
            "progress: demo data, 1825 days",
            f"{demo_s:.1f} s",
            f"{rows['sessions']} sessions, {rows['checkins']} check-ins, {rows['dose_events']} doses",
        ),
        (
            "progress: first open in the app",
            f"{statistics.median(r['first_open'] for r in in_app):.0f} ms",
            "median of 3 app runs, charts loaded while Today shows (goal <= 300 ms, first paint included)",
        ),
        (
            "progress: loading charts after start-up",
            f"{statistics.median(r['warm_up_s'] for r in in_app) * 1000:.0f} ms",
            f"after a {in_app[0]['delay_s']:.1f} s wait; longest pause of the window for all start-up work "
            f"{max(r['stall_ms'] for r in in_app):.0f} ms",
        ),
        (
            "progress: first open before charts load",
            f"{f['cold']:.0f} ms",
            "only if Progress is clicked before that (imports pyqtgraph then)",
        ),
        (
            "progress: open",
            f"{warm:.0f} ms",
            f"median of {OPENS}, max {max(f['warm']):.0f} ms (goal <= 300 ms)",
        ),
    ]
    worst = 0.0
    for key in RANGES:
        times = f["switches"][key]
        worst = max(worst, max(times))
        out.append(
            (
                f"progress: switch to {key}",
                f"{statistics.median(times):.0f} ms",
                f"median of {ROUNDS}, max {max(times):.0f} ms (goal <= 100 ms, repaint included)",
            )
        )
    for label, times in f["reports"].items():
        out.append(
            (
                f"report: PDF, {label}",
                f"{statistics.median(times):.0f} ms",
                f"median of 3, {f['pages']} pages",
            )
        )
    return out


def _child(mode: str, data_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), mode, str(data_dir)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def _print(rows: list[tuple[str, str, str]]) -> None:
    header = ("benchmark", "figure", "note")
    width = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("-+-".join("-" * w for w in width))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(_worker(Path(sys.argv[2]))))
    elif len(sys.argv) == 3 and sys.argv[1] == "--app-worker":
        print(json.dumps(_app_worker(Path(sys.argv[2]))))
    else:
        _print(main())
