"""The exchange folder at a coach's scale: a first scan importing N patients' progress files, a scan with
nothing new (hashing N unchanged files), and the patient's own write. N = 50 and 200; says how each grows.

Real profiles and files in a temporary folder; the files are one patient's real progress file under N
exchange ids (what matters here is reading, checking and storing N files, not their contents).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from coach.domain.clock import SystemClock
from coach.services.context import AppContext
from coach.services.exchange.folder import set_exchange_folder
from coach.services.exchange.outgoing import write_progress
from coach.services.exchange.sync import scan_incoming
from coach.services.practice.sessions import SessionService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

SIZES = (50, 200)


def _person(root: Path, kind: str, name: str) -> AppContext:
    store = Store.open(ProfilePaths(root / name, name))
    store.update_profile(kind=kind, nickname=name)
    return AppContext(store=store, clock=SystemClock())


def _round(n: int, root: Path) -> dict[str, float]:
    shared = root / "shared"
    (shared / "to-coach").mkdir(parents=True)
    patient = _person(root, "patient", "alex")
    set_exchange_folder(patient, shared)
    service = SessionService(patient)
    for _ in range(20):
        service.finish(service.start("breath-awareness", 6, 5), 4, 3, completed_fraction=1.0)
    started = time.perf_counter()
    data = write_progress(patient).read_bytes()
    write_ms = (time.perf_counter() - started) * 1000
    past = time.time() - 60
    for _ in range(n - 1):
        path = shared / "to-coach" / f"{uuid.uuid4()}.coachprogress"
        path.write_bytes(data)
    for path in (shared / "to-coach").iterdir():
        os.utime(path, (past, past))
    coach = _person(root, "coach", "clinic")
    set_exchange_folder(coach, shared)
    started = time.perf_counter()
    first = scan_incoming(coach)
    first_s = time.perf_counter() - started
    assert len(first.imported) == n, first.lines()[-1]
    started = time.perf_counter()
    again = scan_incoming(coach)
    again_ms = (time.perf_counter() - started) * 1000
    assert again.unchanged == n
    patient.close()
    coach.close()
    return {"write_ms": write_ms, "first_s": first_s, "per_file_ms": first_s * 1000 / n, "again_ms": again_ms}


def main() -> list[tuple[str, str, str]]:
    results = {}
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            results[n] = _round(n, Path(tmp))
    small, big = results[SIZES[0]], results[SIZES[1]]
    rows = []
    for n in SIZES:
        r = results[n]
        rows.append(
            (f"exchange first scan, {n} files", f"{r['first_s']:.2f} s", f"{r['per_file_ms']:.1f} ms a file")
        )
        rows.append((f"exchange scan, {n} unchanged", f"{r['again_ms']:.0f} ms", "hash and compare only"))
    growth = big["first_s"] / small["first_s"]
    rows.append(("exchange first scan growth", f"x{growth:.1f}", f"for x{SIZES[1] // SIZES[0]} files"))
    rows.append(("patient writes progress file", f"{small['write_ms']:.0f} ms", "90 days, atomic"))
    return rows


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
