"""A coach's caseload of 100 and 1,000 patients, each with a year of weekly progress files (issue 16).

Measures: importing one new weekly file into the caseload (goal <= 150 ms, the real path: read, check,
store), the caseload view's update for it (one row of the model, the proxy's re-sort, the counts, a repaint;
goal <= 50 ms), the first open of the caseload page (goal <= 300 ms, first paint included), the page's
memory (peak RSS of its process, goal <= 250 MB) and the database size per patient-year, and how each
grows from 100 to 1,000 patients.

What a year of weekly files leaves behind is built directly: each patient's latest 28-day file goes
through the real import (the snapshot row), and the 51 earlier weeks' days are stored as the import stores
them (coach.services.caseload.importing.split_days, one row per patient and day); importing 52,000 files
one by one would take minutes and store the same rows (tests/services/caseload/test_caseload_identity.py
checks that a year of weekly imports leaves exactly one row per day). The Qt part runs in a child process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# COACH_BENCH_CASELOAD="20,50" for a quick try of the bench itself.
SIZES = tuple(int(n) for n in os.environ.get("COACH_BENCH_CASELOAD", "100,1000").split(","))
TODAY = date(2026, 11, 21)
ROUNDS = 5
GOALS = {"import_ms": 150, "view_ms": 50, "open_ms": 300, "rss_mb": 250}


def _week(pid: str, name: str, end: date, seed: int) -> dict[str, Any]:
    """28 days ending `end`: practice most days (some partial), a PEG a week, a withdrawal check now and
    then, and (for one patient in fifty) a self-harm answer."""
    start = end - timedelta(days=27)
    sessions = []
    for i in range(28):
        day = start + timedelta(days=i)
        if (i + seed) % 5 == 4:
            continue
        fraction = 0.3 if (i + seed) % 7 == 0 else 1.0
        sessions.append(
            {"date": day.isoformat(), "exercise_id": "body-scan", "status": "completed", "title": "Body scan",
             "fraction": fraction, "played_seconds": 600.0 * fraction, "minutes": 10.0 * fraction,
             "pre_pain": 5 + seed % 3, "post_pain": 4 + seed % 3}
        )  # fmt: skip
    checkins = [
        {"date": (start + timedelta(days=i)).isoformat(), "kind": "peg", "score": float(4 + (seed + i) % 4)}
        for i in range(0, 28, 7)
    ]
    if seed % 50 == 0:
        answers = [1, 1, 1, 1, 1, 1, 1, 1, 1]
        checkins.append(
            {"date": (end - timedelta(days=2)).isoformat(), "kind": "phq9", "score": 9.0, "answers": answers}
        )
    withdrawal = [
        {"date": (start + timedelta(days=i)).isoformat(), "total": 10 + seed % 15} for i in range(3, 28, 7)
    ]
    return {"sessions": sessions, "checkins": checkins, "withdrawal": withdrawal}


def _file(path: Path, pid: str, name: str, end: date, sequence: int, seed: int) -> Path:
    import hashlib
    import zipfile

    data = _week(pid, name, end, seed)
    payload = json.dumps(data, sort_keys=True).encode()
    stamp = datetime.combine(end, datetime.min.time(), UTC).replace(hour=20).isoformat()
    manifest = {
        "format": "coachprogress", "format_version": 2, "created_at": stamp, "generated_at": stamp,
        "app_version": "bench", "patient_name": name, "patient_id": pid, "sequence": sequence,
        "range_start": (end - timedelta(days=27)).isoformat(), "range_end": end.isoformat(),
        "shared": sorted(data),
        "files": [{"path": "progress.json", "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}],
    }  # fmt: skip
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("progress.json", payload)
    return path


def _pid(n: int) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-patient-{n}"))


def _build(data_dir: Path, patients: int, files: Path) -> dict[str, Any]:
    """A coach profile holding `patients` patients with a year of weekly files each."""
    from coach.domain.clock import FixedClock
    from coach.services.caseload.importing import import_file, split_days
    from coach.services.context import AppContext
    from coach.storage.caseload_repo import CaseloadRepo
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    store = Store.open(ProfilePaths(data_dir, "coach"))
    store.update_profile(kind="coach", nickname="Bench")
    ctx = AppContext(store=store, clock=FixedClock(datetime(2026, 11, 22, 9, tzinfo=UTC), "UTC"))
    repo = CaseloadRepo(store)
    started = time.perf_counter()
    for n in range(patients):
        pid = _pid(n)
        import_file(
            ctx, _file(files / f"{n}.coachprogress", pid, f"Patient {n:04}", TODAY - timedelta(days=7), 52, n)
        )
        history: dict[str, str | None] = {}
        for week in range(51):
            end = TODAY - timedelta(days=7) - timedelta(weeks=51 - week)
            for day, rows in split_days(_week(pid, "", end, n)).items():
                history.setdefault(day, json.dumps(rows, sort_keys=True))
        with store.transaction():
            repo.put_days(
                pid, {d: t for d, t in history.items() if d < (TODAY - timedelta(days=34)).isoformat()}
            )
    build_s = time.perf_counter() - started
    store.db.execute("VACUUM")
    store.close()
    return {"build_s": build_s, "db_bytes": ProfilePaths(data_dir, "coach").database.stat().st_size}


def _import_worker(data_dir: Path, files: Path, patients: int) -> dict[str, Any]:
    """One new weekly file into the caseload, the real path, without the window."""
    from coach.domain.clock import FixedClock
    from coach.services.caseload.importing import import_file
    from coach.services.context import AppContext
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store

    store = Store.open(ProfilePaths(data_dir, "coach"))
    ctx = AppContext(store=store, clock=FixedClock(datetime(2026, 11, 22, 9, tzinfo=UTC), "UTC"))
    times = []
    for r in range(ROUNDS):
        n = (r * 37) % patients
        path = _file(files / f"new-{n}.coachprogress", _pid(n), f"Patient {n:04}", TODAY, 53, n)
        started = time.perf_counter()
        outcome = import_file(ctx, path)
        times.append((time.perf_counter() - started) * 1000)
        assert outcome.status == "updated", outcome
    store.close()
    return {"import_ms": statistics.median(times), "import_worst_ms": max(times)}


def _view_worker(data_dir: Path, files: Path, patients: int) -> dict[str, Any]:
    """The caseload page: first open (first paint included), then a new file's row update, and RSS."""
    import resource

    from coach.domain.clock import FixedClock
    from coach.services.caseload.importing import import_file
    from coach.services.context import AppContext
    from coach.storage.paths import ProfilePaths
    from coach.storage.store import Store
    from coach.ui.app import ensure_qapplication

    app = ensure_qapplication()
    store = Store.open(ProfilePaths(data_dir, "coach"))
    ctx = AppContext(store=store, clock=FixedClock(datetime(2026, 11, 22, 9, tzinfo=UTC), "UTC"))
    from coach.ui.caseload.overview import CoachOverview  # the page's own imports count as opening it

    started = time.perf_counter()
    errors: list[str] = []
    view = CoachOverview(ctx, errors.append)
    view.resize(1366, 768)
    view.show()
    app.processEvents()  # the first paint
    open_ms = (time.perf_counter() - started) * 1000
    view_times = []
    for r in range(ROUNDS):
        n = (r * 53 + 11) % patients
        path = _file(
            files / f"view-{n}.coachprogress",
            _pid(n),
            f"Patient {n:04}",
            TODAY + timedelta(days=7),
            60,
            n + 1,
        )
        outcome = import_file(ctx, path)  # the service's write (measured apart above)
        assert outcome.record_id is not None
        started = time.perf_counter()
        view._update_row(outcome.record_id)  # what the page does with the outcome of one file
        app.processEvents()  # the repaint of what changed
        view_times.append((time.perf_counter() - started) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = view.row_count()
    view.close()
    store.close()
    assert not errors, errors
    return {
        "open_ms": open_ms,
        "view_ms": statistics.median(view_times),
        "view_worst_ms": max(view_times),
        "rss_mb": rss_mb,
        "rows": rows,
    }


def _child(kind: str, data_dir: Path, files: Path, patients: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, kind, str(data_dir), str(files), str(patients)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure() -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for patients in SIZES:
        with tempfile.TemporaryDirectory(prefix="coach-bench-caseload-") as tmp:
            data_dir, files = Path(tmp) / "data", Path(tmp) / "files"
            data_dir.mkdir()
            files.mkdir()
            figures = _child("build", data_dir, files, patients)
            figures.update(_child("import", data_dir, files, patients))
            # The first open happens once per process: three processes, the median of each figure.
            views = [_child("view", data_dir, files, patients) for _ in range(3)]
            for key in views[0]:
                figures[key] = statistics.median(v[key] for v in views)
            figures["kb_per_patient_year"] = figures["db_bytes"] / 1024 / patients
            results[patients] = figures
    return results


def main() -> list[tuple[str, str, str]]:
    results = measure()
    small, large = results[SIZES[0]], results[SIZES[-1]]
    rows: list[tuple[str, str, str]] = []

    big, few = f"{SIZES[-1]:,}", f"{SIZES[0]:,}"

    def growth(key: str) -> str:
        return f"x{large[key] / small[key]:.2f} from {few} to {big} patients" if small[key] else ""

    rows.append(
        (f"caseload: import one weekly file, {big} patients",
         f"{large['import_ms']:.0f} ms (worst {large['import_worst_ms']:.0f}); {small['import_ms']:.0f} ms at {few}",
         f"goal <= {GOALS['import_ms']} ms; {growth('import_ms')}")
    )  # fmt: skip
    rows.append(
        (f"caseload: view update for it, {big} patients",
         f"{large['view_ms']:.1f} ms (worst {large['view_worst_ms']:.1f}); {small['view_ms']:.1f} ms at {few}",
         f"goal <= {GOALS['view_ms']} ms; {growth('view_ms')}")
    )  # fmt: skip
    rows.append(
        (f"caseload: first open, {big} patients",
         f"{large['open_ms']:.0f} ms; {small['open_ms']:.0f} ms at {few}",
         f"goal <= {GOALS['open_ms']} ms; {growth('open_ms')}")
    )  # fmt: skip
    rows.append(
        (f"caseload: page memory (peak RSS), {big} patients",
         f"{large['rss_mb']:.0f} MB; {small['rss_mb']:.0f} MB at {few}",
         f"goal <= {GOALS['rss_mb']} MB; {growth('rss_mb')}")
    )  # fmt: skip
    rows.append(
        ("caseload: database per patient-year",
         f"{large['kb_per_patient_year']:.0f} KB ({large['db_bytes'] / 1e6:.0f} MB for {big}); "
         f"{small['kb_per_patient_year']:.0f} KB at {few}",
         f"total {growth('db_bytes')}")
    )  # fmt: skip
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 5:
        kind, data, files_dir, count = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        worker = {"build": _build, "import": _import_worker, "view": _view_worker}[kind]
        print(
            json.dumps(worker(data, count, files_dir) if kind == "build" else worker(data, files_dir, count))
        )
    else:
        for row in main():
            print(" | ".join(row))
